"""The client's layers, read from its ``import`` statements (every one, also those inside
functions): no import cycle; the lean hook entry and its core never reach click, rich, XML-RPC
or the CLI; no area module imports the root command or another area's CLI; MCP modules never
import CLI modules. ``python client/tests/test_layers.py`` prints the graph."""

import ast
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.rules

PACKAGE = Path(__file__).resolve().parents[1] / "practice_client"
# the PreToolUse hook runs before every edit: these modules are all it may load of ours
LEAN = {
    "hook_core",
    "hook_prompt",
    "hook_shell",
    "hook_fast",
    "shell_lean",
    "lean",
    "env_settings",
    "lean_rpc",
    "lock_proof",
    "locks_mirror",
    "modmap",
    "repo_config",
    "shell_watch",
    "uid_cache",
}
HEAVY = {"click", "rich", "xmlrpc", "mcp", "http", "urllib", "ssl"}


def imports(path):
    """``(ours, theirs)``: the package modules and the top-level outside packages ``path`` imports."""
    ours, theirs = set(), set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            if node.module:
                ours.add(node.module.split(".")[0])
            else:
                ours.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            theirs.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            theirs.update(alias.name.split(".")[0] for alias in node.names)
    modules = {p.stem for p in PACKAGE.glob("*.py")}
    return {m for m in ours if m in modules} - {path.stem}, theirs


def graph():
    return {path.stem: imports(path) for path in sorted(PACKAGE.glob("*.py"))}


def cycles(edges):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_client_has_no_import_cycle():
    edges = {module: ours for module, (ours, _theirs) in graph().items()}
    assert cycles(edges) == []
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]], (
        "the check finds cycles"
    )


def test_the_lean_hook_path_stays_lean():
    found = graph()
    for module in sorted(LEAN):
        ours, theirs = found[module]
        assert ours <= LEAN, f"{module} imports {sorted(ours - LEAN)}: the PreToolUse hook would load them"
        assert not theirs & HEAVY, f"{module} imports {sorted(theirs & HEAVY)}"


def test_areas_import_only_shared_layers():
    found = graph()
    for module, (ours, _theirs) in found.items():
        if module.startswith("cli_") and module != "cli_common":
            assert "cli" not in ours, f"{module} imports the root command (cli.py registers the areas)"
        if module.startswith("mcp_"):
            assert not {m for m in ours if m == "cli" or m.startswith("cli_")}, f"{module} imports CLI code"
        if module in ("hook_core", "hooks", "gitguard"):
            assert not {m for m in ours if m.startswith(("cli", "mcp_"))}, f"{module} imports CLI/MCP code"


def reachable(found, start):
    seen, todo = set(), [start]
    while todo:
        module = todo.pop()
        for nxt in found[module][0]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_no_command_loads_the_mcp_sdk():
    """Importing the MCP SDK costs over a second here: a CLI area reaching it (cli_sop once
    took a helper from mcp_sop) made every full hook and command that slow."""
    found = graph()
    for module in sorted(m for m in found if m.startswith("cli_") or m in ("hooks", "hooks_cli")):
        loaded = reachable(found, module) | {module}
        assert not {m for m in loaded if m.startswith("mcp_")}, f"{module} reaches MCP tool modules"
        assert not any("mcp" in found[m][1] for m in loaded), f"{module} reaches the mcp SDK"


if __name__ == "__main__":
    for module, (ours, _theirs) in graph().items():
        sys.stdout.write(f"{module} -> {', '.join(sorted(ours))}\n")
