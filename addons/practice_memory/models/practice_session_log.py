# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.practice_base.models.practice_code_module import MODULE_NAME_RE
from odoo.addons.practice_base.tools import guard
from odoo.addons.practice_knowledge.tools.vault_format import VaultError

from ..tools import sandbox as sandbox_tools
from ..tools import usage as usage_tools
from ..tools import vault_memory

_logger = logging.getLogger(__name__)

OUTCOMES = [
    ("success", "Success"),
    ("partial", "Partial"),
    ("failed", "Failed"),
    ("abandoned", "Abandoned"),
]
STALE_HOURS_PARAM = "practice_memory.stale_session_hours"
DEFAULT_STALE_HOURS = 24
MAX_SESSION_ID = guard.MAX_SESSION_ID
# Titles the hooks give a session log before its task is known ("Agent session (startup) in
# <folder>"): retitle(only_untitled=True) replaces these only.
AUTO_TITLE_PREFIX = "Agent session ("
MAX_TITLE_CHARS = 200
MAX_LIST = 200  # session logs one sessions() call answers
MAX_COST = 1e9
MAX_TOKENS = guard.MAX_INT


class PracticeSessionLog(models.Model):
    """A work session of a person or an AI agent: what was tried, what worked, what failed.

    Lifecycle: ``running`` (``start``) → ``finished`` with an outcome (``finish``, or the
    stale-session cron which finishes it as *abandoned*). Notes are refused once finished.
    Starting a session id that is already running for the same user is idempotent (agents
    retry calls over flaky networks); any other reuse of a session id is refused.

    Vault: a finished session is the file ``sessions/YYYY-MM-DD-<session-id>.md`` of its
    repository (see ``tools/vault_memory.py``); running sessions are not exported and a vault
    import never touches them.
    """

    _name = "practice.session.log"
    _description = "Session Log"
    _inherit = ["mail.thread", "practice.vault.record"]
    _order = "started_at desc, id desc"
    _rec_name = "title"
    # owner, lifecycle and results: start(), note(), finish(), the cron, a vault import
    _guarded_fields = (
        "user_id",
        "state",
        "outcome",
        "started_at",
        "ended_at",
        "summary",
        "tokens",
        "cost",
        "session_count",
        "usage_ids",
        "target_url",
        "target_db",
        "target_sandbox",
        "target_diff",
    )
    _guarded_immutable = ("name",)
    _guarded_actions = "start(), note() and finish()"

    name = fields.Char(
        string="Session ID",
        required=True,
        index=True,
        readonly=True,
        help="Identifier the session chose (unique), e.g. the agent's run id.",
    )
    title = fields.Char(required=True, tracking=True, help="What the session set out to do.")
    repo_id = fields.Many2one(
        "practice.repo",
        string="Repository",
        required=True,
        index=True,
        ondelete="restrict",
        default=lambda self: self.env["practice.repo"]._default_repo(),
        help="Repository the session worked in.",
    )
    module_ids = fields.Many2many(
        "practice.code.module",
        string="Modules Touched",
        help="Code modules the session touched.",
    )
    model_name = fields.Char(
        string="Model Used",
        index=True,
        help="The model the session ran on, e.g. an LLM name; empty for a person.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.user,
        ondelete="restrict",
        help="User that started the session (AI session users write only their own logs).",
    )
    state = fields.Selection(
        [("running", "Running"), ("finished", "Finished")],
        required=True,
        default="running",
        readonly=True,
        tracking=True,
        index=True,
        help="Running until finished with an outcome.",
    )
    outcome = fields.Selection(OUTCOMES, readonly=True, tracking=True, help="How the session ended.")
    started_at = fields.Datetime(
        required=True, default=fields.Datetime.now, readonly=True, index=True, help="When it started."
    )
    ended_at = fields.Datetime(readonly=True, help="When it finished.")
    started_on = fields.Date(
        compute="_compute_started_on", store=True, help="Day the session started (for reporting by day)."
    )
    duration_hours = fields.Float(
        compute="_compute_duration_hours",
        store=True,
        aggregator="sum",
        help="Hours between start and finish.",
    )
    summary = fields.Text(tracking=True, readonly=True, help="What the session concluded (set by finish).")
    target_url = fields.Char(
        string="Target Server",
        readonly=True,
        help="Odoo server of the database the session's agent changed (no credentials; set by record_target).",
    )
    target_db = fields.Char(
        string="Target Database",
        readonly=True,
        help="Database the session's agent changed (set by record_target).",
    )
    target_sandbox = fields.Boolean(
        string="Own Sandbox",
        readonly=True,
        help="The target was the session's own sandbox: its watchdog diff is the session's alone.",
    )
    target_diff = fields.Text(
        readonly=True,
        help="Watchdog diff of the target between the session's start and its stop (set by record_target).",
    )
    sandbox_ids = fields.One2many("practice.sandbox", "session_log_id", readonly=True)
    entry_ids = fields.One2many(
        "practice.session.log.entry", "session_log_id", string="Timeline", help="Notes in time order."
    )
    entry_count = fields.Integer(compute="_compute_entry_count", help="Number of notes.")
    tokens = fields.Integer(
        aggregator="sum", readonly=True, help="Tokens the session consumed (for AI sessions; set by finish)."
    )
    cost = fields.Float(
        aggregator="sum",
        digits=(16, 4),
        readonly=True,
        help="What the session cost in the company currency: the sum of its usage by model "
        "(record_usage), else what finish() was told.",
    )
    usage_ids = fields.One2many(
        "practice.session.usage",
        "session_log_id",
        string="Usage by Model",
        readonly=True,
        help="Tokens and cost per model, from the session's transcript (record_usage).",
    )
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        help="Currency of the cost: the company's (the repository's company, else the current one).",
    )
    session_count = fields.Integer(
        default=1, aggregator="sum", readonly=True, help="1 per session, for counting in pivots."
    )

    _sql_constraints = [
        ("name_unique", "unique(name)", "A session with this id already exists."),
        ("cost_positive", "CHECK(cost >= 0)", "A session's cost cannot be negative."),
        ("tokens_positive", "CHECK(tokens >= 0)", "A session's token count cannot be negative."),
    ]

    @api.depends("repo_id.company_id")
    @api.depends_context("company")
    def _compute_currency_id(self):
        for log in self:
            log.currency_id = log._usage_company().currency_id

    @api.depends("started_at")
    def _compute_started_on(self):
        for log in self:
            log.started_on = log.started_at.date() if log.started_at else False

    @api.depends("started_at", "ended_at")
    def _compute_duration_hours(self):
        for log in self:
            if log.started_at and log.ended_at:
                log.duration_hours = (log.ended_at - log.started_at).total_seconds() / 3600.0
            else:
                log.duration_hours = 0.0

    @api.depends("entry_ids")
    def _compute_entry_count(self):
        counts = {
            log.id: count
            for log, count in self.env["practice.session.log.entry"]._read_group(
                [("session_log_id", "in", self.ids)], ["session_log_id"], ["__count"]
            )
        }
        for log in self:
            log.entry_count = counts.get(log.id, 0)

    def _session_link_counts(self, Model):
        """``{session id: count}`` of the ``Model`` records (a model with a ``session_id`` char
        field: locks, watchdog snapshots...) carrying one of these session ids, archived ones
        too. The bridge addon of that model's addon calls it for its ``<x>_count`` field."""
        groups = (
            Model.sudo()
            .with_context(active_test=False)
            ._read_group([("session_id", "in", self.mapped("name"))], ["session_id"], ["__count"])
        )
        return dict(groups)

    def _session_link_action(self, Model, title):
        """The window action listing the ``Model`` records carrying this session id (see
        :meth:`_session_link_counts`)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": Model._name,
            "view_mode": "list,form",
            "domain": [("session_id", "=", self.name)],
            "context": {"active_test": False},
        }

    @api.constrains("name")
    def _check_name(self):
        for log in self:
            if not (log.name or "").strip() or len(log.name) > MAX_SESSION_ID:
                raise ValidationError(_("A session id must be 1 to 200 characters, got %(id)r.", id=log.name))

    # ------------------------------------------------------------------ RPC
    @api.model
    def _find(self, session_id):
        """The log of ``session_id`` (read through record rules) or a clear error."""
        if not isinstance(session_id, str) or not session_id.strip():
            raise UserError(_("A session id is required (a non-empty string)."))
        if len(session_id) > MAX_SESSION_ID:
            raise UserError(_("A session id is at most %(max)s characters.", max=MAX_SESSION_ID))
        log = self.search([("name", "=", session_id.strip())], limit=1)
        if not log:
            raise UserError(
                _(
                    "Unknown session %(session)r: start it first (RPC start(), MCP session_start, "
                    "`practice session start`; the agent hooks start it at session start).",
                    session=session_id,
                )
            )
        return log

    def _check_owner(self):
        """Only the owner (or an Engineer) writes a log; record rules say the same, this says it clearly."""
        for log in self:
            if log.user_id != self.env.user and not self.env.user._practice_has("engineer"):
                raise AccessError(
                    _(
                        "Session %(session)s belongs to %(owner)s: you may read it but not write to it.",
                        session=log.name,
                        owner=log.user_id.name,
                    )
                )

    def _as_dict(self, created=None):
        self.ensure_one()
        result = {
            "id": self.id,
            "session_id": self.name,
            "title": self.title,
            "repo": self.repo_id.name,
            "modules": self.module_ids.mapped("name"),
            "model_name": self.model_name or False,
            "user": self.user_id.login,
            "state": self.state,
            "outcome": self.outcome or False,
            "started_at": fields.Datetime.to_string(self.started_at),
            "ended_at": fields.Datetime.to_string(self.ended_at) if self.ended_at else False,
            "entries": self.entry_count,
            "tokens": self.tokens,
            "cost": self.cost,
        }
        if created is not None:
            result["created"] = created
        return result

    @api.model
    def start(self, session_id, title, modules=(), model_name=None, repo=None):
        """RPC: open a running session log. Idempotent for the same user while it runs
        (modules are added); refused when the id is finished or someone else's."""
        if not isinstance(session_id, str) or not session_id.strip():
            raise UserError(_("A session id is required (a non-empty string)."))
        session_id = session_id.strip()
        if len(session_id) > MAX_SESSION_ID:
            raise UserError(_("A session id is at most %(max)s characters.", max=MAX_SESSION_ID))
        if not isinstance(title, str) or not title.strip():
            raise UserError(_("Session %(session)s: a title is required.", session=session_id))
        model_name = self._guard_parse(guard.parse_optional_text, model_name, "model_name")
        repo_rec = self.env["practice.repo"]._resolve(repo)
        module_recs = self.env["practice.code.module"]._ensure(repo_rec, modules)
        existing = self.sudo().search([("name", "=", session_id)], limit=1)
        if existing:
            if existing.user_id != self.env.user:
                raise UserError(
                    _("Session id %(session)s is already used by another user.", session=session_id)
                )
            if existing.state != "running":
                raise UserError(
                    _(
                        "Session %(session)s is already finished (%(outcome)s): start a new session id.",
                        session=session_id,
                        outcome=existing.outcome,
                    )
                )
            existing = existing.with_env(self.env)
            if module_recs - existing.module_ids:
                existing.module_ids = [fields.Command.link(m.id) for m in module_recs]
            return existing._as_dict(created=False)
        log = self.create(
            {
                "name": session_id,
                "title": title.strip(),
                "repo_id": repo_rec.id,
                "module_ids": [fields.Command.set(module_recs.ids)],
                "model_name": model_name or False,
            }
        )
        return log._as_dict(created=True)

    @api.model
    def note(self, session_id, kind, text):
        """RPC: add a timeline entry (tried / worked / failed / decision / note) to a running session."""
        log = self._find(session_id)
        log._check_owner()
        entry = self.env["practice.session.log.entry"].create(
            {"session_log_id": log.id, "kind": kind, "text": text}
        )
        return {
            "session_id": log.name,
            "entry_id": entry.id,
            "kind": entry.kind,
            "timestamp": fields.Datetime.to_string(entry.timestamp),
            "entries": log.entry_count,
        }

    @api.model
    def retitle(self, session_id, title, only_untitled=False):
        """RPC: name a running session after its task (the UserPromptSubmit hook gives it the
        first substantial prompt). Only the session's own user, only while it runs.

        ``title``: one line of 1 to 200 characters (spaces are collapsed). With
        ``only_untitled``, a title someone gave (not the session-start hook's "Agent session
        (...) in ...") is kept. Returns ``{"session_id", "title", "changed"}``."""
        if not isinstance(title, str) or not " ".join(title.split()):
            raise UserError(_("A title is required (a non-empty string)."))
        title = " ".join(title.split())
        if len(title) > MAX_TITLE_CHARS:
            raise UserError(
                _(
                    "A session title is at most %(max)s characters, got %(count)s.",
                    max=MAX_TITLE_CHARS,
                    count=len(title),
                )
            )
        log = self._find(session_id)
        if log.user_id != self.env.user:
            raise AccessError(
                _(
                    "Session %(session)s belongs to %(owner)s: only its user renames it.",
                    session=log.name,
                    owner=log.user_id.name,
                )
            )
        if log.state != "running":
            raise UserError(
                _(
                    "Session %(session)s is %(state)s: only a running session is renamed.",
                    session=log.name,
                    state=log.state,
                )
            )
        changed = log.title != title and not (
            only_untitled and not (log.title or "").startswith(AUTO_TITLE_PREFIX)
        )
        if changed:
            log.title = title
        return {"session_id": log.name, "title": log.title, "changed": changed}

    # ------------------------------------------------------------------ RPC: read
    @api.model
    def sessions(self, repo=None, state=None, mine=False, limit=20):
        """RPC: the latest session logs the caller may read, newest first, as :meth:`_as_dict`
        (``practice session list``, MCP ``session_list``). ``repo`` a repository name (default:
        every repository), ``state`` one of the states, ``mine`` only the caller's."""
        domain = []
        if repo:
            domain.append(("repo_id", "=", self.env["practice.repo"]._resolve(repo).id))
        if state:
            known = [value for value, _label in self._fields["state"].selection]
            if state not in known:
                raise UserError(
                    _(
                        "Unknown state %(state)s: use one of %(known)s.",
                        state=guard.excerpt(state),
                        known=", ".join(known),
                    )
                )
            domain.append(("state", "=", state))
        if mine:
            domain.append(("user_id", "=", self.env.uid))
        try:
            limit = guard.parse_int(limit, "limit", 1, MAX_LIST)
        except guard.InputError as err:
            raise UserError(str(err)) from err
        if not isinstance(mine, bool):
            raise UserError(_("mine is true or false, got %(value)s.", value=guard.excerpt(mine)))
        return [log._as_dict() for log in self.search(domain, order="started_at desc, id desc", limit=limit)]

    @api.model
    def describe(self, session_id):
        """RPC: one session log whole (``practice session show``, MCP ``session_show``): its
        fields, summary, notes oldest first and cost per model."""
        log = self._find(session_id)
        result = log._as_dict()
        result["summary"] = log.summary or False
        result["notes"] = [
            {
                "kind": entry.kind,
                "timestamp": fields.Datetime.to_string(entry.timestamp),
                "text": entry.text,
            }
            for entry in log.entry_ids.sorted(lambda e: (e.timestamp, e.id))
        ]
        result["usage"] = [
            {
                "model_name": line.model_name,
                "messages": line.messages,
                "total_tokens": line.total_tokens,
                "cost": line.cost,
            }
            for line in log.usage_ids
        ]
        return result

    @api.model
    def finish(self, session_id, outcome, summary, cost=None, tokens=None):
        """RPC: close a running session with an outcome; a finished session cannot finish again."""
        log = self._find(session_id)
        log._check_owner()
        log._do_finish(outcome, summary, cost=cost, tokens=tokens)
        return log._as_dict()

    def _do_finish(self, outcome, summary, cost=None, tokens=None, now=None):
        valid = dict(OUTCOMES)
        for log in self:
            if not isinstance(outcome, str) or outcome not in valid:
                raise UserError(
                    _(
                        "Session %(session)s: unknown outcome %(outcome)s; use one of %(valid)s.",
                        session=log.name,
                        outcome=guard.excerpt(outcome),
                        valid=", ".join(valid),
                    )
                )
            if log.state != "running":
                raise UserError(
                    _(
                        "Session %(session)s is already finished (%(outcome)s).",
                        session=log.name,
                        outcome=log.outcome,
                    )
                )
            vals = {
                "state": "finished",
                "outcome": outcome,
                "ended_at": now or fields.Datetime.now(),
                "summary": summary if isinstance(summary, str) else False,
            }
            for key, value in (("cost", cost), ("tokens", tokens)):
                if value is None:
                    continue
                try:
                    if key == "cost":
                        vals[key] = guard.parse_number(value, key, 0.0, MAX_COST)
                    else:
                        vals[key] = guard.parse_int(value, key, 0, MAX_TOKENS)
                except guard.InputError as err:
                    raise UserError(
                        _("Session %(session)s: %(error)s", session=log.name, error=str(err))
                    ) from err
            if log.usage_ids:  # the transcript's usage (record_usage) is the measure
                vals.pop("cost", None)
                vals.pop("tokens", None)
            log._guarded().write(vals)

    # ------------------------------------------------------------------ target
    @api.model
    def record_target(self, session_id, target_url=None, target_db=None, sandbox=None, diff=None):
        """RPC: the database the session's agent changes (``target_url`` of its Odoo server and ``target_db``,
        no credentials: a URL with ``user:pass@`` is refused), whether it is the session's own
        sandbox, and the stop's watchdog diff summary (``diff``, text up to 4000 characters).
        Only the session's owner (or an Engineer); arguments left out keep their value."""
        log = self._find(session_id)
        log._check_owner()
        vals = {}
        if target_url is not None:
            try:
                vals["target_url"] = sandbox_tools.check_url(target_url) or False
            except sandbox_tools.SandboxInputError as err:
                raise UserError(str(err)) from None
        if target_db is not None:
            if target_db and not (isinstance(target_db, str) and sandbox_tools.TEMPLATE_RE.match(target_db)):
                raise UserError(
                    _("The target database is a database name, got %(db)r.", db=str(target_db)[:80])
                )
            vals["target_db"] = target_db or False
        if sandbox is not None:
            vals["target_sandbox"] = bool(sandbox)
        if diff is not None:
            if not isinstance(diff, str):
                raise UserError(_("The diff summary is text."))
            vals["target_diff"] = diff[:4000] or False
        if vals:
            log._guarded().write(vals)
        return {
            "session_id": log.name,
            "target_url": log.target_url or False,
            "target_db": log.target_db or False,
            "target_sandbox": log.target_sandbox,
            "target_diff": log.target_diff or False,
        }

    # ------------------------------------------------------------------ usage
    @api.model
    def record_usage(self, session_id, usage):
        """RPC: set the session's tokens and cost per model from its transcript.

        ``usage`` is ``{model id: {input_tokens, output_tokens, cache_creation_input_tokens,
        cache_creation_1h_input_tokens, cache_read_input_tokens, messages}}`` (missing counters
        are 0), the session's totals so far: the usage lines are *replaced* by it, so sending
        the same totals again changes nothing. Running and finished sessions alike (the session
        end hook may come after finish()); only the session's owner or a Practice Manager."""
        log = self._find(session_id)
        log._check_usage_recorder()
        parsed = self._guard_parse(usage_tools.parse_usage, usage)
        log._set_usage(parsed)
        self.env["practice.cost.budget"]._for_sessions(log)._check_thresholds()
        return log._usage_dict()

    def _check_usage_recorder(self):
        for log in self:
            if log.user_id != self.env.user and not self.env.user._practice_has("manager"):
                raise AccessError(
                    _(
                        "Session %(session)s belongs to %(owner)s: only its owner or a Practice Manager "
                        "records its usage.",
                        session=log.name,
                        owner=log.user_id.name,
                    )
                )

    def _usage_company(self):
        self.ensure_one()
        return self.repo_id.sudo().company_id or self.env.company

    def _set_usage(self, parsed):
        """Replace the usage lines by ``parsed`` (see ``tools/usage.parse_usage``), priced at the
        session's start in the company currency, and set ``tokens``, ``cost`` and ``model_name``
        (the model that cost most) from them. Callers check the caller's right first."""
        self.ensure_one()
        company = self._usage_company()
        currency = company.currency_id
        day = self.started_on or fields.Date.context_today(self)
        Price = self.env["practice.model.price"].sudo()
        Usage = self.env["practice.session.usage"].sudo()  # written only here
        existing = {line.model_name: line for line in self.sudo().usage_ids}
        had_lines = bool(existing)
        summary = {}
        for model, counters in sorted(parsed.items()):
            price = Price._price_for(model, day)
            amount = 0.0
            if price:
                amount = usage_tools.cost(counters, price._prices())
                if price.currency_id != currency:
                    amount = price.currency_id._convert(amount, currency, company, day, round=False)
            vals = dict(counters, price_id=price.id or False, currency_id=currency.id, cost=round(amount, 4))
            line = existing.pop(model, None)
            if line:
                line.write(vals)
            else:
                Usage.create(dict(vals, session_log_id=self.id, model_name=model))
            summary[model] = (vals["cost"], usage_tools.total_tokens(counters))
        for line in existing.values():
            line.unlink()
        if summary or had_lines:
            vals = {
                "tokens": min(sum(tokens for _cost, tokens in summary.values()), MAX_TOKENS),
                "cost": min(round(sum(amount for amount, _tokens in summary.values()), 4), MAX_COST),
            }
            if summary:
                vals["model_name"] = usage_tools.main_model(summary)
            self._guarded().write(vals)

    def _usage_dict(self):
        """The answer of record_usage: the session (like start/finish) and its usage per model."""
        self.ensure_one()
        result = self._as_dict()
        result["currency"] = self.currency_id.name
        result["usage"] = {
            line.model_name: dict(
                line._counters(),
                tokens=line.total_tokens,
                cost=line.cost,
                price=line.price_id.display_name or False,
            )
            for line in self.sudo().usage_ids
        }
        return result

    # ------------------------------------------------------------------ backend
    def action_abandon(self):
        """Backend button: finish a running session as abandoned."""
        self._check_owner()
        self._do_finish("abandoned", _("Marked abandoned by %(user)s.", user=self.env.user.name))

    @api.model
    def _cron_abandon_stale(self, now=None):
        """Finish as *abandoned* the sessions still running after the configured hours."""
        now = now or fields.Datetime.now()
        param = self.env["ir.config_parameter"].sudo().get_param(STALE_HOURS_PARAM)
        hours = int(param) if param and param.isdigit() else DEFAULT_STALE_HOURS
        stale = self.sudo().search(
            [("state", "=", "running"), ("started_at", "<", now - timedelta(hours=hours))], order="id"
        )
        for log in stale:
            log._do_finish(
                "abandoned",
                _("No finish() within %(hours)s hours: closed by the stale-session cron.", hours=hours),
                now=now,
            )
        return len(stale)

    # ------------------------------------------------------------------ vault
    def _vault_default_path(self):
        return vault_memory.session_path(fields.Date.to_string(self.started_on), self.name)

    @api.model
    def _vault_export_groups(self, repo):
        """Finished sessions only: a running session has no outcome yet."""
        groups = {}
        for (path, _key), log in sorted(self._vault_existing(repo).items()):
            if log.state == "finished":
                groups.setdefault(path, []).append(log._vault_data())
        return groups

    def _vault_data(self):
        self.ensure_one()
        return {
            "session_id": self.name,
            "title": (self.title or "").strip(),
            "modules": sorted(self.module_ids.mapped("name")),
            "model_name": (self.model_name or "").strip(),
            "outcome": self.outcome or "",
            "started_at": fields.Datetime.to_string(self.started_at),
            "ended_at": fields.Datetime.to_string(self.ended_at) if self.ended_at else "",
            "tokens": self.tokens,
            "cost": round(self.cost or 0.0, 4),
            "user": self.user_id.login,
            "extra": self._vault_extra_dict(),
            "summary": vault_memory.normalize_block(self.summary),
            "entries": [
                {
                    "kind": entry.kind,
                    "timestamp": fields.Datetime.to_string(entry.timestamp),
                    "text": vault_memory.normalize_block(entry.text),
                }
                for entry in self.entry_ids.sorted(lambda e: (e.timestamp, e.id))
            ],
        }

    @api.model
    def _vault_check(self, entries, batch, repo):
        """Session ids are unique across repositories; running sessions belong to their agent;
        ``user`` must be a known login (missing: the current owner, or the importing user).

        Ownership: only a Practice Manager may attribute a session to someone else — name
        another user than the importer on a new session, or change an existing session's
        owner; it is then recorded on the session (see :meth:`_vault_link_values`)."""
        errors, seen = [], {}
        importer = self.env.user
        manager = self.env.su or importer._practice_has("manager")
        names = [entry.data["session_id"] for entry in entries]
        logs = self.sudo().search([("name", "in", names)])
        by_name = {log.name: log for log in logs}
        at_path = {
            log.vault_path: log
            for log in self.sudo().search(
                [("repo_id", "=", repo.id), ("vault_path", "in", [e.path for e in entries])]
            )
        }
        logins = {entry.data["user"] for entry in entries if entry.data["user"]}
        users = (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search([("login", "in", sorted(logins))])
        )
        known_logins = set(users.mapped("login"))
        for entry in entries:
            data, sid = entry.data, entry.data["session_id"]
            line = entry.line_of("session_id")
            if sid in seen:
                errors.append(
                    VaultError(entry.path, line, f"session id {sid!r} is also the one of {seen[sid]}")
                )
                continue
            seen[sid] = entry.path
            log, other = by_name.get(sid), at_path.get(entry.path)
            if log and (log.repo_id != repo or log.vault_path != entry.path):
                errors.append(
                    VaultError(
                        entry.path,
                        line,
                        f"session id {sid!r} is already logged as {log.vault_path or 'a session'} "
                        f"of repository {log.repo_id.name}",
                    )
                )
            elif other and other.name != sid:
                errors.append(
                    VaultError(
                        entry.path, line, f"this file is session {other.name!r}: a session id cannot change"
                    )
                )
            elif log and log.state == "running":
                errors.append(
                    VaultError(
                        entry.path, line, f"session {sid!r} is still running: only its owner finishes it"
                    )
                )
            for name in data["modules"]:
                if not MODULE_NAME_RE.match(name):
                    errors.append(
                        VaultError(entry.path, entry.line_of("modules"), f"invalid module name {name!r}")
                    )
            if data["user"] and data["user"] not in known_logins:
                errors.append(
                    VaultError(entry.path, entry.line_of("user"), f"unknown user login {data['user']!r}")
                )
                continue
            owner = log.user_id.login if log else importer.login
            if not data["user"]:
                data["user"] = owner
            elif data["user"] != owner:
                if not manager:
                    errors.append(
                        VaultError(
                            entry.path,
                            entry.line_of("user"),
                            _("only a Practice Manager may attribute a session to another user")
                            if not log
                            else _(
                                "only a Practice Manager may change the owner of a session (owned by %(owner)s)",
                                owner=owner,
                            ),
                        )
                    )
                else:  # recorded once written, see _vault_link_values
                    entry.attributed_from = log.user_id.login if log else ""
        return errors

    @api.model
    def _vault_link_values(self, entry, repo):
        """Records on the session's chatter that a Manager's import attributed it."""
        vals = super()._vault_link_values(entry, repo)
        previous = getattr(entry, "attributed_from", None)
        if previous is None:
            return vals
        log = self.sudo().search([("name", "=", entry.data["session_id"])], limit=1)
        if previous:
            body = _(
                "Imported as %(user)s by %(manager)s (was %(previous)s).",
                user=log.user_id.login,
                manager=self.env.user.login,
                previous=previous,
            )
        else:
            body = _(
                "Imported as %(user)s by %(manager)s.", user=log.user_id.login, manager=self.env.user.login
            )
        log._message_log(body=body)
        _logger.info("Session %s (%s): %s", log.name, entry.path, body)
        return vals

    @api.model
    def _vault_values(self, entry, repo):
        data = entry.data
        modules = self.env["practice.code.module"]._ensure(repo, data["modules"]) if data["modules"] else []
        user = (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search([("login", "=", data["user"])])
        )
        vals = {
            "name": data["session_id"],
            "title": data["title"],
            "module_ids": [fields.Command.set([m.id for m in modules])],
            "model_name": data["model_name"] or False,
            "user_id": user.id,
            "state": "finished",
            "outcome": data["outcome"],
            "started_at": data["started_at"],
            "ended_at": data["ended_at"],
            "tokens": data["tokens"],
            "cost": data["cost"],
            "summary": data["summary"] or False,
        }
        log = self.sudo().search([("name", "=", data["session_id"])], limit=1)
        current = log._vault_data()["entries"] if log else []
        if current != data["entries"]:
            vals["entry_ids"] = self._vault_entry_commands(log, data["entries"])
        return vals

    @api.model
    def _vault_entry_commands(self, log, wanted):
        """Commands turning the log's timeline into ``wanted``: identical entries are kept,
        the others rewritten in place, missing ones created; surplus ones are deleted here (the
        import is an Engineer's, checked by ``practice.vault``; they have no unlink right)."""
        Entry = self.env["practice.session.log.entry"]
        existing = log.entry_ids.sorted(lambda e: (e.timestamp, e.id)) if log else Entry
        current = {
            entry.id: {
                "kind": entry.kind,
                "timestamp": fields.Datetime.to_string(entry.timestamp),
                "text": vault_memory.normalize_block(entry.text),
            }
            for entry in existing
        }
        free = list(existing.ids)
        missing = []
        for item in wanted:
            same = next((eid for eid in free if current[eid] == item), None)
            if same:
                free.remove(same)
            else:
                missing.append(item)
        commands = []
        for item in missing:
            vals = {"kind": item["kind"], "timestamp": item["timestamp"], "text": item["text"]}
            if free:
                commands.append(fields.Command.update(free.pop(0), vals))
            else:
                commands.append(fields.Command.create(vals))
        if free:
            Entry.browse(free).sudo().unlink()
        return commands

    @api.model
    def export_session_files(self, repo=None):
        """``{"sessions/YYYY-MM-DD-<id>.md": text}`` for the finished sessions of ``repo`` (the
        same files ``practice.vault.export_files`` writes)."""
        repo_rec = self.env["practice.repo"]._resolve(repo)
        return {
            path: vault_memory.serialize_session(path, items)
            for path, items in sorted(self._vault_export_groups(repo_rec).items())
        }
