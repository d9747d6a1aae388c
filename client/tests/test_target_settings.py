"""The target database (issue 29): where it comes from (session sandbox, PRACTICE_TARGET_*, the
work tree's config, the practice server), that no secret is read from a file or shown, the
database service client, and the hooks' snapshot and compare landing on the target."""

import subprocess
import xmlrpc.client

import pytest
from practice_client import env_settings, hooks, repo_config, target
from practice_client.rpc import DbService, PracticeError

pytestmark = pytest.mark.domain

PRACTICE = {"PRACTICE_URL": "http://practice:8069", "PRACTICE_DB": "practice", "PRACTICE_API_KEY": "pk"}


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def tree(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    _git(work, "init", "-q")
    return work


def test_default_target_is_the_practice_server():
    where = env_settings.target_values(PRACTICE)
    assert (where["url"], where["db"], where["secret"], where["source"]) == (
        "http://practice:8069",
        "practice",
        "pk",
        "practice",
    )
    assert env_settings.is_practice(where, PRACTICE)


def test_precedence_sandbox_env_config_practice():
    env = dict(
        PRACTICE,
        PRACTICE_TARGET_URL="http://dev:8069",
        PRACTICE_TARGET_DB="dev",
        PRACTICE_TARGET_API_KEY="tk",
    )
    config = {"url": "http://cfg:8069", "db": "cfg", "login": "bot"}
    where = env_settings.target_values(env, config)
    assert (where["url"], where["db"], where["login"], where["secret"], where["source"]) == (
        "http://dev:8069",
        "dev",
        "bot",
        "tk",
        "env",
    )
    assert env_settings.target_values(PRACTICE, config)["source"] == "config"
    boxed = env_settings.target_values(env, config, {"url": "http://dev:8069", "db": "sbx_s1"})
    assert (boxed["db"], boxed["source"]) == ("sbx_s1", "sandbox")
    assert not env_settings.is_practice(boxed, env)


def test_work_tree_config_holds_no_secret(tree):
    _git(tree, "config", "practice.targetUrl", "http://dev:8069")
    _git(tree, "config", "practice.targetDb", "dev")
    assert repo_config.read_target(str(tree)) == {"url": "http://dev:8069", "db": "dev"}
    where = target.resolve(PRACTICE, str(tree), {})
    assert (where["db"], where["source"], where["secret"]) == ("dev", "config", "pk")
    assert target.public(where) == {"url": "http://dev:8069", "db": "dev", "sandbox": False}


def test_sandbox_names_fit_the_servers_pattern():
    import re

    name = target.sandbox_name("Session-ABC/123 with spaces")
    assert re.match(r"^sbx_[a-z0-9_]{1,60}$", name), name
    assert name.startswith("sbx_sessionabc123wit_")
    assert target.sandbox_name(None).startswith("sbx_manual_")


def test_end_policy_and_template():
    assert target.end_policy({}) == "drop"
    assert target.end_policy({"PRACTICE_SANDBOX_END": "KEEP"}) == "keep"
    assert target.end_policy({"PRACTICE_SANDBOX_END": "explode"}) == "drop"
    assert target.template_of({"PRACTICE_SANDBOX_TEMPLATE": "tpl"}) == "tpl"
    assert target.template_of({}, None, "flag") == "flag"


def test_check_template_refuses_busy_unknown_and_in_use():
    where = env_settings.target_values(dict(PRACTICE, PRACTICE_TARGET_DB="dev"))
    answers = {"tpl_busy": 2, "tpl_idle": 0, "tpl_far": False}

    def call(model, method, template):
        assert (model, method) == ("practice.sandbox", "template_connections")
        return answers[template]

    assert target.check_template(PRACTICE, where, "tpl_idle", call) == 0
    with pytest.raises(target.SandboxError, match="2 open connection"):
        target.check_template(PRACTICE, where, "tpl_busy", call)
    with pytest.raises(target.SandboxError, match="--force to acknowledge"):
        target.check_template(PRACTICE, where, "tpl_far", call)
    with pytest.raises(target.SandboxError, match="in use"):
        target.check_template(PRACTICE, where, "practice", call)
    assert target.check_template(PRACTICE, where, "tpl_busy", call, force=True) is None


class FakeProxy:
    calls = []
    fail = None

    def __init__(self, url, **_kwargs):
        self.url = url

    def __getattr__(self, method):
        def run(*params):
            FakeProxy.calls.append((self.url, method, params))
            if FakeProxy.fail:
                raise FakeProxy.fail
            return True

        return run


def test_db_service_never_shows_the_master_password(monkeypatch):
    monkeypatch.setattr(xmlrpc.client, "ServerProxy", FakeProxy)
    FakeProxy.calls, FakeProxy.fail = [], None
    service = DbService("http://dev:8069", "s3cret-master")
    assert "s3cret" not in repr(service)
    assert service.call("duplicate_database", "tpl", "sbx_a", False) is True
    assert FakeProxy.calls == [
        ("http://dev:8069/xmlrpc/2/db", "duplicate_database", ("s3cret-master", "tpl", "sbx_a", False))
    ]
    FakeProxy.fail = xmlrpc.client.Fault(1, "Traceback...\nException: bad s3cret-master here")
    with pytest.raises(PracticeError) as err:
        service.call("drop", "sbx_a")
    assert "s3cret-master" not in str(err.value) and "***" in str(err.value)
    FakeProxy.fail = xmlrpc.client.Fault(3, "Access Denied")
    with pytest.raises(PracticeError, match="refused the master password"):
        service.call("drop", "sbx_a")
    with pytest.raises(PracticeError, match="PRACTICE_MASTER_PASSWORD"):
        DbService("http://dev:8069", "").call("drop", "x")


def test_diff_summary():
    result = {
        "ok": False,
        "flagged": [{"model": "res.partner", "metric": "count", "before": 3, "after": 2, "delta": -1}],
    }
    assert target.diff_summary(result) == "res.partner count: 3 -> 2 (delta -1)"
    assert target.diff_summary({"ok": True}) == "nothing crossed a threshold"


# -- the hooks on the target ---------------------------------------------------------------------
class Server:
    """A fake server per database: ``calls`` lists ``(db, model, method, args, kwargs)``."""

    def __init__(self, flagged=None):
        self.calls, self.flagged = [], flagged or []

    def on(self, db):
        def call(model, method, *args, **kwargs):
            self.calls.append((db, model, method, args, kwargs))
            if method == "take":
                return {"id": 41}
            if method == "compare":
                return {"ok": not self.flagged, "flagged": self.flagged}
            if method == "bundle":
                return {"markdown": ""}
            if method == "held":
                return []
            return {}

        return call


def _ctx(server, tree, env, session="sess-1"):
    ctx = hooks.HookContext({"session_id": session, "cwd": str(tree)}, server.on("practice"), env)
    return ctx


def test_start_snapshot_and_stop_compare_land_on_the_target(monkeypatch, tree):
    server = Server(
        flagged=[{"model": "res.partner", "metric": "count", "before": 5, "after": 1, "delta": -4}]
    )
    monkeypatch.setattr(target, "caller", lambda env, where, call, timeout=60: server.on(where["db"]))
    env = dict(
        PRACTICE,
        PRACTICE_TARGET_URL="http://dev:8069",
        PRACTICE_TARGET_DB="dev",
        PRACTICE_TARGET_API_KEY="tk",
    )
    ctx = _ctx(server, tree, env)
    state = {}
    assert hooks.start_target(ctx, "sess-1", state) == []
    assert ("dev", "practice.watchdog.snapshot", "take") in [c[:3] for c in server.calls]
    recorded = [c for c in server.calls if c[2] == "record_target"]
    assert recorded[0][0] == "practice" and recorded[0][4] == {
        "target_url": "http://dev:8069",
        "target_db": "dev",
        "sandbox": False,
    }
    assert "tk" not in repr(server.calls) and "pk" not in repr(server.calls)
    assert state["snapshot_target"] == {"url": "http://dev:8069", "db": "dev", "sandbox": False}
    ctx.save_state(state)
    monkeypatch.setattr(hooks.HookContext, "target_call", lambda self, where: server.on(where["db"]))
    report = hooks.watchdog_report(ctx)
    assert ("dev", "practice.watchdog.snapshot", "compare", (41,), {}) in server.calls
    assert "on dev at http://dev:8069" in report
    assert target.SHARED_NOTE in report
    diff = [c for c in server.calls if c[2] == "record_target" and "diff" in c[4]]
    assert diff and diff[0][0] == "practice" and "res.partner count: 5 -> 1" in diff[0][4]["diff"]


def test_a_sandbox_report_has_no_shared_note(monkeypatch, tree):
    server = Server(
        flagged=[{"model": "res.partner", "metric": "count", "before": 5, "after": 1, "delta": -4}]
    )
    ctx = _ctx(server, tree, dict(PRACTICE))
    ctx.save_state(
        {"snapshot_id": 41, "snapshot_target": {"url": "http://dev:8069", "db": "sbx_a", "sandbox": True}}
    )
    monkeypatch.setattr(hooks.HookContext, "target_call", lambda self, where: server.on(where["db"]))
    report = hooks.watchdog_report(ctx)
    assert "sbx_a" in report and target.SHARED_NOTE not in report


def test_without_a_target_the_practice_server_is_used(tree):
    server = Server()
    ctx = _ctx(server, tree, dict(PRACTICE))
    state = {}
    hooks.start_target(ctx, "sess-1", state)
    assert [c[0] for c in server.calls] == ["practice", "practice"]
    assert state["snapshot_target"]["db"] == "practice"


def test_session_end_drops_or_keeps_the_sandbox(monkeypatch, tree):
    server, dropped = Server(), []
    monkeypatch.setattr(target, "drop", lambda env, call, name, url: dropped.append((name, url)))
    ctx = _ctx(server, tree, dict(PRACTICE, PRACTICE_MASTER_PASSWORD="m"))
    ctx.save_state({"sandbox": {"url": "http://dev:8069", "db": "sbx_a"}})
    assert hooks.end_sandbox(ctx) == []
    assert dropped == [("sbx_a", "http://dev:8069")]
    ctx = _ctx(server, tree, dict(PRACTICE, PRACTICE_MASTER_PASSWORD="m", PRACTICE_SANDBOX_END="keep"))
    assert hooks.end_sandbox(ctx) == [] and len(dropped) == 1
    ctx = _ctx(server, tree, dict(PRACTICE))
    (problem,) = hooks.end_sandbox(ctx)
    assert "kept" in problem and len(dropped) == 1


def test_auto_sandbox_creates_once(monkeypatch, tree):
    server, made = Server(), []

    def create(env, call, root, state, template, session_id, force=False, repo=None):
        made.append(template)
        state["sandbox"] = {"url": "http://dev:8069", "db": "sbx_auto"}
        return {"name": "sbx_auto", "url": "http://dev:8069"}

    monkeypatch.setattr(target, "create", create)
    env = dict(PRACTICE, PRACTICE_SANDBOX="auto", PRACTICE_SANDBOX_TEMPLATE="tpl")
    ctx = _ctx(server, tree, env)
    state = {}
    (note,) = hooks.auto_sandbox(ctx, "sess-1", state)
    assert "-d sbx_auto" in note and made == ["tpl"]
    assert hooks.auto_sandbox(ctx, "sess-1", state) == [] and made == ["tpl"]  # reused
    assert (
        "PRACTICE_SANDBOX_TEMPLATE"
        in hooks.auto_sandbox(_ctx(server, tree, dict(PRACTICE, PRACTICE_SANDBOX="auto")), "s2", {})[0]
    )


def test_an_sql_error_reads_as_its_error_not_its_caret():
    from practice_client.rpc import fault_message

    fault = xmlrpc.client.Fault(
        1,
        "Traceback (most recent call last):\n  ...\npsycopg2.errors.UndefinedColumn: column p.x does not exist\n"
        'LINE 1: ...t", "p"."x" FROM\n                 ^\n',
    )
    assert fault_message(fault) == "psycopg2.errors.UndefinedColumn: column p.x does not exist"
    assert fault_message(xmlrpc.client.Fault(2, "Traceback\nodoo.exceptions.UserError: plain")) == (
        "odoo.exceptions.UserError: plain"
    )
