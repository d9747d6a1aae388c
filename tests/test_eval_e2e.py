"""practice_eval end to end: a real Odoo server on 127.0.0.1, the `practice eval` CLI pushing a
report of a real pytest run, and the "suite is the bar" gate on `practice session finish`."""

import json
import os
import subprocess
import sys
import uuid

import pytest

from odoo.addons.practice_eval.tests import sample_project

from live import PROJECT_DIR

pytestmark = pytest.mark.integration

GATE = "practice_eval_memory.finish_gate"


def practice(server, *args, login="practice_ai", secret="practice_ai", cwd=None):
    env = dict(os.environ)
    env.update(
        {
            "PRACTICE_URL": server.url,
            "PRACTICE_DB": server.db,
            "PRACTICE_LOGIN": login,
            "PRACTICE_API_KEY": secret,
            "PYTHONPATH": str(PROJECT_DIR / "client"),
        }
    )
    return subprocess.run(
        [sys.executable, "-m", "practice_client", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        check=False,
    )


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    red = tmp_path_factory.mktemp("red")
    green = tmp_path_factory.mktemp("green")
    sample_project.run_sample(red)
    sample_project.run_sample(green, tests=sample_project.GREEN_TESTS, expect_rc=0)
    return red / "report.xml", green / "report.xml"


@pytest.fixture
def e2e_repo(admin_rpc):
    """A repository of this test's own (the gate and "latest" look at it alone)."""
    name = f"e2e-eval-{uuid.uuid4().hex[:8]}"
    admin_rpc.call("practice.repo", "create", {"name": name})
    return name


def test_push_latest_trend_over_the_cli(live_odoo, reports, e2e_repo, tmp_path):
    red, green = reports
    # outside a git work tree: no branch/commit guessed
    proc = practice(
        live_odoo, "eval", "push", str(red), "--repo", e2e_repo, "--commit", "c0ffee", cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    assert "RED" in proc.stdout and "5/7 passed (71.43%)" in proc.stdout
    assert (
        "failed [security] test_sample::test_leaks_secret: AssertionError: secret leaked into the log"
        in proc.stdout
    )
    proc = practice(live_odoo, "--json", "eval", "push", str(green), "--repo", e2e_repo, cwd=PROJECT_DIR)
    run = json.loads(proc.stdout)
    assert run["green"] is True and run["pass_rate"] == 100.0
    assert run["commit"] and len(run["commit"]) == 40  # defaulted from git HEAD of this project
    latest = json.loads(practice(live_odoo, "--json", "eval", "latest", "--repo", e2e_repo).stdout)
    assert latest["id"] == run["id"]
    trend = json.loads(practice(live_odoo, "--json", "eval", "trend", "--repo", e2e_repo).stdout)
    assert [t["green"] for t in trend] == [False, True]
    proc = practice(live_odoo, "eval", "trend", "--repo", e2e_repo)
    assert "71.43%" in proc.stdout and "RED" in proc.stdout


def test_hostile_report_is_refused_over_rpc(live_odoo, e2e_repo, tmp_path):
    ai = live_odoo.login("practice_ai", "practice_ai")
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        "<testsuite><testcase name='&b;'/></testsuite>"
    )
    proc = practice(live_odoo, "eval", "push", str(bomb), "--repo", e2e_repo)
    assert proc.returncode == 1 and "DTD, entities" in proc.stderr and "Traceback" not in proc.stderr
    assert ai.call("practice.eval.run", "latest", repo=e2e_repo) is False
    reader = live_odoo.login("practice_reader", "practice_reader")
    proc = practice(
        live_odoo,
        "eval",
        "push",
        str(bomb),
        "--repo",
        e2e_repo,
        login="practice_reader",
        secret="practice_reader",
    )
    assert proc.returncode == 1 and "import eval runs" in proc.stderr
    assert reader.call("practice.eval.run", "trend", repo=e2e_repo) == []


def test_session_finish_gate_over_the_cli(live_odoo, admin_rpc, reports, e2e_repo, tmp_path):
    red, _green = reports
    sid = f"e2e-gate-{uuid.uuid4().hex[:8]}"
    admin_rpc.call("ir.config_parameter", "set_param", GATE, "on")
    try:
        assert practice(live_odoo, "session", "start", sid, "gate e2e").returncode == 0
        assert (
            practice(live_odoo, "eval", "push", str(red), "--repo", e2e_repo, "--session", sid).returncode
            == 0
        )
        proc = practice(live_odoo, "session", "finish", sid, "success", "done?")
        assert proc.returncode != 0
        assert "the suite is red" in proc.stderr and "test_sample::test_leaks_secret" in proc.stderr
        assert "test_sample::test_needs_database" in proc.stderr
        # the suite run after the fix (its report is newer than the session's start)
        sample_project.run_sample(tmp_path, tests=sample_project.GREEN_TESTS, expect_rc=0)
        green = tmp_path / "report.xml"
        assert (
            practice(live_odoo, "eval", "push", str(green), "--repo", e2e_repo, "--session", sid).returncode
            == 0
        )
        proc = practice(live_odoo, "--json", "session", "finish", sid, "success", "green now")
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout)["outcome"] == "success"
    finally:
        admin_rpc.call("ir.config_parameter", "set_param", GATE, "off")
