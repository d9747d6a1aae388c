# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

KINDS = [
    ("tests", "Tests green"),
    ("coverage", "Coverage"),
    ("lint", "Lint green"),
    ("audit", "Vulnerability scan"),
]


class PracticeDeployGate(models.Model):
    """A deploy gate of one repository in one environment: whether a check kind is required
    and its threshold, overriding the global default (the system parameter
    ``practice_deploy_eval.<environment>_<kind>``) for that repository only. Managers edit them;
    practice Readers read them."""

    _name = "practice.deploy.gate"
    _description = "Deploy Gate per Repository"
    _order = "repo_id, environment, kind, id"

    repo_id = fields.Many2one(
        "practice.repo", string="Repository", required=True, index=True, ondelete="cascade"
    )
    environment = fields.Selection(
        [("staging", "Staging"), ("production", "Production")], required=True, default="production"
    )
    kind = fields.Selection(KINDS, string="Check", required=True)
    required = fields.Boolean(
        default=True, help="Unchecked: this check is not required before a deploy of this repository."
    )
    threshold = fields.Float(
        digits=(6, 2),
        help="Coverage: the minimum line coverage in %. Vulnerability scan: the most high + "
        "critical vulnerabilities allowed. Unused for tests and lint.",
    )
    company_id = fields.Many2one(related="repo_id.company_id", store=True, index=True)

    _sql_constraints = [
        (
            "repo_environment_kind_unique",
            "unique(repo_id, environment, kind)",
            "A repository has one gate per environment and check: edit that one.",
        )
    ]

    @api.depends("repo_id", "environment", "kind")
    def _compute_display_name(self):
        labels = dict(KINDS)
        for gate in self:
            gate.display_name = (
                f"{gate.repo_id.name or '-'} / {gate.environment or '-'} / {labels.get(gate.kind, '-')}"
            )

    @api.constrains("kind", "threshold")
    def _check_threshold(self):
        for gate in self:
            if gate.kind == "coverage" and not 0 <= gate.threshold <= 100:
                raise ValidationError(
                    _(
                        "Gate %(gate)s: coverage is a percentage from 0 to 100, got %(value)s.",
                        gate=gate.display_name,
                        value=gate.threshold,
                    )
                )
            if gate.kind == "audit" and (gate.threshold < 0 or gate.threshold != int(gate.threshold)):
                raise ValidationError(
                    _(
                        "Gate %(gate)s: the vulnerabilities allowed are a whole number, 0 or more, "
                        "got %(value)s.",
                        gate=gate.display_name,
                        value=gate.threshold,
                    )
                )

    @api.model
    def _requirements_for(self, repo, environment):
        """``{kind: gate}`` of ``repo`` in ``environment`` (the overrides; empty without a
        repository)."""
        if not repo:
            return {}
        gates = self.sudo().search([("repo_id", "=", repo.id), ("environment", "=", environment)])
        return {gate.kind: gate for gate in gates}
