"""Settings for ./ops/run on a developer's or operator's machine."""
from .base import *  # noqa: F401,F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=False)
