"""End to end: the session-start context bundle of whatever practice addons the database has,
over XML-RPC on a live server."""

import json

import pytest

pytestmark = pytest.mark.integration

# fixed for the whole suite (see the shared design): lower comes first
PRIORITIES = {
    "scope": 0,
    "rules": 10,
    "memory": 20,
    "glossary": 30,
    "runbooks": 40,
    "locks": 50,
    "alerts": 60,
    "sessions": 70,
}


def _installed(rpc):
    rows = rpc.call(
        "ir.module.module",
        "search_read",
        [("name", "like", "practice_"), ("state", "=", "installed")],
        ["name"],
    )
    return {row["name"] for row in rows}


def test_sections_follow_priorities_and_installed_addons(admin_rpc):
    installed = _installed(admin_rpc)
    result = admin_rpc.call("practice.context", "bundle", modules=["practice_base", "fl_marketplaces_amazon"])
    sections = result["sections"]
    keys = list(sections)
    for key in keys:
        assert sections[key]["priority"] == PRIORITIES.get(key, sections[key]["priority"])
    assert [sections[k]["priority"] for k in keys] == sorted(sections[k]["priority"] for k in keys)
    expected = {"scope"}
    if "practice_knowledge" in installed:
        expected |= {"rules", "glossary", "runbooks"}
    if "practice_memory" in installed:
        expected |= {"memory", "sessions"}
    if "practice_lock" in installed:
        expected.add("locks")
    if "practice_watchdog" in installed:
        expected.add("alerts")
    assert expected <= set(keys)
    # markdown headings appear in the same order as the section keys
    text = result["markdown"]
    positions = [
        text.index(f"## {sections[k]['title']}")
        for k in keys
        if sections[k]["count"] or not sections[k]["total"]
    ]
    assert positions == sorted(positions)


# JSON keeps every section's header even when its items are left out (about 100 bytes a
# section), so very small JSON budgets cannot be met; markdown can go down to the minimum.
@pytest.mark.parametrize(
    "fmt,max_bytes",
    [("markdown", 300), ("markdown", 1000), ("markdown", 4000), ("markdown", 25000)]
    + [("json", 1500), ("json", 4000), ("json", 25000)],
)
def test_budget_respected(admin_rpc, max_bytes, fmt):
    result = admin_rpc.call(
        "practice.context", "bundle", modules=["practice_base"], max_bytes=max_bytes, fmt=fmt
    )
    assert result["bytes"] <= max_bytes
    if fmt == "markdown":
        assert result["bytes"] == len(result["markdown"].encode())
    else:
        assert result["markdown"] == ""
        # XML-RPC turns None into False, so the size is re-measured approximately
        assert len(json.dumps(result["sections"], sort_keys=True).encode()) <= max_bytes + 64
    if any(s["truncated"] for s in result["sections"].values()):
        assert result["truncated"] is True


def test_deterministic_across_calls(admin_rpc):
    for fmt in ("markdown", "json"):
        first = admin_rpc.call("practice.context", "bundle", modules=["practice_base"], fmt=fmt)
        second = admin_rpc.call("practice.context", "bundle", modules=["practice_base"], fmt=fmt)
        assert first == second


def test_json_and_markdown_carry_the_same_items(admin_rpc):
    md = admin_rpc.call("practice.context", "bundle", modules=["practice_base"], fmt="markdown")
    js = admin_rpc.call("practice.context", "bundle", modules=["practice_base"], fmt="json")
    assert md["markdown"].startswith("# ")
    assert list(md["sections"]) == list(js["sections"])
    for key in md["sections"]:
        if not md["truncated"] and not js["truncated"]:
            assert md["sections"][key]["items"] == js["sections"][key]["items"], key


def test_bad_format_is_refused(admin_rpc):
    import xmlrpc.client

    with pytest.raises(xmlrpc.client.Fault, match="Unknown format"):
        admin_rpc.call("practice.context", "bundle", fmt="xml")
