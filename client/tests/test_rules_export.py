"""`practice rules export`: the hard rules where each agent reads them natively (issue 26, item 2).

The planning and the AGENTS.md merge are pure (:mod:`practice_client.rules_export`); the command
runs in a real temporary git work tree with module folders against a fake server."""

import os
import subprocess

import click
import pytest
from click.testing import CliRunner
from practice_client import cli_rules
from practice_client import rules_export as rx

pytestmark = pytest.mark.integrity

RULES = [
    {
        "id": 12,
        "repo_id": 1,
        "name": "Never write list prices from an onchange",
        "rule": "Prices change only through `pricelist.item` writes.\r\nAn onchange that writes "
        "`list_price` fights the import job.",
        "fix": "Move the computation into `_compute_price`; the import job recomputes it.",
        "severity": "critical",
        "module_ids": [10],
    },
    {
        "id": 14,
        "repo_id": 1,
        "name": "Round with the currency, not round()",
        "rule": "Use `currency.round(amount)`.",
        "fix": "",
        "severity": "medium",
        "module_ids": [10, 11],
    },
    {
        "id": 15,
        "repo_id": 1,
        "name": "No raw SQL writes",
        "rule": "Write through the ORM: raw SQL skips the caches and the audit trail.",
        "fix": "Use `record.write()`; read with `_read_group`.",
        "severity": "high",
        "module_ids": [],
    },
    {
        "id": 99,
        "repo_id": 2,
        "name": "Another repository's rule",
        "rule": "Not ours.",
        "fix": "",
        "severity": "critical",
        "module_ids": [],
    },
]
MODULES = {10: "sale_pricing", 11: "stock_sync", 12: "new_module"}
REPOS = [{"id": 1, "name": "shop", "is_default": True}, {"id": 2, "name": "other", "is_default": False}]


class FakeRPC:
    """Stands in for PracticeRPC: answers the three reads of the export and the rules listing."""

    calls = []
    rules = RULES

    def __init__(self, settings):
        self.settings = settings

    def call(self, model, method, *args, **kwargs):
        FakeRPC.calls.append((model, method, args, kwargs))
        if model == "practice.repo" and method == "search_read":
            return [dict(r) for r in REPOS]
        if model == "practice.rule" and method == "search_read":
            leaves = {leaf[0]: leaf[2] for leaf in args[0]}
            found = [r for r in FakeRPC.rules if leaves.get("repo_id", r["repo_id"]) == r["repo_id"]]
            return [{k: r.get(k, "active") for k in ("id", *args[1])} for r in found]
        if model == "practice.code.module" and method == "read":
            return [{"id": i, "name": MODULES[i]} for i in args[0]]
        raise AssertionError(f"unexpected call {model}.{method}")


def plain(rule):
    """A fake server row as the export's input."""
    return {
        **{k: rule[k] for k in ("id", "name", "rule", "fix", "severity")},
        "modules": sorted(MODULES[m] for m in rule["module_ids"]),
    }


SHOP = [plain(r) for r in RULES if r["repo_id"] == 1]
FOLDERS = {"sale_pricing": ["addons/sale_pricing"], "stock_sync": ["addons/stock_sync"]}


def git(root, *args):
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


@pytest.fixture
def work_tree(tmp_path, monkeypatch):
    root = tmp_path / "repo"
    for module in ("sale_pricing", "stock_sync", "unrelated"):
        (root / "addons" / module).mkdir(parents=True)
        (root / "addons" / module / "__manifest__.py").write_text("{'name': 'x'}\n")
    (root / ".claude" / "rules").mkdir(parents=True)
    (root / ".claude" / "rules" / "own.md").write_text("# My own rule\n")
    git(root, "init", "-q")
    monkeypatch.chdir(root)
    monkeypatch.delenv("PRACTICE_REPO", raising=False)
    monkeypatch.setattr("practice_client.cli_common.PracticeRPC", FakeRPC)
    FakeRPC.rules = RULES
    return root


def practice(*args):
    from practice_client import cli as cli_module

    root = click.Group(
        "practice",
        callback=cli_module.cli.callback,
        params=cli_module.cli.params,
        commands=dict(cli_module.cli.commands),
    )
    cli_rules.register(root)
    cli_rules.register(root)  # idempotent: cli.py may register it too
    FakeRPC.calls = []
    return CliRunner().invoke(root, list(args), env={"PRACTICE_API_KEY": "k"}, catch_exceptions=False)


def snapshot(root):
    found = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".git"]
        for name in files:
            path = os.path.join(folder, name)
            with open(path, "rb") as handle:
                found[os.path.relpath(path, root)] = (handle.read(), os.stat(path).st_mtime_ns)
    return found


# -- planning --------------------------------------------------------------------------------------
def test_a_modules_rule_lands_in_its_claude_file_with_the_folder_glob():
    files, delete = rx.plan(SHOP, FOLDERS, {}, repo="shop")
    assert delete == []
    assert sorted(files) == [
        ".claude/rules/practice-repository.md",
        ".claude/rules/sale_pricing.md",
        ".claude/rules/stock_sync.md",
        ".cursor/rules/sale_pricing.mdc",
        ".cursor/rules/stock_sync.mdc",
        "AGENTS.md",
    ]
    claude = files[".claude/rules/sale_pricing.md"]
    assert claude.startswith('---\npaths:\n  - "addons/sale_pricing/**"\n---\n' + rx.MARKER + "\n")
    # whole, with the fix, most important first, line endings normalised
    assert "## Rule 12 · critical · Never write list prices from an onchange" in claude
    assert "Prices change only through `pricelist.item` writes.\nAn onchange that writes" in claude
    assert "### Fix\n\nMove the computation into `_compute_price`" in claude
    assert claude.index("Rule 12") < claude.index("Rule 14") and "Rule 15" not in claude
    assert "\r" not in claude and claude.endswith("\n") and not claude.endswith("\n\n\n")
    assert "Rule 14" in files[".claude/rules/stock_sync.md"], "a rule of two modules is in both"
    wide = files[".claude/rules/practice-repository.md"]
    assert wide.startswith(rx.MARKER + "\n") and "paths:" not in wide and "Rule 15" in wide
    cursor = files[".cursor/rules/sale_pricing.mdc"]
    assert cursor.startswith(
        "---\ndescription: Hard rules of the module sale_pricing (Practice, repository shop)\n"
        "globs: addons/sale_pricing/**\nalwaysApply: false\n---\n" + rx.MARKER + "\n"
    )
    assert all(rx.is_generated(text) for text in files.values())


def test_module_folders_come_from_manifests_and_unknown_modules_get_a_name_glob():
    folders = rx.module_folders(
        [
            "addons/a/__manifest__.py",
            "vendor/x/a/__manifest__.py",
            ".venv/b/__manifest__.py",
            "__manifest__.py",
        ]
    )
    assert folders == {"a": ["addons/a", "vendor/x/a"]}
    assert rx.module_globs("a", folders) == ["addons/a/**", "vendor/x/a/**"]
    assert rx.module_globs("new_module", folders) == ["**/new_module/**"]
    files, _delete = rx.plan([{**SHOP[0], "modules": ["a"]}], folders, {}, agents=(rx.CLAUDE,))
    assert '  - "addons/a/**"\n  - "vendor/x/a/**"\n' in files[".claude/rules/a.md"]


def test_only_our_files_are_removed_and_a_users_file_in_the_way_is_refused():
    old = '---\npaths:\n  - "x/**"\n---\n' + rx.MARKER + "\nold\n"
    existing = {
        ".claude/rules/gone_module.md": old,
        ".cursor/rules/gone_module.mdc": old,
        ".claude/rules/own.md": "# mine\n",
        ".claude/rules/sub/deep.md": old,  # not where we write
    }
    _files, delete = rx.plan(SHOP, FOLDERS, existing, agents=(rx.CLAUDE,))
    assert delete == [".claude/rules/gone_module.md"], "cursor files are not ours to touch this run"
    with pytest.raises(rx.ExportError, match="sale_pricing.md"):
        rx.plan(SHOP, FOLDERS, {".claude/rules/sale_pricing.md": "# mine\n"})
    with pytest.raises(rx.ExportError, match="unknown agents"):
        rx.plan(SHOP, FOLDERS, {}, agents=("windsurf",))


# -- AGENTS.md -------------------------------------------------------------------------------------
USER_TEXTS = [
    "# My project\n\nBuild with `make`.\n",
    "# My project\n\nno trailing newline",
    "# My project\r\n\r\nWindows lines.\r\n",
    "# CRLF without trailing newline\r\nlast",
    "",
    "ünïcödé ✓\n",
]


@pytest.mark.parametrize("user", USER_TEXTS)
def test_agents_md_keeps_the_users_text_byte_for_byte(user):
    merged = rx.merge_agents_md(user, SHOP, repo="shop")
    start, stop = merged.index(rx.BEGIN), merged.index(rx.END) + len(rx.END)
    assert merged[:start].startswith(user) and merged[:start][len(user) :].strip() == ""
    eol = "\r\n" if "\r\n" in user else "\n"
    assert merged[stop:] == eol
    section = merged[start:stop]
    assert (eol == "\r\n") == ("\r\n" in section) and "\n" in section
    assert eol != "\n" or "\r" not in section
    again = rx.merge_agents_md(merged, SHOP, repo="shop")
    assert again == merged, "re-export changes nothing"
    # the user adds text after our section: both sides survive the next export
    edited = merged + "## Later\r\nmine" if eol == "\r\n" else merged + "## Later\nmine"
    updated = rx.merge_agents_md(edited, SHOP[:1], repo="shop")
    assert updated[:start] == merged[:start]
    assert updated.endswith(edited[stop:]) and "Rule 14" not in updated


@pytest.mark.parametrize("user", [None, ""])
def test_agents_md_is_created_when_missing(user):
    created = rx.merge_agents_md(user, SHOP, repo="shop")
    assert created.startswith(rx.BEGIN) and created.endswith(rx.END + "\n")


@pytest.mark.parametrize(
    "broken",
    [
        f"a\n{rx.BEGIN}\nb\n",
        f"a\n{rx.END}\n",
        f"{rx.END}\nx\n{rx.BEGIN}\n",
        f"{rx.BEGIN}\n{rx.END}\n{rx.BEGIN}\n{rx.END}\n",
        f"{rx.BEGIN}\n{rx.BEGIN}\n{rx.END}\n",
    ],
)
def test_agents_md_with_broken_markers_is_refused(broken):
    with pytest.raises(rx.ExportError, match="markers are broken"):
        rx.merge_agents_md(broken, SHOP)


def test_agents_md_replaces_only_between_the_markers():
    user = "before\r\n<!-- practice:begin old -->\r\nstale\r\n<!-- practice:end -->after"
    merged = rx.merge_agents_md(user, SHOP, repo="shop")
    assert merged.startswith("before\r\n" + rx.BEGIN) and merged.endswith(rx.END + "after")
    assert "stale" not in merged
    unclosed = f"{rx.BEGIN}\nold\n<!-- practice:end\r\nmine <!-- c -->\n"
    assert rx.merge_agents_md(unclosed, SHOP).endswith(rx.END + "\r\nmine <!-- c -->\n")


def test_agents_section_is_bounded_most_important_first():
    many = [
        {
            "id": i,
            "name": f"Rule number {i}",
            "rule": "A long explanation. " * 40,
            "fix": "Do it right. " * 10,
            "severity": ("low", "medium", "high", "critical")[i % 4],
            "modules": [] if i % 3 else ["sale_pricing"],
        }
        for i in range(1, 121)
    ]
    for eol in ("\n", "\r\n"):
        section = rx.agents_section(many, repo="shop", eol=eol)
        assert len((section + eol).encode("utf-8")) <= rx.AGENTS_MAX_BYTES
        assert section.startswith(rx.BEGIN) and section.endswith(rx.END)
    whole = [r for r in sorted(many, key=rx.importance) if f"### Rule {r['id']} ·" in section]
    assert whole and {r["severity"] for r in whole} == {"critical"}, "critical rules come whole first"
    assert whole[0]["modules"] == [], "repository-wide before module rules of the same severity"
    assert "`practice show rule " in section and "more: `practice rules` lists them all." in section
    small = rx.agents_section(SHOP, repo="shop")
    assert all(f"### Rule {r['id']} ·" in small for r in SHOP) and "Also in force" not in small
    defused = rx.agents_section([{**SHOP[0], "rule": f"see {rx.END}"}])
    assert defused.count(rx.END_TOKEN) == 1


# -- the command in a git work tree ------------------------------------------------------------
def test_export_round_trip_in_a_git_work_tree(work_tree):
    (work_tree / "AGENTS.md").write_bytes(b"# Team notes\r\n\r\nRun `make test`.")
    first = practice("rules", "export")
    assert first.exit_code == 0, first.output
    assert "3 rules of shop: 6 written, 0 removed, 0 unchanged" in first.output
    models = [(m, meth) for m, meth, _a, _k in FakeRPC.calls]
    assert models == [
        ("practice.repo", "search_read"),
        ("practice.rule", "search_read"),
        ("practice.code.module", "read"),
    ]
    assert FakeRPC.calls[1][2][0] == [("status", "=", "active"), ("repo_id", "=", 1)]
    claude = (work_tree / ".claude/rules/sale_pricing.md").read_text()
    assert '  - "addons/sale_pricing/**"' in claude and "Move the computation" in claude
    agents = (work_tree / "AGENTS.md").read_bytes()
    assert agents.startswith(b"# Team notes\r\n\r\nRun `make test`.\r\n\r\n" + rx.BEGIN.encode())
    assert (work_tree / ".claude/rules/own.md").read_text() == "# My own rule\n"

    before = snapshot(work_tree)
    second = practice("rules", "export")
    assert second.exit_code == 0 and "0 written, 0 removed, 6 unchanged" in second.output
    assert snapshot(work_tree) == before, "re-export is byte-identical and leaves mtimes alone"
    check = practice("rules", "export", "--check")
    assert check.exit_code == 0 and "6 generated files fresh" in check.output

    # stock_sync loses its rule, sale_pricing's rule changes: --check says so and writes nothing
    FakeRPC.rules = [{**r, "module_ids": [10], "rule": "Changed."} if r["id"] == 14 else r for r in RULES]
    stale = practice("rules", "export", "--check")
    assert stale.exit_code == 1
    assert "stale: .claude/rules/sale_pricing.md" in stale.output
    assert "extra: .claude/rules/stock_sync.md" in stale.output
    assert "extra: .cursor/rules/stock_sync.mdc" in stale.output
    assert snapshot(work_tree) == before
    as_json = practice("--json", "rules", "export", "--check")
    assert as_json.exit_code == 1 and '"fresh": false' in as_json.output
    third = practice("rules", "export")
    assert "removed .claude/rules/stock_sync.md" in third.output
    assert not (work_tree / ".cursor/rules/stock_sync.mdc").exists()
    assert (work_tree / ".claude/rules/own.md").exists(), "a user's own rule file is never removed"
    assert practice("rules", "export", "--check").exit_code == 0


def test_export_for_some_agents_and_another_repository(work_tree):
    result = practice("rules", "export", "--agents", "claude", "--repo", "other")
    assert result.exit_code == 0, result.output
    assert sorted(os.listdir(work_tree / ".claude/rules")) == ["own.md", "practice-repository.md"]
    assert "Another repository's rule" in (work_tree / ".claude/rules/practice-repository.md").read_text()
    assert not (work_tree / "AGENTS.md").exists() and not (work_tree / ".cursor").exists()
    bad = practice("rules", "export", "--agents", "claude,windsurf")
    assert bad.exit_code == 2 and "windsurf" in bad.output


def test_export_refuses_without_touching_anything(work_tree):
    before = snapshot(work_tree)
    unknown = practice("rules", "export", "--repo", "nope")
    assert unknown.exit_code == 1 and "unknown repository 'nope' (known: other, shop)" in unknown.output
    (work_tree / ".cursor/rules").mkdir(parents=True)
    (work_tree / ".cursor/rules/sale_pricing.mdc").write_text("my own cursor rule\n")
    (work_tree / "AGENTS.md").write_text(f"x\n{rx.BEGIN}\n")
    mine = snapshot(work_tree)
    broken = practice("rules", "export")
    assert broken.exit_code == 1 and "markers are broken" in broken.output
    (work_tree / "AGENTS.md").write_text("x\n")
    theirs = practice("rules", "export")
    assert theirs.exit_code == 1 and "left alone: .cursor/rules/sale_pricing.mdc" in theirs.output
    after = snapshot(work_tree)
    assert after[".cursor/rules/sale_pricing.mdc"] == mine[".cursor/rules/sale_pricing.mdc"]
    assert set(after) == set(mine) and set(before) < set(mine)


def test_export_outside_git_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("practice_client.cli_common.PracticeRPC", FakeRPC)
    monkeypatch.setattr("practice_client.hook_core.work_tree", lambda cwd=None: None)
    result = practice("rules", "export")
    assert result.exit_code == 1 and "not inside a git work tree" in result.output


def test_practice_rules_still_lists_rules(work_tree):
    result = practice("rules", "--limit", "5")
    assert result.exit_code == 0, result.output
    ((model, method, args, kwargs),) = FakeRPC.calls
    assert (model, method, args[1], kwargs) == (
        "practice.rule",
        "search_read",
        ["name", "severity", "status"],
        {"limit": 5},
    )
    assert "export" in practice("rules", "--help").output


# -- refreshed by session start and vault pull (only where an export was made) ----------------------
def _call(model, method, *args, **kwargs):
    return FakeRPC(None).call(model, method, *args, **kwargs)


def test_refresh_touches_nothing_where_no_export_was_made(work_tree):
    from practice_client import rules_sync

    before = snapshot(work_tree)
    assert rules_sync.refresh(_call, str(work_tree), "shop") is None
    assert snapshot(work_tree) == before


def test_refresh_follows_a_changed_rule_for_the_agents_exported_here(work_tree):
    from practice_client import rules_sync

    assert practice("rules", "export", "--agents", "claude").exit_code == 0
    assert rules_sync.refresh(_call, str(work_tree), "shop")["fresh"], "nothing changed: nothing to do"
    FakeRPC.rules = [dict(RULES[0], fix="Recompute in `_compute_price` (changed on the server)."), *RULES[1:]]
    result = rules_sync.refresh(_call, str(work_tree), "shop")
    assert result["stale"] == [".claude/rules/sale_pricing.md"]
    assert "changed on the server" in (work_tree / ".claude" / "rules" / "sale_pricing.md").read_text()
    assert not (work_tree / ".cursor").exists() and not (work_tree / "AGENTS.md").exists(), "only claude"
    assert rules_sync.summary(result) == "3 rules of shop: 1 written, 0 removed, 2 unchanged"


def test_session_start_refreshes_the_exported_rules_and_says_so(work_tree):
    from practice_client import hooks

    assert practice("rules", "export", "--agents", "claude,agents-md").exit_code == 0
    FakeRPC.rules = [dict(RULES[1], name="Round with currency.round()"), *RULES[2:]]  # rule 12 retired

    class Ctx:
        root, repo, call = str(work_tree), "shop", staticmethod(_call)

    notes = hooks.refresh_rules_files(Ctx())
    assert notes == ["rules files refreshed: 2 rules of shop: 3 written, 0 removed, 1 unchanged"]
    assert "Round with currency.round()" in (work_tree / "AGENTS.md").read_text()
    assert "list prices" not in (work_tree / "AGENTS.md").read_text()
    assert hooks.refresh_rules_files(Ctx()) == [], "fresh: nothing said"

    def down(*_args, **_kwargs):
        raise hooks.PracticeError("server unreachable", unreachable=True)

    Ctx.call = staticmethod(down)
    assert hooks.refresh_rules_files(Ctx()) == ["rules files not refreshed: server unreachable"]


def test_vault_pull_refreshes_the_exported_rules(work_tree):
    from practice_client import vault

    assert practice("rules", "export", "--agents", "cursor").exit_code == 0
    FakeRPC.rules = [dict(RULES[0], severity="high"), *RULES[1:]]

    def call(model, method, *args, **kwargs):
        if model == "practice.vault":
            return {"files": {}, "versions": {}, "repo": "shop"}
        return _call(model, method, *args, **kwargs)

    found = vault.pull(call, str(work_tree / "knowledge"), "remote", "shop")
    assert found["rules_export"].startswith("rules files refreshed: 3 rules of shop: 1 written")
    assert "· high ·" in (work_tree / ".cursor" / "rules" / "sale_pricing.mdc").read_text()
