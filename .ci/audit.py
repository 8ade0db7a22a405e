"""Known vulnerabilities of the installed Python packages (pip-audit) and of the served npm packages
(npm audit --omit=dev). Fails (exit 1) only on a vulnerability that has a fix to move to; one without a
fix is printed and let through. When the vulnerability database cannot be reached, says so plainly and
does not fail: a missing network is not a vulnerability, and CI must not claim a clean audit either.

Run from the repository root with the project's virtualenv: `.venv/bin/python .ci/audit.py`.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NPM_LEVELS = ("high", "critical")  # npm audit --audit-level=high


def _run(command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


def audit_python() -> tuple[list[str], str]:
    """(fixable findings, note)."""
    report = ROOT / ".venv" / "pip-audit.json"
    report.unlink(missing_ok=True)
    done = _run([str(Path(sys.executable).parent / "pip-audit"), "--local", "--skip-editable", "--format", "json",
                 "--progress-spinner", "off", "--output", str(report)])
    if not report.exists() or done.returncode not in (0, 1):
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return [], f"pip-audit could not reach the vulnerability database: {tail}"
    dependencies = json.loads(report.read_text())["dependencies"]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    audited = len(dependencies) - len(skipped)
    fixable, unfixed = [], []
    for dependency in dependencies:
        for vuln in dependency.get("vulns", []):
            line = f"{dependency['name']} {dependency['version']}: {vuln['id']}"
            if vuln.get("fix_versions"):
                fixable.append(f"{line} (fixed in {', '.join(vuln['fix_versions'])})")
            else:
                unfixed.append(f"{line} (no fix yet)")
    for line in unfixed:
        print(f"  pip-audit, let through: {line}")
    if audited == 0:
        return fixable, (f"pip-audit could not audit: the vulnerability database answered for none of the "
                         f"{len(dependencies)} packages (e.g. {skipped[0]['skip_reason']})" if skipped else
                         "pip-audit found no package to audit")
    return fixable, f"pip-audit: {audited} packages audited, {len(skipped)} skipped, {len(fixable)} fixable finding(s)"


def audit_npm() -> tuple[list[str], str]:
    done = _run(["npm", "audit", "--omit=dev", "--json"])
    try:
        report = json.loads(done.stdout or "{}")
    except json.JSONDecodeError:
        report = {}
    if "vulnerabilities" not in report:
        reason = report.get("message") or (done.stderr.strip().splitlines() or ["no output"])[-1]
        return [], f"npm audit could not reach the advisory database: {reason}"
    fixable = []
    for name, vuln in report["vulnerabilities"].items():
        line = f"{name}: {vuln.get('severity')} ({vuln.get('range', '')})"
        if vuln.get("severity") not in NPM_LEVELS:
            continue
        if vuln.get("fixAvailable"):
            fixable.append(line)
        else:
            print(f"  npm audit, let through: {line} (no fix yet)")
    return fixable, f"npm audit: {len(report['vulnerabilities'])} finding(s), {len(fixable)} high or critical with a fix"


def main() -> int:
    failed = False
    for audit in (audit_python, audit_npm):
        fixable, note = audit()
        print(f"audit: {note}")
        for line in fixable:
            print(f"  VULNERABLE, a fix exists: {line}")
        failed = failed or bool(fixable)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
