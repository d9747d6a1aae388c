"""Sandboxes and the target's snapshots over MCP (issue 29), through the SDK's own client
against a fake practice server, a fake target and a fake database service: the tools run the
same code as ``practice sandbox create|list|drop`` and ``practice snapshot take|compare``
(:mod:`practice_client.target`), the snapshot lands on the session's target, and the master
password never shows in an answer or an error."""

import json
import subprocess

import anyio
import pytest
from mcp import Client
from practice_client import hook_core, target
from practice_client.mcp_server import build_server
from practice_client.rpc import PracticeError

pytestmark = pytest.mark.integration

MASTER = "m4ster-secret-mcp"


class Practice:
    """The practice server (``db`` "practice") and every target, told apart by database."""

    def __init__(self):
        self.calls, self.boxes, self.fail_register = [], [], None

    def on(self, db):
        def call(model, method, *args, **kwargs):
            self.calls.append((db, model, method, args, kwargs))
            if method == "template_connections":
                return 0
            if method == "duplicate":
                return {"name": args[2], "template": args[1], "neutralized": args[3]}
            if method == "register":
                if self.fail_register:
                    raise PracticeError(self.fail_register, 2)
                box = {
                    "name": args[0],
                    "template": args[1],
                    "target_url": kwargs["target_url"],
                    "same_server": kwargs["same_server"],
                    "state": "active",
                    "expires_at": "2026-01-02 00:00:00",
                    "session_id": kwargs.get("session_id") or False,
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
                return {"id": 7, "taken_at": "2026-01-01 00:00:00", "lines": 3}
            if method == "compare":
                return {"ok": True, "flagged": []}
            return {}

        return call


class FakeRPC:
    practice = None

    def __init__(self, settings, timeout=60):
        self.settings = settings

    def call(self, model, method, *args, **kwargs):
        return FakeRPC.practice.on(self.settings.db)(model, method, *args, **kwargs)


class FakeDb:
    calls = []

    def __init__(self, url, master, timeout=900):
        self.url, self.master = url, master

    def call(self, method, *args, master=True):
        FakeDb.calls.append((self.url, method, args))
        return True


class PracticeRPC:
    def __init__(self, practice):
        self.call = practice.on("practice")


@pytest.fixture
def practice(tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=work, check=True)
    monkeypatch.chdir(work)
    server = Practice()
    FakeRPC.practice, FakeDb.calls = server, []
    monkeypatch.setattr(target, "PracticeRPC", FakeRPC)
    monkeypatch.setattr(target, "DbService", FakeDb)
    for key, value in {
        "PRACTICE_URL": "http://practice:8069",
        "PRACTICE_DB": "practice",
        "PRACTICE_API_KEY": "k",
        "PRACTICE_TARGET_URL": "http://dev:8069",
        "PRACTICE_TARGET_DB": "dev",
        "PRACTICE_SESSION": "sess-m",
        "PRACTICE_MASTER_PASSWORD": MASTER,
    }.items():
        monkeypatch.setenv(key, value)
    for key in ("PRACTICE_SANDBOX_TEMPLATE", "PRACTICE_REPO", "PRACTICE_STOP_GUARD", "PRACTICE_TARGET_LOGIN"):
        monkeypatch.delenv(key, raising=False)
    server.work = work
    return server


def _tools(practice, *steps):
    """Run the ``(tool, arguments)`` steps through the SDK's client; their results."""

    async def scenario():
        async with Client(build_server(lambda: PracticeRPC(practice), environ={})) as client:
            return [await client.call_tool(name, args) for name, args in steps]

    return anyio.run(scenario)


def _text(result):
    return json.dumps(result.structured_content) + " ".join(getattr(c, "text", "") for c in result.content)


def test_sandbox_create_list_drop_over_mcp_like_the_cli(practice):
    (made,) = _tools(practice, ("sandbox_create", {"template": "tpl", "neutralize": True}))
    session = hook_core.Session({"cwd": str(practice.work)}, {"PRACTICE_SESSION": "sess-m"})
    state = session.load_state()
    listed, taken, compared, dropped, after = _tools(
        practice,
        ("sandbox_list", {}),
        ("snapshot_take", {"label": "before", "models": ["res.partner"]}),
        ("snapshot_compare", {"before_id": 7}),
        ("sandbox_drop", {}),
        ("snapshot_take", {"label": "after the drop"}),
    )
    assert not made.is_error, _text(made)
    box = made.structured_content
    name = box["name"]
    assert name.startswith("sbx_sessm_") and box["odoo"] == f"odoo-bin -d {name} --db-filter='^{name}$'"
    assert box["session_id"] == "sess-m" and box["target_url"] == "http://dev:8069"
    # the copy was made on the target (its practice_watchdog), recorded on the practice server
    duplicate = next(c for c in practice.calls if c[2] == "duplicate")
    assert duplicate[0] == "dev" and duplicate[3][1:4] == ("tpl", name, True)
    register = next(c for c in practice.calls if c[2] == "register")
    assert register[0] == "practice" and register[4]["same_server"] is False
    # the session's target is the sandbox: its start snapshot was taken there
    assert state["sandbox"]["db"] == name and state["snapshot_target"]["db"] == name
    assert "sandbox" not in session.load_state(), "dropped: the session's target went back"
    assert [r["name"] for r in listed.structured_content["result"]] == [name]
    # snapshot_take / snapshot_compare measure the session's sandbox and say so
    assert taken.structured_content["target"] == {"url": "http://dev:8069", "db": name, "sandbox": True}
    assert (name, "practice.watchdog.snapshot", "take") in [c[:3] for c in practice.calls]
    assert compared.structured_content["target"]["db"] == name
    assert (name, "practice.watchdog.snapshot", "compare", (7,)) in [c[:4] for c in practice.calls]
    # drop: the database service drops it, the practice server marks it, the target goes back
    assert not dropped.is_error, _text(dropped)
    assert FakeDb.calls == [("http://dev:8069", "drop", (name,))]
    assert practice.boxes[0]["state"] == "dropped"
    assert after.structured_content["target"] == {"url": "http://dev:8069", "db": "dev", "sandbox": False}
    # the master password went to the target's copy only, never into an answer
    sent = [c[:3] for c in practice.calls if MASTER in repr(c)]
    assert sent == [("dev", "practice.watchdog.sandbox", "duplicate")]
    for result in (made, listed, taken, compared, dropped, after):
        assert MASTER not in _text(result)


def test_sandbox_refusals_are_tool_errors_without_the_master_password(practice, monkeypatch):
    practice.fail_register = f"refused: {MASTER} is not welcome"
    no_template, refused = _tools(practice, ("sandbox_create", {}), ("sandbox_create", {"template": "tpl"}))
    assert no_template.is_error and "PRACTICE_SANDBOX_TEMPLATE" in _text(no_template)
    assert refused.is_error and "***" in _text(refused) and MASTER not in _text(refused)
    # not recorded: not left behind either
    assert [c[1] for c in FakeDb.calls] == ["drop"]
    monkeypatch.delenv("PRACTICE_MASTER_PASSWORD")
    no_master, no_name = _tools(
        practice, ("sandbox_create", {"template": "tpl"}), ("sandbox_drop", {"name": "sbx_nope"})
    )
    assert no_master.is_error and "PRACTICE_MASTER_PASSWORD" in _text(no_master)
    assert no_name.is_error and "PRACTICE_MASTER_PASSWORD" in _text(no_name)


def test_snapshots_without_a_sandbox_land_on_the_configured_target(practice, monkeypatch):
    (taken,) = _tools(practice, ("snapshot_take", {"label": "x"}))
    assert taken.structured_content["target"] == {"url": "http://dev:8069", "db": "dev", "sandbox": False}
    assert [c[0] for c in practice.calls] == ["dev"]
    monkeypatch.delenv("PRACTICE_TARGET_URL")
    monkeypatch.delenv("PRACTICE_TARGET_DB")
    (taken,) = _tools(practice, ("snapshot_take", {"label": "y"}))
    assert taken.structured_content["target"]["db"] == "practice"
    assert [c[0] for c in practice.calls] == ["dev", "practice"]
