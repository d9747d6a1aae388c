# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.practice_base.tools.markdown import render

from ..tools import fts, vault_format
from ..tools.vault_format import VaultError

TRANSITIONS = {
    "proposed": ("accepted", "rejected"),
    "accepted": ("deprecated", "superseded"),
    "deprecated": ("superseded",),
    "rejected": (),
    "superseded": (),
}
# Once accepted, only the status and the links change.
LOCKED_FIELDS = ("number", "name", "date", "deciders", "context", "decision", "consequences", "options")
LOCKED_VAULT_KEYS = {
    "number": "number",
    "title": "name",
    "date": "date",
    "deciders": "deciders",
    "context": "context",
    "decision": "decision",
    "consequences": "consequences",
    "options": "options",
}


class PracticeAdr(models.Model):
    """An architecture decision record."""

    _name = "practice.adr"
    _description = "Architecture Decision Record"
    _inherit = ["mail.thread", "practice.repo.mixin", "practice.vault.record"]
    _order = "repo_id, number desc, id desc"
    _rec_names_search = ["name", "number"]
    _guarded_fields = ("status",)
    _guarded_actions = "Accept / Reject / Deprecate / Supersede"

    number = fields.Integer(required=True, tracking=True, help="Number of the ADR, unique per repository.")
    name = fields.Char(string="Title", required=True, tracking=True, help="Short title of the decision.")
    date = fields.Date(required=True, default=fields.Date.context_today, help="Date of the decision.")
    status = fields.Selection(
        [
            ("proposed", "Proposed"),
            ("accepted", "Accepted"),
            ("rejected", "Rejected"),
            ("deprecated", "Deprecated"),
            ("superseded", "Superseded"),
        ],
        required=True,
        default="proposed",
        readonly=True,
        tracking=True,
        group_expand="_group_expand_status",
        help="Proposed → Accepted or Rejected; Accepted → Deprecated or Superseded.",
    )
    deciders = fields.Text(help="Who decided, one name a line.")
    context = fields.Text(help="The forces at play (markdown).")
    decision = fields.Text(help="What was decided (markdown). Immutable once accepted.")
    consequences = fields.Text(help="What becomes easier or harder (markdown).")
    options = fields.Text(string="Considered Options", help="Alternatives that were weighed (markdown).")
    superseded_by_id = fields.Many2one(
        "practice.adr",
        index=True,
        ondelete="set null",
        tracking=True,
        domain="[('repo_id', '=', repo_id), ('id', '!=', id)]",
        help="The ADR that replaces this one.",
    )
    supersede_ids = fields.One2many(
        "practice.adr", "superseded_by_id", string="Supersedes", help="ADRs this one replaces."
    )
    runbook_ids = fields.Many2many(
        "practice.runbook",
        "practice_runbook_adr_rel",
        "adr_id",
        "runbook_id",
        string="Runbooks",
        help="Runbooks that apply this decision.",
    )
    body_html = fields.Html(
        string="Decision (rendered)",
        compute="_compute_body_html",
        sanitize=True,
        help="The markdown, rendered.",
    )
    display_number = fields.Char(compute="_compute_display_number", help="ADR-0001 style label.")

    _sql_constraints = [
        (
            "repo_number_unique",
            "unique(repo_id, number)",
            "An ADR with this number already exists in this repository.",
        ),
        ("number_positive", "check(number > 0)", "The ADR number must be 1 or more."),
        ("vault_path_unique", "unique(repo_id, vault_path)", "Another ADR already uses this vault path."),
    ]

    def init(self):
        # weighted full-text vector for the context bundle's task ranking (see tools/fts.py)
        fts.ensure_search_vector(
            self.env.cr, self._table, [("A", ["name"]), ("B", ["decision"]), ("C", ["context"])]
        )

    @api.model
    def _group_expand_status(self, states, domain):
        return [key for key, _label in self._fields["status"].selection]

    @api.depends("number")
    def _compute_display_number(self):
        for adr in self:
            adr.display_number = f"ADR-{adr.number:04d}"

    @api.depends("number", "name")
    def _compute_display_name(self):
        for adr in self:
            adr.display_name = f"ADR-{adr.number:04d} {adr.name or ''}".strip()

    @api.depends("context", "decision", "consequences", "options")
    def _compute_body_html(self):
        for adr in self:
            adr.body_html = render(
                vault_format.join_sections(adr._vault_sections(), vault_format.ADR_SECTIONS)
            )

    def _vault_sections(self):
        return {
            "context": self.context or "",
            "decision": self.decision or "",
            "consequences": self.consequences or "",
            "options": self.options or "",
        }

    # ----------------------------------------------------------------- lifecycle
    @staticmethod
    def _normalized(value):
        if isinstance(value, models.BaseModel):
            return value.id
        if hasattr(value, "isoformat"):
            return value.isoformat()
        return value or False

    def write(self, vals):
        for adr in self:
            if adr.status != "proposed":
                changed = [
                    f
                    for f in LOCKED_FIELDS
                    if f in vals and self._normalized(vals[f]) != self._normalized(adr[f])
                ]
                if changed:
                    raise UserError(
                        _(
                            "ADR-%(number)04d is %(status)s: its content is immutable, only its status "
                            "and links may change (tried to change: %(fields)s). "
                            "Write a new ADR that supersedes it.",
                            number=adr.number,
                            status=adr.status,
                            fields=", ".join(changed),
                        )
                    )
            new = vals.get("status")
            if new and new != adr.status and new not in TRANSITIONS[adr.status]:
                raise UserError(
                    _(
                        "ADR-%(number)04d cannot go from %(old)s to %(new)s (allowed: %(allowed)s).",
                        number=adr.number,
                        old=adr.status,
                        new=new,
                        allowed=", ".join(TRANSITIONS[adr.status]) or _("none, it is final"),
                    )
                )
        return super().write(vals)

    def action_accept(self):
        self._guarded().write({"status": "accepted"})

    def action_reject(self):
        self._guarded().write({"status": "rejected"})

    def action_deprecate(self):
        self._guarded().write({"status": "deprecated"})

    def action_supersede(self):
        for adr in self:
            if not adr.superseded_by_id:
                raise UserError(
                    _(
                        "Set 'Superseded By' on ADR-%(number)04d before marking it superseded.",
                        number=adr.number,
                    )
                )
        self._guarded().write({"status": "superseded"})

    @api.constrains("superseded_by_id")
    def _check_superseded_by(self):
        for adr in self:
            if adr.superseded_by_id == adr:
                raise UserError(_("An ADR cannot supersede itself."))
            if adr.superseded_by_id and adr.superseded_by_id.repo_id != adr.repo_id:
                raise UserError(_("An ADR can only be superseded by an ADR of the same repository."))

    # ----------------------------------------------------------------- vault
    def _vault_default_path(self):
        return f"adr/{self.number:04d}-{vault_format.slugify(self.name)}.md"

    def _vault_data(self):
        self.ensure_one()
        return {
            "number": self.number,
            "title": self.name,
            "date": self.date.isoformat(),
            "status": self.status,
            "deciders": [d.strip() for d in (self.deciders or "").split("\n") if d.strip()],
            "supersedes": sorted(self.supersede_ids.mapped("number")),
            **self._vault_sections(),
            "extra": self._vault_extra_dict(),
        }

    @api.model
    def _vault_check(self, entries, batch, repo):
        errors = []
        by_number = {}
        for entry in entries:
            number = entry.data["number"]
            if number in by_number:
                errors.append(
                    VaultError(
                        entry.path,
                        entry.line_of("number"),
                        f"duplicate ADR number {number:04d}: also in {by_number[number].path}",
                    )
                )
            by_number.setdefault(number, entry)
        existing = self.with_context(active_test=False).search([("repo_id", "=", repo.id)])
        db_by_number = {adr.number: adr for adr in existing}
        known = set(by_number) | set(db_by_number)
        for entry in entries:
            data = entry.data
            for number in data["supersedes"]:
                if number not in known:
                    errors.append(
                        VaultError(
                            entry.path, entry.line_of("supersedes"), f"unknown ADR {number:04d} in supersedes"
                        )
                    )
            adr = db_by_number.get(data["number"])
            if (
                adr
                and adr.vault_path
                and adr.vault_path != entry.path
                and adr.vault_path not in batch_paths(batch)
            ):
                errors.append(
                    VaultError(
                        entry.path,
                        entry.line_of("number"),
                        f"duplicate ADR number {data['number']:04d}: already used by {adr.vault_path}",
                    )
                )
                continue
            if adr and adr.vault_path == entry.path:
                errors += self._vault_check_change(adr, entry)
        return errors

    def _vault_check_change(self, adr, entry):
        data, current = entry.data, adr._vault_data()
        errors = []
        if data["status"] != adr.status and data["status"] not in TRANSITIONS[adr.status]:
            errors.append(
                VaultError(
                    entry.path,
                    entry.line_of("status"),
                    f"ADR {adr.number:04d} cannot go from {adr.status} to {data['status']}",
                )
            )
        if adr.status != "proposed":
            for key in LOCKED_VAULT_KEYS:
                if data[key] != current[key]:
                    errors.append(
                        VaultError(
                            entry.path,
                            entry.line_of(key),
                            f"ADR {adr.number:04d} is {adr.status}: '{key}' is immutable "
                            "(only status and links may change)",
                        )
                    )
        return errors

    @api.model
    def _vault_values(self, entry, repo):
        data = entry.data
        return {
            "number": data["number"],
            "name": data["title"],
            "date": data["date"],
            "status": data["status"],
            "deciders": "\n".join(data["deciders"]) or False,
            "context": data["context"] or False,
            "decision": data["decision"] or False,
            "consequences": data["consequences"] or False,
            "options": data["options"] or False,
        }

    @api.model
    def _vault_link_values(self, entry, repo):
        supersedes = entry.data["supersedes"]
        targets = (
            self.search([("repo_id", "=", repo.id), ("number", "in", supersedes)])
            if supersedes
            else self.browse()
        )
        return {"supersede_ids": [fields.Command.set(targets.ids)]}


def batch_paths(batch):
    return {entry.path for entries in batch.values() for entry in entries}
