"""practice_sop end to end: an AI agent walks SOP-TRIAGE-001 over the `practice` CLI and the MCP
server against a real Odoo server; refusals are one line with exit 3 (CLI) or a tool error (MCP)."""

import json
import sys

import anyio
import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from test_client_e2e import CLIENT_DIR, _env, practice

pytestmark = pytest.mark.integration

AI = {"login": "practice_ai", "secret": "practice_ai"}


def _json(proc):
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_agent_walks_triage_over_the_cli_with_refusals(live_odoo, admin_rpc, tmp_path):
    started = _json(
        practice(
            live_odoo,
            "--json",
            "sop",
            "start",
            "SOP-TRIAGE-001",
            "e2e: deploy failed, DB timeout",
            "--severity",
            "critical",
            "--session",
            "agent-e2e",
            "--category",
            "DATABASE",
            **AI,
        )
    )
    run_id = started["id"]
    assert (started["state"], started["sla_minutes"], len(started["steps"])) == ("running", 15, 6)
    assert started["due_at"] and started["category"] == "DATABASE"
    assert "5 whys" in started["steps"][2]["instructions"]
    # refusals: out of order, skip without reason, evidence missing, finish too early -> exit 3, one line
    for args, message in (
        (["sop", "step", str(run_id), "2", "completed", "--result", "x"], "done in order"),
        (["sop", "step", str(run_id), "1", "skipped"], "skipping needs a reason"),
        (["sop", "finish", str(run_id)], "every step must be completed or skipped first"),
        (["sop", "step", "999999", "1", "completed"], "No SOP run with id 999999"),
        (
            ["error-code", "add", "db-leak", "--severity", "high", "--description", "x"],
            "did you mean DB_LEAK",
        ),
    ):
        proc = practice(live_odoo, *args, **AI)
        assert proc.returncode == 3, (args, proc.stdout, proc.stderr)
        assert message in proc.stderr and "Traceback" not in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1
    bad_usage = practice(live_odoo, "sop", "step", str(run_id), "1", "done", **AI)
    assert bad_usage.returncode == 2
    # the walk
    human = practice(
        live_odoo, "sop", "step", str(run_id), "1", "completed", "--result", "DB timeout, CRITICAL", **AI
    )
    assert human.returncode == 0, human.stderr
    assert f"run {run_id} SOP-TRIAGE-001" in human.stdout and "next: step 2 Gather evidence" in human.stdout
    practice(live_odoo, "sop", "step", str(run_id), "2", "in_progress", **AI)
    log = tmp_path / "deployment.log"
    log.write_text("ERROR psycopg2.OperationalError: connection pool exhausted\n")
    fake_png = tmp_path / "pool.png"
    fake_png.write_text("not a png")
    wrong_type = practice(
        live_odoo, "sop", "step", str(run_id), "2", "completed", "--attach", str(fake_png), **AI
    )
    assert wrong_type.returncode == 3 and "is not a .png file" in wrong_type.stderr
    attached = practice(
        live_odoo,
        "sop",
        "step",
        str(run_id),
        "2",
        "completed",
        "--result",
        "logs",
        "--attach",
        str(log),
        **AI,
    )
    assert attached.returncode == 0, attached.stderr
    assert "[files: deployment.log]" in attached.stdout
    added = practice(
        live_odoo,
        "error-code",
        "add",
        "E2E_DB_CONNECTION_LEAK",
        "--severity",
        "high",
        "--description",
        "connections not released",
        "--resolution",
        "close cursors in finally",
        "--run",
        str(run_id),
        **AI,
    )
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("E2E_DB_CONNECTION_LEAK registered")
    why = practice(
        live_odoo,
        "sop",
        "step",
        str(run_id),
        "3",
        "completed",
        "--result",
        "leak",
        "--why",
        "Why did the deploy fail?",
        "--because",
        "DB connection timeout",
        "--why",
        "Why the timeout?",
        "--because",
        "pool exhausted",
        "--root-cause",
        "exception handlers leak connections",
        **AI,
    )
    assert why.returncode == 0, why.stderr
    assert "why 2: Why the timeout? -> because pool exhausted" in why.stdout
    measure = practice(
        live_odoo, "sop", "measure", str(run_id), "CI check for finally blocks", "--due", "2030-01-15", **AI
    )
    assert measure.returncode == 0, measure.stderr
    assert "due 2030-01-15): CI check for finally blocks" in measure.stdout
    skipped = practice(
        live_odoo, "sop", "step", str(run_id), "4", "skipped", "--reason", "fixed by hand", **AI
    )
    assert skipped.returncode == 0, skipped.stderr
    for seq in (5, 6):
        assert (
            practice(
                live_odoo, "sop", "step", str(run_id), str(seq), "completed", "--result", "ok", **AI
            ).returncode
            == 0
        )
    finished = _json(practice(live_odoo, "--json", "sop", "finish", str(run_id), **AI))
    assert finished["state"] == "completed" and finished["sla"] in ("met", "missed")
    # the incident becomes a proposed rule; the catalog shows it
    drafted = practice(live_odoo, "sop", "draft-rule", str(run_id), **AI)
    assert drafted.returncode == 0, drafted.stderr
    # titled by the lesson (the code's resolution), not the incident
    assert "proposed" in drafted.stdout and "Close cursors in finally" in drafted.stdout
    shown = practice(live_odoo, "error-code", "show", "E2E_DB_CONNECTION_LEAK", **AI)
    assert shown.returncode == 0, shown.stderr
    assert "occurrences: 1" in shown.stdout and "(proposed)" in shown.stdout
    assert "CI check for finally blocks" in shown.stdout
    detail = practice(live_odoo, "sop", "show", str(run_id), **AI)
    assert detail.returncode == 0 and "step 3: Root cause" in detail.stdout and "5 whys" in detail.stdout
    listed = practice(live_odoo, "sop", "list", "--state", "completed", **AI)
    assert listed.returncode == 0 and f"{run_id}\tSOP-TRIAGE-001" in listed.stdout
    # the data behind the answers
    (run,) = admin_rpc.call(
        "practice.sop.run", "read", [run_id], ["state", "session_id", "user_id", "rule_id", "error_code_ids"]
    )
    assert (run["state"], run["session_id"]) == ("completed", "agent-e2e")
    assert run["user_id"][1] and run["rule_id"] and len(run["error_code_ids"]) == 1
    (rule,) = admin_rpc.call("practice.rule", "read", [run["rule_id"][0]], ["status", "vault_path"])
    assert rule == {"id": run["rule_id"][0], "status": "proposed", "vault_path": False}
    # an Engineer reviews it from the CLI (issue 27, item 6): the agent may not accept its own draft
    rule_id = str(run["rule_id"][0])
    waiting = practice(live_odoo, "rule", "proposed")
    assert waiting.returncode == 0 and f"{rule_id}\t" in waiting.stdout, waiting.stderr
    refused = practice(live_odoo, "rule", "accept", rule_id, **AI)
    assert refused.returncode != 0 and "Traceback" not in refused.stderr, refused.stderr
    accepted = practice(live_odoo, "rule", "accept", rule_id)
    assert accepted.returncode == 0, accepted.stderr
    assert f"accepted rule {rule_id}" in accepted.stdout and "(active, rules/" in accepted.stdout
    again = practice(live_odoo, "rule", "accept", rule_id)
    assert again.returncode != 0 and "is not proposed (it is active)" in again.stderr
    # a completed run is final
    proc = practice(live_odoo, "sop", "finish", str(run_id), "--abort", "--reason", "late", **AI)
    assert proc.returncode == 3 and "a completed run cannot become aborted" in proc.stderr


def _mcp(server, login, secret):
    return StdioServerParameters(
        command=sys.executable,
        args=["-m", "practice_client.mcp_server"],
        env=_env(server, login=login, secret=secret),
        cwd=str(CLIENT_DIR),
    )


def test_agent_walks_triage_over_mcp(live_odoo, admin_rpc):
    async def scenario():
        async with Client(_mcp(live_odoo, **AI)) as client:
            started = await client.call_tool(
                "sop_start",
                {
                    "sop_code": "SOP-TRIAGE-001",
                    "title": "mcp triage",
                    "session_id": "mcp-agent",
                    "category": "deploy",
                },
            )
            run_id = started.structured_content["id"]
            early = await client.call_tool(
                "sop_step", {"run_id": run_id, "sequence": 3, "state": "completed"}
            )
            answers = []
            for seq in range(1, 7):
                args = {"run_id": run_id, "sequence": seq, "state": "completed", "result": f"r{seq}"}
                if seq == 3:
                    args.update(whys=[{"why": "Why?", "because": "Because."}], root_cause="the cause")
                answers.append(await client.call_tool("sop_step", args))
            code = await client.call_tool(
                "error_code_add",
                {"code": "MCP_E2E_CODE", "severity": "low", "description": "from mcp", "run_id": run_id},
            )
            finished = await client.call_tool("sop_finish", {"run_id": run_id})
            no_lesson = await client.call_tool("sop_draft_rule", {"run_id": run_id})
            shown = await client.call_tool("sop_show", {"run_id": run_id})
            unknown = await client.call_tool("sop_start", {"sop_code": "SOP-NOPE-1", "title": "x"})
        return run_id, started, early, answers, code, finished, no_lesson, shown, unknown

    run_id, started, early, answers, code, finished, no_lesson, shown, unknown = anyio.run(scenario)
    assert not started.is_error and started.structured_content["state"] == "running"
    for refused, message in (
        (early, "done in order"),
        (no_lesson, "has no resolution"),
        (unknown, "SOP-NOPE-1"),
    ):
        assert refused.is_error and message in refused.content[0].text
        assert "Traceback" not in refused.content[0].text
    assert all(not a.is_error for a in answers)
    assert [s["state"] for s in answers[-1].structured_content["steps"]] == ["completed"] * 6
    assert code.structured_content["created"] is True
    assert finished.structured_content["state"] == "completed"
    assert shown.structured_content["error_codes"] == ["MCP_E2E_CODE"]
    assert shown.structured_content["category"] == "DEPLOY"
    assert shown.structured_content["five_whys"] == [{"why": "Why?", "because": "Because."}]
    assert shown.structured_content["steps"][0]["instructions"]
    (run,) = admin_rpc.call("practice.sop.run", "read", [run_id], ["session_id", "state"])
    assert (run["session_id"], run["state"]) == ("mcp-agent", "completed")
