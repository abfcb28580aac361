"""The README's instructions work as written."""

import re
import subprocess
import sys
from pathlib import Path

from tests.core.test_settings import production_env

PROJECT_DIR = Path(__file__).resolve().parents[2]
README = (PROJECT_DIR / "README.md").read_text()


def test_readme_names_host_for_serving_on_another_address_and_the_makefile_uses_it():
    assert "make run HOST=0.0.0.0:8000" in README
    makefile = (PROJECT_DIR / "Makefile").read_text()
    assert re.search(r"^HOST \?= ", makefile, re.MULTILINE)
    assert "runserver $(HOST)" in makefile


def test_readme_says_where_emails_go_without_email_settings():
    run_section = README.split("## What it does today")[0]
    assert "invitations" in run_section and "password resets" in run_section
    assert "console" in run_section and "`EMAIL_*`" in run_section


def test_the_readme_gunicorn_line_names_a_wsgi_application():
    command = re.search(r"\.venv/bin/gunicorn --chdir (\S+) (\S+)", README)
    assert command, "the deployment section has no gunicorn line"
    folder, app = command.groups()
    # What gunicorn itself does with the line: import the app from the folder it changes to.
    probe = (
        f"from gunicorn.util import import_app; app = import_app({app!r}); "
        "assert callable(app), app; print(type(app).__name__)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=PROJECT_DIR / folder,
        env=production_env(DJANGO_SETTINGS_MODULE=None),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "WSGIHandler"
