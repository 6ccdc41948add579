#!/usr/bin/env python
"""Django's command-line utility. platform/ is a source root, not a package.

Production settings unless DJANGO_SETTINGS_MODULE says otherwise (./ops/run and ./ops/manage
choose config.settings.local, ./ops/test config.settings.test): a server started by hand
without its configuration refuses to start, naming what is missing."""
import os
import sys
from pathlib import Path


def main():
    sys.path.insert(1, str(Path(__file__).resolve().parent / "platform"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # loads the settings module
    except ImproperlyConfigured as error:
        print(f"manage.py: refusing to start: {error}", file=sys.stderr)
        sys.exit(2)

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
