# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 24 item 5: the pass-rate graphs average side by side and draw no empty day as 0; a
category (or run) whose tests were all skipped has no rate: n/a, not 0 %."""

from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import EvalCase, junit_doc


def case(name, category, skipped=False):
    """A test case marked with its category (as the project's conftest records it)."""
    body = '<skipped message="later"/>' if skipped else ""
    return (
        f'<testcase classname="tests.TestT" name="{name}" time="0.01"><properties>'
        f'<property name="category" value="{category}"/></properties>{body}</testcase>'
    )


SKIPPED_RULES = case("t_rules", "rules", skipped=True)
DOMAIN_OK = case("t_domain", "domain")


@tagged("post_install", "-at_install", "practice_rules")
class TestEvalGraphs(EvalCase):
    def arch(self, model, view_type, view_xmlid=None):
        """The arch the web client gets (the model's default view of the type without an xmlid)."""
        view_id = self.env.ref(view_xmlid).id if view_xmlid else False
        answer = self.env[model].with_user(self.engineer).get_views([(view_id, view_type)])
        return etree.fromstring(answer["views"][view_type]["arch"])

    def action_context(self, action_xmlid):
        return safe_eval(self.env.ref(action_xmlid).context or "{}")

    def assert_average_bars_by_day(self, model, view_xmlid, action_xmlid, date_field, series):
        graph = self.arch(model, "graph", view_xmlid)
        # the web client stacks unless told not to (graph_view.js: stacked defaults to true): a
        # stacked pass rate adds the series' rates up
        self.assertIn(graph.get("stacked"), ("0", "False", "false"), "a stacked graph sums rates")
        # line mode keeps read_group's filled empty days (count 0) and draws a series absent
        # on a day at 0; bar mode drops the empty days and leaves the absent series' bar out
        self.assertEqual(graph.get("type"), "bar")
        self.assertEqual(
            [(f.get("name"), f.get("interval"), f.get("type")) for f in graph.iter("field")],
            [(date_field, "day", None), (series, None, None), ("pass_rate", None, "measure")],
        )
        self.assertEqual(
            self.env[model].fields_get(["pass_rate"], ["aggregator"])["pass_rate"]["aggregator"], "avg"
        )
        context = self.action_context(action_xmlid)
        # days without runs are not filled in (were the user to switch to a line chart), and
        # rows where nothing ran stay out of the averages by default
        self.assertIs(context.get("fill_temporal"), False)
        self.assertEqual(context.get("search_default_ran"), 1)
        search = self.arch(model, "search")
        (ran_filter,) = search.xpath("//filter[@name='ran']")
        self.assertEqual(safe_eval(ran_filter.get("domain")), [("ran", ">", 0)])

    def test_per_category_graph_averages_side_by_side_by_day(self):
        self.assert_average_bars_by_day(
            "practice.eval.run.category",
            "practice_eval.practice_eval_run_category_view_graph",
            "practice_eval.practice_eval_run_category_action",
            "started_at",
            "category",
        )

    def test_trend_graph_averages_side_by_side_by_day(self):
        self.assert_average_bars_by_day(
            "practice.eval.run",
            "practice_eval.practice_eval_run_view_graph",
            "practice_eval.practice_eval_run_trend_action",
            "received_at",
            "repo_id",
        )

    def test_graph_data_leaves_out_empty_days_and_categories_that_only_skipped(self):
        """What the per-category graph reads (its read_group, with the action's context and
        default filter): days with runs only, and a skipped-only category is no 0 % point."""
        self.push(self.engineer, junit_doc(DOMAIN_OK, SKIPPED_RULES, timestamp="2026-03-01T10:00:00"))
        self.push(self.engineer, junit_doc(DOMAIN_OK, timestamp="2026-03-03T10:00:00"))
        Line = self.env["practice.eval.run.category"].with_user(self.engineer)
        domain = [("repo_id", "=", self.repo.id)]
        groupby = ["started_at:day", "category"]
        ran = [("ran", ">", 0)]  # the action's default filter "Something Ran"

        def groups(records, extra):
            rows = records.read_group(domain + extra, ["pass_rate:avg"], groupby, lazy=False)
            return sorted(
                (row["started_at:day"], row["category"], row["__count"], row["pass_rate"]) for row in rows
            )

        context = self.action_context("practice_eval.practice_eval_run_category_action")
        shown = groups(Line.with_context(fill_temporal=context["fill_temporal"]), ran)
        self.assertEqual(shown, [("01 Mar 2026", "domain", 1, 100.0), ("03 Mar 2026", "domain", 1, 100.0)])
        # the stored lines: the skipped-only one holds 0.0 with ran = 0 (an Odoo float column
        # cannot hold NULL), which the filter keeps out of the average
        line = Line.search(domain + [("category", "=", "rules")])
        self.assertEqual((line.tests, line.skipped, line.ran, line.pass_rate), (1, 1, 0, 0.0))
        self.assertIn(("01 Mar 2026", "rules", 1, 0.0), groups(Line, []))
        # without the action's context the server fills 2 March in (count 0), which a line
        # chart would draw at 0 and the bar chart leaves out
        filled = groups(Line.with_context(fill_temporal=True), ran)
        self.assertIn(("02 Mar 2026", False, 0, False), filled)

    def test_category_that_only_skipped_shows_na(self):
        answer = self.push(self.engineer, junit_doc(DOMAIN_OK, SKIPPED_RULES))
        rules = answer["by_category"]["rules"]
        self.assertEqual(
            rules,
            {
                "tests": 1,
                "passed": 0,
                "failed": 0,
                "skipped": 1,
                "ran": 0,
                "pass_rate": False,
                # only skips fail nothing: the category does not make the run red
                "target": False,
                "green": True,
            },
        )
        self.assertIs(rules["pass_rate"], False, "n/a over RPC: False (XML-RPC has no null), not 0.0")
        self.assertEqual(answer["by_category"]["domain"]["pass_rate"], 100.0)
        run = self.Run.with_user(self.engineer).browse(answer["id"])
        lines = {line.category: line for line in run.category_ids}
        self.assertEqual((lines["rules"].ran, lines["rules"].pass_rate_display), (0, "n/a"))
        self.assertEqual((lines["domain"].ran, lines["domain"].pass_rate_display), (1, "100.00%"))
        self.assertEqual(self.Run.latest("test-repo")["by_category"]["rules"]["pass_rate"], False)
        # the run form's per-category list shows the text (n/a), not a 0 % progress bar
        form = self.arch("practice.eval.run", "form", "practice_eval.practice_eval_run_view_form")
        (category_list,) = form.xpath("//field[@name='category_ids']/list")
        names = [f.get("name") for f in category_list.iter("field")]
        self.assertIn("pass_rate_display", names)
        self.assertNotIn("pass_rate", names)

    def test_run_that_only_skipped_has_no_rate_anywhere(self):
        answer = self.push(self.engineer, junit_doc(SKIPPED_RULES))
        self.assertEqual((answer["tests"], answer["ran"], answer["green"]), (1, 0, False))
        self.assertIs(answer["pass_rate"], False)
        (point,) = self.Run.trend("test-repo")
        self.assertIs(point["pass_rate"], False)
        run = self.Run.browse(answer["id"])
        self.assertEqual((run.ran, run.pass_rate_display), (0, "n/a"))
        bundle = self.env["practice.context"].with_user(self.ai_user).bundle(repo="test-repo", fmt="markdown")
        self.assertIn("0/0 passed (n/a)", bundle["markdown"])
        self.assertNotIn("(0.00%)", bundle["markdown"])
