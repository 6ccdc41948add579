import os

from django.core.wsgi import get_wsgi_application

# Production unless told otherwise (./ops/run sets config.settings.local).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()
