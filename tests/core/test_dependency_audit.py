"""`make audit`: a known vulnerability in a locked package fails it."""

import json
import runpy
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit"


def run_audit(monkeypatch, capsys, dependencies, **env) -> tuple[int, str]:
    report = json.dumps({"dependencies": dependencies, "fixes": []})

    def fake_run(command, **kwargs):
        assert "--requirement" in command and command[command.index("--requirement") + 1].endswith(
            "requirements.lock"
        )
        return subprocess.CompletedProcess(command, 1, stdout=report, stderr="")

    monkeypatch.setattr(subprocess, "run", fake_run)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as stopped:
        runpy.run_path(str(SCRIPT), run_name="__main__")
    return stopped.value.code, capsys.readouterr().out


def test_a_vulnerable_locked_package_fails_the_audit(monkeypatch, capsys):
    code, out = run_audit(
        monkeypatch,
        capsys,
        [
            {"name": "django", "version": "5.2.0", "vulns": [
                {"id": "PYSEC-2025-1", "fix_versions": ["5.2.1"], "aliases": []}
            ]},
            {"name": "rules", "version": "3.5", "vulns": []},
        ],
    )  # fmt: skip
    assert code == 1
    assert "VULNERABLE django 5.2.0: PYSEC-2025-1 (fixed in 5.2.1)" in out


def test_a_clean_lock_passes_and_packages_not_audited_are_named(monkeypatch, capsys):
    dependencies = [
        {"name": "rules", "version": "3.5", "vulns": []},
        {"name": "segno", "version": "1.6.6", "skip_reason": "Dependency not found on PyPI"},
    ]
    code, out = run_audit(monkeypatch, capsys, dependencies)
    assert code == 0
    assert "not audited: segno" in out
    assert "1 locked packages audited, 0 vulnerabilities, 1 not audited." in out
    strict, _ = run_audit(monkeypatch, capsys, dependencies, AUDIT_STRICT="1")
    assert strict == 1
