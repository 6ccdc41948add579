"""gunicorn settings for one web instance (systemd unit partybuild-web@.service, the drills).

Every value can be overridden from the environment file (ops/deploy/partybuild.env.example).
"""
import multiprocessing
import os

# One instance per port; nginx balances over them (ops/deploy/nginx/partybuild.conf).
bind = os.environ.get("WEB_BIND", "127.0.0.1:8001")
# Processes from the cores (the usual 2 × cores + 1), threads per process for requests that
# wait on the database; WEB_WORKERS / WEB_THREADS override.
workers = int(os.environ.get("WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("WEB_THREADS", 4))
worker_class = "gthread"
# A request slower than this is killed (imports run as Celery jobs, not in the request);
# a stopping instance lets requests in flight finish for graceful_timeout seconds (rolling restarts).
timeout = int(os.environ.get("WEB_TIMEOUT", 60))
graceful_timeout = int(os.environ.get("WEB_GRACEFUL_TIMEOUT", 30))
keepalive = int(os.environ.get("WEB_KEEPALIVE", 5))
# Recycle processes now and then (bounded memory growth over months), not all at once.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", 5000))
max_requests_jitter = int(os.environ.get("WEB_MAX_REQUESTS_JITTER", 500))
# X-Forwarded-Proto / -For are believed only from the proxy: nginx on this host, or the
# addresses of the proxies in WEB_FORWARDED_ALLOW_IPS (comma-separated).
forwarded_allow_ips = os.environ.get("WEB_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proxy_allow_ips = forwarded_allow_ips
chdir = os.environ.get("WEB_CHDIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "platform"))
wsgi_app = "config.wsgi:application"
accesslog = os.environ.get("WEB_ACCESS_LOG", "-")
errorlog = os.environ.get("WEB_ERROR_LOG", "-")
loglevel = os.environ.get("WEB_LOG_LEVEL", "info")
# Loading the app in the master shares memory between workers; a restart is still one
# instance at a time behind nginx.
preload_app = False
