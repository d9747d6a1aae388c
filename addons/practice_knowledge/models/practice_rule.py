# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.practice_base.models.practice_code_module import MAX_MODULES_PER_CALL, MODULE_NAME_RE
from odoo.addons.practice_base.tools.markdown import render

from ..tools import fts, vault_format
from ..tools.vault_format import VaultError

SEVERITY_RANK = {"critical": 0, "high": 1, "medium": 2, "low": 3}


class PracticeRule(models.Model):
    """A hard rule: what must (not) be done, born from an incident."""

    _name = "practice.rule"
    _description = "Hard Rule"
    _inherit = ["mail.thread", "practice.repo.mixin", "practice.vault.record"]
    _order = "date desc, id desc"
    _guarded_fields = ("status",)
    _guarded_actions = "Accept (Engineers), Retire / Reactivate (Managers)"

    name = fields.Char(string="Title", required=True, tracking=True, help="Short title of the rule.")
    date = fields.Date(
        required=True, default=fields.Date.context_today, tracking=True, help="When the rule was made."
    )
    rule = fields.Text(required=True, help="The rule itself (markdown).")
    incident = fields.Text(help="What broke, with numbers (markdown).")
    root_cause = fields.Text(help="Why it broke (markdown).")
    fix = fields.Text(help="What fixed it and what prevents it now (markdown).")
    severity = fields.Selection(
        [("low", "Low"), ("medium", "Medium"), ("high", "High"), ("critical", "Critical")],
        required=True,
        default="high",
        tracking=True,
        help="How bad breaking the rule is.",
    )
    status = fields.Selection(
        [("proposed", "Proposed"), ("active", "Active"), ("retired", "Retired")],
        required=True,
        default="active",
        readonly=True,
        tracking=True,
        help="Proposed rules (drafted from an incident) wait for an Engineer to accept them and stay "
        "out of the vault and the context bundle until then. Retired rules no longer apply "
        "(Managers retire rules).",
    )
    module_ids = fields.Many2many(
        "practice.code.module",
        "practice_rule_code_module_rel",
        "rule_id",
        "module_id",
        string="Code Modules",
        help="Modules of the repository the rule applies to; empty means repository-wide.",
    )
    runbook_ids = fields.Many2many(
        "practice.runbook",
        "practice_rule_runbook_rel",
        "rule_id",
        "runbook_id",
        string="Runbooks",
        help="Runbooks to follow when the rule's incident happens again.",
    )
    runbook_count = fields.Integer(compute="_compute_runbook_count", help="Number of linked runbooks.")
    body_html = fields.Html(
        string="Rule (rendered)", compute="_compute_body_html", sanitize=True, help="The markdown, rendered."
    )

    _sql_constraints = [
        ("vault_path_unique", "unique(repo_id, vault_path)", "Another rule already uses this vault path."),
    ]

    def init(self):
        # weighted full-text vector for the context bundle's task ranking (see tools/fts.py)
        fts.ensure_search_vector(
            self.env.cr,
            self._table,
            [("A", ["name"]), ("B", ["rule", "fix"]), ("C", ["incident", "root_cause"])],
        )
        # the context bundle's bounded reads: active rules of a repository by severity and
        # date (its order without a task) and their count, from the index alone
        fts.ensure_order_index(
            self.env.cr,
            self._table,
            "practice_rule_bundle_order_index",
            ["repo_id", "status", "severity", "date DESC", "id"],
            include=["company_id"],
        )

    @api.depends("runbook_ids")
    def _compute_runbook_count(self):
        for rule in self:
            rule.runbook_count = len(rule.runbook_ids)

    @api.depends("rule", "incident", "root_cause", "fix")
    def _compute_body_html(self):
        for rule in self:
            rule.body_html = render(
                vault_format.join_sections(rule._vault_sections(), vault_format.RULE_SECTIONS)
            )

    def _vault_sections(self):
        return {
            "rule": self.rule or "",
            "incident": self.incident or "",
            "root_cause": self.root_cause or "",
            "fix": self.fix or "",
        }

    def write(self, vals):
        if (
            "status" in vals
            and not self.env.su
            and not self.env.user.has_group("practice_base.group_practice_manager")
        ):
            if any(rule.status != vals["status"] for rule in self):
                raise AccessError(_("Only Practice managers retire or reactivate hard rules."))
        return super().write(vals)

    def action_accept(self):
        """Engineers accept a proposed rule: it becomes active and joins the vault."""
        # env.user is superuser: check the caller's own record (env.user would never refuse)
        self.env["res.users"].browse(self.env.uid)._practice_require(
            "engineer", _("accept proposed hard rules")
        )
        for rule in self:
            if rule.status != "proposed":
                raise UserError(
                    _("Rule %(name)s is not proposed (it is %(status)s).", name=rule.name, status=rule.status)
                )
            rule.sudo()._guarded().write({"status": "active"})
            if not rule.vault_path:
                rule.sudo().vault_path = rule._vault_unique_path(rule._vault_default_path())
        return True

    def action_retire(self):
        self._guarded().write({"status": "retired"})

    def action_reactivate(self):
        self._guarded().write({"status": "active"})

    def action_view_runbooks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("practice_knowledge.practice_runbook_action")
        if len(self.runbook_ids) == 1:
            action.update({"view_mode": "form", "views": [(False, "form")], "res_id": self.runbook_ids.id})
        else:
            action["domain"] = [("id", "in", self.runbook_ids.ids)]
        return action

    # ----------------------------------------------------------------- vault
    def _vault_default_path(self):
        if self.status == "proposed":
            return False  # proposed rules get a vault file once accepted
        return f"rules/{self.date.isoformat()}-{vault_format.slugify(self.name)}.md"

    def _vault_data(self):
        self.ensure_one()
        return {
            "title": self.name,
            "date": self.date.isoformat(),
            "severity": self.severity,
            "status": self.status,
            "modules": sorted(self.module_ids.mapped("name")),
            "runbooks": sorted(self.runbook_ids.mapped("number")),
            **self._vault_sections(),
            "extra": self._vault_extra_dict(),
        }

    @api.model
    def _vault_check(self, entries, batch, repo):
        errors = []
        known = {e.data["number"] for e in batch.get("runbook", [])}
        wanted = {n for e in entries for n in e.data["runbooks"]}
        known |= set(
            self.env["practice.runbook"]
            .search([("repo_id", "=", repo.id), ("number", "in", sorted(wanted))])
            .mapped("number")
        )
        paths = dict(
            self.env["practice.runbook"]
            .with_context(active_test=False)
            .search([("repo_id", "=", repo.id)])
            .mapped(lambda r: (r.number, r.vault_path))
        )
        paths.update({e.data["number"]: e.path for e in batch.get("runbook", [])})
        by_name = vault_format.runbook_names(paths)
        for entry in entries:
            errors += vault_format.runbook_file_errors(entry, paths, by_name)
            refs = entry.lines.get("runbook_refs") or {}
            for number in entry.data["runbooks"]:
                if number not in known:
                    errors.append(
                        VaultError(
                            entry.path,
                            refs.get(number, entry.line_of("runbooks")),
                            f"unknown runbook reference {number:04d}: no runbooks/{number:04d}-*.md",
                        )
                    )
            for name in entry.data["modules"]:
                if not MODULE_NAME_RE.match(name):
                    errors.append(
                        VaultError(entry.path, entry.line_of("modules"), f"invalid module name {name!r}")
                    )
        return errors

    @api.model
    def _vault_values(self, entry, repo):
        data = entry.data
        modules = self.env["practice.code.module"]._ensure(repo, data["modules"]) if data["modules"] else []
        runbooks = self.env["practice.runbook"].search(
            [("repo_id", "=", repo.id), ("number", "in", data["runbooks"])]
        )
        return self._vault_rule_values(data, [m.id for m in modules], runbooks.ids)

    @api.model
    def _vault_values_list(self, entries, repo):
        """The same values as :meth:`_vault_values`, the modules and runbooks of all the
        entries looked up at once (one ``_ensure`` per MAX_MODULES_PER_CALL module names, one search)."""
        Module = self.env["practice.code.module"]
        names = [Module._normalize_names(entry.data["modules"], MAX_MODULES_PER_CALL) for entry in entries]
        module_ids = {}
        wanted = sorted({name for entry_names in names for name in entry_names})
        for start in range(0, len(wanted), MAX_MODULES_PER_CALL):
            chunk = wanted[start : start + MAX_MODULES_PER_CALL]
            module_ids.update(zip(chunk, Module._ensure(repo, chunk).ids, strict=True))
        numbers = sorted({number for entry in entries for number in entry.data["runbooks"]})
        runbook_ids = {}
        if numbers:
            for runbook in self.env["practice.runbook"].search(
                [("repo_id", "=", repo.id), ("number", "in", numbers)]
            ):
                runbook_ids.setdefault(runbook.number, []).append(runbook.id)
        return [
            self._vault_rule_values(
                entry.data,
                [module_ids[name] for name in entry_names],
                list(
                    dict.fromkeys(
                        rb_id for number in entry.data["runbooks"] for rb_id in runbook_ids.get(number, [])
                    )
                ),
            )
            for entry, entry_names in zip(entries, names, strict=True)
        ]

    @api.model
    def _vault_rule_values(self, data, module_ids, runbook_ids):
        return {
            "name": data["title"],
            "date": data["date"],
            "severity": data["severity"],
            "status": data["status"],
            "rule": data["rule"],
            "incident": data["incident"] or False,
            "root_cause": data["root_cause"] or False,
            "fix": data["fix"] or False,
            "module_ids": [fields.Command.set(module_ids)],
            "runbook_ids": [fields.Command.set(runbook_ids)],
        }
