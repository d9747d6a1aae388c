# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models

GATE_PARAM = "gate_fleet"


class ProjectTask(models.Model):
    _inherit = "project.task"

    def _deploy_gates(self):
        """The watched databases of the task's environment (practice_watchdog_fleet) carry no
        open high alert: neither one mirrored from them nor an unreachable-target alert here
        (switch: ``practice_deploy.gate_fleet``, default on; shown only for an environment
        with watched databases)."""
        gates = super()._deploy_gates()
        if not self._deploy_switch_on(GATE_PARAM) or not self.deploy_environment:
            return gates
        if (
            not self.env["practice.watchdog.target"]
            .sudo()
            .search_count([("environment", "=", self.deploy_environment)], limit=1)
        ):
            return gates  # no watched database in this environment: nothing to require
        mirrored, local = self.env["practice.watchdog.target"]._open_high_alerts(self.deploy_environment)
        count = len(mirrored) + len(local)
        names = sorted(set(mirrored.target_id.mapped("name")) | set(local.fleet_target_id.mapped("name")))
        gates.append(
            {
                "name": _("No high alert open on the %(env)s databases", env=self.deploy_environment),
                "ok": not count,
                "detail": _("none open")
                if not count
                else _("%(n)s open high alert(s) on %(targets)s", n=count, targets=", ".join(names)),
                "practice": True,  # alert counts: practice Readers only (_deploy_gates_shown)
            }
        )
        return gates
