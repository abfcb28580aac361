"""Settings that keep the service safe in production, and the database it uses."""

import os
import re
import runpy
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from practiceqa.config.settings import base

PROJECT_DIR = Path(__file__).resolve().parents[2]


def production_env(**overrides) -> dict:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("SECURE_", "DJANGO_", "SESSION_", "DEBUG"))
    }
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    env.update(
        DJANGO_SETTINGS_MODULE="practiceqa.config.settings.production",
        SECRET_KEY="".join(secrets.choice(alphabet) for _ in range(60)),
        CASELOAD_PSEUDONYM_KEY="".join(secrets.choice(alphabet) for _ in range(40)),
        ALLOWED_HOSTS="practiceqa.council.example",
        DATABASE_URL="postgres://practiceqa@127.0.0.1:5432/practiceqa",
    )
    env.update(overrides)
    return {name: value for name, value in env.items() if value is not None}


def manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def _example_secret_key() -> str:
    example = (PROJECT_DIR / ".env.example").read_text()
    return re.search(r"^SECRET_KEY=(.*)$", example, re.MULTILINE).group(1)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"SECRET_KEY": "too-short"}, "Set SECRET_KEY"),
        ({"SECRET_KEY": "x" * 49}, "at least 50 characters"),
        ({"SECRET_KEY": _example_secret_key()}, "the one in .env.example is public"),
        ({"CASELOAD_PSEUDONYM_KEY": None}, "Set CASELOAD_PSEUDONYM_KEY"),
        ({"CASELOAD_PSEUDONYM_KEY": "change-me-to-another-long-random-string"}, "own random"),
        ({"ALLOWED_HOSTS": ""}, "Set ALLOWED_HOSTS"),
        ({"DATABASE_URL": None}, "Set DATABASE_URL"),
        ({"DATABASE_URL": ""}, "Set DATABASE_URL"),
    ],
    ids=[
        "short key",
        "49 characters",
        "example key",
        "no pseudonym key",
        "example pseudonym key",
        "no hosts",
        "no database",
        "empty database",
    ],
)
def test_production_refuses_to_start_when_misconfigured(overrides, message):
    result = manage("check", env=production_env(**overrides))
    assert result.returncode != 0
    assert message in result.stderr


CSP_PAGES = ["sign-in", "password-reset", "accessibility", "my-work", "staff-list"]


@pytest.mark.parametrize("name", CSP_PAGES)
def test_pages_carry_a_content_security_policy_without_unsafe_inline(client, organisation, name):
    client.force_login(organisation.qa_admin.user)
    if name in {"sign-in", "password-reset"}:
        client.logout()
    response = client.get(reverse(name))
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    directives = dict(
        (part.split(" ", 1) + [""])[:2] for part in (p.strip() for p in policy.split(";")) if part
    )
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    # The policy blocks inline script and style, so a page must not rely on either.
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"
    assert not re.search(r"\sstyle=", html), "inline style"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"


def test_pages_cannot_be_framed_or_sniffed(client):
    response = client.get(reverse("sign-in"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def _database_settings(monkeypatch, url: str | None) -> dict:
    if url is None:
        monkeypatch.delenv("DATABASE_URL", raising=False)
    else:
        monkeypatch.setenv("DATABASE_URL", url)
    return runpy.run_path(base.__file__)["DATABASES"]["default"]


def test_without_database_url_the_service_uses_sqlite_in_the_project(monkeypatch):
    database = _database_settings(monkeypatch, None)
    # Django's SQLite backend, told the real limit on parameters per statement.
    assert database["ENGINE"] == "practiceqa.core.sqlite"
    assert Path(database["NAME"]) == PROJECT_DIR / "qa.db"
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]


def test_database_url_chooses_postgresql(monkeypatch):
    database = _database_settings(monkeypatch, "postgres://qa:secret@db.internal:5433/practiceqa")
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == (
        "db.internal",
        5433,
        "practiceqa",
    )
    assert "OPTIONS" not in database or "init_command" not in database["OPTIONS"]


@pytest.mark.parametrize("url", [None, "postgres://qa:secret@db.internal:5433/practiceqa"])
def test_a_worker_keeps_its_checked_connection_between_requests(monkeypatch, url):
    """Under gunicorn a connection is kept for a minute (on SQLite as on PostgreSQL), and
    checked before it is reused; DATABASE_CONN_MAX_AGE=0 opens one for every request."""
    monkeypatch.delenv("DATABASE_CONN_MAX_AGE", raising=False)
    database = _database_settings(monkeypatch, url)
    assert (database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"]) == (60, True)
    monkeypatch.setenv("DATABASE_CONN_MAX_AGE", "0")
    assert _database_settings(monkeypatch, url)["CONN_MAX_AGE"] == 0


@pytest.mark.parametrize("module", ["production", "test"])  # test: what make bench serves
def test_a_worker_compiles_each_template_once(module):
    """Templates are read and compiled once per process (Django's cached loader), not on
    every page."""
    env = production_env(DJANGO_SETTINGS_MODULE=f"practiceqa.config.settings.{module}")
    shown = (
        "from django.template import engines; "
        "print([type(l).__module__ for l in engines['django'].engine.template_loaders])"
    )
    result = manage("shell", "-c", shown, env=env)
    assert result.stdout.strip().splitlines()[-1:] == ["['django.template.loaders.cached']"], (
        result.stdout + result.stderr
    )


def test_the_development_server_opens_a_connection_for_each_request():
    """runserver starts a thread for every request: a kept connection would not be reused."""
    env = production_env(DJANGO_SETTINGS_MODULE="practiceqa.config.settings.dev")
    env.pop("DATABASE_CONN_MAX_AGE", None)
    shown = "from django.conf import settings; print(settings.DATABASES['default']['CONN_MAX_AGE'])"
    result = manage("shell", "-c", shown, env=env)
    # The last line: the shell may first say which models it could not import for itself.
    assert result.stdout.strip().splitlines()[-1:] == ["0"], result.stdout + result.stderr


def test_signed_in_pages_and_exports_are_never_stored(client, organisation):
    client.force_login(organisation.qa_admin.user)
    for url in (reverse("my-work"), reverse("staff-list")):
        response = client.get(url)
        assert response["Cache-Control"] == "no-store", url
    export = client.get(reverse("plan-compliance-export"), {"format": "csv"})
    assert export["Content-Disposition"].startswith("attachment")
    assert export["Cache-Control"] == "no-store"


def test_every_response_limits_browser_features_and_who_may_embed_it(client, db):
    for response in (client.get(reverse("sign-in")), client.get(reverse("health"))):
        assert response["Cross-Origin-Resource-Policy"] == "same-origin"
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]


def _example_sso_settings() -> dict:
    example = (PROJECT_DIR / ".env.example").read_text()
    names = ("SSO_", "OIDC_", "LOCAL_PASSWORDS")
    found = re.findall(r"^([A-Z_]+)=(.*)$", example, re.MULTILINE)
    return {name: value for name, value in found if name.startswith(names)}


def test_the_entra_id_example_in_env_example_starts_in_production():
    example = _example_sso_settings()
    assert example["OIDC_OP_ISSUER"] == "https://login.microsoftonline.com/<tenant>/v2.0"
    assert example["OIDC_RP_SCOPES"] == "openid email profile"
    tenant = "0d5c1f2e-3a4b-4c5d-8e9f-a0b1c2d3e4f5"
    filled = {name: value.replace("<tenant>", tenant) for name, value in example.items()}
    env = production_env(**{**filled, "SSO_ENABLED": "true"})
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"OIDC_RP_CLIENT_ID": ""}, "SSO_ENABLED needs OIDC_RP_CLIENT_ID"),
        ({"OIDC_OP_JWKS_ENDPOINT": ""}, "SSO_ENABLED needs OIDC_OP_JWKS_ENDPOINT"),
        ({"OIDC_OP_TOKEN_ENDPOINT": "http://idp.example/token"}, "as https:// addresses"),
        ({"OIDC_OP_LOGOUT_ENDPOINT": "http://idp.example/logout"}, "as https:// addresses"),
        ({"OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS": "5"}, "EXPIRY_SECONDS is at least 60"),
    ],
    ids=["no client", "no keys", "plain http", "plain http sign-out", "re-check too often"],
)
def test_single_sign_on_refuses_to_start_when_misconfigured(overrides, message):
    example = _example_sso_settings()
    result = manage("check", env=production_env(**{**example, "SSO_ENABLED": "true", **overrides}))
    assert result.returncode != 0
    assert message in result.stderr
