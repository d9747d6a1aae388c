# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Vault fidelity (issue 27 item 3): the hard rule in both seed layouts (000: paragraphs; 001: the
same lines without blank lines between them, tests/data/seed_hard_rules.txt, copied verbatim),
and every accepted layout of every kind round-trips byte for byte, the file's end included."""

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from odoo.tests import tagged

from ..tools import vault_format as vf
from ..tools.vault import files as vault_files
from .common import ADR_1, RUNBOOK_14, KnowledgeCase

DATA = os.path.join(os.path.dirname(__file__), "data", "seed_hard_rules.txt")
MARK = "===== "
RULE_PATH = "rules/2025-11-14-orm-image-bytes.md"
SEED_RULE = "Don't bypass Odoo ORM for image bytes unless re-firing the derivative-compute chain in the same transaction."
SEED_INCIDENT = (
    "PIL bulk-update of 2,847 images via direct SQL bypassed ir_attachment. Catalog thumbnails "
    "went blank for 3.5 hours before recovery script finished."
)
SEED_ROOT_CAUSE = "derivative-compute chain didn't re-fire because nothing accessed the records."
SEED_FIX = "bulk-insert PIL output directly to ir_attachment (see runbook 0014: image-pipeline-recovery.md)."
PROPERTY = settings(max_examples=150)  # the rest: the suite's profile (conftest.py)


def seed_rules():
    """``{"000": text, "001": text}``: the seeds' hard-rule excerpts, verbatim."""
    with open(DATA, encoding="utf-8") as handle:
        blocks = handle.read().split("\n" + MARK)[1:]
    return {block[:3]: block.split("\n", 1)[1] for block in blocks}


def import_export(path, text):
    """``(entries, exported)``: the import's parse (:func:`parse_files`, which keeps the source),
    and what export writes from the entries' data."""
    batch, errors = vf.parse_files(vf.CORE_KINDS, {path: text})
    assert not errors, errors
    kind = vf.find_kind(vf.CORE_KINDS, path)
    entries = batch[kind.name]
    source = next((e.source for e in entries if e.source), None)
    return kind, entries, vault_files.render_file(kind, path, [e.data for e in entries], source)


# --------------------------------------------------------------------------- the seeds' layouts


@pytest.mark.rules
@pytest.mark.parametrize("seed", ["000", "001"])
def test_seed_layouts_parse_into_their_parts(seed):
    text = seed_rules()[seed]
    (entry,) = vf.parse_rule(RULE_PATH, text)
    data = entry.data
    assert (data["date"], data["title"], data["rule"]) == ("2025-11-14", SEED_RULE, SEED_RULE)
    assert (data["incident"], data["root_cause"], data["fix"]) == (SEED_INCIDENT, SEED_ROOT_CAUSE, SEED_FIX)
    assert data["runbooks"] == [14]
    expected = {"000": (5, 7, 10, 11), "001": (4, 6, 8, 9)}[seed]
    lines = entry.lines
    assert (lines["incident"], lines["root_cause"], lines["fix"], lines["runbook_refs"][14]) == expected


@pytest.mark.rules
def test_001_labels_start_lines_only_after_a_sentence_end():
    text = "# Hard rule\n2025-01-02: Renew the lease or the\nfix: of the lock is lost.\nIncident: lost a write.\n"
    (entry,) = vf.parse_rule("rules/x.md", text)
    # "fix:" continues the rule's sentence (no sentence end before it); "Incident:" starts a section
    assert entry.data["rule"] == "Renew the lease or the fix: of the lock is lost."
    assert (entry.data["incident"], entry.data["fix"]) == ("lost a write.", "")


@pytest.mark.rules
def test_001_long_rule_title_cut_at_a_word_boundary():
    words = ("regenerate every product thumbnail in small batches " * 4).strip()
    text = f"# Hard rule\n2025-01-02: {words}.\nIncident: lost.\nFix: batches.\n"
    (entry,) = vf.parse_rule("rules/x.md", text)
    title = entry.data["title"]
    assert title.endswith("…") and words.startswith(title[:-1] + " ")
    assert (entry.data["incident"], entry.data["fix"]) == ("lost.", "batches.")


@pytest.mark.integrity
@pytest.mark.parametrize("seed", ["000", "001"])
@pytest.mark.parametrize("end", ["", "\n", "\n\n"])
def test_seed_layouts_round_trip_byte_for_byte(seed, end):
    text = seed_rules()[seed].rstrip("\n") + end
    _kind, entries, exported = import_export(RULE_PATH, text)
    assert exported == text
    assert entries[0].source == text  # not the canonical form: kept as written


# --------------------------------------------------------------------------- every kind, every layout

SEP = st.sampled_from(["\n", "\n\n", "\n\n\n"])  # a line end, then 0-2 blank lines
END = st.sampled_from(["", "\n", "\n\n"])  # no final newline, exactly one, a trailing blank line
WORD = st.sampled_from(["lock", "image", "batch", "cron", "ORM", "write", "`x`"])
SENTENCE = st.lists(WORD, min_size=1, max_size=6).map(lambda words: " ".join(words).capitalize() + ".")


@st.composite
def wrapped(draw, sentences=3):
    """A paragraph of 1-``sentences`` sentences, soft-wrapped or not."""
    parts = draw(st.lists(SENTENCE, min_size=1, max_size=sentences))
    return "".join(part + draw(st.sampled_from([" ", "\n"])) for part in parts).rstrip()


@st.composite
def front_matter(draw, lines):
    """``---`` lines ``---``, the optional ones (``(line, optional)``) drawn."""
    keep = [line for line, optional in lines if not optional or draw(st.booleans())]
    return "---\n" + "".join(line + "\n" for line in keep) + "---"


@st.composite
def sections(draw, titles, required):
    blocks = [
        f"## {title}{draw(SEP)}{draw(wrapped())}"
        for title in titles
        if title == required or draw(st.booleans())
    ]
    return "".join(draw(SEP) + block for block in blocks)


@st.composite
def rule_file(draw):
    head = draw(
        front_matter(
            [
                ("title: Lock first", False),
                ("date: 2025-11-14", False),
                ("severity: critical", True),
                ("status: active", True),
                ("modules:\n- sale\n- stock", True),
                ("owner: ops-team  # unknown key, a YAML comment", True),
            ]
        )
    )
    return "rules/2025-11-14-lock.md", head + draw(
        sections(["Rule", "Incident", "Root cause", "Fix"], "Rule")
    )


@st.composite
def plain_rule_file(draw):
    text = "# Hard rule" + draw(SEP) + "2025-11-14: " + draw(wrapped())
    for label in ("Incident", "Root cause", "Fix"):
        if draw(st.booleans()):
            gap = draw(st.sampled_from(["\n", "\n\n", " "] if label != "Incident" else ["\n", "\n\n"]))
            text += gap + f"{label}: " + draw(wrapped())
    return "rules/2025-11-14-plain.md", text


@st.composite
def adr_file(draw):
    head = draw(
        front_matter(
            [
                ("number: 3", False),
                ("title: Use PostgreSQL", False),
                ("date: 2025-11-14", False),
                ("status: accepted", False),
                ("deciders:\n- ana\n- bo", True),
                ("supersedes: [1, 2]", True),
            ]
        )
    )
    body = draw(sections(["Context", "Decision", "Consequences", "Considered options"], "Decision"))
    return "adr/0003-use-postgresql.md", head + body


@st.composite
def body_lines(draw):
    """A markdown body: paragraphs and lists, with 0-2 blank lines between them."""
    blocks = draw(
        st.lists(
            st.one_of(wrapped(), st.just("1. Stop the cron.\n2. Restore the images.")), min_size=1, max_size=3
        )
    )
    return "".join(draw(SEP) + block for block in blocks)


@st.composite
def runbook_file(draw):
    head = draw(front_matter([("number: 14", False), ("title: Image recovery", False), ("adrs:\n- 1", True)]))
    return "runbooks/0014-image-recovery.md", head + draw(body_lines())


@st.composite
def term_file(draw):
    head = draw(front_matter([("term: FBM", False), ("aliases:\n- Fulfilled-By-Merchant", True)]))
    return "glossary/fbm.md", head + draw(body_lines())


@st.composite
def glossary_file(draw):
    text = draw(st.sampled_from(["", "# Glossary\n\n"]))
    compact = draw(
        st.lists(
            st.sampled_from(["FBA: Fulfilled by Amazon.", "**SKU**: stock unit."]), max_size=2, unique=True
        )
    )
    text += "\n".join(compact)
    for term in ("FBM", "MTO", "Lease")[: draw(st.integers(1 if not compact else 0, 3))]:
        aliases = draw(st.sampled_from(["", '- **Aliases**: a, "b, c"\n']))
        text += draw(SEP) + f"## {term}" + draw(SEP) + aliases + draw(wrapped())
    return "glossary.md", text.lstrip("\n")


@st.composite
def citations_file(draw):
    text = draw(st.sampled_from(["", "# Citations 2025-11-14\n"]))
    for name in ("OCA", "Docs")[: draw(st.integers(1, 2))]:
        fields = ["- **Link**: https://x", "- **Takeaway**: " + draw(SENTENCE), "- **Quality Score**: 90"]
        if draw(st.booleans()):
            fields.append("- **Date Added**: 2025-11-01")
        text += draw(SEP) + f"## {name}\n" + "\n".join(fields)
    return "citations/2025-11-14.md", text.lstrip("\n")


NOTE_BLOCKS = [
    "## ORM Patterns\n<!-- Field types, decorators, performance -->",
    "## OCA Guidelines",
    # a citation under its category
    "## Docs\n<!-- API changes -->{sep}### @api.depends\n- **Link**: https://x\n- **Takeaway**: t\n"
    "- **Quality Score**: 90",
    "## Eval Failure Resolution\n- Scenario: 04_orm_compliance\n- Fix: read_group",
    "## Task Priority Module\n- Pattern: colors\n- Date: 2025-11-14",
]


@st.composite
def notes_file(draw):
    text = "# Daily Citations – 2025-11-14"
    for index in draw(st.lists(st.integers(0, len(NOTE_BLOCKS) - 1), min_size=1, max_size=4, unique=True)):
        text += draw(SEP) + NOTE_BLOCKS[index].replace("{sep}", draw(SEP))
    return "notes/2025-11-14.md", text


@st.composite
def patterns_file(draw):
    text = draw(st.sampled_from(["", "# orm_library\n"]))
    for name in ("Related fields", "read_group")[: draw(st.integers(1, 2))]:
        text += draw(SEP) + f"## {name}" + draw(SEP) + draw(wrapped())
        if draw(st.booleans()):
            text += "\n\n**Application**: odoo-module-dev"
    return "patterns/orm_library.md", text.lstrip("\n")


LAYOUTS = {
    "rule": rule_file(),
    "plain rule": plain_rule_file(),
    "adr": adr_file(),
    "runbook": runbook_file(),
    "glossary term": term_file(),
    "glossary.md": glossary_file(),
    "citations": citations_file(),
    "notes": notes_file(),
    "patterns": patterns_file(),
}


@st.composite
def layout(draw, name):
    """A file of one kind in an accepted layout: its blocks, then the file end, maybe CRLF."""
    path, text = draw(LAYOUTS[name])
    text = text.rstrip("\n") + draw(END)
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return path, text


def _edited(items):
    """The items with one text field of the last one changed (an edit in the backend; the last
    one, so no daily-note entry below a renamed category names it)."""
    items = [dict(data) for data in items]
    for name in ("title", "definition", "takeaway", "summary", "name"):
        if items[-1].get(name):
            items[-1][name] += " (edited)"
            return items
    raise AssertionError(f"nothing to edit in {items[-1]}")


@pytest.mark.integrity
@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_every_layout_round_trips_byte_for_byte(name):
    @PROPERTY
    @given(layout(name))
    def check(generated):
        path, text = generated
        kind, entries, exported = import_export(path, text)
        assert exported == text  # import → export: the same bytes, the file's end included
        items = [e.data for e in entries]
        canonical = kind.serialize(path, items)
        assert bool(entries[0].source) == (canonical != text)  # only a non-canonical file keeps it
        # the canonical form is stable and says the same
        again = kind.parse(path, canonical)
        assert vault_files._fingerprint(e.data for e in again) == vault_files._fingerprint(items)
        # after an edit the source no longer holds: canonical form, ending as the file ended
        edited = _edited(items)
        written = vault_files.render_file(kind, path, edited, text)
        assert written != text
        assert vault_files.file_end(written) == vault_files.file_end(text)
        reparsed = kind.parse(path, written)
        assert vault_files._fingerprint(e.data for e in reparsed) == vault_files._fingerprint(edited)

    check()


@pytest.mark.integrity
def test_daily_note_ending_at_its_last_entry_exports_identically():
    note = (
        "# Daily Citations – 2025-11-14\n\n## ORM Patterns\n<!-- Field types -->\n\n"
        "## Eval Failure Resolution\n- Scenario: 04_orm_compliance\n- Fix: read_group"
    )
    for text in (note, note + "\n", note + "\n\n"):
        _kind, entries, exported = import_export("notes/2025-11-14.md", text)
        assert exported == text
    # the guide's own layout (a blank line at the end) is canonical: nothing kept
    assert not entries[0].source


# --------------------------------------------------------------------------- through the database


@tagged("post_install", "-at_install", "practice_integrity")
class TestVaultFidelity(KnowledgeCase):
    def _files(self, rule_text):
        return {
            "adr/0001-use-postgresql.md": ADR_1,
            "runbooks/0014-image-pipeline-recovery.md": RUNBOOK_14,
            RULE_PATH: rule_text,
        }

    def test_seed_layouts_import_and_export_byte_for_byte(self):
        seeds = seed_rules()
        for seed in ("000", "001"):
            text = seeds[seed]
            result = self.import_ok(self._files(text))
            rule = self.env["practice.rule"].search([("repo_id", "=", self.repo.id)])
            self.assertEqual((rule.name, rule.rule, rule.fix), (SEED_RULE, SEED_RULE, SEED_FIX), seed)
            self.assertEqual((rule.incident, rule.root_cause), (SEED_INCIDENT, SEED_ROOT_CAUSE), seed)
            self.assertEqual(rule.runbook_ids.number, 14)
            exported = self.vault.export_files(repo=self.repo.id)
            self.assertEqual(exported[RULE_PATH], text, seed)
            self.assertEqual(self.import_ok(exported)["updated"], [], result)
        # the 000 and 001 files say the same: switching layouts rewrites only the kept text
        self.assertEqual(self.import_ok(self._files(seeds["000"]))["updated"], [RULE_PATH])

    def test_file_end_is_kept_and_a_backend_edit_writes_the_canonical_form(self):
        text = seed_rules()["001"]
        self.import_ok(self._files(text))
        # only the file's end changes: the file is updated, and exported as it now is
        result = self.import_ok(self._files(text.rstrip("\n")))
        self.assertEqual(result["updated"], [RULE_PATH])
        self.assertEqual(self.vault.export_files(repo=self.repo.id)[RULE_PATH], text.rstrip("\n"))
        rule = self.env["practice.rule"].search([("repo_id", "=", self.repo.id)])
        rule.fix = "Bulk-insert the PIL output into ir_attachment."
        exported = self.vault.export_files(repo=self.repo.id)
        self.assertTrue(exported[RULE_PATH].startswith("---\ntitle: "))
        self.assertFalse(exported[RULE_PATH].endswith("\n"))  # it ends as the file ended
        self.assertEqual(self.import_ok(exported)["updated"], [RULE_PATH])  # the kept text goes
        self.assertEqual(self.import_ok(exported)["updated"], [])
