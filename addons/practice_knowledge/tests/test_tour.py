# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from .common import sample_files


@tagged("post_install", "-at_install", "practice_integration")
class TestKnowledgeTour(HttpCase):
    def test_tour_browse_rule_and_its_runbook(self):
        repo = self.env["practice.repo"]._default_repo()
        result = self.env["practice.vault"].import_files(sample_files(), repo=repo.id)
        self.assertEqual(result["errors"], [])
        self.start_tour("/odoo", "practice_knowledge_rule_runbook_tour", login="admin")
