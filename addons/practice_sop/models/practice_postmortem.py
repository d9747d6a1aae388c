# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.practice_base.tools.markdown import render
from odoo.addons.practice_knowledge.tools import vault_version
from odoo.addons.practice_knowledge.tools.vault import files as vault_files
from odoo.addons.practice_knowledge.tools.vault_format import VaultError

from ..tools import postmortem, whys
from .practice_sop_run import SEVERITIES

# sections of the post-mortem, field name -> data key (the same names)
TEXT_FIELDS = postmortem.TEXT_FIELDS


class PracticePostmortem(models.Model):
    """The post-mortem of one finished SOP run, also a vault file
    ``postmortems/YYYY-MM-DD-<code>.md`` (kind ``postmortem``, see ``models/practice_vault.py``).

    Written by ``practice.sop.run.postmortem()`` (`practice sop postmortem RUN`): one per run,
    a new export rewrites it from the run. Edited in the vault file, it comes back by a vault
    push like any other kind (the file kept byte for byte, ``vault_source``)."""

    _name = "practice.postmortem"
    _description = "Post-mortem"
    _inherit = ["practice.repo.mixin", "practice.vault.record"]
    _order = "date desc, id desc"
    _guarded_immutable = ("run_id",)
    _guarded_actions = "practice.sop.run.postmortem() (`practice sop postmortem RUN`)"

    run_id = fields.Many2one(
        "practice.sop.run",
        string="SOP Run",
        required=True,
        index=True,
        ondelete="cascade",
        help="The run this post-mortem is about (one post-mortem per run).",
    )
    name = fields.Char(string="Title", required=True, help="What happened (the run's title).")
    date = fields.Date(required=True, help="Day the run ended (the file name's date).")
    code = fields.Char(required=True, help="Slug of the run's first error code, else of its SOP code.")
    sop_code = fields.Char(string="SOP", help="Code of the SOP followed.")
    severity = fields.Selection(SEVERITIES, required=True, help="Severity of the run.")
    run_state = fields.Selection(
        [("completed", "Completed"), ("aborted", "Aborted")],
        string="Outcome",
        required=True,
        help="How the run ended.",
    )
    sla = fields.Selection(
        [("met", "Met"), ("missed", "Missed"), ("running", "Running")], string="SLA", help="SLA verdict."
    )
    duration = fields.Integer(string="Duration (min)", help="Minutes from start to end.")
    category = fields.Char(help="Category code of the run (DATABASE, DEPLOY, ...).")
    error_codes = fields.Char(help="Error codes found, comma separated.")
    rule_ref = fields.Integer(
        string="Drafted Rule Id", help="Id of the hard rule drafted from the run (0: none)."
    )
    summary = fields.Text(help="What happened, in short.")
    timeline = fields.Text(required=True, help="The run's events: start, each step (when, who, result), end.")
    whys = fields.Text(string="5 Whys", help="The 5 Whys, in order.")
    root_cause = fields.Text(help="The root cause the whys end at.")
    fix = fields.Text(help="The fix (the run's resolution).")
    actions = fields.Text(string="Preventive Actions", help="Preventive measures: owner, due date, state.")
    links = fields.Text(help="The run, the drafted rule, related records.")
    body_html = fields.Html(
        string="Post-mortem", compute="_compute_body_html", sanitize=True, help="The sections, rendered."
    )

    _sql_constraints = [
        ("run_unique", "unique(run_id)", "A run has one post-mortem: export it again to update it."),
        (
            "vault_path_unique",
            "unique(repo_id, vault_path)",
            "Another post-mortem already uses this vault path.",
        ),
    ]

    @api.model
    def _guard_size_limits(self):
        return {**super()._guard_size_limits(), **dict.fromkeys(TEXT_FIELDS, 100000), "error_codes": 2000}

    @api.depends(*TEXT_FIELDS)
    def _compute_body_html(self):
        for record in self:
            record.body_html = render(
                postmortem.serialize(record.vault_path or "", [record._vault_data()]).split("---\n", 2)[-1]
            )

    # ----------------------------------------------------------------- vault
    def _vault_default_path(self):
        return postmortem.path_for(fields.Date.to_string(self.date), self.code)

    def _vault_data(self):
        self.ensure_one()
        data = {
            "title": self.name or "",
            "date": fields.Date.to_string(self.date) or "",
            "run": self.run_id.id,
            "code": self.code or "",
            "sop": self.sop_code or "",
            "severity": self.severity or "",
            "state": self.run_state or "",
            "sla": self.sla or "",
            "duration": self.duration or 0,
            "category": self.category or "",
            "error_codes": [c for c in (self.error_codes or "").split(",") if c],
            "rule": self.rule_ref or 0,
            "extra": self._vault_extra_dict(),
        }
        data.update({name: self[name] or "" for name in TEXT_FIELDS})
        return data

    @api.model
    def _vault_values(self, entry, repo):
        data = entry.data
        vals = {
            "run_id": data["run"],
            "name": data["title"],
            "date": data["date"],
            "code": data["code"],
            "sop_code": data["sop"] or False,
            "severity": data["severity"],
            "run_state": data["state"],
            "sla": data["sla"] or False,
            "duration": data["duration"],
            "category": data["category"] or False,
            "error_codes": ",".join(data["error_codes"]) or False,
            "rule_ref": data["rule"],
        }
        vals.update({name: data[name] or False for name in TEXT_FIELDS})
        return vals

    @api.model
    def _vault_check(self, entries, batch, repo):
        """Every file names a run of this repository, once."""
        errors, seen = [], {}
        runs = self.env["practice.sop.run"].search(
            [("id", "in", [e.data["run"] for e in entries]), ("repo_id", "=", repo.id)]
        )
        batch_paths = {e.path for e in entries}
        existing = {
            pm.run_id.id: pm
            for pm in self.with_context(active_test=False).search([("run_id", "in", runs.ids)])
        }
        at_path = self._vault_existing(repo, batch_paths)
        for entry in entries:
            run_id = entry.data["run"]
            line = entry.line_of("run")
            record = at_path.get((entry.path, ""))
            if record and record.run_id.id != run_id:
                errors.append(
                    VaultError(
                        entry.path,
                        line,
                        f"this post-mortem is of run {record.run_id.id}: its run cannot change",
                    )
                )
            elif run_id not in runs.ids:
                errors.append(VaultError(entry.path, line, f"no SOP run {run_id} in repository {repo.name}"))
            elif run_id in seen:
                errors.append(
                    VaultError(entry.path, line, f"run {run_id} already has a post-mortem: {seen[run_id]}")
                )
            else:
                other = existing.get(run_id)
                if other and other.vault_path != entry.path and other.vault_path not in batch_paths:
                    errors.append(
                        VaultError(
                            entry.path, line, f"run {run_id} already has a post-mortem: {other.vault_path}"
                        )
                    )
            seen.setdefault(run_id, entry.path)
        return errors

    def _vault_text(self):
        """``(path, text)``: the record's vault file as an export writes it."""
        self.ensure_one()
        kind = next(k for k in self.env["practice.vault"]._vault_kinds() if k.name == postmortem.KIND)
        text = vault_files.render_file(kind, self.vault_path, [self._vault_data()], self.vault_source)
        return self.vault_path, text

    # ----------------------------------------------------------------- from a run
    @api.model
    def _run_info(self, run):
        """The plain dict :func:`..tools.postmortem.build` takes, read from ``run``."""

        def stamp(value):
            return fields.Datetime.to_string(value)[:16] if value else ""

        steps = []
        for step in run.step_result_ids.sorted("sequence"):
            done = step.sudo()
            steps.append(
                {
                    "sequence": step.sequence,
                    "title": step.name,
                    "state": step.state,
                    "done_at": stamp(step.done_at),
                    "who": done.done_by_id.name or "",
                    "result": step.result or "",
                    "reason": step.skip_reason or "",
                    "files": done.attachment_ids.mapped("name"),
                }
            )
        rule = run.sudo().rule_id
        links = []
        task = run.sudo()["deploy_task_id"] if "deploy_task_id" in run._fields else None
        if task:
            links.append(f"Deploy task #{task.id}: {task.name}")
        return {
            "run_id": run.id,
            "title": run.name,
            "date": fields.Date.to_string((run.ended_at or fields.Datetime.now()).date()),
            "sop": run.sop_id.code,
            "severity": run.severity,
            "state": run.state,
            "sla": run.sla_state or "",
            "sla_minutes": run.sla_minutes,
            "duration": run.duration_minutes,
            "category": run.category_id.code or "",
            "error_codes": run.error_code_ids.sorted("id").mapped("name"),
            "started_at": stamp(run.started_at),
            "due_at": stamp(run.due_at),
            "ended_at": stamp(run.ended_at),
            "abort_reason": run.abort_reason or "",
            "steps": steps,
            "whys": whys.loads(run.five_whys),
            "root_cause": run.root_cause or "",
            # the lesson, as a drafted rule takes it: the run's resolution, else its codes'
            "resolution": run.resolution
            or "\n".join(code.resolution for code in run.error_code_ids.sorted("id") if code.resolution),
            "fix_steps": run._step_texts(("fix",)),
            "measures": run._measures(),
            "rule": {"id": rule.id, "title": rule.name, "status": rule.status} if rule else None,
            "links": links,
        }

    @api.model
    def _export_run(self, run):
        """Write (or rewrite) the post-mortem of ``run`` → ``(record, created)``."""
        try:
            data = postmortem.build(self._run_info(run))
        except postmortem.PostmortemError as err:
            raise UserError(
                _(
                    "Run %(id)s is %(state)s: a post-mortem is written once it is completed or aborted.",
                    id=run.id,
                    state=run.state,
                )
            ) from err
        record = self.with_context(active_test=False).search([("run_id", "=", run.id)], limit=1)
        if record:
            data["extra"] = record._vault_extra_dict()
            data["date"] = fields.Date.to_string(record.date)  # the file name's date stays
        try:  # the canonical values (what the file parses back to)
            entry = postmortem.parse("postmortems/x.md", postmortem.serialize("", [data]))[0]
        except VaultError as err:
            raise UserError(
                _("The post-mortem of run %(id)s: %(error)s", id=run.id, error=err.message)
            ) from None
        data = entry.data
        vals = self._vault_values(entry, run.repo_id)
        if record:
            if record._vault_data() != data:
                vals.pop("run_id")
                record.write(vals)
            return record, False
        vals["repo_id"] = run.repo_id.id
        return self.create(vals), True

    def _answer(self, created):
        self.ensure_one()
        path, text = self._vault_text()
        return {
            "id": self.id,
            "run_id": self.run_id.id,
            "repo": self.repo_id.name,
            "path": path,
            "text": text,
            "version": vault_version.file_version(text),
            "created": created,
        }
