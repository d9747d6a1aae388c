"""End to end: session logs and memory over XML-RPC on a live server, as the demo AI user."""

import uuid
import xmlrpc.client

import pytest

pytestmark = pytest.mark.integration

LOG = "practice.session.log"
MEMORY = "practice.memory"


@pytest.fixture
def ai_rpc(live_odoo):
    return live_odoo.login("practice_ai", "practice_ai")


@pytest.fixture
def engineer_rpc(live_odoo):
    return live_odoo.login("practice_engineer", "practice_engineer")


def _sid(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def test_session_start_note_finish_as_ai_user(ai_rpc):
    sid = _sid("e2e-life")
    started = ai_rpc.call(LOG, "start", sid, "E2E session", modules=["sale_ext"], model_name="llm-e2e")
    assert started["created"] is True
    assert (started["state"], started["user"], started["modules"]) == ("running", "practice_ai", ["sale_ext"])
    again = ai_rpc.call(LOG, "start", sid, "E2E session")
    assert (again["created"], again["id"]) == (False, started["id"])
    noted = ai_rpc.call(LOG, "note", sid, "failed", "ORM loop timed out")
    assert (noted["kind"], noted["entries"]) == ("failed", 1)
    ai_rpc.call(LOG, "note", sid, "worked", "batches of 500")
    finished = ai_rpc.call(LOG, "finish", sid, "success", "Batched.", cost=0.75)
    assert (finished["state"], finished["outcome"], finished["entries"]) == ("finished", "success", 2)
    assert finished["cost"] == 0.75
    with pytest.raises(xmlrpc.client.Fault, match="notes are refused"):
        ai_rpc.call(LOG, "note", sid, "note", "too late")
    with pytest.raises(xmlrpc.client.Fault, match="already finished"):
        ai_rpc.call(LOG, "finish", sid, "failed", "again")
    rows = ai_rpc.call(LOG, "search_read", [("name", "=", sid)], ["state", "outcome", "entry_count"])
    assert rows[0]["outcome"] == "success" and rows[0]["entry_count"] == 2


def test_bad_kind_and_outcome_are_clear_errors(ai_rpc):
    sid = _sid("e2e-bad")
    ai_rpc.call(LOG, "start", sid, "Bad input")
    with pytest.raises(xmlrpc.client.Fault, match="unknown entry kind 'guess'"):
        ai_rpc.call(LOG, "note", sid, "guess", "x")
    with pytest.raises(xmlrpc.client.Fault, match="unknown outcome 'meh'"):
        ai_rpc.call(LOG, "finish", sid, "meh", "x")
    row = ai_rpc.call(LOG, "search_read", [("name", "=", sid)], ["state", "entry_count"])[0]
    assert (row["state"], row["entry_count"]) == ("running", 0)


def test_ai_user_reads_but_cannot_write_an_engineers_session(ai_rpc, engineer_rpc):
    sid = _sid("e2e-eng")
    engineer_rpc.call(LOG, "start", sid, "Engineer's session")
    assert ai_rpc.call(LOG, "search_count", [("name", "=", sid)]) == 1
    with pytest.raises(xmlrpc.client.Fault, match="belongs to"):
        ai_rpc.call(LOG, "note", sid, "note", "not mine")
    log_id = ai_rpc.call(LOG, "search", [("name", "=", sid)])[0]
    with pytest.raises(xmlrpc.client.Fault, match="(?i)access"):
        ai_rpc.call(LOG, "write", [log_id], {"title": "hijacked"})
    with pytest.raises(xmlrpc.client.Fault, match="(?i)access"):
        ai_rpc.call(LOG, "unlink", [log_id])
    assert engineer_rpc.call(LOG, "read", [log_id], ["title"])[0]["title"] == "Engineer's session"


def test_remember_dedupes_and_index_as_ai_user(ai_rpc):
    tag = uuid.uuid4().hex[:8]
    sid = _sid("e2e-mem")
    ai_rpc.call(LOG, "start", sid, "Memory session")
    topic = f"E2E cache invalidation {tag}"
    summary = f"Clear the ormcache after writing ir.config_parameter {tag} directly in SQL."
    first = ai_rpc.call(MEMORY, "remember", topic, summary, session_id=sid)
    assert first["created"] is True and first["sessions"] == [sid]
    second = ai_rpc.call(MEMORY, "remember", topic.lower() + ".", summary + "!", session_id=sid)
    assert (second["created"], second["id"], second["times_seen"]) == (False, first["id"], 2)
    assert second["method"] in ("pg_trgm", "python")
    index = ai_rpc.call(MEMORY, "index", max_lines=200)
    assert set(index) >= {"markdown", "lines", "truncated"}
    assert index["lines"] <= 200
    assert index["markdown"].startswith("# Memory\n")
    assert f"**{topic}**" in index["markdown"]
    small = ai_rpc.call(MEMORY, "index", max_lines=3)
    assert small["lines"] == 3 and small["truncated"] is True
    with pytest.raises(xmlrpc.client.Fault, match="(?i)access"):
        ai_rpc.call(MEMORY, "unlink", [first["id"]])
    with pytest.raises(xmlrpc.client.Fault, match="(?i)access"):
        ai_rpc.call(MEMORY, "write", [first["id"]], {"summary": "rewritten"})


def test_bundle_has_memory_and_sessions_for_ai_user(ai_rpc):
    sid = _sid("e2e-bundle")
    ai_rpc.call(LOG, "start", sid, "Bundle session", modules=["e2e_bundle_mod"])
    ai_rpc.call(LOG, "finish", sid, "partial", "Half done on e2e_bundle_mod.")
    tag = uuid.uuid4().hex[:8]
    ai_rpc.call(
        MEMORY, "remember", f"e2e_bundle_mod quirk {tag}", f"The e2e_bundle_mod module needs a restart {tag}."
    )
    result = ai_rpc.call("practice.context", "bundle", modules=["e2e_bundle_mod"])
    memory_items = result["sections"]["memory"]["items"]
    assert memory_items[0]["relevant"] is True
    assert tag in memory_items[0]["topic"]
    sessions = result["sections"]["sessions"]["items"]
    assert sessions[0]["session_id"] == sid and sessions[0]["outcome"] == "partial"
