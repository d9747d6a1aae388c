"""The completed `practice` CLI and MCP server against a real Odoo server: lock list /
release --module / check-token / force-release / verify exit codes, watchdog guard, the
read commands and full-text search, and MCP error cases through the SDK's stdio client."""

import json
import sys

import anyio
import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from test_client_e2e import CLIENT_DIR, _env, practice

pytestmark = pytest.mark.integration


def test_lock_list_release_by_module_check_token_and_verify_exit_3(live_odoo):
    got = practice(live_odoo, "--json", "lock", "acquire", "cc_mod", "--session", "cc-a", "--reason", "edit")
    assert got.returncode == 0, got.stderr
    token = json.loads(got.stdout)["token"]
    listed = practice(live_odoo, "lock", "list")
    assert listed.returncode == 0, listed.stderr
    line = next(line for line in listed.stdout.splitlines() if line.startswith("cc_mod\t"))
    assert str(token) in line and "cc-a" in line
    as_json = json.loads(practice(live_odoo, "--json", "lock", "list", "--session", "cc-a").stdout)
    assert [(lk["module"], lk["token"]) for lk in as_json] == [("cc_mod", token)]
    assert practice(live_odoo, "lock", "check-token", "cc_mod", str(token)).returncode == 0
    assert practice(live_odoo, "lock", "check-token", "cc_mod", str(token + 1000)).returncode == 3
    verify = practice(live_odoo, "lock", "verify", "cc_mod", "--session", "cc-b")
    assert verify.returncode == 3 and "theirs" in verify.stdout
    assert practice(live_odoo, "lock", "verify", "cc_mod", "--session", "cc-a").returncode == 0
    # another session cannot release it by module; its own session can, without the token
    other = practice(live_odoo, "lock", "release", "--module", "cc_mod", "--session", "cc-b")
    assert other.returncode == 3 and "cc-a" in other.stderr
    released = practice(live_odoo, "lock", "release", "--module", "cc_mod", "--session", "cc-a")
    assert released.returncode == 0, released.stderr
    assert released.stdout == f"released cc_mod in main (token {token})\n"
    assert practice(live_odoo, "lock", "check-token", "cc_mod", str(token)).returncode == 3


def test_renew_is_human_and_another_users_lock_is_refused_with_3(live_odoo):
    ai = {"login": "practice_ai", "secret": "practice_ai"}
    got = json.loads(practice(live_odoo, "--json", "lock", "acquire", "cc_mod2", "--session", "cc-c").stdout)
    renewed = practice(live_odoo, "lock", "renew", str(got["token"]), "--session", "cc-c", "--ttl", "60")
    assert renewed.returncode == 0, renewed.stderr
    assert renewed.stdout.startswith("renewed cc_mod2") and "{" not in renewed.stdout
    assert got["expires_at"] in renewed.stdout  # a shorter TTL did not shorten the lease
    foreign = practice(live_odoo, "lock", "release", str(got["token"]), "--session", "cc-c", **ai)
    assert foreign.returncode == 3 and "only its holder" in foreign.stderr
    assert practice(live_odoo, "lock", "force-release", "cc_mod2", "--reason", "x", **ai).returncode == 3
    forced = practice(live_odoo, "lock", "force-release", "cc_mod2", "--reason", "stuck session")
    assert forced.returncode == 0, forced.stderr
    assert forced.stdout.startswith("forced cc_mod2")


def test_watchdog_guard_flags_a_deletion_and_passes_exit_codes_through(live_odoo, admin_rpc):
    ids = admin_rpc.call("res.partner", "create", [{"name": f"cc-wd-{i}"} for i in range(150)])
    script = (
        "import os, xmlrpc.client as x;"
        "c = x.ServerProxy(os.environ['PRACTICE_URL'] + '/xmlrpc/2/object');"
        f"c.execute_kw(os.environ['PRACTICE_DB'], 2, 'admin', 'res.partner', 'unlink', [{ids!r}])"
    )
    guarded = practice(
        live_odoo, "watchdog", "guard", "-m", "res.partner", "--", sys.executable, "-c", script
    )
    assert guarded.returncode == 4, guarded.stderr
    assert "watchdog flagged" in guarded.stderr and "res.partner: count" in guarded.stderr
    assert "Traceback" not in guarded.stderr
    failing = practice(
        live_odoo, "watchdog", "guard", "-m", "res.partner", "--", sys.executable, "-c", "raise SystemExit(7)"
    )
    assert failing.returncode == 7, failing.stderr
    ok = practice(
        live_odoo, "watchdog", "guard", "--models", "res.partner", "--", sys.executable, "-c", "pass"
    )
    assert ok.returncode == 0, ok.stderr


def test_read_commands_and_search(live_odoo, admin_rpc, tmp_path):
    (rule_id,) = admin_rpc.call(
        "practice.rule",
        "create",
        [
            {
                "name": "Quokka imports go through the ORM",
                "rule": "Never insert quokka rows with SQL.",
                "severity": "high",
            }
        ],
    )
    admin_rpc.call(
        "practice.glossary.term", "create", [{"name": "QUOKKA", "definition": "A small marsupial."}]
    )
    found = practice(live_odoo, "search", "quokka")
    assert found.returncode == 0, found.stderr
    assert f"rule {rule_id}: Quokka imports go through the ORM" in found.stdout
    assert "term QUOKKA: QUOKKA" in found.stdout
    only = json.loads(practice(live_odoo, "--json", "search", "quokka", "-k", "term").stdout)
    assert [r["kind"] for r in only["results"]] == ["term"]
    rules = practice(live_odoo, "rules", "--task", "quokka rows")
    assert rules.returncode == 0 and rules.stdout.splitlines()[1].startswith(f"{rule_id}\thigh\t")
    glossary = practice(live_odoo, "glossary")
    assert "QUOKKA: A small marsupial." in glossary.stdout
    assert practice(live_odoo, "glossary", "quokka").stdout.startswith("# QUOKKA")
    missing = practice(live_odoo, "adr", "9999")
    assert missing.returncode == 1 and "No adr" in missing.stderr and "Traceback" not in missing.stderr
    empty = practice(live_odoo, "search", "   ")
    assert empty.returncode == 1 and "query is empty" in empty.stderr
    out = tmp_path / "ctx.md"
    written = practice(live_odoo, "context", "-m", "practice_base", "-o", str(out))
    assert written.returncode == 0 and written.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("# Practice context")


def _mcp(server, secret="admin"):
    return StdioServerParameters(
        command=sys.executable,
        args=["-m", "practice_client.mcp_server"],
        env=_env(server, secret=secret),
        cwd=str(CLIENT_DIR),
    )


def test_mcp_errors_reach_the_model_with_the_servers_message(live_odoo):
    async def scenario():
        async with Client(_mcp(live_odoo)) as client:
            snap = await client.call_tool("snapshot_compare", {"before_id": 99999})
            empty = await client.call_tool("lock_acquire", {"module": "", "session_id": "mcp-e"})
            search = await client.call_tool("search_knowledge", {"query": "   "})
            granted = await client.call_tool("lock_acquire", {"module": "mcp_cc", "session_id": "mcp-e"})
            listed = await client.call_tool("lock_list", {"session_id": "mcp-e"})
            token = granted.structured_content["token"]
            check = await client.call_tool("check_token", {"module": "mcp_cc", "token": token})
            resources = await client.list_resources()
            rules = await client.read_resource("practice://rules")
        async with Client(_mcp(live_odoo, secret="wrong-key-xyz")) as client:
            bad_key = await client.call_tool("lock_list", {})
        return snap, empty, search, listed, check, resources, rules, bad_key

    snap, empty, search, listed, check, resources, rules, bad_key = anyio.run(scenario)
    for result in (snap, empty, search, bad_key):
        assert result.is_error and "Traceback" not in result.content[0].text
        assert len(result.content[0].text) < 400  # the server's one line, not a dump
    assert "99999" in snap.content[0].text
    assert "module" in empty.content[0].text.lower()
    assert "query is empty" in search.content[0].text
    assert "Login refused" in bad_key.content[0].text and "wrong-key-xyz" not in bad_key.content[0].text
    assert [lk["module"] for lk in listed.structured_content["locks"]] == ["mcp_cc"]
    assert check.structured_content["valid"] is True
    uris = {str(r.uri) for r in resources.resources}
    assert {"practice://rules", "practice://adrs", "practice://runbooks"} <= uris
    assert rules.contents[0].text.startswith("# Rules")
