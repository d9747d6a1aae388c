"""The Claude Code plugin in the repository (issue 26, item 1): its files are valid JSON, every
path they name exists, its hooks are exactly what ``practice hooks install`` merges (so the two
never drift), and the repository's marketplace lists it."""

import json
import re
from pathlib import Path

import pytest
from practice_client import hooks

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
PLUGIN = REPO / "client" / "claude-plugin"
MARKETPLACE = REPO / ".claude-plugin" / "marketplace.json"
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _plugin_paths(value):
    """Every ``${CLAUDE_PLUGIN_ROOT}/...`` or ``./...`` string in ``value``."""
    if isinstance(value, dict):
        for item in value.values():
            yield from _plugin_paths(item)
    elif isinstance(value, list):
        for item in value:
            yield from _plugin_paths(item)
    elif isinstance(value, str):
        for match in re.finditer(r"\$\{CLAUDE_PLUGIN_ROOT\}/([^\s\"']+)", value):
            yield match.group(1)
        if value.startswith("./"):
            yield value[2:]


def test_the_plugin_files_are_valid_json_and_their_paths_exist():
    files = [
        PLUGIN / ".claude-plugin" / "plugin.json",
        PLUGIN / "hooks" / "hooks.json",
        PLUGIN / ".mcp.json",
    ]
    for path in files:
        data = _load(path)
        assert isinstance(data, dict), path
        for rel in _plugin_paths(data):
            assert (PLUGIN / rel).exists(), f"{path.name} names {rel}, which is missing"
    # only the manifest goes in .claude-plugin/
    assert sorted(p.name for p in (PLUGIN / ".claude-plugin").iterdir()) == ["plugin.json"]


def test_the_manifest():
    manifest = _load(PLUGIN / ".claude-plugin" / "plugin.json")
    assert manifest["name"] == "practice" and KEBAB.match(manifest["name"])
    assert manifest["description"] and manifest["version"]
    assert "hooks" not in manifest  # hooks/hooks.json is loaded from its default place


def test_the_plugin_hooks_are_our_install():
    plugin_hooks = _load(PLUGIN / "hooks" / "hooks.json")
    assert plugin_hooks["hooks"] == hooks.merge_settings({})["hooks"]
    assert [event for event, _matcher, _name in hooks.HOOK_EVENTS] == list(plugin_hooks["hooks"])
    for event, matcher, name in hooks.HOOK_EVENTS:
        (group,) = plugin_hooks["hooks"][event]
        assert group.get("matcher") == matcher
        assert group["hooks"] == [{"type": "command", "command": f"practice hook {name}"}]


def test_the_mcp_server():
    assert _load(PLUGIN / ".mcp.json") == {
        "mcpServers": {"practice": {"command": "practice", "args": ["mcp"]}}
    }


def test_the_marketplace_lists_the_plugin():
    market = _load(MARKETPLACE)
    assert KEBAB.match(market["name"])
    assert market["owner"]["name"]
    manifest = _load(PLUGIN / ".claude-plugin" / "plugin.json")
    (entry,) = [p for p in market["plugins"] if p["name"] == manifest["name"]]
    assert entry["source"] == "./client/claude-plugin"
    assert (REPO / entry["source"]).resolve() == PLUGIN
    assert entry.get("version", manifest["version"]) == manifest["version"]
