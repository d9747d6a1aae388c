"""`practice sandbox create|list|drop`, `practice target` and `practice init --target-*` (issue
29) against a fake practice server and a fake database service: the master password goes to
the database service only, never to the practice server or the output."""

import json
import os
import subprocess

import pytest
from click.testing import CliRunner
from practice_client import cli as cli_module
from practice_client import hook_core, target
from practice_client.rpc import PracticeError

pytestmark = pytest.mark.integration

MASTER = "m4ster-secret-value"


class FakePractice:
    def __init__(self, connections=0):
        self.calls, self.connections, self.boxes = [], connections, []

    def call(self, model, method, *args, **kwargs):
        self.calls.append((model, method, args, kwargs))
        if method == "template_connections":
            return self.connections
        if method == "register":
            box = {
                "name": args[0],
                "template": args[1],
                "target_url": kwargs["target_url"],
                "state": "active",
                "expires_at": "2026-01-02 00:00:00",
                "session_id": kwargs.get("session_id") or False,
                "repo": "r",
                "user": "admin",
            }
            self.boxes.append(box)
            return box
        if method == "sandboxes":
            return [b for b in self.boxes if not kwargs.get("state") or b["state"] == kwargs["state"]]
        if method == "mark_dropped":
            box = next(b for b in self.boxes if b["name"] == args[0])
            box["state"] = "dropped"
            return box
        if method == "take":
            return {"id": 9}
        if method == "duplicate":  # a target without practice_watchdog: the database service copies
            raise PracticeError("Object practice.watchdog.sandbox doesn't exist", 2)
        return {}


class FakeRPC:
    server = None

    def __init__(self, settings, timeout=60):
        self.settings = settings

    def call(self, model, method, *args, **kwargs):
        return FakeRPC.server.call(model, method, *args, **kwargs)


class FakeDb:
    calls = []

    def __init__(self, url, master, timeout=900):
        self.url, self.master = url, master

    def call(self, method, *args, master=True):
        FakeDb.calls.append((self.url, method, args, self.master))
        return True


@pytest.fixture
def tree(tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=work, check=True)
    monkeypatch.chdir(work)
    return work


def run(monkeypatch, server, *args, **env):
    FakeRPC.server = server
    FakeDb.calls = []
    monkeypatch.setattr("practice_client.cli_common.PracticeRPC", FakeRPC)
    monkeypatch.setattr(target, "PracticeRPC", FakeRPC)
    monkeypatch.setattr(target, "DbService", FakeDb)
    base = {"PRACTICE_API_KEY": "k", "PRACTICE_URL": "http://practice:8069", "PRACTICE_DB": "practice"}
    for key in ("PRACTICE_SESSION", "PRACTICE_TARGET_URL", "PRACTICE_TARGET_DB", "PRACTICE_MASTER_PASSWORD"):
        base[key] = None
    base.update(env)
    return CliRunner().invoke(cli_module.cli, list(args), env=base, catch_exceptions=False)


def test_create_needs_the_master_password(monkeypatch, tree):
    server = FakePractice()
    result = run(monkeypatch, server, "sandbox", "create", "--from", "tpl")
    assert result.exit_code == 3
    assert "PRACTICE_MASTER_PASSWORD" in result.output
    assert FakeDb.calls == []


def test_create_duplicates_records_and_becomes_the_sessions_target(monkeypatch, tree):
    server = FakePractice()
    env = {
        "PRACTICE_MASTER_PASSWORD": MASTER,
        "PRACTICE_SESSION": "sess-9",
        "PRACTICE_TARGET_URL": "http://dev:8069",
        "PRACTICE_TARGET_DB": "dev",
    }
    result = run(monkeypatch, server, "sandbox", "create", "--from", "tpl", "--neutralize", **env)
    assert result.exit_code == 0, result.output
    ((url, method, args, master),) = FakeDb.calls
    assert (url, method, args[0], args[2], master) == (
        "http://dev:8069",
        "duplicate_database",
        "tpl",
        True,
        MASTER,
    )
    name = args[1]
    assert f"odoo-bin -d {name}" in result.output
    assert MASTER not in result.output
    # the fake answers practice and target alike: the password went to the target's copy only
    assert [c[:2] for c in server.calls if MASTER in repr(c)] == [("practice.watchdog.sandbox", "duplicate")]
    register = next(c for c in server.calls if c[1] == "register")
    assert register[3]["same_server"] is False and register[3]["session_id"] == "sess-9"
    session = hook_core.Session({"cwd": str(tree)}, {"PRACTICE_SESSION": "sess-9"})
    state = session.load_state()
    assert state["sandbox"]["db"] == name and state["snapshot_id"] == 9
    assert state["snapshot_target"] == {"url": "http://dev:8069", "db": name, "sandbox": True}
    recorded = next(c for c in server.calls if c[1] == "record_target")
    assert recorded[3] == {"target_url": "http://dev:8069", "target_db": name, "sandbox": True}
    shown = run(monkeypatch, server, "--json", "target", **env)
    data = json.loads(shown.output)
    assert (data["db"], data["source"], data["sandbox"]) == (name, "sandbox", True)
    # drop: the database service drops it, the practice server marks it, the session's target goes back
    dropped = run(monkeypatch, server, "sandbox", "drop", **env)
    assert dropped.exit_code == 0, dropped.output
    assert FakeDb.calls == [("http://dev:8069", "drop", (name,), MASTER)]
    assert server.boxes[0]["state"] == "dropped"
    assert "sandbox" not in session.load_state()
    assert json.loads(run(monkeypatch, server, "--json", "target", **env).output)["db"] == "dev"


def test_a_busy_template_is_refused_unless_forced(monkeypatch, tree):
    server = FakePractice(connections=3)
    result = run(monkeypatch, server, "sandbox", "create", "--from", "tpl", PRACTICE_MASTER_PASSWORD=MASTER)
    assert result.exit_code == 3 and "3 open connection" in result.output
    assert FakeDb.calls == []
    result = run(
        monkeypatch, server, "sandbox", "create", "--from", "tpl", "--force", PRACTICE_MASTER_PASSWORD=MASTER
    )
    assert result.exit_code == 0, result.output
    assert [c[1] for c in FakeDb.calls] == ["duplicate_database"]
    register = next(c for c in server.calls if c[1] == "register")
    assert register[3]["same_server"] is True  # the target is the practice server itself


def test_list_and_expired_sandboxes_are_dropped_on_the_next_command(monkeypatch, tree):
    server = FakePractice()
    server.boxes.append(
        {
            "name": "sbx_old",
            "template": "tpl",
            "target_url": "http://dev:8069",
            "state": "expired",
            "expires_at": "x",
        }
    )
    result = run(monkeypatch, server, "sandbox", "create", "--from", "tpl", PRACTICE_MASTER_PASSWORD=MASTER)
    assert result.exit_code == 0, result.output
    assert ("http://dev:8069", "drop", ("sbx_old",), MASTER) in FakeDb.calls
    listing = run(monkeypatch, server, "sandbox", "list")
    assert "sbx_old" in listing.output and "dropped" in listing.output


def test_init_writes_the_target_but_no_secret(monkeypatch, tree):
    server = FakePractice()
    result = run(
        monkeypatch,
        server,
        "init",
        "--target-url",
        "http://dev:8069",
        "--target-db",
        "dev",
        "--sandbox-template",
        "tpl",
    )
    assert result.exit_code == 0, result.output
    config = (tree / ".git" / "config").read_text()
    assert "targeturl = http://dev:8069" in config and "targetdb = dev" in config
    assert "key" not in config.lower().replace("sandboxtemplate", "")
    bad = run(monkeypatch, server, "init", "--target-url", "http://u:p@dev:8069")
    assert bad.exit_code == 2
    assert run(monkeypatch, server, "init").exit_code == 2
    data = json.loads(run(monkeypatch, server, "--json", "target").output)
    assert (data["url"], data["db"], data["source"]) == ("http://dev:8069", "dev", "config")
    assert os.path.exists(tree / ".git")


class PracticeWithSnapshots(FakePractice):
    def call(self, model, method, *args, **kwargs):
        answer = super().call(model, method, *args, **kwargs)
        return dict(answer, taken_at="2026-01-01 00:00:01", lines=1) if method == "take" else answer


def test_snapshot_take_and_compare_run_on_the_target_and_say_which(monkeypatch, tree):
    server, dbs = PracticeWithSnapshots(), []

    class OnTarget(FakeRPC):
        def call(self, model, method, *args, **kwargs):
            dbs.append((self.settings.db, method))
            if method == "take":
                return {"id": 5, "taken_at": "2026-01-01 00:00:00", "lines": 3}
            return {"ok": False, "flagged": [{"model": "res.partner", "metric": "count", "delta": -9}]}

    env = {"PRACTICE_TARGET_URL": "http://dev:8069", "PRACTICE_TARGET_DB": "dev"}
    run(monkeypatch, server, "target")  # installs the fakes
    monkeypatch.setattr(target, "PracticeRPC", OnTarget)
    monkeypatch.setattr("practice_client.cli_common.PracticeRPC", FakeRPC)
    FakeRPC.server = server
    base = {"PRACTICE_API_KEY": "k", "PRACTICE_URL": "http://practice:8069", "PRACTICE_DB": "practice"}
    invoke = CliRunner().invoke
    taken = invoke(cli_module.cli, ["snapshot", "take", "before"], env=dict(base, **env))
    assert taken.exit_code == 0, taken.output
    assert (
        "snapshot 5 at 2026-01-01 00:00:00: 3 lines, on dev on http://dev:8069 (PRACTICE_TARGET_DB)"
        in taken.output
    )
    compared = invoke(cli_module.cli, ["--json", "snapshot", "compare", "5"], env=dict(base, **env))
    assert compared.exit_code == 4, compared.output
    assert json.loads(compared.output)["target"] == {"url": "http://dev:8069", "db": "dev", "sandbox": False}
    assert dbs == [("dev", "take"), ("dev", "compare")]
    assert not [c for c in server.calls if c[1] in ("take", "compare")], (
        "nothing measured on the practice server"
    )
    # a session with a sandbox: its sandbox is measured
    session = hook_core.Session({"cwd": str(tree)}, {"PRACTICE_SESSION": "sess-s"})
    session.save_state({"sandbox": {"url": "http://dev:8069", "db": "sbx_s"}})
    boxed = invoke(cli_module.cli, ["snapshot", "take", "b", "--session", "sess-s"], env=dict(base, **env))
    assert boxed.exit_code == 0 and "on sbx_s on http://dev:8069 (the session's sandbox)" in boxed.output
    assert dbs[-1] == ("sbx_s", "take")
    # no target configured: the practice server's own database, named as such
    plain = invoke(cli_module.cli, ["snapshot", "take", "c"], env=base)
    assert "on practice on http://practice:8069 (the practice server's own database)" in plain.output
    assert [c[1] for c in server.calls if c[1] == "take"] == ["take"]
