"""The ``practice`` CLI and MCP server against a real Odoo server over XML-RPC."""

import json
import os
import subprocess
import sys

import anyio
import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters

from live import PROJECT_DIR

CLIENT_DIR = PROJECT_DIR / "client"


def _env(server, login="admin", secret="admin"):
    env = dict(os.environ)
    env.update(
        {
            "PRACTICE_URL": server.url,
            "PRACTICE_DB": server.db,
            "PRACTICE_LOGIN": login,
            "PRACTICE_API_KEY": secret,
            "PYTHONPATH": str(CLIENT_DIR),
        }
    )
    return env


def practice(server, *args, login="admin", secret="admin"):
    return subprocess.run(
        [sys.executable, "-m", "practice_client", *args],
        env=_env(server, login, secret),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.integration
def test_cli_context_prints_markdown_bundle(live_odoo):
    proc = practice(live_odoo, "context", "-m", "practice_base")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("# Practice context")
    assert "practice_base" in proc.stdout
    proc = practice(live_odoo, "--json", "context", "-m", "practice_base")
    data = json.loads(proc.stdout)
    assert data["markdown"] == "" and "scope" in data["sections"]


@pytest.mark.security
def test_cli_wrong_password_is_refused_without_echoing_it(live_odoo):
    proc = practice(live_odoo, "context", secret="not-the-password-123")
    assert proc.returncode == 1
    assert "Login refused" in proc.stderr
    assert "not-the-password-123" not in proc.stderr + proc.stdout


@pytest.mark.integration
def test_cli_lock_refusal_names_holder_and_exits_3(live_odoo):
    got = practice(
        live_odoo, "--json", "lock", "acquire", "cli_mod", "--session", "cli-a", "--reason", "edit"
    )
    assert got.returncode == 0, got.stderr
    token = json.loads(got.stdout)["token"]
    refused = practice(live_odoo, "lock", "acquire", "cli_mod", "--session", "cli-b")
    assert refused.returncode == 3
    assert "cli-a" in refused.stderr
    verify = practice(live_odoo, "--json", "lock", "verify", "cli_mod", "free_mod", "--session", "cli-b")
    split = json.loads(verify.stdout)
    assert "cli_mod" in json.dumps(split["theirs"]) and "free_mod" in json.dumps(split["free"])
    assert practice(live_odoo, "lock", "release", str(token), "--session", "cli-b").returncode == 3
    assert practice(live_odoo, "lock", "release", str(token), "--session", "cli-a").returncode == 0
    assert practice(live_odoo, "lock", "acquire", "cli_mod", "--session", "cli-b").returncode == 0


@pytest.mark.integration
def test_cli_vault_push_dry_run_then_pull_round_trip(live_odoo, tmp_path):
    knowledge = PROJECT_DIR / "knowledge"
    # never pulled into this folder: the demo memories it would rewrite are a conflict
    unseen = practice(live_odoo, "--json", "vault", "push", str(knowledge), "--dry-run")
    assert unseen.returncode == 2, unseen.stderr + unseen.stdout
    assert [c["path"] for c in json.loads(unseen.stdout)["conflicts"]] == ["memory/MEMORY.md"]
    dry = practice(live_odoo, "--json", "vault", "push", str(knowledge), "--dry-run", "--force")
    assert dry.returncode == 0, dry.stderr + dry.stdout
    assert json.loads(dry.stdout)["errors"] == []
    pulled = practice(live_odoo, "vault", "pull", str(tmp_path / "out"))
    assert pulled.returncode == 0, pulled.stderr
    bad = tmp_path / "bad"
    (bad / "adr").mkdir(parents=True)
    (bad / "adr" / "0001-broken.md").write_text("---\nnumber: [unclosed\n---\n")
    broken = practice(live_odoo, "vault", "push", str(bad))
    assert broken.returncode == 2
    assert "adr/0001-broken.md:" in broken.stderr


@pytest.mark.integration
def test_cli_vault_push_prune_deletes_what_the_folder_lacks(live_odoo, admin_rpc, tmp_path):
    admin_rpc.call("practice.repo", "create", [{"name": "cli-prune"}])
    folder = tmp_path / "knowledge"
    (folder / "glossary").mkdir(parents=True)
    (folder / "glossary" / "lease.md").write_text("---\nterm: lease\n---\n\nExpires unless renewed.\n")
    (folder / "glossary.md").write_text("# Glossary\n\nFBM: The seller ships.\n")
    first = practice(live_odoo, "--json", "vault", "push", str(folder), "--repo", "cli-prune")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["created"] == ["glossary.md", "glossary/lease.md"]
    (folder / "glossary" / "lease.md").unlink()
    args = ("vault", "push", str(folder), "--repo", "cli-prune", "--prune")
    dry = practice(live_odoo, "--json", *args, "--dry-run")
    assert json.loads(dry.stdout)["deleted"] == ["glossary/lease.md"], dry.stdout + dry.stderr
    done = practice(live_odoo, *args)
    assert done.returncode == 0, done.stderr
    assert "deleted 1" in done.stdout
    terms = admin_rpc.call(
        "practice.glossary.term", "search_read", [("repo_id.name", "=", "cli-prune")], ["name"]
    )
    assert [t["name"] for t in terms] == ["FBM"]


@pytest.mark.integration
def test_cli_snapshot_compare_flags_deleted_partners(live_odoo, admin_rpc):
    ids = admin_rpc.call("res.partner", "create", [{"name": f"cli-wd-{i}"} for i in range(150)])
    taken = practice(live_odoo, "--json", "snapshot", "take", "cli-guard", "-m", "res.partner")
    assert taken.returncode == 0, taken.stderr
    before = json.loads(taken.stdout)["id"]
    admin_rpc.call("res.partner", "unlink", ids)
    compared = practice(live_odoo, "--json", "snapshot", "compare", str(before))
    assert compared.returncode == 4, compared.stderr
    flagged = json.loads(compared.stdout)["flagged"]
    counts = [f for f in flagged if f["model"] == "res.partner" and f["metric"] == "count"]
    assert counts and counts[0]["delta"] == -150


@pytest.mark.integration
def test_cli_session_and_memory_as_ai_user(live_odoo):
    ai = {"login": "practice_ai", "secret": "practice_ai"}
    assert (
        practice(live_odoo, "session", "start", "cli-s1", "CLI session", "-m", "cli_mod", **ai).returncode
        == 0
    )
    assert practice(live_odoo, "session", "note", "cli-s1", "tried", "ran it", **ai).returncode == 0
    done = practice(live_odoo, "session", "finish", "cli-s1", "success", "it worked", **ai)
    assert done.returncode == 0, done.stderr
    assert practice(live_odoo, "memory", "remember", "cli topic", "cli summary", **ai).returncode == 0
    index = practice(live_odoo, "memory", "index", **ai)
    assert index.returncode == 0 and "cli topic" in index.stdout


@pytest.mark.integration
def test_mcp_stdio_server_calls_odoo(live_odoo):
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "practice_client.mcp_server"],
        env=_env(live_odoo),
        cwd=str(CLIENT_DIR),
    )

    async def scenario():
        async with Client(params) as client:
            names = {tool.name for tool in (await client.list_tools()).tools}
            bundle = await client.call_tool("context_bundle", {"modules": ["mcp_mod"]})
            lock = await client.call_tool("lock_acquire", {"module": "mcp_mod", "session_id": "mcp-1"})
            return names, bundle, lock.structured_content

    names, bundle, lock = anyio.run(scenario)
    assert "lock_acquire" in names
    assert "mcp_mod" in bundle.content[0].text  # the markdown once, as the tool's text
    assert lock["granted"] is True and lock["token"] > 0


@pytest.mark.integration
def test_cli_context_task_and_show_fetch_whole_items(live_odoo, admin_rpc):
    (rule_id,) = admin_rpc.call(
        "practice.rule",
        "create",
        [
            {
                "name": "Regenerate thumbnails through the ORM",
                "rule": "Never write image bytes with raw SQL.",
                "fix": "Call write() in batches of 100 records.",
                "severity": "critical",
            }
        ],
    )
    proc = practice(
        live_odoo, "context", "--task", "bulk regenerate product thumbnails", "--max-bytes", "4000"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("# Practice context")
    shown = practice(live_odoo, "show", "rule", str(rule_id))
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("# Regenerate thumbnails through the ORM\n")
    assert "## Fix" in shown.stdout and "batches of 100" in shown.stdout
    as_json = json.loads(practice(live_odoo, "--json", "show", "rule", str(rule_id)).stdout)
    assert (as_json["kind"], as_json["id"], as_json["data"]["fix"]) == (
        "rule",
        rule_id,
        "Call write() in batches of 100 records.",
    )
    missing = practice(live_odoo, "show", "rule", "99999999")
    assert missing.returncode == 1 and "No rule" in missing.stderr and "Traceback" not in missing.stderr
    assert practice(live_odoo, "show", "spell", "1").returncode == 2


@pytest.mark.integration
def test_cli_memory_remember_modules_default_to_the_session(live_odoo):
    ai = {"login": "practice_ai", "secret": "practice_ai"}
    started = practice(live_odoo, "session", "start", "cli-mem-1", "Lock work", "-m", "cli_lock_mod", **ai)
    assert started.returncode == 0, started.stderr
    got = practice(
        live_odoo,
        "--json",
        "memory",
        "remember",
        "cli lease lesson",
        "renew early",
        "--session",
        "cli-mem-1",
        **ai,
    )
    assert got.returncode == 0, got.stderr
    assert json.loads(got.stdout)["modules"] == ["cli_lock_mod"]
    named = practice(
        live_odoo,
        "--json",
        "memory",
        "remember",
        "cli other lesson",
        "tagged by hand",
        "-m",
        "cli_other_mod",
        **ai,
    )
    memory = json.loads(named.stdout)
    assert memory["modules"] == ["cli_other_mod"]
    shown = practice(live_odoo, "show", "memory", str(memory["id"]), **ai)
    assert shown.returncode == 0 and "tagged by hand" in shown.stdout


@pytest.mark.integration
def test_mcp_stdio_context_task_and_practice_get(live_odoo, admin_rpc):
    (term_id,) = admin_rpc.call(
        "practice.glossary.term", "create", [{"name": "MCPTERM", "definition": "A term for the MCP test."}]
    )
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "practice_client.mcp_server"],
        env=_env(live_odoo),
        cwd=str(CLIENT_DIR),
    )

    async def scenario():
        async with Client(params) as client:
            bundle = await client.call_tool(
                "context_bundle", {"modules": ["mcp_mod"], "task": "fix the term"}
            )
            term = await client.call_tool("practice_get", {"kind": "term", "ref": "mcpterm"})
            bad = await client.call_tool("practice_get", {"kind": "spell", "ref": "1"})
            return bundle, term, bad

    bundle, term, bad = anyio.run(scenario)
    assert bundle.content[0].text.startswith("# Practice context")
    assert "markdown" not in bundle.structured_content  # one copy of the markdown
    assert (term.structured_content["kind"], term.structured_content["id"]) == ("term", term_id)
    assert "A term for the MCP test." in term.content[0].text
    assert bad.is_error and "Unknown kind" in bad.content[0].text


@pytest.mark.integration
def test_mcp_tools_act_on_the_configured_repository(live_odoo, admin_rpc):
    """Issue 24: the MCP server ignored PRACTICE_REPO and had no `repo` argument on the lock,
    context and session tools: lock_acquire took the lock in the default repository."""
    import uuid

    shop = f"shop-mcp-{uuid.uuid4().hex[:6]}"
    admin_rpc.call("practice.repo", "create", {"name": shop})
    module, session = f"mcp_shop_{uuid.uuid4().hex[:6]}", f"mcp-shop-{uuid.uuid4().hex[:6]}"
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "practice_client.mcp_server"],
        env={**_env(live_odoo), "PRACTICE_REPO": shop},
        cwd=str(CLIENT_DIR),
    )

    async def scenario():
        async with Client(params) as client:
            lock = await client.call_tool("lock_acquire", {"module": module, "session_id": session})
            other = await client.call_tool("lock_verify", {"modules": [module], "session_id": "someone-else"})
            default = await client.call_tool(
                "lock_verify", {"modules": [module], "session_id": "someone-else", "repo": "practice-stack"}
            )
            return lock.structured_content, other.structured_content, default.structured_content

    lock, other, default = anyio.run(scenario)
    assert lock["granted"] is True, lock
    assert (
        admin_rpc.call("practice.lock", "verify", [module], session, repo=shop)["ours"][0]["token"]
        == lock["token"]
    )
    assert admin_rpc.call("practice.lock", "verify", [module], session)["ours"] == []
    assert [x["module"] for x in other["theirs"]] == [module]
    assert default["theirs"] == [] and default["free"] == [module]
    admin_rpc.call("practice.lock", "release", lock["token"], session)


@pytest.mark.integration
def test_cli_repo_create_list_show_and_a_session_in_it(live_odoo, admin_rpc):
    """Issue 24: there was no `practice repo create|list`, and `--repo shop` only answered
    "Unknown repository"; `session start` took no repository."""
    import uuid

    shop = f"shop-cli-{uuid.uuid4().hex[:6]}"
    ai = {"login": "practice_ai", "secret": "practice_ai"}
    refused = practice(live_odoo, "repo", "create", shop, **ai)
    assert refused.returncode == 3 and "Manager" in refused.stderr, (refused.stdout, refused.stderr)
    unknown = practice(live_odoo, "repo", "show", shop)
    assert unknown.returncode == 1 and f"unknown repository '{shop}'" in unknown.stderr
    created = practice(
        live_odoo, "repo", "create", shop, "--url", "https://git.example/shop", "--branch", "main"
    )
    assert created.returncode == 0, created.stderr
    assert f"name: {shop}" in created.stdout and "default: -" in created.stdout
    again = practice(live_odoo, "repo", "create", shop)
    assert again.returncode == 1 and "exists already" in again.stderr
    listed = practice(live_odoo, "--json", "repo", "list", **ai)
    assert listed.returncode == 0, listed.stderr
    rows = {r["name"]: r for r in json.loads(listed.stdout)}
    assert rows[shop]["url"] == "https://git.example/shop" and rows[shop]["default"] is False
    assert any(r["default"] for r in rows.values())
    session = f"cli-shop-{uuid.uuid4().hex[:6]}"
    started = practice(live_odoo, "session", "start", session, "In shop", "--repo", shop, **ai)
    assert started.returncode == 0, started.stderr
    log = admin_rpc.call("practice.session.log", "search_read", [("name", "=", session)], ["repo_id"])
    assert log[0]["repo_id"][1] == shop


@pytest.mark.integration
def test_cli_session_list_and_show(live_odoo):
    """Issue 27, item 6: an agent reads session logs from the CLI (`session list|show`); the
    review of proposed rules (`rule proposed|accept`) is walked in test_sop_e2e (drafted rules)."""
    import uuid

    ai = {"login": "practice_ai", "secret": "practice_ai"}
    sid = f"cli-list-{uuid.uuid4().hex[:6]}"
    assert practice(live_odoo, "session", "start", sid, "Listed session", **ai).returncode == 0
    assert (
        practice(live_odoo, "session", "note", sid, "failed", "the cron kept the lock", **ai).returncode == 0
    )
    listed = practice(live_odoo, "--json", "session", "list", "--mine", "--state", "running", **ai)
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert sid in [r["session_id"] for r in rows] and all(r["user"] == "practice_ai" for r in rows)
    shown = practice(live_odoo, "session", "show", sid, **ai)
    assert shown.returncode == 0, shown.stderr
    assert f"session_id: {sid}" in shown.stdout and "failed: the cron kept the lock" in shown.stdout
    unknown = practice(live_odoo, "session", "show", "no-such-session", **ai)
    assert unknown.returncode != 0 and "Unknown session 'no-such-session'" in unknown.stderr
    assert "Traceback" not in unknown.stderr
