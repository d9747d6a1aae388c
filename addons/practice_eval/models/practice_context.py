# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import _, api, fields, models

from odoo.addons.practice_base.tools import when
from odoo.addons.practice_base.tools.bundle import Item, Section

from ..tools import passrate

EVAL_PRIORITY = 45
# failing cases outside the named modules get budget with "the rest" (tier 60)
OTHER_FAILING_TIER = 60
MAX_FAILING = 30


def _about(case, names):
    """Does the failing case belong to one of the named modules (as a whole word of its
    class name or file, e.g. ``odoo.addons.sale_ext.tests`` or ``addons/sale_ext/tests/...``)?"""
    where = f"{case.classname or ''} {case.file or ''}"
    return any(re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", where) for name in names)


class PracticeContext(models.AbstractModel):
    _inherit = "practice.context"

    @api.model
    def _bundle_sections(self, request):
        return super()._bundle_sections(request) + [self._bundle_section_eval(request)]

    @api.model
    def _bundle_section_eval(self, request):
        """The latest run of the repository: green/red, pass rate, its failing cases (those on
        the named modules first)."""
        repo = request["repo"]
        Run = self.env["practice.eval.run"]
        Run.check_access("read")
        run = Run._latest_run(repo)
        items = []
        if run:
            now = when.to_datetime(request.get("now")) or fields.Datetime.now()
            date = when.iso_utc(run.started_at)
            state = _("GREEN") if run.state == "green" else _("RED")
            where = ", ".join(x for x in (run.branch, (run.commit or "")[:12]) if x)
            items.append(
                Item(
                    markdown=(
                        f"- **{state}** {run.name} {date} ({when.age(run.started_at, now)})"
                        f"{f' on {where}' if where else ''}: {run.passed}/{run.tests - run.skipped} passed "
                        f"({run.pass_rate_display}), {run.failed} failed, {run.errors} errors, {run.skipped} skipped"
                    ),
                    data={
                        "run_id": run.id,
                        "green": run.state == "green",
                        "date": date,
                        "pass_rate": passrate.rate_shown(run.pass_rate, run.ran),
                        "tests": run.tests,
                        "failed": run.failed,
                        "errors": run.errors,
                    },
                )
            )
            names = request["module_names"]
            failing = run._failing_cases(limit=MAX_FAILING)
            ours = failing.filtered(lambda c: _about(c, names)) if names else failing.browse()
            for case in ours + (failing - ours):
                mine = case in ours
                message = (case.message or "").splitlines()[0][:200] if case.message else ""
                items.append(
                    Item(
                        markdown=f"  - {case.status} [{case.category}] `{case._key()}`"
                        + (f": {message}" if message else "")
                        + (_(" (your module)") if mine else ""),
                        short=f"  - {case.status} `{case._key()}`",
                        data=dict(case._label(), on_named_module=mine),
                        tier=None if mine else OTHER_FAILING_TIER,
                    )
                )
        intro = (
            _("The suite is the bar: do not claim work done while it is red.")
            if run
            else _("No eval run imported for %(repo)s yet: `practice eval push report.xml`.", repo=repo.name)
        )
        return Section(
            key="eval",
            title=_("Latest eval run"),
            priority=EVAL_PRIORITY,
            items=items,
            intro=intro,
            keep_empty=False,
            hint=_("`practice eval latest` prints the whole run."),
        )
