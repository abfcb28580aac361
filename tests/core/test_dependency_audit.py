"""`make audit`: a known vulnerability in a locked package fails it, from each release's
advisory data, or (where the index serves only project pages) from the project page for a
package locked at its latest release; a package it cannot audit is named."""

import json
import runpy
import sys
from pathlib import Path

import pytest
import requests

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit"
MINERVA = {
    "id": "PYSEC-2024-1",
    "aliases": ["CVE-2024-23342", "GHSA-wj6h-64fc-37mp"],
    "details": "Timing attack on P-256.",
    "fixed_in": [],
}
# The same advisory, under its other name.
MINERVA_AGAIN = {**MINERVA, "id": "GHSA-wj6h-64fc-37mp", "aliases": ["CVE-2024-23342"]}
OLD_DJANGO = {
    "id": "PYSEC-2025-9",
    "aliases": [],
    "details": "SQL injection.",
    "fixed_in": ["5.2.1"],
}


def project(name: str, latest: str, vulns: list) -> dict:
    return {"info": {"name": name, "version": latest}, "vulnerabilities": vulns}


def run_audit(monkeypatch, capsys, tmp_path, lock: str, pages: dict, **env) -> tuple[int, str]:
    """Run scripts/audit on `lock` against an index serving `pages` (path after /pypi/ ->
    JSON); any other page is not found."""

    def get(session, url, **kwargs):
        answer = requests.Response()
        body = pages.get(url.split("/pypi/", 1)[1])
        answer.status_code = 404 if body is None else 200
        answer._content = json.dumps(body or {"message": "Not Found"}).encode()
        answer.url = url
        return answer

    monkeypatch.setattr(requests.Session, "get", get)
    lock_file = tmp_path / "requirements.lock"
    lock_file.write_text(lock)
    monkeypatch.setattr(sys, "argv", [str(SCRIPT), str(lock_file)])
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as stopped:
        runpy.run_path(str(SCRIPT), run_name="__main__")
    return stopped.value.code, capsys.readouterr().out


def test_a_vulnerable_release_fails_the_audit_from_its_own_page(monkeypatch, capsys, tmp_path):
    pages = {
        "django/5.2.0/json": project("django", "5.2.0", [OLD_DJANGO]),
        "rules/3.5/json": project("rules", "3.5", []),
    }
    lock = "django==5.2.0\n    # via practiceqa\nrules==3.5\n"
    code, out = run_audit(monkeypatch, capsys, tmp_path, lock, pages)
    assert code == 1
    assert "VULNERABLE django 5.2.0: PYSEC-2025-9" in out
    assert "fixed in 5.2.1: SQL injection." in out
    assert "2 locked packages audited, 1 vulnerabilities, 0 not audited." in out


def test_without_release_pages_a_package_at_its_latest_release_is_audited_from_the_project_page(
    monkeypatch, capsys, tmp_path
):
    pages = {"ecdsa/json": project("ecdsa", "0.19.2", [MINERVA, MINERVA_AGAIN])}
    code, out = run_audit(monkeypatch, capsys, tmp_path, "ecdsa==0.19.2\n", pages)
    assert code == 1
    assert out.count("VULNERABLE") == 1, "one advisory under two names is one finding"
    assert "VULNERABLE ecdsa 0.19.2: CVE-2024-23342, GHSA-wj6h-64fc-37mp, PYSEC-2024-1" in out
    assert "fixed in no fixed version yet" in out


def test_an_older_release_without_its_page_is_named_not_audited(monkeypatch, capsys, tmp_path):
    # The project page describes 6.1.3 only: it says nothing about 5.2.19.
    pages = {
        "django/json": project("django", "6.1.3", []),
        "rules/json": project("rules", "3.5", []),
    }
    lock = "django==5.2.19\nrules==3.5\n"
    code, out = run_audit(monkeypatch, capsys, tmp_path, lock, pages)
    assert code == 0
    assert (
        "not audited: django 5.2.19: advisory data is served only for the latest release, 6.1.3"
    ) in out
    assert "1 locked packages audited, 0 vulnerabilities, 1 not audited." in out
    strict, _ = run_audit(monkeypatch, capsys, tmp_path, lock, pages, AUDIT_STRICT="1")
    assert strict == 1


def test_a_package_the_index_does_not_know_is_named_not_audited(monkeypatch, capsys, tmp_path):
    code, out = run_audit(monkeypatch, capsys, tmp_path, "private-thing==1.0\n", {})
    assert code == 0
    assert "not audited: private-thing 1.0: no advisory data for private-thing (404)" in out
