"""Settings per environment. Values are read from the environment when the app is created,
never at import, so a test or a process can set them first."""
import os
from datetime import timedelta
from typing import Any

DEV_SECRET = "dev-only-not-secret"


def _env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Shared settings; subclasses adjust them in `values`."""

    @classmethod
    def values(cls) -> dict[str, Any]:
        """Every setting, read from the environment now."""
        idle = timedelta(minutes=int(_env("SESSION_IDLE_MINUTES", "60")))
        absolute = timedelta(hours=int(_env("SESSION_ABSOLUTE_HOURS", "12")))
        return {
            "SECRET_KEY": _env("SECRET_KEY", DEV_SECRET),
            # Old keys after a rotation, comma-separated: sessions and sealed secrets made with them still open.
            "SECRET_KEY_FALLBACKS": [k for k in (_env("SECRET_KEY_FALLBACKS") or "").split(",") if k],
            "SQLALCHEMY_DATABASE_URI": _env("DATABASE_URL"),  # None: SQLite in instance/
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
            # Seconds a write waits for a lock (SQLite's busy timeout, PostgreSQL's lock_timeout); then 503.
            "DATABASE_LOCK_TIMEOUT": float(_env("DATABASE_LOCK_TIMEOUT", "10")),
            # "whoosh" (an index in the instance folder) or "postgres" (several machines, one database).
            "SEARCH_BACKEND": (_env("SEARCH_BACKEND") or "whoosh").strip().lower(),
            "SEARCH_INDEX_DIR": _env("SEARCH_INDEX_DIR"),  # None: instance/search-index
            "SEARCH_TIME_LIMIT": float(_env("SEARCH_TIME_LIMIT", "1")),  # seconds one search may take; then 503
            "SOCKETIO_MESSAGE_QUEUE": _env("SOCKETIO_MESSAGE_QUEUE"),
            "SOCKETIO_CHANNEL": _env("SOCKETIO_CHANNEL", "brug-socketio"),
            "SOCKETIO_ASYNC_MODE": _env("SOCKETIO_ASYNC_MODE"),  # None: gevent if monkey-patched, else threading
            "CHAT_SEND_RATE": _env("CHAT_SEND_RATE", "20 per 10 seconds"),
            "SOCKETIO_ALLOWED_ORIGINS": [o for o in _env("SOCKETIO_ALLOWED_ORIGINS", "").split(",") if o],
            # Explicit: Flask-Limiter's one Limiter otherwise keeps the last app's choice as the default.
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": _env("RATELIMIT_STORAGE_URI", "memory://"),
            "RATELIMIT_KEY_PREFIX": _env("RATELIMIT_KEY_PREFIX", "brug"),
            "RATELIMIT_HEADERS_ENABLED": True,
            "RATELIMIT_LOGIN": _env("RATELIMIT_LOGIN", "10 per minute"),
            "RATELIMIT_REGISTER": _env("RATELIMIT_REGISTER", "5 per minute"),
            "RATELIMIT_ATTESTATION": _env("RATELIMIT_ATTESTATION", "10 per minute"),  # PDFs take CPU
            "RATELIMIT_OTP": _env("RATELIMIT_OTP", "5 per minute"),  # second-factor codes, per account
            "RATELIMIT_VERIFY": _env("RATELIMIT_VERIFY", "30 per minute"),  # no guessing codes
            "RATELIMIT_CARD": _env("RATELIMIT_CARD", "20 per minute"),  # sign-in card codes, per address
            "SIGNIN_CARD_DAYS": int(_env("SIGNIN_CARD_DAYS", "30")),  # a card's code must be used within
            "MAIL_SERVER": _env("MAIL_SERVER"),
            "MAIL_PORT": int(_env("MAIL_PORT", "587")),
            "MAIL_USERNAME": _env("MAIL_USERNAME"),
            "MAIL_PASSWORD": _env("MAIL_PASSWORD"),
            "MAIL_SENDER": _env("MAIL_SENDER", "Brug <no-reply@brug.example>"),
            "MAIL_OUTBOX_DIR": _env("MAIL_OUTBOX_DIR"),  # None: instance/outbox
            # Web push: without these, the keys `flask push keys` wrote into the instance folder.
            "VAPID_PUBLIC_KEY": _env("VAPID_PUBLIC_KEY"),
            "VAPID_PRIVATE_KEY": _env("VAPID_PRIVATE_KEY"),
            "VAPID_SUBJECT": _env("VAPID_SUBJECT"),  # mailto: or https: contact for push services
            "PUSH_ALLOW_LOOPBACK": _env_bool("PUSH_ALLOW_LOOPBACK", False),  # http://127.0.0.1 endpoints
            # Where the site lives, for links in mails sent outside a request (cron's digests)
            "SITE_URL": _env("SITE_URL", "http://localhost:5000"),
            "BABEL_DEFAULT_LOCALE": "nl",
            "BABEL_DEFAULT_TIMEZONE": "Europe/Brussels",
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            "SESSION_COOKIE_SECURE": _env_bool("SESSION_COOKIE_SECURE", False),
            "SESSION_IDLE_TIMEOUT": idle,
            "SESSION_ABSOLUTE_TIMEOUT": absolute,
            "PERMANENT_SESSION_LIFETIME": absolute,
            "WTF_CSRF_ENABLED": True,
            "WTF_CSRF_TIME_LIMIT": None,  # the login session bounds the token's life
            # Argon2id with argon2-cffi's defaults (the RFC 9106 low-memory profile).
            "ARGON2_TIME_COST": 3,
            "ARGON2_MEMORY_COST": 65536,
            "COMPRESS_ALGORITHM": ["br", "gzip"],
            "COMPRESS_MIMETYPES": [
                "text/html", "text/css", "application/javascript", "text/javascript",
                "application/json", "image/svg+xml", "text/calendar", "text/csv",
            ],
            "SEND_FILE_MAX_AGE_DEFAULT": 3600,
            "MAX_URL_LENGTH": int(_env("MAX_URL_LENGTH", "16384")),  # path + query; see core/limits.py
            "SECURITY_HSTS": False,  # production: HTTPS only, so browsers are told to keep to it
            # Requests served at once per process (0: no bound); beyond it a request waits OVERLOAD_WAIT
            # seconds for a place, then gets 503 with Retry-After. 48 keeps a gevent worker's queue under
            # about a quarter second at its usual few milliseconds a page.
            "MAX_IN_FLIGHT": int(_env("MAX_IN_FLIGHT", "48")),
            "OVERLOAD_WAIT": float(_env("OVERLOAD_WAIT", "0.5")),
            "OVERLOAD_RETRY_AFTER": int(_env("OVERLOAD_RETRY_AFTER", "5")),
            # A rendered page is kept for its member at most this many seconds while nothing it read
            # changed (0: never); see community/core/page_cache.
            "PAGE_CACHE_SECONDS": float(_env("PAGE_CACHE_SECONDS", "30")),
            # Where the tables' generations live: redis://… (every process and command of a site shares
            # them) or memory:// (one process alone). Unset: SOCKETIO_MESSAGE_QUEUE when it is Redis,
            # else the page cache is off.
            "PAGE_CACHE_GENERATIONS": _env("PAGE_CACHE_GENERATIONS"),
            "PAGE_CACHE_KEY": _env("PAGE_CACHE_KEY", "brug-page-generations"),
            "PAGE_CACHE_BYTES": int(_env("PAGE_CACHE_BYTES", str(64 * 2**20))),  # per process
        }


class DevelopmentConfig(Config):
    pass


class TestingConfig(Config):
    @classmethod
    def values(cls) -> dict[str, Any]:
        values = super().values()
        values.update(
            TESTING=True,
            SECRET_KEY="testing",
            WTF_CSRF_ENABLED=False,  # tests about CSRF switch it on
            ARGON2_TIME_COST=1,  # fast hashes keep the suite quick; production keeps the defaults
            ARGON2_MEMORY_COST=1024,
            # The test client leaves streamed responses open, which would hold places; the overload
            # tests set their own bound.
            MAX_IN_FLIGHT=0,
            # A busy CI machine must not turn a slow search into a 503; the limit tests set their own.
            SEARCH_TIME_LIMIT=30.0,
            # Off: a test sees each answer rendered; the page cache's own tests switch it on.
            PAGE_CACHE_SECONDS=float(_env("PAGE_CACHE_SECONDS", "0")),
            PAGE_CACHE_GENERATIONS=_env("PAGE_CACHE_GENERATIONS", "memory://"),
        )
        return values


class ProductionConfig(Config):
    @classmethod
    def values(cls) -> dict[str, Any]:
        values = super().values()
        if values["SECRET_KEY"] == DEV_SECRET:
            raise RuntimeError("Set SECRET_KEY in the environment for production.")
        values["SESSION_COOKIE_SECURE"] = _env_bool("SESSION_COOKIE_SECURE", True)
        values["SECURITY_HSTS"] = _env_bool("SECURITY_HSTS", True)
        return values


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
