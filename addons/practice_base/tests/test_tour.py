# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "practice_integration")
class TestBaseTour(HttpCase):
    def test_tour_create_repo_and_module(self):
        self.start_tour("/odoo", "practice_base_repo_module_tour", login="admin")
        repo = self.env["practice.repo"].search([("name", "=", "tour-repo")])
        self.assertEqual(repo.url, "https://git.example.com/tour-repo")
        module = self.env["practice.code.module"].search([("name", "=", "tour_module")])
        self.assertEqual(module.repo_id, repo)
