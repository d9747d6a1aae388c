# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 27: the daily-usage guide's day walked (../shared/seeds/002_…, "Note-Taking
Workflow"): citations captured in today's note (``practice note add`` pushes that one file),
found by search and the bundle, listed by the weekly digest, promoted to the pattern library
in one click, and the library exported so that it re-imports unchanged."""

import datetime

from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..tools import promotion
from .common import KnowledgeCase
from .test_vault_notes import TEMPLATE

DAY = datetime.date(2025, 11, 14)  # a Friday, the default digest day
PATH = f"notes/{DAY.isoformat()}.md"

ENTRIES = [
    {
        "category": "ORM Patterns",
        "name": "Task Priority Module",
        "link": "https://github.com/OCA/project/blob/16.0/project_task_priority/models/task.py",
        "takeaway": "Use Integer for sorting, Char for color hex codes",
        "application": "odoo-module-dev",
        "score": 90,
    },
    {
        "category": "Community Wisdom",
        "name": "Forum thread on onchange",
        "link": "https://www.odoo.com/forum/help-1/onchange-123",
        "takeaway": "An onchange does not run on import: validate in a constraint",
        "application": "odoo-module-dev",
        "score": 70,
    },
    {
        "category": "",
        "name": "Docker layer caching",
        "link": "https://docs.docker.com/build/cache/",
        "takeaway": "Copy requirements before the sources so the pip layer stays cached",
        "application": "odoo-docker-claude",
        "score": 75,
    },
]


def add_entry(text, entry, day=DAY):
    """What ``practice note add`` writes: the entry at the end of its category (a '### '
    entry), else at the end of the note (a '## ' entry); the guide's bold labels."""
    lines = [
        f"- **Link**: {entry['link']}",
        f"- **Takeaway**: {entry['takeaway']}",
        f"- **Application**: {entry['application']}",
        f"- **Quality Score**: {entry['score']}",
        f"- **Date Added**: {day.isoformat()}",
    ]
    rows = text.split("\n")[:-1]  # the file ends with a newline
    if not entry["category"]:
        return "\n".join(rows + [f"## {entry['name']}", *lines, ""]) + "\n"
    start = rows.index(f"## {entry['category']}")
    end = next((i for i in range(start + 1, len(rows)) if rows[i].startswith("## ")), len(rows))
    block = [f"### {entry['name']}", *lines, ""]
    return "\n".join(rows[:end] + block + rows[end:]) + "\n"


class CitationDayCase(KnowledgeCase):
    def walk_the_day(self):
        """Three `practice note add` of DAY, each pushing the note alone (with the versions of
        the last push as base, as the client does)."""
        text = TEMPLATE.replace("2025-11-14", DAY.isoformat())
        versions = {}
        for entry in ENTRIES:
            text = add_entry(text, entry)
            result = self.import_ok({PATH: text}, base=versions)
            self.assertEqual(result["conflicts"], [])
            versions.update(result["versions"])
        self.note_text = text
        return self.env["practice.citation"].search(
            [("repo_id", "=", self.repo.id), ("vault_path", "=", PATH)]
        )


@tagged("post_install", "-at_install", "practice_integration")
class TestCitationDayWalked(CitationDayCase):
    def test_day_walked(self):
        entries = self.walk_the_day()
        citations = entries.filtered(lambda c: c.entry_type == "citation")
        self.assertEqual(len(citations), 3)
        best = citations.filtered(lambda c: c.score == 90)
        self.assertEqual(best.category, "ORM Patterns")
        # the note the client wrote is the server's canonical form: a pull writes it unchanged
        self.assertEqual(self.vault.export_files(repo=self.repo.id)[PATH], self.note_text)

        # search finds the citation by what it says
        Context = self.env["practice.context"]
        found = Context.search("color hex codes", repo=self.repo.id)["results"]
        self.assertEqual((found[0]["kind"], found[0]["ref"]), ("citation", str(best.id)))
        self.assertIn("color hex codes", found[0]["snippet"])
        got = Context.get("citation", found[0]["ref"], repo=self.repo.id)
        self.assertIn("Use Integer for sorting", got["markdown"])
        self.assertEqual(got["data"]["score"], 90)

        # the Friday digest lists it (the only one scoring 80+), with an activity per Engineer
        digest = self.env["practice.citation.digest"]._cron_weekly_digest(today=DAY)
        digest = digest.filtered(lambda d: d.repo_id == self.repo)
        self.assertEqual(digest.citation_ids, best)
        self.assertIn("Task Priority Module", str(digest.activity_ids[:1].note))
        self.assertTrue({self.engineer, self.engineer2, self.manager} <= set(digest.activity_ids.user_id))
        self.assertNotIn(self.reader, digest.activity_ids.user_id)

        # one click: the pattern goes to the library of its category, path generated
        digest.with_user(self.engineer).action_promote_all()
        pattern = best.pattern_id
        self.assertEqual(pattern.vault_path, "patterns/orm_library.md")
        self.assertEqual(pattern.name, "Task Priority Module")
        self.assertEqual(digest.pending_count, 0)

        # the pattern is found too, and shown by the bundle for a task about it
        found = Context.search("color hex codes", kinds=["pattern"], repo=self.repo.id)["results"]
        self.assertEqual([r["id"] for r in found], [pattern.id])
        bundle = Context.bundle(repo=self.repo.id, task="sorting tasks by color hex codes", max_bytes=200000)
        items = bundle["sections"]["patterns"]["items"]
        self.assertEqual(items[0]["id"], pattern.id)
        self.assertIn("**Task Priority Module**", bundle["markdown"])

        # the library exports and re-imports unchanged (and so does the whole vault)
        files = self.vault.export_files(repo=self.repo.id)
        self.assertEqual(
            files["patterns/orm_library.md"],
            "# orm_library\n\n## Task Priority Module\n\nUse Integer for sorting, Char for color hex codes"
            "\n\n**Application**: odoo-module-dev\n",
        )
        again = self.import_ok({"patterns/orm_library.md": files["patterns/orm_library.md"]})
        self.assertEqual(again["unchanged"], ["patterns/orm_library.md"])
        self.assertEqual(again["created"] + again["updated"], [])
        whole = self.import_ok(files)
        self.assertEqual(whole["created"] + whole["updated"], [])
        self.assertEqual(pattern.exists(), pattern)

    def test_second_promotion_same_name_gets_next_place(self):
        entries = self.walk_the_day()
        best = entries.filtered(lambda c: c.score == 90)
        best.action_promote()
        twin = self.env["practice.citation"].create(
            {
                "name": best.name,
                "repo_id": self.repo.id,
                "category": "ORM Patterns",
                "link": "https://example.com/other",
                "takeaway": "Store colors as hex strings",
                "score": 85,
            }
        )
        twin.action_promote()
        self.assertEqual(twin.pattern_id.vault_path, "patterns/orm_library.md")
        self.assertEqual(twin.pattern_id.name, "Task Priority Module (2)")
        self.assertEqual(twin.pattern_id.sequence, best.pattern_id.sequence + 1)
        library = self.vault.export_files(repo=self.repo.id)["patterns/orm_library.md"]
        again = self.import_ok({"patterns/orm_library.md": library})
        self.assertEqual(again["unchanged"], ["patterns/orm_library.md"])


@tagged("post_install", "-at_install", "practice_lifecycle")
class TestCitationDigestSchedule(CitationDayCase):
    def test_digest_day_once_and_configurable(self):
        self.walk_the_day()
        Digest = self.env["practice.citation.digest"]
        self.assertFalse(Digest._cron_weekly_digest(today=DAY + datetime.timedelta(days=1)))
        made = Digest._cron_weekly_digest(today=DAY).filtered(lambda d: d.repo_id == self.repo)
        self.assertEqual(len(made), 1)
        self.assertEqual((made.date_from, made.date_to), (DAY - datetime.timedelta(days=6), DAY))
        # once a day: the cron running again makes no second digest
        self.assertFalse(Digest._cron_weekly_digest(today=DAY).filtered(lambda d: d.repo_id == self.repo))
        # Settings move the day (Monday here)
        self.env["res.config.settings"].create({"practice_citation_digest_weekday": "0"}).execute()
        monday = DAY + datetime.timedelta(days=3)
        self.assertEqual(Digest._digest_weekday(), 0)
        self.assertFalse(Digest._cron_weekly_digest(today=DAY + datetime.timedelta(days=7)))
        self.assertEqual(
            Digest._cron_weekly_digest(today=monday).filtered(lambda d: d.repo_id == self.repo).citation_ids,
            made.citation_ids,
        )

    def test_promoted_and_old_citations_not_listed(self):
        entries = self.walk_the_day()
        entries.filtered(lambda c: c.score == 90).action_promote()
        made = self.env["practice.citation.digest"]._cron_weekly_digest(today=DAY)
        self.assertFalse(made.filtered(lambda d: d.repo_id == self.repo))
        later = DAY + datetime.timedelta(days=14)
        self.assertFalse(
            self.env["practice.citation.digest"]
            ._cron_weekly_digest(today=later, force=True)
            .filtered(lambda d: d.repo_id == self.repo)
        )


@tagged("post_install", "-at_install", "practice_security")
class TestCitationDigestSecurity(CitationDayCase):
    def test_readers_do_not_promote(self):
        self.walk_the_day()
        digest = self.env["practice.citation.digest"]._cron_weekly_digest(today=DAY)
        digest = digest.filtered(lambda d: d.repo_id == self.repo)
        with self.assertRaises(AccessError):
            digest.with_user(self.reader).action_promote_all()
        with self.assertRaises(AccessError):
            digest.citation_ids.with_user(self.reader).action_promote()
        self.assertFalse(digest.citation_ids.pattern_id)
        # readers see the digest (the weekly review is public to the practice)
        self.assertEqual(digest.with_user(self.reader).pending_count, 1)


@tagged("post_install", "-at_install", "practice_domain")
class TestPatternLibraryPath(KnowledgeCase):
    def test_library_of_a_category(self):
        self.assertEqual(promotion.library_path("ORM Patterns"), "patterns/orm_library.md")
        self.assertEqual(promotion.library_path("OCA Guidelines"), "patterns/oca_guidelines_library.md")
        self.assertEqual(
            promotion.library_path("Docker/Infrastructure"), "patterns/docker_infrastructure_library.md"
        )
        self.assertEqual(promotion.library_path(""), "patterns/general_library.md")
        self.assertEqual(promotion.library_path("../../etc"), "patterns/etc_library.md")
        self.assertEqual(promotion.unique_name("A", ["A", "A (2)"]), "A (3)")
        self.assertEqual(promotion.parse_weekday("9"), promotion.DEFAULT_WEEKDAY)
        self.assertEqual(promotion.parse_weekday(False), promotion.DEFAULT_WEEKDAY)
        self.assertEqual(promotion.parse_weekday("0"), 0)
        self.assertEqual(promotion.PROMOTE_MIN_SCORE, 80)
