"""Target databases and sandboxes end to end (issue 29), with two live servers for the whole
module: the practice server (PRACTICE_E2E_DB) and a target server holding a dev database and
an idle template database (both `createdb -T` copies made here and dropped after). Snapshots
and compares land on the target; a deletion in one session's sandbox blocks only that
session's stop; sandboxes are created, dropped, and retired by the practice server's cron;
the master password never shows in an answer or a log line."""

import json
import os
import subprocess
import sys
import uuid
import xmlrpc.client

import anyio
import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters

from live import PROJECT_DIR, LiveOdoo, e2e_database

pytestmark = pytest.mark.integration

CLIENT_DIR = PROJECT_DIR / "client"
MASTER = "practice-dev-only"  # odoo.conf's admin_passwd: both servers'
OUTPUTS = []
CLONE_PARTNERS = """
DO $$
DECLARE cols text;
BEGIN
  SELECT string_agg(quote_ident(column_name), ', ') INTO cols FROM information_schema.columns
   WHERE table_name = 'res_partner' AND table_schema = 'public' AND column_name <> 'id';
  EXECUTE format('INSERT INTO res_partner (%1$s) SELECT %1$s FROM res_partner, generate_series(1, 150) '
                 'WHERE res_partner.id = (SELECT min(id) FROM res_partner WHERE active)', cols);
END $$;
"""  # every answer the client printed, grepped for the master password at the end


def _pg(*args):
    env = dict(os.environ, PGPASSWORD=os.environ["PG_PASSWORD"])
    cmd = [
        args[0],
        "-h",
        os.environ["PG_HOST"],
        "-p",
        os.environ["PG_PORT"],
        "-U",
        os.environ["PG_ROLE"],
        *args[1:],
    ]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)


def _drop(name):
    _pg("dropdb", "--if-exists", "--force", name)


def _copy(source, name):
    """``createdb -T``; when the source is in use (the suite's shared server runs on it), a
    dump piped into a new database instead (slower, same content)."""
    _drop(name)
    made = _pg("createdb", "-T", source, name)
    if made.returncode == 0:
        return
    assert "being accessed" in made.stderr, made.stderr
    assert _pg("createdb", name).returncode == 0
    env = dict(os.environ, PGPASSWORD=os.environ["PG_PASSWORD"])
    conn = f"-h {os.environ['PG_HOST']} -p {os.environ['PG_PORT']} -U {os.environ['PG_ROLE']}"
    piped = subprocess.run(
        f"pg_dump {conn} --no-owner {source} | psql {conn} -q -v ON_ERROR_STOP=1 -d {name}",
        shell=True,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert piped.returncode == 0, piped.stderr[-2000:]


@pytest.fixture(scope="module")
def servers():
    base = e2e_database()
    tgt, tpl = f"{base}_tgt", f"{base}_tpl"
    for name in (tgt, tpl):
        _copy(base, name)
    # the template gets 150 more partners for a sandbox to delete (SQL: no server ever opens it)
    copied = _pg("psql", "-d", tpl, "-v", "ON_ERROR_STOP=1", "-tAc", CLONE_PARTNERS)
    assert copied.returncode == 0, copied.stderr
    practice = LiveOdoo(extra_args=["--log-level=info"])
    target = None
    try:
        target = LiveOdoo(extra_args=["-d", tgt, f"--db-filter=^({tgt}|{tpl}|sbx_.*)$", "--log-level=info"])
        target.db = tgt
        yield practice, target, tpl
    finally:
        logs = [practice.log_path.read_text(errors="replace")]
        practice.stop()
        if target:
            logs.append(target.log_path.read_text(errors="replace"))
            target.stop()
        listed = _pg(
            "psql", "-d", "postgres", "-tAc", "select datname from pg_database where datname like 'sbx_e2e%'"
        )
        for name in [tgt, tpl, *listed.stdout.split()]:
            _drop(name)
        # credentials never in a log line of either server
        for text in logs:
            assert MASTER not in text


def _env(practice, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRACTICE_")}
    env.update(
        PRACTICE_URL=practice.url,
        PRACTICE_DB=practice.db,
        PRACTICE_LOGIN="admin",
        PRACTICE_API_KEY="admin",
        PYTHONPATH=str(CLIENT_DIR),
    )
    env.update(extra)
    return env


def practice_cli(practice, cwd, *args, stdin=None, **env):
    proc = subprocess.run(
        [sys.executable, "-m", "practice_client", *args],
        cwd=cwd,
        env=_env(practice, **env),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )
    OUTPUTS.append(proc.stdout + proc.stderr)
    assert MASTER not in proc.stdout + proc.stderr
    return proc


def hook(practice, repo, event, session, env=None, **fields):
    payload = {"session_id": session, "cwd": str(repo), "hook_event_name": event, **fields}
    return practice_cli(practice, repo, "hook", event, stdin=json.dumps(payload), **(env or {}))


def rpc(server, db, model, method, *args, **kwargs):
    common = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/common")
    uid = common.authenticate(db, "admin", "admin", {})
    assert uid, f"cannot log in to {db}"
    proxy = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/object", allow_none=True)
    return proxy.execute_kw(db, uid, "admin", model, method, list(args), kwargs)


def db_exists(server, name):
    return xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/db").db_exist(name)


@pytest.fixture
def repo(tmp_path):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    return tmp_path


def _session(tag):
    return f"e2e-{tag}-{uuid.uuid4().hex[:6]}"


def _log(practice, session):
    fields = ["target_url", "target_db", "target_sandbox", "target_diff"]
    return rpc(
        practice, practice.db, "practice.session.log", "search_read", [("name", "=", session)], fields
    )[0]


def test_snapshot_and_compare_land_on_the_target(servers, repo):
    practice, target, _tpl = servers
    env = {"PRACTICE_TARGET_URL": target.url, "PRACTICE_TARGET_DB": target.db}
    a = _session("tgt")
    ids = rpc(
        target, target.db, "res.partner", "create", [{"name": f"target partner {i}"} for i in range(150)]
    )
    start = hook(practice, repo, "session-start", a, env=env, source="startup")
    assert start.returncode == 0, start.stderr
    assert rpc(target, target.db, "practice.watchdog.snapshot", "search_count", [("session_id", "=", a)]) == 1
    assert (
        rpc(practice, practice.db, "practice.watchdog.snapshot", "search_count", [("session_id", "=", a)])
        == 0
    )
    log = _log(practice, a)
    assert (log["target_url"], log["target_db"], log["target_sandbox"]) == (target.url, target.db, False)
    rpc(target, target.db, "res.partner", "unlink", ids[:120])
    blocked = hook(practice, repo, "stop", a, env=env, stop_hook_active=False)
    assert blocked.returncode == 2, blocked.stderr
    assert f"on {target.db} at {target.url}" in blocked.stderr and "res.partner count" in blocked.stderr
    assert "other activity on it since the session started may be included" in blocked.stderr
    assert "res.partner count" in _log(practice, a)["target_diff"]
    # `practice watchdog guard` runs on the target too
    guard = practice_cli(practice, repo, "watchdog", "guard", "-m", "res.partner", "--", "true", **env)
    assert guard.returncode == 0, guard.stderr
    assert f"taken on {target.db} on {target.url}" in guard.stderr
    hook(practice, repo, "session-end", a, env=env)


def test_a_deletion_in_one_sessions_sandbox_blocks_only_that_session(servers, tmp_path):
    practice, target, tpl = servers
    env = {
        "PRACTICE_TARGET_URL": target.url,
        "PRACTICE_TARGET_DB": target.db,
        "PRACTICE_MASTER_PASSWORD": MASTER,
    }
    boxes = {}
    for tag in ("a", "b"):
        repo = tmp_path / tag
        repo.mkdir()
        subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
        session = _session(f"sbx{tag}")
        assert hook(practice, repo, "session-start", session, env=env, source="startup").returncode == 0
        made = practice_cli(
            practice, repo, "sandbox", "create", "--from", tpl, PRACTICE_SESSION=session, **env
        )
        assert made.returncode == 0, made.stderr + made.stdout
        name = made.stdout.split()[1]
        assert name.startswith("sbx_e2e") and f"-d {name}" in made.stdout
        boxes[tag] = (repo, session, name)
        shown = json.loads(
            practice_cli(practice, repo, "--json", "target", PRACTICE_SESSION=session, **env).stdout
        )
        assert (shown["db"], shown["source"]) == (name, "sandbox")
        assert _log(practice, session)["target_db"] == name
    repo_a, a, box_a = boxes["a"]
    repo_b, b, box_b = boxes["b"]
    ids = rpc(target, box_a, "res.partner", "search", [], order="id desc", limit=150)
    assert len(ids) > 100, "the template needs partners to delete"
    rpc(target, box_a, "res.partner", "unlink", ids[:120])
    blocked = hook(practice, repo_a, "stop", a, env=env, stop_hook_active=False)
    assert blocked.returncode == 2, blocked.stderr
    assert box_a in blocked.stderr and "may be included" not in blocked.stderr
    clean = hook(practice, repo_b, "stop", b, env=env, stop_hook_active=False)
    assert (clean.returncode, clean.stderr) == (0, "")
    listing = practice_cli(practice, repo_a, "--json", "sandbox", "list", "--session", a, **env)
    assert [r["name"] for r in json.loads(listing.stdout)] == [box_a]
    # session end drops A's sandbox (the default policy); B's is dropped by hand
    hook(practice, repo_a, "session-end", a, env=env)
    assert not db_exists(target, box_a)
    dropped = practice_cli(practice, repo_b, "sandbox", "drop", PRACTICE_SESSION=b, **env)
    assert dropped.returncode == 0, dropped.stderr
    assert not db_exists(target, box_b)
    states = rpc(
        practice, practice.db, "practice.sandbox", "search_read", [("name", "in", [box_a, box_b])], ["state"]
    )
    assert [s["state"] for s in states] == ["dropped", "dropped"]
    hook(practice, repo_b, "session-end", b, env=env)


def test_the_cron_drops_sandboxes_beyond_the_cap_on_its_own_server(servers, repo):
    practice, _target, tpl = servers
    env = {"PRACTICE_MASTER_PASSWORD": MASTER}  # no target: the practice server is the target
    param = "practice_memory.sandbox_max_per_repo"
    before = rpc(practice, practice.db, "ir.config_parameter", "get_param", param)
    rpc(practice, practice.db, "ir.config_parameter", "set_param", param, "1")
    try:
        names = []
        for _ in range(2):
            made = practice_cli(practice, repo, "--json", "sandbox", "create", "--from", tpl, **env)
            assert made.returncode == 0, made.stderr
            record = json.loads(made.stdout)
            assert record["same_server"] is True
            names.append(record["name"])
        cron = rpc(
            practice,
            practice.db,
            "ir.model.data",
            "search_read",
            [("module", "=", "practice_memory"), ("name", "=", "cron_retire_sandboxes")],
            ["res_id"],
        )[0]["res_id"]
        rpc(practice, practice.db, "ir.cron", "method_direct_trigger", [cron])
        states = {
            r["name"]: r["state"]
            for r in rpc(
                practice,
                practice.db,
                "practice.sandbox",
                "search_read",
                [("name", "in", names)],
                ["name", "state"],
            )
        }
        assert states[names[0]] == "dropped" and not db_exists(practice, names[0])
        assert states[names[1]] == "active" and db_exists(practice, names[1])
        gone = practice_cli(practice, repo, "sandbox", "drop", names[1], **env)
        assert gone.returncode == 0, gone.stderr
        assert not db_exists(practice, names[1])
    finally:
        rpc(practice, practice.db, "ir.config_parameter", "set_param", param, before or "10")


def test_snapshot_take_and_compare_measure_the_target_and_say_so(servers, repo):
    practice, target, _tpl = servers
    env = {"PRACTICE_TARGET_URL": target.url, "PRACTICE_TARGET_DB": target.db}
    ids = rpc(target, target.db, "res.partner", "create", [{"name": f"snap target {i}"} for i in range(130)])
    taken = practice_cli(practice, repo, "snapshot", "take", "e2e-target", "-m", "res.partner", **env)
    assert taken.returncode == 0, taken.stderr
    assert f"on {target.db} on {target.url} (PRACTICE_TARGET_DB)" in taken.stdout
    snap = int(taken.stdout.split()[1])
    label = [("name", "=", "e2e-target")]
    assert rpc(target, target.db, "practice.watchdog.snapshot", "search_read", label, ["id"]) == [
        {"id": snap}
    ]
    assert not rpc(practice, practice.db, "practice.watchdog.snapshot", "search_count", label)
    rpc(target, target.db, "res.partner", "unlink", ids)
    compared = practice_cli(practice, repo, "--json", "snapshot", "compare", str(snap), **env)
    assert compared.returncode == 4, compared.stderr
    result = json.loads(compared.stdout)
    assert result["target"] == {"url": target.url, "db": target.db, "sandbox": False}
    assert [f["delta"] for f in result["flagged"] if f["metric"] == "count"] == [-130]
    shown = practice_cli(practice, repo, "snapshot", "compare", str(snap), **env)
    assert shown.stdout.startswith(f"compared on {target.db} on {target.url}")


def _mcp(practice, repo, **extra):
    return StdioServerParameters(
        command=sys.executable,
        args=["-m", "practice_client.mcp_server"],
        env=_env(practice, **extra),
        cwd=str(repo),
    )


def test_sandboxes_over_mcp_on_the_target(servers, repo):
    practice, target, tpl = servers
    session = _session("mcp")
    env = {
        "PRACTICE_TARGET_URL": target.url,
        "PRACTICE_TARGET_DB": target.db,
        "PRACTICE_MASTER_PASSWORD": MASTER,
        "PRACTICE_SESSION": session,
    }
    assert hook(practice, repo, "session-start", session, env=env, source="startup").returncode == 0

    async def scenario():
        async with Client(_mcp(practice, repo, **env)) as client:
            made = await client.call_tool("sandbox_create", {"template": tpl})
            name = made.structured_content["name"]
            listed = await client.call_tool("sandbox_list", {"session_id": session})
            taken = await client.call_tool(
                "snapshot_take", {"label": "mcp sandbox", "models": ["res.partner"]}
            )
            here = [("name", "=", "mcp sandbox")]
            counted = rpc(target, name, "practice.watchdog.snapshot", "search_count", here)
            dropped = await client.call_tool("sandbox_drop", {})
            again = await client.call_tool("sandbox_drop", {"name": name})
            return name, counted, [made, listed, taken, dropped, again]

    name, counted, (made, listed, taken, dropped, again) = anyio.run(scenario)
    answers = [
        json.dumps(r.structured_content) + " ".join(getattr(c, "text", "") for c in r.content)
        for r in (made, listed, taken, dropped, again)
    ]
    OUTPUTS.extend(answers)
    assert not made.is_error, answers[0]
    assert name.startswith("sbx_e2emcp") and made.structured_content["target_url"] == target.url
    assert made.structured_content["odoo"].startswith(f"odoo-bin -d {name}")
    assert [r["name"] for r in listed.structured_content["result"]] == [name]
    assert taken.structured_content["target"] == {"url": target.url, "db": name, "sandbox": True}
    assert counted == 1, "the MCP snapshot was taken in the sandbox"
    assert not dropped.is_error, answers[3]
    assert not db_exists(target, name)
    assert again.structured_content["state"] == "dropped"  # gone already: only marked
    assert _log(practice, session)["target_db"] == name
    hook(practice, repo, "session-end", session, env=env)


def test_the_cron_never_drops_a_database_registered_without_being_made_here(servers):
    """Issue 29 follow-up: `same_server` is verified by the practice server, not taken from
    the client: an sbx_ database of its PostgreSQL registered by a client that did not make it
    through this server is never dropped by the cron."""
    practice, _target, _tpl = servers
    forged = f"sbx_e2eforged_{uuid.uuid4().hex[:6]}"
    _drop(forged)
    assert _pg("createdb", "-T", "template0", forged).returncode == 0
    param = "practice_memory.sandbox_max_per_repo"
    before = rpc(practice, practice.db, "ir.config_parameter", "get_param", param)
    try:
        record = rpc(practice, practice.db, "practice.sandbox", "register", forged, "tpl", same_server=True)
        assert record["same_server"] is False
        rpc(practice, practice.db, "ir.config_parameter", "set_param", param, "1")
        cron = rpc(
            practice,
            practice.db,
            "ir.model.data",
            "search_read",
            [("module", "=", "practice_memory"), ("name", "=", "cron_retire_sandboxes")],
            ["res_id"],
        )[0]["res_id"]
        newer = f"sbx_e2eforged_{uuid.uuid4().hex[:6]}"  # a newer record: the forged one is beyond the cap
        rpc(practice, practice.db, "practice.sandbox", "register", newer, "tpl")
        rpc(practice, practice.db, "ir.cron", "method_direct_trigger", [cron])
        state = rpc(
            practice, practice.db, "practice.sandbox", "search_read", [("name", "=", forged)], ["state"]
        )
        assert state[0]["state"] == "expired"
        listed = _pg(
            "psql", "-d", "postgres", "-tAc", f"select 1 from pg_database where datname = '{forged}'"
        )
        assert listed.stdout.strip() == "1", "the forged database is still there"
    finally:
        rpc(practice, practice.db, "ir.config_parameter", "set_param", param, before or "10")
        _drop(forged)


def test_credentials_never_in_an_answer(servers):
    assert OUTPUTS, "the other tests ran the client"
    assert not [out for out in OUTPUTS if MASTER in out]
