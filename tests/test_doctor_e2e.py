"""`practice doctor` end to end: a real git work tree set up with the client's own commands, a
live server; the check goes from red to green as the morning routine fixes what it names."""

import json
import os
import subprocess
import sys
import uuid

import pytest

from live import PROJECT_DIR

pytestmark = pytest.mark.integration

CLIENT_DIR = PROJECT_DIR / "client"
# `practice` with the doctor registered (cli.py registers it; this also works before it does)
ENTRY = (
    "from practice_client import cli, cli_doctor\n"
    "'doctor' in cli.cli.commands or cli_doctor.register(cli.cli)\n"
    "cli.main()\n"
)
HOOK_COMMAND = f"{sys.executable} -m practice_client"


def practice(server, cwd, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRACTICE_", "GIT_"))}
    env.update(
        {
            "PRACTICE_URL": server.url,
            "PRACTICE_DB": server.db,
            "PRACTICE_LOGIN": "admin",
            "PRACTICE_API_KEY": "admin",
            "PYTHONPATH": str(CLIENT_DIR),
        }
    )
    return subprocess.run(
        [sys.executable, "-c", ENTRY, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=180
    )


def test_doctor_from_red_to_green(live_odoo, tmp_path):
    repo = f"doctor-{uuid.uuid4().hex[:6]}"
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)

    first = practice(live_odoo, tmp_path, "doctor")
    print(first.stdout)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "Traceback" not in first.stdout + first.stderr
    lines = first.stdout.splitlines()
    assert lines[0] == f"✅ server: Odoo 18.0 at {live_odoo.url}"
    assert f"✅ login: 'admin' on database '{live_odoo.db}' (uid 2)" in lines
    assert any(line.startswith("✅ groups: Reader, Engineer, Manager") for line in lines)
    assert any(line.startswith("✅ addons: ") and "practice_lock" in line for line in lines)
    assert any(line.startswith("⚠️ repository: no practice.repo in this work tree") for line in lines)
    assert any(line.startswith("❌ claude-code hooks: not installed") for line in lines)
    assert any(line.startswith("❌ git guard: no pre-commit hook") for line in lines)
    assert any(line.startswith("❌ mcp: ") for line in lines)
    assert any(line.startswith("✅ clock: ") for line in lines)

    # the fixes it names
    assert practice(live_odoo, tmp_path, "init", "--repo", repo, "--create").returncode == 0
    done = practice(live_odoo, tmp_path, "hooks", "install", "--command", HOOK_COMMAND)
    assert done.returncode == 0, done.stderr
    (tmp_path / ".mcp.json").write_text(json.dumps({"mcpServers": {"practice": {"command": "practice-mcp"}}}))
    module = f"doc_mod_{uuid.uuid4().hex[:6]}"
    got = practice(
        live_odoo, tmp_path, "lock", "acquire", module, "--session", "doc-s1", "--reason", "doctor"
    )
    assert got.returncode == 0, got.stdout + got.stderr

    stale = practice(live_odoo, tmp_path, "--json", "doctor")
    assert stale.returncode == 1
    found = {c["name"]: c for c in json.loads(stale.stdout)}
    assert found[".locks"]["ok"] is False
    assert found[".locks"]["detail"] == f"out of sync of {repo}: held on the server, missing here: {module}"
    assert found[".locks"]["fix"] == "practice lock sync"

    assert practice(live_odoo, tmp_path, "lock", "sync").returncode == 0
    # where this client has `practice rules export` (issue 26 item 2), the rules are exported too
    practice(live_odoo, tmp_path, "rules", "export")
    green = practice(live_odoo, tmp_path, "doctor")
    print(green.stdout)
    assert green.returncode == 0, green.stdout + green.stderr
    assert not [line for line in green.stdout.splitlines() if line.startswith("❌")]
    assert (
        f"✅ repository: {repo} (practice.repo of {tmp_path.resolve()}), known to the server" in green.stdout
    )
    assert f"✅ .locks: 1 lock(s) of {repo}, same as the server: {module}" in green.stdout
    assert "✅ mcp: .mcp.json (practice)" in green.stdout

    release = practice(live_odoo, tmp_path, "lock", "release", "--module", module, "--session", "doc-s1")
    assert release.returncode == 0, release.stdout + release.stderr
