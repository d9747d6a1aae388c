# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from odoo.addons.practice_base.tools.markdown import render

from ..tools import fts, vault_format
from ..tools.vault_format import VaultError


class PracticeRunbook(models.Model):
    """Steps to follow when something known goes wrong."""

    _name = "practice.runbook"
    _description = "Runbook"
    _inherit = ["mail.thread", "practice.repo.mixin", "practice.vault.record"]
    _order = "repo_id, number, id"
    _rec_names_search = ["name", "number"]

    number = fields.Integer(
        required=True, tracking=True, help="Number of the runbook, unique per repository."
    )
    name = fields.Char(string="Title", required=True, tracking=True, help="What the runbook recovers from.")
    steps = fields.Text(required=True, help="The steps (markdown).")
    rule_ids = fields.Many2many(
        "practice.rule",
        "practice_rule_runbook_rel",
        "runbook_id",
        "rule_id",
        string="Hard Rules",
        help="Hard rules that point to this runbook (set on the rule).",
    )
    adr_ids = fields.Many2many(
        "practice.adr",
        "practice_runbook_adr_rel",
        "runbook_id",
        "adr_id",
        string="ADRs",
        help="Decisions this runbook applies.",
    )
    steps_html = fields.Html(
        string="Steps (rendered)",
        compute="_compute_steps_html",
        sanitize=True,
        help="The markdown, rendered.",
    )

    _sql_constraints = [
        (
            "repo_number_unique",
            "unique(repo_id, number)",
            "A runbook with this number already exists in this repository.",
        ),
        ("number_positive", "check(number > 0)", "The runbook number must be 1 or more."),
        ("vault_path_unique", "unique(repo_id, vault_path)", "Another runbook already uses this vault path."),
    ]

    def init(self):
        # weighted full-text vector for the context bundle's task ranking (see tools/fts.py)
        fts.ensure_search_vector(self.env.cr, self._table, [("A", ["name"]), ("B", ["steps"])])

    @api.depends("steps")
    def _compute_steps_html(self):
        for runbook in self:
            runbook.steps_html = render(runbook.steps or "")

    @api.depends("number", "name")
    def _compute_display_name(self):
        for runbook in self:
            runbook.display_name = f"{runbook.number:04d} {runbook.name or ''}".strip()

    # ----------------------------------------------------------------- vault
    def _vault_default_path(self):
        return f"runbooks/{self.number:04d}-{vault_format.slugify(self.name)}.md"

    def _vault_data(self):
        self.ensure_one()
        return {
            "number": self.number,
            "title": self.name,
            "adrs": sorted(self.adr_ids.mapped("number")),
            "steps": self.steps or "",
            "extra": self._vault_extra_dict(),
        }

    @api.model
    def _vault_check(self, entries, batch, repo):
        errors, by_number = [], {}
        batch_paths = {e.path for e in entries}
        for entry in entries:
            number = entry.data["number"]
            if number in by_number:
                errors.append(
                    VaultError(
                        entry.path,
                        entry.line_of("number"),
                        f"duplicate runbook number {number:04d}: also in {by_number[number].path}",
                    )
                )
            by_number.setdefault(number, entry)
        for runbook in self.search([("repo_id", "=", repo.id), ("number", "in", sorted(by_number))]):
            entry = by_number[runbook.number]
            if (
                runbook.vault_path
                and runbook.vault_path != entry.path
                and runbook.vault_path not in batch_paths
            ):
                errors.append(
                    VaultError(
                        entry.path,
                        entry.line_of("number"),
                        f"duplicate runbook number {runbook.number:04d}: "
                        f"already used by {runbook.vault_path}",
                    )
                )
        known = {e.data["number"] for e in batch.get("adr", [])}
        known |= set(self.env["practice.adr"].search([("repo_id", "=", repo.id)]).mapped("number"))
        for entry in entries:
            for number in entry.data["adrs"]:
                if number not in known:
                    errors.append(
                        VaultError(entry.path, entry.line_of("adrs"), f"unknown ADR reference {number:04d}")
                    )
        return errors

    @api.model
    def _vault_values(self, entry, repo):
        data = entry.data
        adrs = self.env["practice.adr"].search([("repo_id", "=", repo.id), ("number", "in", data["adrs"])])
        return self._vault_runbook_values(data, adrs.ids)

    @api.model
    def _vault_values_list(self, entries, repo):
        """The same values as :meth:`_vault_values`, the ADRs of all the entries found by one search."""
        numbers = sorted({number for entry in entries for number in entry.data["adrs"]})
        adr_ids = {}
        if numbers:
            for adr in self.env["practice.adr"].search(
                [("repo_id", "=", repo.id), ("number", "in", numbers)]
            ):
                adr_ids.setdefault(adr.number, []).append(adr.id)
        return [
            self._vault_runbook_values(
                entry.data,
                list(dict.fromkeys(a for number in entry.data["adrs"] for a in adr_ids.get(number, []))),
            )
            for entry in entries
        ]

    @api.model
    def _vault_runbook_values(self, data, adr_ids):
        return {
            "number": data["number"],
            "name": data["title"],
            "steps": data["steps"],
            "adr_ids": [fields.Command.set(adr_ids)],
        }
