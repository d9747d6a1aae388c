"""`practice note add|today` and the MCP tool `note_add` (issue 27 item 1): today's daily note made
from the daily-usage guide's template when missing, one citation appended where the server's
parser reads it (a '### ' entry of its category), and that one file pushed through the vault
import against its last version. The server is a fake recording the calls."""

import datetime
import json
from pathlib import Path

import anyio
import cli_fake
import pytest
from mcp import Client
from practice_client import daily_note
from practice_client.mcp_server import build_server

pytestmark = pytest.mark.integration

DAY = datetime.date(2025, 11, 14)
PATH = "notes/2025-11-14.md"
SEED = Path(__file__).parent / "data" / "seed_daily_note.txt"  # verbatim from the guide's seed
STATE = ".practice-vault.json"


class FakeServer:
    """practice.vault.import_files as the server answers it: a new version per push."""

    def __init__(self, errors=()):
        self.calls = []
        self.errors = list(errors)

    def call(self, model, method, *args, **kwargs):
        self.calls.append((model, method, args, kwargs))
        assert (model, method) == ("practice.vault", "import_files")
        if self.errors:
            return {"created": [], "updated": [], "unchanged": [], "errors": self.errors, "repo": "shop"}
        files = args[0]
        state = "created" if len(self.calls) == 1 else "updated"
        return {
            "created": sorted(files) if state == "created" else [],
            "updated": sorted(files) if state == "updated" else [],
            "unchanged": [],
            "errors": [],
            "conflicts": [],
            "repo": "shop",
            "versions": {path: f"v{len(self.calls)}" for path in files},
        }


def run(monkeypatch, server, *args):
    monkeypatch.setattr(daily_note, "today", lambda: DAY)
    return cli_fake.run(monkeypatch, server, *args)


def test_template_is_the_guides_verbatim():
    text = SEED.read_text(encoding="utf-8")
    heredoc = text.split("cat > $(date +%Y-%m-%d).md <<'EOF'\n", 1)[1].split("\nEOF\n", 1)[0] + "\n"
    # the seed was saved as UTF-8 read as cp1252 (its dashes read "â€“"): undo that
    heredoc = heredoc.encode("cp1252").decode("utf-8")
    assert daily_note.template(DAY) == heredoc.replace("$(date +%Y-%m-%d)", DAY.isoformat())


def test_entry_goes_under_its_category_as_the_parser_reads_it():
    text, name = daily_note.add_entry(
        daily_note.template(DAY),
        DAY,
        link="https://example.com/a",
        takeaway="Use Integer for sorting, Char for color hex codes.",
        application="odoo-module-dev",
        score=90,
        category="ORM Patterns",
    )
    assert name == "Use Integer for sorting, Char for color hex codes"
    assert text.endswith(
        "## ORM Patterns\n<!-- Field types, decorators, performance -->\n\n"
        "### Use Integer for sorting, Char for color hex codes\n"
        "- **Link**: https://example.com/a\n"
        "- **Takeaway**: Use Integer for sorting, Char for color hex codes.\n"
        "- **Application**: odoo-module-dev\n"
        "- **Quality Score**: 90\n"
        "- **Date Added**: 2025-11-14\n\n"
    )
    # a category in the middle: the entry before the next category; same name: numbered
    text, second = daily_note.add_entry(
        text,
        DAY,
        link="l",
        takeaway="t",
        category="OCA Guidelines",
        name="Use Integer for sorting, Char for color hex codes",
    )
    assert second.endswith("(2)")
    assert "<!-- Patterns from OCA repos, maintainer notes -->\n\n### " in text
    assert text.index("### " + second) < text.index("## Odoo Official Docs")
    # no category: a '## ' entry at the end; a new category: its heading added at the end
    text, _name = daily_note.add_entry(text, DAY, link="l2", takeaway="Plain entry", score=70)
    assert text.endswith(
        "## Plain entry\n- **Link**: l2\n- **Takeaway**: Plain entry\n- **Quality Score**: 70\n- **Date Added**: 2025-11-14\n\n"
    )
    text, _name = daily_note.add_entry(
        text, DAY, link="l3", takeaway="Odd one", score=61, category="Eval Failures"
    )
    assert "\n## Eval Failures\n\n### Odd one\n" in text


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"link": " ", "takeaway": "t"}, "needs a link"),
        ({"link": "l", "takeaway": ""}, "needs a takeaway"),
        ({"link": "l", "takeaway": "t", "score": 59}, "out of range"),
        ({"link": "l", "takeaway": "t", "category": "## X"}, "without '#'"),
    ],
)
def test_bad_entries_are_refused(kwargs, message):
    with pytest.raises(daily_note.NoteError, match=message):
        daily_note.add_entry(daily_note.template(DAY), DAY, **kwargs)


def test_a_category_that_is_an_entry_is_refused():
    text, name = daily_note.add_entry(daily_note.template(DAY), DAY, link="l", takeaway="Loose", score=80)
    with pytest.raises(daily_note.NoteError, match="not a category"):
        daily_note.add_entry(text, DAY, link="l", takeaway="t", category=name)


def test_note_today_makes_the_note_once(monkeypatch, tmp_path):
    folder = tmp_path / "knowledge"
    result = run(monkeypatch, FakeServer(), "note", "today", "--folder", str(folder))
    assert result.exit_code == 0 and result.output.strip() == str(folder / PATH)
    assert (folder / PATH).read_text(encoding="utf-8") == daily_note.template(DAY)
    (folder / PATH).write_text(
        "# Daily Citations – 2025-11-14\n\n## Mine\n<!-- kept -->\n\n", encoding="utf-8"
    )
    again = run(monkeypatch, FakeServer(), "--json", "note", "today", "--folder", str(folder))
    assert json.loads(again.output)["created"] is False
    assert "Mine" in (folder / PATH).read_text(encoding="utf-8"), "an existing note is never rewritten"


def test_note_add_pushes_only_that_file_with_its_version(monkeypatch, tmp_path):
    folder = tmp_path / "knowledge"
    (folder / "rules").mkdir(parents=True)
    (folder / "rules" / "other.md").write_text("not sent", encoding="utf-8")
    server = FakeServer()
    first = run(
        monkeypatch,
        server,
        "note",
        "add",
        "--folder",
        str(folder),
        "--repo",
        "shop",
        "--category",
        "ORM Patterns",
        "--link",
        "https://example.com/a",
        "--takeaway",
        "Use Integer for sorting, Char for color hex codes",
        "--application",
        "odoo-module-dev",
        "--score",
        "90",
    )
    assert first.exit_code == 0, first.output
    assert "added to" in first.output and "(made from the template)" in first.output
    assert f"{PATH} created in shop" in first.output
    second = run(
        monkeypatch,
        server,
        "note",
        "add",
        "--folder",
        str(folder),
        "--repo",
        "shop",
        "--link",
        "https://example.com/b",
        "--takeaway",
        "Second one",
        "--application",
        "x",
    )
    assert second.exit_code == 0 and f"{PATH} updated in shop" in second.output
    (_m, _meth, args1, kwargs1), (_m2, _meth2, args2, kwargs2) = server.calls
    assert list(args1[0]) == [PATH] and list(args2[0]) == [PATH], "only the note is sent"
    assert kwargs1 == {"repo": "shop", "base": {}}
    assert kwargs2 == {"repo": "shop", "base": {PATH: "v1"}}, "the version of the last push is the base"
    assert args2[0][PATH] == (folder / PATH).read_text(encoding="utf-8")
    state = json.loads((folder / STATE).read_text(encoding="utf-8"))
    assert state["remotes"]["http://odoo|db|shop"]["versions"] == {PATH: "v2"}


def test_note_add_errors_exit_2_and_keep_the_note(monkeypatch, tmp_path):
    folder = tmp_path / "knowledge"
    server = FakeServer(
        errors=[{"path": PATH, "line": 3, "message": "changed on the server since your last pull"}]
    )
    result = run(
        monkeypatch,
        server,
        "note",
        "add",
        "--folder",
        str(folder),
        "--link",
        "l",
        "--takeaway",
        "t",
        "--application",
        "a",
        "--score",
        "85",
    )
    assert result.exit_code == 2
    assert f"{PATH}:3" in result.output and "changed on the server" in result.output
    assert "- **Quality Score**: 85" in (folder / PATH).read_text(encoding="utf-8")
    assert not (folder / STATE).exists(), "nothing written on the server: no new version kept"
    bad = run(
        monkeypatch,
        server,
        "note",
        "add",
        "--folder",
        str(folder),
        "--link",
        "l",
        "--takeaway",
        "t",
        "--application",
        "a",
        "--score",
        "101",
    )
    assert bad.exit_code == 2 and "101" in bad.output


def test_note_add_no_push(monkeypatch, tmp_path):
    folder = tmp_path / "knowledge"
    server = FakeServer()
    result = run(
        monkeypatch,
        server,
        "note",
        "add",
        "--folder",
        str(folder),
        "--no-push",
        "--link",
        "l",
        "--takeaway",
        "t",
        "--application",
        "a",
    )
    assert result.exit_code == 0 and "not pushed" in result.output and server.calls == []


def test_mcp_note_add(monkeypatch, tmp_path):
    folder = tmp_path / "knowledge"
    server = FakeServer()
    monkeypatch.setattr(daily_note, "today", lambda: DAY)
    monkeypatch.setenv("PRACTICE_URL", "http://odoo")
    monkeypatch.setenv("PRACTICE_DB", "db")

    async def scenario():
        async with Client(build_server(lambda: server, environ={"PRACTICE_REPO": "shop"})) as client:
            added = await client.call_tool(
                "note_add",
                {
                    "link": "https://example.com/a",
                    "takeaway": "Color hex codes in a Char",
                    "application": "dev",
                    "score": 90,
                    "category": "ORM Patterns",
                    "folder": str(folder),
                },
            )
            bad = await client.call_tool(
                "note_add", {"link": "", "takeaway": "t", "application": "a", "folder": str(folder)}
            )
            return added, bad

    added, bad = anyio.run(scenario)
    assert added.structured_content["path"] == PATH
    assert added.structured_content["push"]["created"] == [PATH]
    ((_model, _method, args, kwargs),) = server.calls
    assert list(args[0]) == [PATH] and kwargs["repo"] == "shop"
    assert "### Color hex codes in a Char" in (folder / PATH).read_text(encoding="utf-8")
    assert bad.is_error and "needs a link" in bad.content[0].text


class ReviewServer:
    """The week's citations and the promotion, as the server answers them."""

    def __init__(self):
        self.calls = []

    def call(self, model, method, *args, **kwargs):
        self.calls.append((model, method, args, kwargs))
        if (model, method) == ("practice.citation", "search_read"):
            return [
                {
                    "id": 9,
                    "score": 90,
                    "category": "ORM Patterns",
                    "name": "Task Priority Module",
                    "takeaway": "Use Integer for sorting",
                    "note_date": "2025-11-14",
                }
            ]
        if (model, method) == ("practice.citation", "action_promote"):
            return {"type": "ir.actions.act_window", "res_model": "practice.pattern", "res_id": 4}
        if (model, method) == ("practice.pattern", "read"):
            return [{"id": 4, "name": "Task Priority Module", "vault_path": "patterns/orm_library.md"}]
        raise AssertionError((model, method))


def test_citation_review_and_promote(monkeypatch):
    server = ReviewServer()
    listed = run(monkeypatch, server, "citation", "review", "--repo", "shop")
    assert listed.exit_code == 0, listed.output
    assert "9\t90\tORM Patterns\tTask Priority Module" in listed.output
    (domain,) = server.calls[0][2][:1]
    assert ("score", ">=", 80) in domain and ("pattern_id", "=", False) in domain
    assert ("repo_id.name", "=ilike", "shop") in domain
    promoted = run(monkeypatch, server, "citation", "promote", "9")
    assert promoted.exit_code == 0, promoted.output
    assert (
        promoted.output.strip() == "citation 9 -> pattern 4: Task Priority Module (patterns/orm_library.md)"
    )
    assert server.calls[-2][1:3] == ("action_promote", ([9],))
