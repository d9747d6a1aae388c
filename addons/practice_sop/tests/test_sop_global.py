# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SopCase


@tagged("post_install", "-at_install", "practice_rules")
class TestSopGlobal(SopCase):
    """SOPs without a repository run in every repository that has no SOP of its own code."""

    def test_the_shipped_triage_sop_runs_in_any_repository(self):
        self.assertFalse(self.sop.repo_id, "SOP-TRIAGE-001 ships global")
        shop = self.env["practice.repo"].create({"name": "shop"})
        answer = self.start(repo="shop")
        run = self.Run.browse(answer["id"])
        # the run belongs to the repository it ran in, not to the (global) SOP's
        self.assertEqual((run.sop_id, run.repo_id), (self.sop, shop))
        self.assertEqual(answer["repo"], "shop", "the answer names the repository it ran in")
        self.assertIn(answer["id"], [r["id"] for r in self.api(self.engineer).list_runs(repo="shop")])
        self.assertNotIn(answer["id"], [r["id"] for r in self.api(self.engineer).list_runs()])

    def test_a_repository_overrides_a_global_sop(self):
        shop = self.env["practice.repo"].create({"name": "shop"})
        own = self.sop.copy({"repo_id": shop.id, "name": "Shop triage"})
        self.assertEqual(self.Run.browse(self.start(repo="shop")["id"]).sop_id, own)
        # other repositories still run the global one
        self.env["practice.repo"].create({"name": "blog"})
        self.assertEqual(self.Run.browse(self.start(repo="blog")["id"]).sop_id, self.sop)
        # an archived override no longer hides the global SOP
        own.active = False
        self.assertEqual(self.Run.browse(self.start(repo="shop")["id"]).sop_id, self.sop)

    def test_one_global_sop_per_code(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.sop.copy({"repo_id": False})
