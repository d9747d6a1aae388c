# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import binascii

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.practice_base.tools import guard

from ..tools import evidence, machine, sla, whys
from ..tools.lesson import rule_title
from .res_config_settings import PARAM_PREFIX

SEVERITIES = [("critical", "Critical"), ("high", "High"), ("medium", "Medium"), ("low", "Low")]
RUN_STATES = [("draft", "Draft"), ("running", "Running"), ("completed", "Completed"), ("aborted", "Aborted")]
SLA_STATES = [("running", "Running"), ("met", "Met"), ("missed", "Missed")]
MAX_TITLE = 200
MAX_SESSION = guard.MAX_SESSION_ID


class PracticeSopRun(models.Model):
    """One walk through an SOP: its steps' results, the SLA of its severity, what was found.

    Created by :meth:`start` (RPC) or the SOP's button (a draft the form starts); every change of
    state goes through :meth:`action_start`, :meth:`step`, :meth:`finish` and lands in the chatter.
    """

    _name = "practice.sop.run"
    _description = "SOP Run"
    _inherit = ["mail.thread", "mail.activity.mixin", "practice.repo.mixin", "practice.guarded.mixin"]
    _order = "id desc"
    _guarded_fields = (
        "state",
        "user_id",
        "started_at",
        "ended_at",
        "duration_minutes",
        "sla_minutes",
        "due_at",
        "sla_state",
        "sla_met",
        "overdue_notified",
        "abort_reason",
        "rule_id",
        "origin",
        "session_id",
        "sop_version",
    )
    _guarded_immutable = ("sop_id", "repo_id")
    _guarded_actions = "start, step, finish, draft_rule (or the form's buttons)"

    name = fields.Char(string="Title", required=True, tracking=True, help="What is being investigated.")
    sop_id = fields.Many2one(
        "practice.sop",
        string="SOP",
        required=True,
        index=True,
        ondelete="restrict",
        help="The procedure followed.",
    )
    sop_code = fields.Char(related="sop_id.code", string="SOP Code", help="Code of the procedure.")
    category_id = fields.Many2one(
        "practice.sop.category",
        index=True,
        ondelete="restrict",
        tracking=True,
        help="What kind of incident (DATABASE, DEPLOY, ...): the catalog Managers edit.",
    )
    sop_version = fields.Integer(
        readonly=True, help="Version of the SOP this run follows (its steps are copied)."
    )
    severity = fields.Selection(
        SEVERITIES,
        required=True,
        default="high",
        tracking=True,
        help="Sets the SLA target (Settings); can change only while the run is a draft.",
    )
    state = fields.Selection(
        RUN_STATES,
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
        index=True,
        help="Lifecycle.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        readonly=True,
        index=True,
        default=lambda self: self.env.user,
        ondelete="restrict",
        help="Who runs it; reminded by an activity when the SLA is missed.",
    )
    session_id = fields.Char(readonly=True, index=True, help="Work session (AI agent) that runs it.")
    origin = fields.Selection(
        [("manual", "Manual"), ("rpc", "Over RPC"), ("alert", "Watchdog alert"), ("deploy", "Deploy")],
        default="manual",
        readonly=True,
        help="What started the run.",
    )
    started_at = fields.Datetime(readonly=True, help="When the run started (UTC).")
    ended_at = fields.Datetime(readonly=True, help="When it was completed or aborted (UTC).")
    duration_minutes = fields.Integer(
        string="Duration (min)", readonly=True, aggregator="avg", help="Minutes from start to end."
    )
    sla_minutes = fields.Integer(
        string="SLA (min)", readonly=True, help="SLA target of the severity when the run started."
    )
    due_at = fields.Datetime(string="Due", readonly=True, help="Start plus the SLA target (UTC).")
    sla_state = fields.Selection(
        SLA_STATES,
        string="SLA",
        readonly=True,
        index=True,
        help="Met (ended by the due time), missed (ended late, or marked overdue by the cron), running.",
    )
    sla_met = fields.Float(
        string="SLA Met (%)",
        readonly=True,
        aggregator="avg",
        help="100 for a closed run that met its SLA, 0 for one that missed it: averaged, the met rate.",
    )
    sla_badge = fields.Selection(
        [("success", "Met"), ("info", "Running"), ("warning", "Due soon"), ("danger", "Missed")],
        compute="_compute_sla_badge",
        help="Colour of the SLA badge: green met, orange due soon, red missed.",
    )
    overdue_notified = fields.Boolean(
        readonly=True, help="The cron flagged it overdue and scheduled an activity."
    )
    step_result_ids = fields.One2many(
        "practice.sop.run.step",
        "run_id",
        string="Steps",
        readonly=True,
        help="One result per step of the SOP.",
    )
    step_progress = fields.Char(
        compute="_compute_step_progress", string="Progress", help="Steps done / steps."
    )
    error_code_ids = fields.Many2many(
        "practice.error.code",
        "practice_error_code_run_rel",
        "run_id",
        "code_id",
        string="Error Codes",
        help="Error codes found during the run.",
    )
    module_ids = fields.Many2many(
        "practice.code.module",
        "practice_sop_run_code_module_rel",
        "run_id",
        "module_id",
        string="Code Modules",
        help="Modules of the repository involved (copied to a drafted rule).",
    )
    root_cause = fields.Text(
        help="Why it broke (5 whys); defaults to the root-cause step's result in a rule."
    )
    five_whys = fields.Text(
        string="5 Whys (JSON)",
        help="Ordered why -> because pairs of the root-cause step, as JSON "
        '([{"why": ..., "because": ...}]): recorded with the step (practice sop step RUN 3 --why --because).',
    )
    five_whys_text = fields.Text(
        string="5 Whys", compute="_compute_five_whys_text", help="The 5 Whys and the root cause, as lines."
    )
    resolution = fields.Text(help="The lesson: becomes the rule text of a drafted hard rule.")
    abort_reason = fields.Text(readonly=True, help="Why the run was aborted.")
    rule_id = fields.Many2one(
        "practice.rule",
        string="Drafted Rule",
        readonly=True,
        ondelete="set null",
        help="Hard rule drafted from it.",
    )

    # ------------------------------------------------------------------ computes
    @api.depends("five_whys", "root_cause")
    def _compute_five_whys_text(self):
        for run in self:
            try:
                pairs = whys.loads(run.five_whys)
            except whys.WhysError:
                pairs = []
            run.five_whys_text = whys.markdown(pairs, run.root_cause or "") if pairs else False

    @api.constrains("five_whys")
    def _check_five_whys(self):
        for run in self:
            try:
                whys.loads(run.five_whys)
            except whys.WhysError as err:
                raise ValidationError(
                    _("5 Whys of run %(id)s: %(error)s", id=run.id, error=str(err))
                ) from None

    @api.depends("sla_state", "due_at", "sla_minutes")
    def _compute_sla_badge(self):
        now = fields.Datetime.now()
        for run in self:
            current = run.sla_state
            if current == "running" and run.due_at and now > run.due_at:
                current = "missed"
            run.sla_badge = sla.badge(current or "running", run.due_at, now, minutes=run.sla_minutes)

    @api.depends("step_result_ids.state")
    def _compute_step_progress(self):
        for run in self:
            steps = run.step_result_ids
            done = len(steps.filtered(lambda s: s.state in machine.STEP_DONE))
            run.step_progress = f"{done}/{len(steps)}"

    # ------------------------------------------------------------------ guards
    @api.model_create_multi
    def create(self, vals_list):
        if not self._guard_granted():
            raise UserError(
                _(
                    "SOP runs start with practice.sop.run.start() or an SOP's New run button, not a direct create."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if "severity" in vals and not self._guard_granted():
            if any(run.state != "draft" and run.severity != vals["severity"] for run in self):
                raise UserError(_("The severity of a started run is fixed: its SLA was set at the start."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_manager(self):
        self._caller()._practice_require("manager", _("delete SOP runs"))

    @api.model
    def _guard_size_limits(self):
        return {**super()._guard_size_limits(), "root_cause": 20000, "resolution": 20000}

    # ------------------------------------------------------------------ helpers
    @api.model
    def _caller(self):
        """The calling user in the caller's environment. ``env.user`` is always superuser, so
        ``env.user._practice_require`` would never refuse: check on this record instead."""
        return self.env["res.users"].browse(self.env.uid)

    @api.model
    def _require_runner(self, action):
        """Engineers and AI sessions run SOPs."""
        user = self._caller()
        if self.env.su or user._practice_has("ai_session"):
            return True
        return user._practice_require("engineer", action)

    def _post(self, body):
        """A chatter note by the caller (rights already checked; an AI-session user without an
        email address posts too)."""
        for run in self:
            run.sudo().message_post(
                body=body, author_id=self.env.user.partner_id.id, subtype_xmlid="mail.mt_note"
            )

    @api.model
    def _parse(self, parser, *args, **kwargs):
        try:
            return parser(*args, **kwargs)
        except (machine.TransitionError, sla.SlaInputError) as err:
            raise UserError(str(err)) from err

    @api.model
    def _text_arg(self, value, name, limit, required=False):
        return self._parse(machine.text, value, name, limit, required=required)

    @api.model
    def _get_run(self, run_id):
        if isinstance(run_id, bool) or not isinstance(run_id, int) or run_id <= 0:
            raise UserError(
                _("run_id must be a positive whole number, got %(value)r.", value=str(run_id)[:40])
            )
        run = self.browse(run_id).exists()
        if not run:
            raise UserError(_("No SOP run with id %(id)s.", id=run_id))
        run.check_access("read")
        return run

    @api.model
    def _sla_targets(self):
        params = self.env["ir.config_parameter"].sudo()
        return {severity: params.get_param(PARAM_PREFIX + severity) for severity in sla.SEVERITIES}

    @api.model
    def _origin_values(self, alert_id):
        """Extra values of a run started from ``alert_id`` (the watchdog bridge fills this in)."""
        if alert_id:
            raise UserError(
                _(
                    "alert_id needs the watchdog bridge (practice_sop_watchdog, installed with practice_watchdog)."
                )
            )
        return {}

    @api.model
    def _create_run(self, sop, title, severity, origin="manual", session_id=None, extra=None, repo=None):
        """A draft run of ``sop`` with a copy of its steps (checked caller rights first), in
        ``repo`` (default: the SOP's repository; for a global SOP the default repository)."""
        self._require_runner(_("run SOPs"))
        sop.check_access("read")
        if not sop.active:
            raise UserError(_("SOP %(code)s is archived: it cannot be started.", code=sop.code))
        if not sop.step_ids:
            raise UserError(_("SOP %(code)s has no steps.", code=sop.code))
        vals = {
            "name": title,
            "sop_id": sop.id,
            "sop_version": sop.version,
            "repo_id": (repo or sop.repo_id or self.env["practice.repo"]._default_repo()).id,
            "severity": severity,
            "origin": origin,
            "session_id": session_id or False,
            "user_id": self.env.uid,
            "sla_met": 0.0,  # stored (not NULL): a missed run's 0 is written by finish
            "step_result_ids": [
                fields.Command.create(
                    {
                        "sequence": index,
                        "name": step.name,
                        "instructions": step.instructions,
                        "expected_result": step.expected_result,
                        "evidence_required": step.evidence_required,
                        "role": step.role,
                    }
                )
                for index, step in enumerate(sop.step_ids.sorted(lambda s: (s.sequence, s.id)), start=1)
            ],
            **(extra or {}),
        }
        run = self.sudo()._guarded().create(vals)
        run = run.with_env(self.env)
        run._post(_("Run of %(code)s v%(version)s created.", code=sop.code, version=sop.version))
        return run

    def _answer(self):
        self.ensure_one()
        steps = self.step_result_ids.sorted("sequence")
        now = fields.Datetime.now()
        current = sla.status(self.due_at, self.ended_at, now) if self.due_at else "running"
        return {
            "id": self.id,
            "title": self.name,
            "sop": self.sop_id.code,
            "sop_version": self.sop_version,
            "repo": self.repo_id.name,
            "state": self.state,
            "severity": self.severity,
            "category": self.category_id.code or False,
            "started_at": fields.Datetime.to_string(self.started_at) or False,
            "ended_at": fields.Datetime.to_string(self.ended_at) or False,
            "due_at": fields.Datetime.to_string(self.due_at) or False,
            "sla_minutes": self.sla_minutes,
            "sla": current,
            "duration_minutes": self.duration_minutes,
            "session_id": self.session_id or False,
            "error_codes": self.error_code_ids.mapped("name"),
            "rule_id": self.rule_id.id or False,
            "five_whys": whys.loads(self.five_whys),
            "measures": self._measures(),
            "root_cause": self.root_cause or "",
            "steps": [
                {
                    "sequence": step.sequence,
                    "title": step.name,
                    "state": step.state,
                    "result": step.result or "",
                    "reason": step.skip_reason or "",
                    "evidence_expected": step.evidence_required,
                    "instructions": step.instructions or "",
                    "expected_result": step.expected_result or "",
                    "files": step.sudo().attachment_ids.mapped("name"),
                }
                for step in steps
            ],
        }

    # ------------------------------------------------------------------ actions
    def action_start(self):
        """Button / RPC: draft -> running; the SLA clock starts."""
        self._require_runner(_("start SOP runs"))
        for run in self:
            self._parse(machine.check_run, run.state, "running", [])
            now = fields.Datetime.now()
            minutes = sla.target_minutes(run.severity, self._sla_targets())
            run._guarded().write(
                {
                    "state": "running",
                    "started_at": now,
                    "sla_minutes": minutes,
                    "due_at": sla.due_at(now, minutes),
                    "sla_state": "running",
                }
            )
            run._post(
                _(
                    "Run started: %(severity)s severity, SLA %(minutes)s min, due %(due)s UTC.",
                    severity=run.severity,
                    minutes=minutes,
                    due=fields.Datetime.to_string(run.due_at),
                )
            )
        return True

    def action_complete(self):
        return self._finish("completed", "")

    def action_open_abort(self):
        self.ensure_one()
        return self.env["practice.sop.step.wizard"]._open(self, None, "aborted")

    def _finish(self, target, reason):
        self._require_runner(_("finish SOP runs"))
        measure = self.env.ref(self.MEASURE_TYPE, raise_if_not_found=False)
        for run in self:
            steps = [(step.sequence, step.state) for step in run.step_result_ids.sorted("sequence")]
            reason = self._parse(machine.check_run, run.state, target, steps, reason)
            now = fields.Datetime.now()
            vals = {"state": target, "ended_at": now}
            if run.started_at:
                verdict = sla.status(run.due_at, now)
                vals.update(
                    duration_minutes=sla.duration_minutes(run.started_at, now),
                    sla_state=verdict,
                    sla_met=100.0 if verdict == "met" else 0.0,
                )
            if target == "aborted":
                vals["abort_reason"] = reason
            run._guarded().write(vals)
            if target == "aborted":
                run._post(_("Run aborted: %(reason)s", reason=reason))
            else:
                run._post(
                    _(
                        "Run completed in %(minutes)s min: SLA %(sla)s.",
                        minutes=run.duration_minutes,
                        sla=run.sla_state,
                    )
                )
            # the run's own reminders (SLA missed) are done; its preventive measures outlive it
            reminders = run.activity_ids.filtered(lambda act: act.activity_type_id != measure)
            reminders.sudo().action_feedback(feedback=_("Run %(state)s.", state=target))
        return True

    def _step(self, sequence, target, result="", reason="", attachments=None):
        self.ensure_one()
        self._require_runner(_("record SOP steps"))
        if isinstance(sequence, bool) or not isinstance(sequence, int):
            raise UserError(_("sequence must be a step number, got %(value)s.", value=str(sequence)[:40]))
        steps = self.step_result_ids.sorted("sequence")
        step = steps.filtered(lambda s: s.sequence == sequence)
        if not step:
            raise UserError(
                _("Run %(run)s has no step %(seq)s (steps 1-%(n)s).", run=self.id, seq=sequence, n=len(steps))
            )
        earlier = [s.state for s in steps if s.sequence < sequence]
        result, reason = self._parse(
            machine.check_step, self.state, sequence, step.state, target, earlier, reason, result
        )
        if target == "completed" and step.evidence_required and not (result or step.result or attachments):
            raise UserError(
                _(
                    "Step %(seq)s (%(title)s) expects evidence: give a result or attach files.",
                    seq=sequence,
                    title=step.name,
                )
            )
        if attachments:
            self._check_evidence(step, attachments)
        vals = {"state": target}
        if result:
            vals["result"] = result
        if target == "skipped":
            vals["skip_reason"] = reason
        if target in machine.STEP_DONE:
            vals.update(done_at=fields.Datetime.now(), done_by_id=self.env.uid)
        if attachments:
            vals["attachment_ids"] = [fields.Command.link(a.id) for a in attachments]
        step._guarded().write(vals)
        body = _("Step %(seq)s %(title)s: %(state)s.", seq=sequence, title=step.name, state=target)
        if reason:
            body = _("%(body)s Reason: %(reason)s", body=body, reason=reason)
        self._post(body)
        return step

    def _check_evidence(self, step, attachments):
        """UserError unless ``attachments`` fit the evidence bounds of ``step`` (see
        :mod:`..tools.evidence`): at most MAX_FILES files per step, MAX_BYTES each."""
        new = attachments - step.sudo().attachment_ids
        found = evidence.problem(len(step.sudo().attachment_ids), new.sudo().mapped("file_size"))
        if not found:
            return
        if found[0] == "count":
            raise UserError(
                _(
                    "Step %(seq)s (%(title)s) would have %(count)s evidence files: at most %(limit)s per step.",
                    seq=step.sequence,
                    title=step.name,
                    count=found[1],
                    limit=evidence.MAX_FILES,
                )
            )
        raise UserError(
            _(
                "Evidence file %(file)s of step %(seq)s (%(title)s) is %(size)s bytes: at most "
                "%(limit)s bytes (%(mib)s MiB) per file.",
                file=new[found[1]].sudo().name,
                seq=step.sequence,
                title=step.name,
                size=found[2],
                limit=evidence.MAX_BYTES,
                mib=evidence.MAX_BYTES // (1024 * 1024),
            )
        )

    # ------------------------------------------------------------------ RPC
    @api.model
    def start(
        self, sop_code, title, severity="high", session_id=None, alert_id=None, repo=None, category=None
    ):
        """RPC: start a run of SOP ``sop_code`` → the run's dict (id, state, due_at, sla_minutes, steps).
        ``category``: a code of the category catalog (DATABASE, DEPLOY, ...)."""
        self._require_runner(_("run SOPs"))
        category_rec = self.env["practice.sop.category"]._resolve(category)
        repo_rec = self.env["practice.repo"]._resolve(repo)
        if not isinstance(sop_code, str) or not sop_code.strip():
            raise UserError(_("sop_code must be an SOP code such as SOP-TRIAGE-001."))
        title = self._text_arg(title, "title", MAX_TITLE, required=True)
        session_id = self._text_arg(session_id, "session_id", MAX_SESSION)
        if alert_id not in (None, False) and (isinstance(alert_id, bool) or not isinstance(alert_id, int)):
            raise UserError(_("alert_id must be a watchdog alert id."))
        extra = self._origin_values(alert_id)
        severity = extra.pop("severity", severity)
        self._parse(sla.check_severity, severity)
        sop = self.env["practice.sop"]._for_repo(repo_rec, sop_code.strip())
        if not sop:
            raise UserError(
                _(
                    "No active SOP %(code)s in repository %(repo)s.",
                    code=sop_code.strip()[:64],
                    repo=repo_rec.name,
                )
            )
        origin = extra.pop("origin", "rpc")
        if category_rec:
            extra["category_id"] = category_rec.id
        run = self._create_run(
            sop, title, severity, origin=origin, session_id=session_id, extra=extra, repo=repo_rec
        )
        run.action_start()
        return run._answer()

    @api.model
    def step(self, run_id, sequence, state, result="", reason="", whys=None, root_cause=None, files=None):
        """RPC: move step ``sequence`` of run ``run_id`` to ``state`` (in_progress, completed, skipped
        with a reason) → the run's dict. Completing the root-cause step takes the 5 Whys: ``whys``
        ordered ``{"why", "because"}`` pairs and ``root_cause`` the cause they end at. ``files``:
        evidence as ``[{"name", "data"}]`` (data base64; type and size checked, see
        :func:`..tools.evidence.check_file`), stored as attachments of the run linked to the step."""
        run = self._get_run(run_id)
        analysis = run._root_cause_values(sequence, state, whys, root_cause)
        decoded = self._parse_files(files)
        attachments = run._evidence_attachments(decoded) if decoded else None
        run._step(sequence, state, result, reason, attachments)
        if analysis:
            run.write(analysis)
            run._post(_("5 Whys recorded (%(n)s whys).", n=len(whys or [])))
        return run._answer()

    @api.model
    def _parse_files(self, files):
        """``files`` of an RPC call → ``[(name, mimetype, bytes)]``; a UserError for anything else
        than at most MAX_FILES ``{"name", "data"}`` dicts of base64 evidence of a known type."""
        if files in (None, False, []):
            return []
        if not isinstance(files, list) or len(files) > evidence.MAX_FILES:
            raise UserError(
                _("files must be a list of at most %(n)s {name, data} entries.", n=evidence.MAX_FILES)
            )
        decoded = []
        for item in files:
            if (
                not isinstance(item, dict)
                or set(item) != {"name", "data"}
                or not isinstance(item["data"], str)
            ):
                raise UserError(_("each file is a {name, data} entry, data in base64."))
            # base64 of MAX_BYTES is 4/3 as long: refuse larger text before decoding it
            if len(item["data"]) > (evidence.MAX_BYTES // 3 + 1) * 4 + 8:
                raise UserError(
                    _(
                        "%(name)s is larger than %(limit)s bytes.",
                        name=str(item["name"])[:60],
                        limit=evidence.MAX_BYTES,
                    )
                )
            try:
                data = base64.b64decode(item["data"], validate=True)
            except (binascii.Error, ValueError):
                raise UserError(_("%(name)s: data is not base64.", name=str(item["name"])[:60])) from None
            try:
                name, mimetype = evidence.check_file(item["name"], data)
            except evidence.EvidenceError as err:
                raise UserError(str(err)) from None
            decoded.append((name, mimetype, data))
        return decoded

    def _evidence_attachments(self, decoded):
        """Attachments of this run holding the ``decoded`` evidence files."""
        self.ensure_one()
        self.check_access("write")
        return (
            self.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {
                        "name": name,
                        "mimetype": mimetype,
                        "raw": data,
                        "res_model": self._name,
                        "res_id": self.id,
                    }
                    for name, mimetype, data in decoded
                ]
            )
            .with_env(self.env)
        )

    def _root_cause_values(self, sequence, state, pairs, root_cause):
        """The run's values of a 5 Whys analysis given with step ``sequence`` ({} when none); a
        UserError for whys given to another step, another state, or malformed."""
        self.ensure_one()
        if pairs in (None, False, []) and root_cause in (None, False, ""):
            return {}
        step = self.step_result_ids.filtered(lambda s: s.sequence == sequence)
        if step and step.role != "root_cause":
            raise UserError(
                _(
                    "Step %(seq)s (%(title)s) is not the root-cause step: the 5 Whys go with that one.",
                    seq=sequence,
                    title=step.name,
                )
            )
        if state != "completed":
            raise UserError(_("The 5 Whys are recorded when the root-cause step is completed."))
        try:
            parsed = whys.parse(pairs)
        except whys.WhysError as err:
            raise UserError(str(err)) from None
        root_cause = self._text_arg(root_cause, "root_cause", 20000)
        vals = {"five_whys": whys.dumps(parsed)} if parsed else {}
        if root_cause:
            vals["root_cause"] = root_cause
        return vals

    @api.model
    def finish(self, run_id, state="completed", reason=""):
        """RPC: complete (every step done) or abort (with a reason) → {state, sla, duration_minutes}."""
        run = self._get_run(run_id)
        if state not in ("completed", "aborted"):
            raise UserError(_("state must be completed or aborted, got %(value)s.", value=str(state)[:40]))
        run._finish(state, reason)
        return {
            "id": run.id,
            "state": run.state,
            "sla": run.sla_state or False,
            "duration_minutes": run.duration_minutes,
            "due_at": fields.Datetime.to_string(run.due_at) or False,
            "ended_at": fields.Datetime.to_string(run.ended_at),
        }

    @api.model
    def get_run(self, run_id):
        """RPC: one run's dict (steps with their results)."""
        return self._get_run(run_id)._answer()

    @api.model
    def list_runs(self, state=None, repo=None, limit=20):
        """RPC: recent runs (newest first) → list of the runs' dicts without steps."""
        if isinstance(limit, bool) or not isinstance(limit, int) or not 0 < limit <= 200:
            raise UserError(_("limit must be between 1 and 200."))
        domain = [("repo_id", "=", self.env["practice.repo"]._resolve(repo).id)]
        if state:
            if state not in dict(RUN_STATES):
                raise UserError(_("state must be one of draft, running, completed, aborted."))
            domain.append(("state", "=", state))
        return [dict(run._answer(), steps=run.step_progress) for run in self.search(domain, limit=limit)]

    # ------------------------------------------------------------------ preventive measures
    MEASURE_TYPE = "practice_sop.mail_activity_type_preventive_measure"

    @api.model
    def add_measure(self, run_id, summary, owner=None, due=None):
        """RPC: a preventive measure of run ``run_id``: an activity ``summary`` for ``owner`` (a
        login; default the caller) due ``due`` (YYYY-MM-DD; default in 7 days) → the run's dict
        (``measures`` lists them; done ones stay listed as done)."""
        run = self._get_run(run_id)
        run._require_runner(_("plan preventive measures"))
        run.check_access("write")
        summary = self._text_arg(summary, "summary", 250, required=True)
        user = self.env.user
        if owner not in (None, False, ""):
            if not isinstance(owner, str):
                raise UserError(_("owner must be a user's login."))
            user = self.env["res.users"].sudo().search([("login", "=", owner.strip())], limit=1)
            if not user or user.share or not user._practice_has("reader"):
                raise UserError(
                    _("No practice user with login %(login)s to own the measure.", login=owner.strip()[:64])
                )
        deadline = fields.Date.context_today(self) + relativedelta(days=7)
        if due not in (None, False, ""):
            try:
                deadline = fields.Date.to_date(due)
            except (TypeError, ValueError):
                deadline = None
            if not deadline:
                raise UserError(_("due must be a date YYYY-MM-DD, got %(value)s.", value=str(due)[:40]))
        run.sudo().activity_schedule(
            self.MEASURE_TYPE, date_deadline=deadline, summary=summary, user_id=user.id
        )
        run._post(
            _(
                "Preventive measure for %(owner)s due %(due)s: %(summary)s",
                owner=user.name,
                due=fields.Date.to_string(deadline),
                summary=summary,
            )
        )
        return run._answer()

    def _measures(self):
        """The preventive measures of these runs, open and done, as dicts (oldest due first)."""
        kind = self.env.ref(self.MEASURE_TYPE, raise_if_not_found=False)
        if not kind or not self:
            return []
        activities = (
            self.env["mail.activity"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", kind.id),
                ],
                order="date_deadline, id",
            )
        )
        return [
            {
                "id": act.id,
                "run_id": act.res_id,
                "summary": act.summary or "",
                "owner": act.user_id.login or False,
                "due": fields.Date.to_string(act.date_deadline),
                "state": act.state,
            }
            for act in activities
        ]

    # ------------------------------------------------------------------ incident -> hard rule
    @api.model
    def draft_rule(self, run_id):
        """RPC: a proposed hard rule pre-filled from completed run ``run_id`` → {rule_id, state}.
        An Engineer accepts it (then it joins the vault and the context bundle)."""
        run = self._get_run(run_id)
        rule = run._draft_rule()
        return {"rule_id": rule.id, "state": rule.status, "title": rule.name}

    def action_draft_rule(self):
        self.ensure_one()
        rule = self._draft_rule()
        return {
            "type": "ir.actions.act_window",
            "res_model": "practice.rule",
            "res_id": rule.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _step_texts(self, roles):
        return [
            f"{step.name}: {step.result}"
            for step in self.step_result_ids.sorted("sequence")
            if step.role in roles and step.state == "completed" and step.result
        ]

    def _draft_rule(self):
        self.ensure_one()
        self._require_runner(_("draft hard rules from SOP runs"))
        if self.state != "completed":
            raise UserError(
                _(
                    "Only a completed run drafts a hard rule (run %(id)s is %(state)s).",
                    id=self.id,
                    state=self.state,
                )
            )
        if self.rule_id:
            return self.rule_id
        codes = self.error_code_ids
        lesson = self.resolution or "\n".join(c.resolution for c in codes if c.resolution)
        if not lesson:
            raise UserError(
                _(
                    "Run %(id)s has no resolution: write the lesson in Resolution (or register an error code with one) first.",
                    id=self.id,
                )
            )
        evidence = self._step_texts(("classify", "evidence"))
        incident = "\n".join(
            [f"{self.name} ({self.severity}, SOP run #{self.id}, {self.sop_id.code}).", *evidence]
        )
        root_cause = self.root_cause or "\n".join(self._step_texts(("root_cause",)))
        if self.five_whys_text:
            root_cause = self.five_whys_text
        fix = "\n".join(self._step_texts(("fix", "prevent")))
        # the rule in its own imperative words (editable until an Engineer accepts it)
        title = rule_title(lesson, fallback=self.name)
        Rule = self.env["practice.rule"]
        if not self._caller()._practice_has("engineer"):
            Rule = Rule.sudo()  # an AI session proposes; an Engineer accepts
        rule = Rule._guarded().create(
            {
                "name": title[:MAX_TITLE],
                "date": (self.ended_at or fields.Datetime.now()).date(),
                "rule": lesson,
                "incident": incident,
                "root_cause": root_cause or False,
                "fix": fix or False,
                "severity": self.severity,
                "status": "proposed",
                "repo_id": self.repo_id.id,
                "module_ids": [fields.Command.set(self.module_ids.ids)],
            }
        )
        self._guarded().write({"rule_id": rule.id})
        codes.sudo().write({"rule_ids": [fields.Command.link(rule.id)]})
        self._post(_("Hard rule drafted (proposed): %(name)s", name=rule.name))
        rule.with_env(self.env).sudo().message_post(
            body=_(
                "Drafted from SOP run #%(id)s %(name)s; an Engineer accepts it.", id=self.id, name=self.name
            )
        )
        return rule.with_env(self.env)

    # ------------------------------------------------------------------ post-mortem
    @api.model
    def postmortem(self, run_id):
        """RPC: write (or rewrite) the post-mortem of completed or aborted run ``run_id`` →
        {id, run_id, repo, path, text, version, created}: ``text`` is the vault file
        ``postmortems/YYYY-MM-DD-<code>.md`` as an export writes it, ``version`` its vault
        version (the client keeps it as the base of its next push)."""
        run = self._get_run(run_id)
        run._require_runner(_("write post-mortems"))
        run.check_access("write")
        record, created = self.env["practice.postmortem"]._export_run(run)
        if created:
            run._post(_("Post-mortem written: %(path)s", path=record.vault_path))
        return record._answer(created)

    def action_postmortem(self):
        """Button: write the post-mortem and open it."""
        self.ensure_one()
        self.postmortem(self.id)
        record = self.env["practice.postmortem"].search([("run_id", "=", self.id)], limit=1)
        return {
            "type": "ir.actions.act_window",
            "res_model": "practice.postmortem",
            "res_id": record.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------------ cron
    @api.model
    def _cron_mark_overdue(self, now=None):
        """Running runs past their due time: SLA missed, an activity for the responsible user."""
        now = now or fields.Datetime.now()
        runs = self.sudo().search(
            [("state", "=", "running"), ("due_at", "<", now), ("overdue_notified", "=", False)], limit=500
        )
        for run in runs:
            run._guarded().write({"sla_state": "missed", "overdue_notified": True})
            run.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=run.user_id.id or self.env.uid,
                summary=_("SLA missed: %(name)s", name=run.name)[:250],
                note=_(
                    "SOP run %(code)s (%(severity)s) was due %(due)s UTC.",
                    code=run.sop_id.code,
                    severity=run.severity,
                    due=fields.Datetime.to_string(run.due_at),
                ),
            )
            run._post(_("Overdue: the SLA was due %(due)s UTC.", due=fields.Datetime.to_string(run.due_at)))
        return len(runs)
