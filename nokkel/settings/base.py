"""Settings shared by every environment.

All configuration comes from environment variables, read here and nowhere else.
Environment-specific modules (dev, test, production) only change defaults and
hardening; a production secret never gets a default.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS: list[str] = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "nokkel.core",
    "nokkel.users",
    "nokkel.audit",
    "nokkel.timeline",
    "nokkel.accounts",
    "nokkel.shipments",
    "nokkel.portfolio",
    "nokkel.activities",
    "nokkel.plans",
    "nokkel.mailcapture",
    "nokkel.calendar_feed",
    "nokkel.myday",
    "nokkel.competitors",
    "nokkel.pipeline",
    "nokkel.surveys",
    "nokkel.needs",
    "nokkel.agreements",
    "nokkel.health",
    "nokkel.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "nokkel.urls"
WSGI_APPLICATION = "nokkel.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# The embedded default is a SQLite file under var/; production sets DATABASE_URL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'nokkel.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rate limits (lead form, survey links, calendar feeds) count in the cache: production
# with several workers needs a shared one, e.g. CACHE_URL=redis://127.0.0.1:6379/1.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

AUTH_USER_MODEL = "users.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("nb", "Norsk bokmål")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Oslo"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = env.path("NOKKEL_MEDIA_ROOT", default=VAR_DIR / "media")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"token": "10/minute"},
    # How many reverse proxies stand in front; DRF then reads the client from
    # X-Forwarded-For. The same number drives nokkel.core.ratelimit.client_ip.
    "NUM_PROXIES": env.int("NOKKEL_TRUSTED_PROXIES", default=0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Nøkkel API",
    "DESCRIPTION": "Key account management for a parcel carrier.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "status" or "kind"; name their enums so the schema stays clear.
    "ENUM_NAME_OVERRIDES": {
        "ShipmentImportStatusEnum": "nokkel.shipments.models.ImportStatus",
        "IdentifierKindEnum": "nokkel.shipments.models.IdentifierKind",
        "PlanStatusEnum": "nokkel.plans.models.PlanStatus",
        "ObjectiveStatusEnum": "nokkel.plans.models.ObjectiveStatus",
        "ActionStatusEnum": "nokkel.plans.models.ActionStatus",
        "OfferStatusEnum": "nokkel.agreements.models.OfferStatus",
        "ServiceEnum": "nokkel.shipments.models.Service",
        "AccountStatusEnum": "nokkel.accounts.models.AccountStatus",
        "SalesPhaseEnum": "nokkel.pipeline.models.SalesPhase",
        "BuyingPhaseEnum": "nokkel.pipeline.models.BuyingPhase",
        "OpportunityKindEnum": "nokkel.pipeline.models.OpportunityKind",
        "InteractionKindEnum": "nokkel.activities.models.InteractionKind",
    },
}

TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend"
)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="nokkel@localhost")
EMAIL_HOST = env.str("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    # WeasyPrint reports every step of a PDF at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

FORMAT_MODULE_PATH = ["nokkel.formats"]
FORMS_URLFIELD_ASSUME_HTTPS = True

# Lifetime value: CLV = m · r / (1 + d − r); d is the monthly rate from the yearly one.
NOKKEL_CLV_MONTHLY_RETENTION = env.str("NOKKEL_CLV_MONTHLY_RETENTION", default="0.98")
NOKKEL_CLV_YEARLY_DISCOUNT_RATE = env.str("NOKKEL_CLV_YEARLY_DISCOUNT_RATE", default="0.10")

# E-mail capture: mail forwarded or BCC'd to the drop mailbox, fetched over IMAP.
NOKKEL_MAIL_DROP_ADDRESS = env.str("NOKKEL_MAIL_DROP_ADDRESS", default="crm@carrier.example")
NOKKEL_IMAP_HOST = env.str("NOKKEL_IMAP_HOST", default="")
NOKKEL_IMAP_PORT = env.int("NOKKEL_IMAP_PORT", default=993)
NOKKEL_IMAP_USER = env.str("NOKKEL_IMAP_USER", default="")
NOKKEL_IMAP_PASSWORD = env.str("NOKKEL_IMAP_PASSWORD", default="")
NOKKEL_IMAP_SSL = env.bool("NOKKEL_IMAP_SSL", default=True)
NOKKEL_IMAP_FOLDER = env.str("NOKKEL_IMAP_FOLDER", default="INBOX")

# Days between contacts by class, unless a customer plan sets its own cadence.
NOKKEL_CADENCE_DAYS = {
    "key_account": env.int("NOKKEL_CADENCE_KEY_ACCOUNT_DAYS", default=14),
    "A": env.int("NOKKEL_CADENCE_A_DAYS", default=30),
    "B": env.int("NOKKEL_CADENCE_B_DAYS", default=60),
    "C": env.int("NOKKEL_CADENCE_C_DAYS", default=90),
    "unclassified": env.int("NOKKEL_CADENCE_UNCLASSIFIED_DAYS", default=90),
}

# The public lead form: submissions per IP per window, and who may embed it in a frame.
NOKKEL_LEAD_RATE_LIMIT = env.int("NOKKEL_LEAD_RATE_LIMIT", default=5)
NOKKEL_LEAD_RATE_WINDOW = env.int("NOKKEL_LEAD_RATE_WINDOW", default=3600)
NOKKEL_LEAD_FRAME_ANCESTORS = env.str("NOKKEL_LEAD_FRAME_ANCESTORS", default="")  # space-separated

# The site's address for links in e-mails sent outside a request (renewal alerts, digests).
NOKKEL_BASE_URL = env.str("NOKKEL_BASE_URL", default="http://127.0.0.1:8000")

NOKKEL_TRUSTED_PROXIES = env.int("NOKKEL_TRUSTED_PROXIES", default=0)
# Failed logins per user name and address before the login is refused for the window.
NOKKEL_LOGIN_FAILURE_LIMIT = env.int("NOKKEL_LOGIN_FAILURE_LIMIT", default=10)
NOKKEL_LOGIN_FAILURE_WINDOW = env.int("NOKKEL_LOGIN_FAILURE_WINDOW", default=900)

# Voice of the customer: link lifetime, public rate limit, and the gap below which an
# action is proposed into the customer plan.
NOKKEL_SURVEY_TOKEN_DAYS = env.int("NOKKEL_SURVEY_TOKEN_DAYS", default=30)
NOKKEL_SURVEY_RATE_LIMIT = env.int("NOKKEL_SURVEY_RATE_LIMIT", default=30)
NOKKEL_SURVEY_ACTION_THRESHOLD = env.float("NOKKEL_SURVEY_ACTION_THRESHOLD", default=-1.0)
