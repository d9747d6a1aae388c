# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged

from .common import junit_case, junit_doc


@tagged("post_install", "-at_install", "practice_integration")
class TestEvalTour(HttpCase):
    def test_tour_from_red_run_to_failing_case(self):
        engineer = new_test_user(
            self.env,
            login="tour_eval_engineer",
            groups="base.group_user,practice_base.group_practice_engineer",
        )
        repo = self.env["practice.repo"].create({"name": "tour-eval-repo", "sequence": 0})
        self.env["practice.eval.run"].with_user(engineer).import_junit(
            junit_doc(
                junit_case("test_tour_passes", classname="tour.TestTour"),
                junit_case(
                    "test_tour_breaks", "failed", classname="tour.TestTour", message="tour: totals differ"
                ),
                timestamp="2099-01-01T00:00:00",
            ),
            repo=repo.id,
            name="tour red run",
        )
        self.start_tour("/odoo", "practice_eval_red_run_tour", login=engineer.login)
