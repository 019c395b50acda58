"""Local development: `make run`. Never used by the WSGI entry point."""

from nokkel.settings.base import *  # noqa: F403
from nokkel.settings.base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-insecure-key-not-for-production")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
# Serve static files straight from the apps; production serves collectstatic's output.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# `manage.py demo` (known passwords, --reset wipes data) runs only where this is set.
NOKKEL_DEMO_ALLOWED = True
