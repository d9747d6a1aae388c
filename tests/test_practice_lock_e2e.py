"""practice_lock end to end: a real Odoo server on 127.0.0.1, XML-RPC only.

The race runs against a prefork server (``--workers=2``): eight processes, each with its own
XML-RPC connection and session, hammer acquire/release on one module. Mutual exclusion is
checked three ways: no two client-observed holds overlap (each is inside the server-side
hold), tokens grow strictly in grant order, and the database history has exactly one
granted+released lock per grant.
"""

import json
import multiprocessing
import time
import xmlrpc.client

import pytest

from odoo.addons.practice_lock.tools import lease

RACE_PROCESSES = 8
RACE_ROUNDS = 15
MAX_ATTEMPTS = 8  # acquire attempts per round; a round without a grant is skipped
RACE_MODULE = "e2e_race_module"
DEMO_USERS = [("practice_engineer", "practice_engineer"), ("practice_ai", "practice_ai"), ("admin", "admin")]


def _race_worker(url, db, login, password, session, barrier, results):
    """One racing session: its own connection, a bounded loop of acquire / check / release."""
    uid = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common").authenticate(db, login, password, {})
    proxy = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)

    def call(method, *args, **kwargs):
        return proxy.execute_kw(db, uid, password, "practice.lock", method, list(args), kwargs)

    out = {"session": session, "grants": [], "refusals": [], "faults": []}
    barrier.wait(timeout=60)
    for _round in range(RACE_ROUNDS):
        # a round: try until granted (bounded), hold (fencing check + verify), release
        for _attempt in range(MAX_ATTEMPTS):
            try:
                answer = call("acquire", RACE_MODULE, session, ttl_seconds=300, reason=session)
            except xmlrpc.client.Fault as fault:
                out["faults"].append(fault.faultString[-500:])
                continue
            if answer["granted"]:
                break
            out["refusals"].append(dict(answer, own_session=session))
        else:
            continue
        try:
            start = time.time()
            check = call("check_token", RACE_MODULE, answer["token"])
            verify = call("verify", [RACE_MODULE], session)
            end = time.time()
            released = call("release", answer["token"], session)
        except xmlrpc.client.Fault as fault:
            out["faults"].append(fault.faultString[-500:])
            continue
        out["grants"].append(
            {
                "token": answer["token"],
                "start": start,
                "end": end,
                "check": check,
                "ours": [lock["token"] for lock in verify["ours"]],
                "released": released["ok"],
            }
        )
    results.put(out)


@pytest.mark.domain
def test_race_on_prefork_workers_never_grants_two_holders(live_odoo_workers):
    server = live_odoo_workers
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(RACE_PROCESSES)
    results = ctx.Queue()
    procs = []
    for i in range(RACE_PROCESSES):
        login, password = DEMO_USERS[i % len(DEMO_USERS)]
        args = (server.url, server.db, login, password, f"race-{i}", barrier, results)
        procs.append(ctx.Process(target=_race_worker, args=args))
    started = time.time()
    for proc in procs:
        proc.start()
    outs = [results.get(timeout=300) for _ in procs]
    for proc in procs:
        proc.join(timeout=30)
        assert proc.exitcode == 0

    # never a traceback to a client: refusals and contention are normal answers
    faults = [fault for out in outs for fault in out["faults"]]
    assert faults == [], faults[:3]
    grants = sorted((g for out in outs for g in out["grants"]), key=lambda g: g["start"])
    refusals = [r for out in outs for r in out["refusals"]]
    assert len(grants) >= RACE_PROCESSES, "rounds on a module that is freed again must grant"
    assert len({out["session"] for out in outs if out["grants"]}) >= 2, "different sessions must win"
    assert refusals, "eight sessions on one module must collide"
    for refusal in refusals:
        assert refusal["token"] == 0
        assert refusal["holder"]["session_id"] or refusal.get("contended")
        assert refusal["holder"]["session_id"] != refusal["own_session"]

    # while holding, storage-side fencing accepts exactly this token and verify says "ours"
    for grant in grants:
        assert grant["check"]["valid"] and grant["check"]["current_token"] == grant["token"]
        assert grant["ours"] == [grant["token"]]
        assert grant["released"]

    # mutual exclusion: client-observed holds (inside the server-side holds) never overlap ...
    intervals = [(g["start"], g["end"], g["token"]) for g in grants]
    assert lease.overlaps(intervals) == []
    # ... and tokens strictly increase in grant order (fencing)
    tokens = [g["token"] for g in grants]
    assert tokens == sorted(tokens) and len(set(tokens)) == len(tokens)

    # the database history agrees: one lock per grant, each granted then released, none held
    admin = server.login("admin", "admin")
    locks = admin.call(
        "practice.lock",
        "search_read",
        [("module_name", "=", RACE_MODULE)],
        fields=["token", "state", "session_id", "acquired_at", "ended_at"],
        order="token",
    )
    assert [lock["token"] for lock in locks] == tokens
    assert {lock["state"] for lock in locks} == {"released"}
    events = admin.call(
        "practice.lock.event", "search_read", [("token", "in", tokens)], fields=["token", "event"], order="id"
    )
    by_token = {}
    for event in events:
        by_token.setdefault(event["token"], []).append(event["event"])
    assert all(by_token[token] == ["granted", "released"] for token in tokens)
    # server-side timestamps (second resolution) never show a grant before the previous end
    for before, after in zip(locks, locks[1:], strict=False):
        assert after["acquired_at"] >= before["ended_at"]
    contended = sum(1 for r in refusals if r.get("contended"))
    faults_seen = sum(len(out["faults"]) for out in outs)
    print(
        f"race: {len(grants)} grants, {len(refusals)} refusals ({contended} lost at the unique index), "
        f"{faults_seen} faults, {time.time() - started:.1f} s"
    )


@pytest.fixture
def ai_rpc(live_odoo):
    return live_odoo.login("practice_ai", "practice_ai")


@pytest.mark.integration
def test_rpc_contract_shapes_for_an_ai_session(ai_rpc):
    grant = ai_rpc.call(
        "practice.lock", "acquire", "e2e_contract_mod", "e2e-agent-1", ttl_seconds=120, reason="e2e"
    )
    assert grant["granted"] is True
    assert isinstance(grant["token"], int) and grant["token"] > 0
    assert isinstance(grant["expires_at"], str)
    assert {"session_id", "user", "since", "reason"} <= set(grant["holder"])
    assert grant["holder"]["session_id"] == "e2e-agent-1" and grant["holder"]["reason"] == "e2e"
    verify = ai_rpc.call("practice.lock", "verify", ["e2e_contract_mod", "e2e_free_mod"], "e2e-agent-1")
    # the contract's three lists, and the repository they were looked up in (the default: main)
    assert set(verify) == {"ours", "theirs", "free", "repo"} and verify["repo"] == "main"
    assert [lock["token"] for lock in verify["ours"]] == [grant["token"]]
    assert verify["free"] == ["e2e_free_mod"]
    check = ai_rpc.call("practice.lock", "check_token", "e2e_contract_mod", grant["token"])
    assert check == dict(check, valid=True, current_token=grant["token"])
    renewed = ai_rpc.call("practice.lock", "renew", grant["token"], "e2e-agent-1", ttl_seconds=600)
    assert renewed["ok"] is True and renewed["expires_at"] > grant["expires_at"]
    wrong = ai_rpc.call("practice.lock", "release", grant["token"], "e2e-agent-2")
    assert wrong["ok"] is False and wrong["holder"]["session_id"] == "e2e-agent-1"
    assert ai_rpc.call("practice.lock", "release", grant["token"], "e2e-agent-1")["ok"] is True
    bundle = ai_rpc.call("practice.context", "bundle", session_id="e2e-agent-1", modules=["e2e_contract_mod"])
    # released: no lock on the named module, so no pinned "locks" section (other locks apart)
    assert "locks" not in bundle["sections"]
    assert "e2e_contract_mod" not in json.dumps(bundle["sections"].get("locks_other", {}))


@pytest.mark.security
def test_rpc_reader_refused_and_force_needs_manager(live_odoo, ai_rpc):
    reader = live_odoo.login("practice_reader", "practice_reader")
    with pytest.raises(xmlrpc.client.Fault, match="AccessError|not allowed"):
        reader.call("practice.lock", "acquire", "e2e_sec_mod", "e2e-reader")
    grant = ai_rpc.call("practice.lock", "acquire", "e2e_sec_mod", "e2e-agent-sec")
    assert grant["granted"]
    engineer = live_odoo.login("practice_engineer", "practice_engineer")
    with pytest.raises(xmlrpc.client.Fault, match="only its holder"):
        engineer.call("practice.lock", "release", grant["token"], "e2e-agent-sec")
    with pytest.raises(xmlrpc.client.Fault, match="Only Practice Managers"):
        engineer.call("practice.lock", "force_release", "e2e_sec_mod", "mine")
    admin = live_odoo.login("admin", "admin")
    forced = admin.call("practice.lock", "force_release", "e2e_sec_mod", "e2e: stuck agent")
    assert forced["ok"] and forced["holder"]["session_id"] == "e2e-agent-sec"
    broken = ai_rpc.call("practice.lock", "renew", grant["token"], "e2e-agent-sec")
    assert broken == dict(broken, ok=False, broken=True, reason="e2e: stuck agent")
    assert broken["by"]


@pytest.mark.rules
def test_rpc_bad_input_is_a_clear_error(ai_rpc):
    for args, kwargs, message in [
        (("", "e2e-agent"), {}, "module must be a non-empty module name"),
        (("e2e_rules_mod", "e2e-agent"), {"ttl_seconds": 0}, "ttl_seconds must be positive"),
        (("e2e_rules_mod", "e2e-agent"), {"ttl_seconds": -5}, "ttl_seconds must be positive"),
        (("e2e_rules_mod", "e2e-agent"), {"repo": "no-such-repo"}, "Unknown repository"),
        (("e2e_rules_mod", ""), {}, "session_id must be a non-empty string"),
    ]:
        with pytest.raises(xmlrpc.client.Fault, match=message):
            ai_rpc.call("practice.lock", "acquire", *args, **kwargs)
    assert ai_rpc.call("practice.lock", "search_count", [("module_name", "=", "e2e_rules_mod")]) == 0
