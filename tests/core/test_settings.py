"""Production settings: hardened, no default secret, Argon2 first."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # Only what the test names: not the developer's or CI's DATABASE_URL and friends.
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "NOKKEL_")) and k not in ("DATABASE_URL", "CACHE_URL")
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="nokkel.settings.production",
        DJANGO_SECRET_KEY="x" * 64 + "-a-long-random-secret-for-the-check",
        DJANGO_ALLOWED_HOSTS="crm.example.no",
        DATABASE_URL="postgres://nokkel@db.example.no:5432/nokkel",
        CACHE_URL="redis://127.0.0.1:6379/1",
        NOKKEL_BASE_URL="https://crm.example.no",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_database_url():
    result = _manage(
        "check",
        DJANGO_SETTINGS_MODULE="nokkel.settings.production",
        DJANGO_SECRET_KEY="x" * 64,
        DJANGO_ALLOWED_HOSTS="crm.example.no",
    )
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage(
        "check",
        DJANGO_SETTINGS_MODULE="nokkel.settings.production",
        DJANGO_ALLOWED_HOSTS="crm.example.no",
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_argon2id_is_the_first_password_hasher():
    from nokkel.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
