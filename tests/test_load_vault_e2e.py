"""``setup/load_vault.py`` (what ``setup/run`` and the docker init service do): this project's
vault goes into its own repository, created when missing, never into the default one (a team's
first session must not read our rules as its practice; issue 24, a clean default)."""

import os
import shutil
import subprocess
import sys
import uuid

import pytest

from live import PROJECT_DIR

pytestmark = pytest.mark.integration


def _count(admin_rpc, model, repo_id):
    return admin_rpc.call(model, "search_count", [("repo_id", "=", repo_id)])


def test_the_project_vault_loads_into_its_own_repository(live_odoo, admin_rpc, tmp_path):
    name = f"practice-stack-{uuid.uuid4().hex[:6]}"
    # this project's vault; its session logs are unique per database (a rerun on the same
    # database, or another test, may have loaded them): the rest
    vault = tmp_path / "knowledge"
    shutil.copytree(PROJECT_DIR / "knowledge", vault, ignore=shutil.ignore_patterns("sessions"))
    default = {"id": int(admin_rpc.call("ir.config_parameter", "get_param", "practice_base.default_repo_id"))}
    before = {model: _count(admin_rpc, model, default["id"]) for model in ("practice.rule", "practice.adr")}
    proc = subprocess.run(
        [
            sys.executable,
            str(PROJECT_DIR / "setup" / "load_vault.py"),
            *("--db", live_odoo.db, "--repo", name, "--vault", str(vault)),
        ],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert f"vault loaded into repository {name}" in proc.stderr
    repo = admin_rpc.call("practice.repo", "search_read", [("name", "=", name)], ["id"])
    assert len(repo) == 1, "the repository is created when missing"
    assert _count(admin_rpc, "practice.rule", repo[0]["id"]) > 10
    assert _count(admin_rpc, "practice.adr", repo[0]["id"]) > 0
    after = {model: _count(admin_rpc, model, default["id"]) for model in ("practice.rule", "practice.adr")}
    assert after == before, "nothing of the project's vault lands in the default repository"
