"""Issue 28's SOP walk end to end: an AI agent walks a triage run over the `practice` CLI
(5 Whys, evidence attached, two preventive actions), writes its post-mortem into the vault
folder, and the vault round-trips it: a push reports it unchanged, a pull writes the same
bytes, and a hand edit (blank lines, no final newline) comes back byte for byte."""

import json
import re
import sys

import anyio
import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from test_client_e2e import CLIENT_DIR, _env, practice

pytestmark = pytest.mark.integration

AI = {"login": "practice_ai", "secret": "practice_ai"}


def _ok(proc):
    assert proc.returncode == 0, (proc.stdout, proc.stderr)
    return proc


def _json(proc):
    return json.loads(_ok(proc).stdout)


def test_triage_walk_then_postmortem_round_trips_through_the_vault(live_odoo, admin_rpc, tmp_path):
    started = _json(
        practice(
            live_odoo,
            "--json",
            "sop",
            "start",
            "SOP-TRIAGE-001",
            "walk e2e: checkout 500s, DB pool exhausted",
            "--severity",
            "critical",
            "--category",
            "DATABASE",
            **AI,
        )
    )
    run_id = str(started["id"])
    _ok(practice(live_odoo, "sop", "step", run_id, "1", "completed", "--result", "DB errors, CRITICAL", **AI))
    log = tmp_path / "checkout.log"
    log.write_text("ERROR psycopg2.pool.PoolError: connection pool exhausted\n")
    attached = _ok(
        practice(
            live_odoo, "sop", "step", run_id, "2", "completed", "--result", "logs", "--attach", str(log), **AI
        )
    )
    assert "[files: checkout.log]" in attached.stdout
    _ok(
        practice(
            live_odoo,
            "error-code",
            "add",
            "E2E_WALK_POOL_LEAK",
            "--severity",
            "critical",
            "--description",
            "connections not returned to the pool",
            "--resolution",
            "Release DB connections in finally blocks.",
            "--run",
            run_id,
            **AI,
        )
    )
    whys = [
        ("Why did checkout fail?", "No DB connection was free."),
        ("Why was none free?", "The pool was exhausted."),
        ("Why was it exhausted?", "Error paths never returned their connection."),
    ]
    args = ["sop", "step", run_id, "3", "completed", "--result", "leak found"]
    for why, because in whys:
        args += ["--why", why, "--because", because]
    args += ["--root-cause", "exception handlers leak connections"]
    _ok(practice(live_odoo, *args, **AI))
    for seq, result in ((4, "finally blocks added"), (5, "documented"), (6, "two measures planned")):
        _ok(practice(live_odoo, "sop", "step", run_id, str(seq), "completed", "--result", result, **AI))
    _ok(practice(live_odoo, "sop", "measure", run_id, "Pool usage alert at 80%", "--due", "2030-01-15", **AI))
    _ok(
        practice(
            live_odoo,
            "sop",
            "measure",
            run_id,
            "CI check for connections outside finally",
            "--owner",
            "admin",
            "--due",
            "2030-01-20",
            **AI,
        )
    )
    assert _json(practice(live_odoo, "--json", "sop", "finish", run_id, **AI))["state"] == "completed"

    # the post-mortem, written into the vault folder by the agent
    folder = tmp_path / "knowledge"
    written = _ok(practice(live_odoo, "sop", "postmortem", run_id, "--folder", str(folder), **AI))
    target = written.stdout.strip()
    assert target.startswith(str(folder) + "/")
    rel = target[len(str(folder)) + 1 :]
    # the day the run ended, its error code (a number after it when an earlier run took the name)
    assert re.fullmatch(r"postmortems/[0-9]{4}-[0-9]{2}-[0-9]{2}-e2e-walk-pool-leak(-[0-9]+)?\.md", rel), rel
    exported = (folder / rel).read_bytes()
    text = exported.decode()
    assert f"run: {run_id}\n" in text and "severity: critical\n" in text
    for expected in (
        "## Timeline",
        "step 2 Gather evidence completed by",
        "[evidence: checkout.log]",
        "1. Why did checkout fail? → No DB connection was free.",
        "3. Why was it exhausted? → Error paths never returned their connection.",
        "## Root cause\n\nexception handlers leak connections",
        "## Fix\n\nRelease DB connections in finally blocks.",
        "- [ ] Pool usage alert at 80% (owner: practice_ai, due: 2030-01-15, state: planned)",
        "- [ ] CI check for connections outside finally (owner: admin, due: 2030-01-20, state: planned)",
        f"- SOP run #{run_id} (SOP-TRIAGE-001)",
    ):
        assert expected in text, expected
    # the error code's form lists the measures of its runs
    (code,) = admin_rpc.call(
        "practice.error.code", "search_read", [("name", "=", "E2E_WALK_POOL_LEAK")], ["measure_count"]
    )
    assert code["measure_count"] == 2

    # re-imported unchanged: a push of the folder writes nothing, a pull writes the same bytes
    pushed = _json(practice(live_odoo, "--json", "vault", "push", str(folder)))
    assert (pushed["unchanged"], pushed["updated"], pushed["errors"]) == ([rel], [], [])
    fresh = tmp_path / "pulled"
    _ok(practice(live_odoo, "vault", "pull", str(fresh)))
    assert (fresh / rel).read_bytes() == exported

    # a hand edit (blank lines, no final newline) round-trips byte for byte
    edited = text.replace("\n\n## Fix", "\n\n\n\n## Fix").rstrip("\n")
    (folder / rel).write_bytes(edited.encode())
    pushed = _json(practice(live_odoo, "--json", "vault", "push", str(folder)))
    assert (pushed["updated"], pushed["errors"]) == ([rel], [])
    again = tmp_path / "pulled-again"
    _ok(practice(live_odoo, "vault", "pull", str(again)))
    assert (again / rel).read_bytes() == edited.encode()
    # the agent's next export of the unchanged run gives the same bytes: nothing to write
    rewritten = _json(
        practice(live_odoo, "--json", "sop", "postmortem", run_id, "--folder", str(again), **AI)
    )
    assert rewritten["written"] is False and (again / rel).read_bytes() == edited.encode()
    (record,) = admin_rpc.call(
        "practice.postmortem", "search_read", [("run_id", "=", int(run_id))], ["fix", "vault_path"]
    )
    assert record["fix"] == "Release DB connections in finally blocks." and record["vault_path"] == rel

    # the MCP tool writes the same file for the agent
    mcp_folder = tmp_path / "mcp-vault"

    async def scenario():
        params = StdioServerParameters(
            command=sys.executable,
            args=["-m", "practice_client.mcp_server"],
            env=_env(live_odoo, login=AI["login"], secret=AI["secret"]),
            cwd=str(CLIENT_DIR),
        )
        async with Client(params) as client:
            return await client.call_tool(
                "sop_postmortem", {"run_id": int(run_id), "folder": str(mcp_folder)}
            )

    answer = anyio.run(scenario)
    assert answer.structured_content["path"] == rel
    assert (mcp_folder / rel).read_bytes() == edited.encode()
