# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models
from odoo.exceptions import UserError


class ProjectTask(models.Model):
    _inherit = "project.task"

    def _deploy_gates(self):
        gates = super()._deploy_gates()
        if self._deploy_param("gate_eval", "1") in ("0", "False", "false"):
            return gates
        name = _("Latest eval run green")
        try:
            run = self.env["practice.eval.run"].sudo().latest(self.deploy_repo_id.id or None)
        except UserError as err:
            gates.append({"name": name, "ok": False, "detail": str(err), "practice": True})
            return gates
        if not run:
            detail, ok = _("no eval run of the repository yet"), False
        else:
            # practice_eval's one rule (tools/passrate.run_green): no failure, or the targets met
            ok = bool(run["green"])
            # passed of the tests that ran, as `practice eval latest` and the pass rate count
            detail = _(
                "%(name)s: %(state)s, %(passed)s/%(ran)s passed, %(skipped)s skipped",
                name=run["name"],
                state=run["state"],
                passed=run["passed"],
                ran=run["tests"] - run["skipped"],
                skipped=run["skipped"],
            )
            if run.get("target"):
                # green by the repository's pass-rate target (practice_eval decides green at import)
                detail += _(", target %(target)s%%", target=f"{run['target']:g}")
        # run names and pass counts: shown to practice Readers only (_deploy_gates_shown)
        gates.append({"name": name, "ok": ok, "detail": detail, "practice": True})
        return gates
