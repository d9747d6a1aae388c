# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import uuid

import psycopg2
import psycopg2.errors
import psycopg2.extensions

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..tools import answer, lease

_logger = logging.getLogger(__name__)

TOKEN_SEQUENCE = "practice_lock_token_seq"
HELD_INDEX = "practice_lock_one_held"
# what a lock row statement returns for _event_sql to log it
EVENT_SOURCE_COLUMNS = SQL("id, session_id, expires_at, token, module_id, repo_id, company_id")
STATES = [
    ("held", "Held"),
    ("released", "Released"),
    ("expired", "Expired"),
    ("forced", "Force-released"),
]
# Fields only the lock API (running as superuser) may set: the lease and its history.
PROTECTED_FIELDS = {
    "token",
    "repo_id",
    "module_id",
    "session_id",
    "user_id",
    "state",
    "acquired_at",
    "expires_at",
    "ttl_seconds",
    "renewed_at",
    "renew_count",
    "ended_at",
    "ended_by_id",
    "end_reason",
    "expired_via",
    "successor_id",
}


class PracticeLock(models.Model):
    """One grant of an exclusive lease on a code module.

    A record is created by :meth:`acquire` in state ``held`` and moves once to a final state
    (``released``, ``expired`` or ``forced``); records are never deleted, so the table is the
    history. The database allows one ``held`` row per (repository, module) through a partial
    unique index, and numbers grants from one PostgreSQL sequence (fencing tokens).
    """

    _name = "practice.lock"
    _description = "Module Lock"
    _inherit = ["mail.thread", "mail.activity.mixin", "practice.guarded.mixin"]
    _order = "token desc"
    _rec_name = "module_name"
    _guarded_fields = tuple(sorted(PROTECTED_FIELDS))
    _guarded_actions = "acquire, renew, release or force_release"

    token = fields.Integer(
        required=True,
        readonly=True,
        index=True,
        help="Fencing token: every grant takes a larger one from one database sequence. "
        "Storage that checks it (check_token) refuses writes from a stale holder.",
    )
    repo_id = fields.Many2one(
        "practice.repo",
        string="Repository",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        help="Repository of the locked module.",
    )
    module_id = fields.Many2one(
        "practice.code.module",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        help="The locked code module.",
    )
    module_name = fields.Char(
        related="module_id.name", store=True, string="Module Name", help="Technical name of the module."
    )
    company_id = fields.Many2one(
        related="repo_id.company_id", store=True, string="Company", help="Company of the repository."
    )
    session_id = fields.Char(
        required=True,
        readonly=True,
        index=True,
        help="Work session (person or AI agent) that holds or held the lock.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Holder",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        help="User the session authenticated as.",
    )
    reason = fields.Char(help="What the holder is doing with the module.")
    state = fields.Selection(
        STATES,
        required=True,
        default="held",
        readonly=True,
        index=True,
        help="Held: the lease protects its holder. Released by the holder, expired (lease ran out), "
        "or force-released by a Manager: final states.",
    )
    acquired_at = fields.Datetime(
        string="Since", required=True, readonly=True, help="When the lock was granted (UTC)."
    )
    expires_at = fields.Datetime(
        string="Expires", required=True, readonly=True, help="When the lease runs out unless renewed (UTC)."
    )
    ttl_seconds = fields.Integer(
        string="Lease (s)", readonly=True, help="Lease length in seconds, set at grant and at each renewal."
    )
    renewed_at = fields.Datetime(readonly=True, help="Last renewal (UTC).")
    renew_count = fields.Integer(readonly=True, help="How many times the lease was renewed.")
    ended_at = fields.Datetime(readonly=True, help="When the lock left the held state (UTC).")
    ended_by_id = fields.Many2one(
        "res.users",
        readonly=True,
        ondelete="set null",
        help="Who released, force-released or took over the lock.",
    )
    end_reason = fields.Char(readonly=True, help="Why it ended: the Manager's reason for a forced release.")
    expired_via = fields.Selection(
        [
            ("cron", "Expiry cron"),
            ("takeover", "Taken over"),
            ("holder", "Noticed by the holder"),
        ],
        readonly=True,
        help="How an expired lease was collected.",
    )
    successor_id = fields.Many2one(
        "practice.lock",
        readonly=True,
        ondelete="set null",
        help="The lock that took over this expired lease.",
    )
    event_ids = fields.One2many(
        "practice.lock.event", "lock_id", string="History", readonly=True, help="Every change of this lock."
    )
    lease_lapsed = fields.Boolean(
        compute="_compute_lease_lapsed",
        help="Still marked held but the lease has run out: the next acquire takes it over.",
    )

    _sql_constraints = [
        ("token_unique", "unique(token)", "Fencing tokens are unique."),
        ("ttl_positive", "CHECK(ttl_seconds > 0)", "A lease lasts a positive number of seconds."),
    ]

    def init(self):
        # Fencing tokens: one monotonic sequence for every grant of every module.
        self.env.cr.execute(SQL("CREATE SEQUENCE IF NOT EXISTS %s", SQL.identifier(TOKEN_SEQUENCE)))
        # One held lock per (repository, module), enforced by PostgreSQL across workers.
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON practice_lock (repo_id, module_id) "
                "WHERE state = 'held'",
                SQL.identifier(HELD_INDEX),
            )
        )

    @api.depends("state", "expires_at")
    def _compute_lease_lapsed(self):
        now = fields.Datetime.now()
        for lock in self:
            lock.lease_lapsed = lock.state == "held" and not lease.is_live(lock.state, lock.expires_at, now)

    @api.depends("module_name", "token", "repo_id")
    def _compute_display_name(self):
        for lock in self:
            lock.display_name = f"{lock.module_name or '?'} #{lock.token or 0}"

    # ------------------------------------------------------------------ guards

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(_("Locks are taken with practice.lock.acquire(), not created directly."))
        return super().create(vals_list)

    @api.model
    def _guard_size_limits(self):
        return {**super()._guard_size_limits(), "reason": lease.MAX_REASON, "end_reason": lease.MAX_REASON}

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(_("Locks are history: they are never deleted."))

    # ------------------------------------------------------------------ helpers

    def _api(self):
        """Superuser records without chatter noise: used only after explicit rights checks."""
        return self.sudo().with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True, mail_notrack=True
        )

    @api.model
    def _parse(self, parser, *args, **kwargs):
        try:
            return parser(*args, **kwargs)
        except lease.LeaseInputError as err:
            raise ValidationError(str(err)) from err

    @api.model
    def _module_name(self, module):
        if not isinstance(module, str) or not module.strip():
            raise ValidationError(
                _("module must be a non-empty module name, got %(value)s.", value=lease._short(module))
            )
        return self.env["practice.code.module"]._normalize_names([module])[0]

    @api.model
    def _find_module(self, repo, name):
        return (
            self.env["practice.code.module"]
            .sudo()
            .with_context(active_test=False)
            .search_fetch([("repo_id", "=", repo.id), ("name", "=", name)], ["name"], limit=1)
        )

    @api.model
    def _check_user(self):
        """Reader rights are the floor of every lock call (outsiders are refused)."""
        self.browse().check_access("read")

    def _holder(self):
        self.ensure_one()
        return answer.holder(
            self.session_id,
            self.user_id.name,
            self.user_id.id,
            self.acquired_at,
            self.expires_at,
            self.reason,
        )

    def _describe(self):
        self.ensure_one()
        return {
            "module": self.module_name,
            "repo": self.repo_id.name,
            "token": self.token,
            "state": self.state,
            **self._holder(),
        }

    def _log(self, event, at, note="", session_id=None, user=None):
        self.env["practice.lock.event"].sudo().create(
            [
                {
                    "lock_id": lock.id,
                    "event": event,
                    "at": at,
                    "user_id": (user or self.env.user).id,
                    "session_id": session_id if session_id is not None else lock.session_id,
                    "expires_at": lock.expires_at,
                    "note": note,
                }
                for lock in self
            ]
        )

    def _end(self, state, now, note="", reason="", expired_via=False, session_id=None):
        """Move held locks to a final state and record it: the rows and their events in one
        statement (what the ORM write and event create did; no tracking, nothing stored
        depends on these fields). ``session_id`` overrides the event's session."""
        if not self:
            return
        self.flush_recordset()
        uid = self.env.uid
        note = note or reason
        ended = SQL(
            "UPDATE practice_lock SET state = %s, ended_at = %s, ended_by_id = %s, end_reason = %s, "
            "expired_via = %s, write_uid = %s, write_date = %s WHERE id = ANY(%s) RETURNING %s",
            state,
            now,
            uid,
            reason or None,
            expired_via or None,
            uid,
            now,
            self.ids,
            EVENT_SOURCE_COLUMNS,
        )
        self.env.cr.execute(
            SQL(
                "WITH ended AS (%s) %s",
                ended,
                self._event_sql("ended", state, now, None if note is False else note, session_id),
            )
        )
        self.invalidate_recordset(
            ["state", "ended_at", "ended_by_id", "end_reason", "expired_via", "write_uid", "write_date"]
            + ["event_ids", "lease_lapsed"]
        )

    def _event_sql(self, source, event, at, note, session_id=None):
        """The ``practice.lock.event`` rows of ``event`` for the lock rows of the CTE
        ``source`` (which returns :data:`EVENT_SOURCE_COLUMNS`), by this user; the event's
        session is the row's unless ``session_id`` is given."""
        uid = self.env.uid
        return SQL(
            "INSERT INTO practice_lock_event (lock_id, event, at, user_id, session_id, expires_at, "
            "note, token, module_id, repo_id, company_id, create_uid, create_date, write_uid, write_date) "
            "SELECT id, %s, %s, %s, coalesce(%s, session_id), expires_at, %s, token, module_id, repo_id, "
            "company_id, %s, %s, %s, %s FROM %s",
            event,
            at,
            uid,
            session_id,
            note,
            uid,
            at,
            uid,
            at,
            SQL.identifier(source),
        )

    @api.model
    def _live(self, repo, names, now):
        """Live (held, lease running) locks of ``repo`` keyed by module name; all when names is None."""
        domain = [("repo_id", "=", repo.id), ("state", "=", "held"), ("expires_at", ">", now)]
        if names is not None:
            domain.append(("module_name", "in", list(names)))
        return {lock.module_name: lock for lock in self.sudo().search(domain)}

    # ------------------------------------------------------------------ acquire

    @api.model
    def acquire(self, module, session_id, ttl_seconds=None, reason="", repo=None):
        """RPC: claim the exclusive lease on ``module`` for ``ttl_seconds`` (default
        :data:`lease.DEFAULT_TTL`: the server owns the default, clients send a TTL only when
        their user gives one).

        Returns ``{"granted", "token", "expires_at", "holder", "module", "repo"}``. A refusal is
        a normal answer (``granted`` False, ``token`` 0) naming the holder. An expired lease is
        taken over (recorded as expired). The same session acquiring again extends its lease and
        keeps its token.
        """
        self.browse().check_access("create")
        session_id = self._parse(lease.parse_session_id, session_id)
        ttl = self._parse(lease.parse_ttl, ttl_seconds)
        reason = self._parse(lease.parse_reason, reason)
        repo = self.env["practice.repo"]._resolve(repo)
        name = self._module_name(module)
        code_module = self._find_or_create_module(repo, name)
        if not code_module:
            return self._contended(repo, name)
        current = self._held(repo, code_module)
        # after the read: a grant's time is never earlier than the snapshot it saw free
        now = fields.Datetime.now()
        decision = lease.acquire_decision(current._lease_snapshot(), session_id, self.env.uid, now)
        if decision == "refuse":
            return self._refusal(current, repo)
        if decision == "reenter":
            return current._reenter(repo, ttl, reason, now)
        # the savepoint around the claim is opened by the claim's own round trip and released
        # with the transaction (``cr.savepoint()`` took two more: SAVEPOINT and RELEASE)
        self.env.cr.flush()
        savepoint = SQL.identifier(f"practice_lock_claim_{uuid.uuid4().hex}")
        try:
            if decision == "takeover":
                self._expire_sql(current, now, savepoint=savepoint)
            lock_id, token, holder_name = self._claim_sql(
                repo,
                code_module,
                session_id,
                ttl,
                reason,
                now,
                log_granted=decision == "grant",
                savepoint=None if decision == "takeover" else savepoint,
            )
        except (psycopg2.errors.UniqueViolation, psycopg2.extensions.TransactionRollbackError) as err:
            self._claim_failed(savepoint)
            if isinstance(err, psycopg2.errors.UniqueViolation) and err.diag.constraint_name != HELD_INDEX:
                raise
            return self._contended(repo, name)
        except Exception:
            self._claim_failed(savepoint)
            raise
        took_over = 0
        if decision == "takeover":
            current._record_takeover(self._api().browse(lock_id), token, session_id, reason, now)
            took_over = current.token
        self._after_grant(repo, code_module, session_id)
        # the answer from what was just written (no read back)
        who = answer.holder(session_id, holder_name, self.env.uid, now, lease.lease_end(now, ttl), reason)
        return answer.granted(token, who, name, repo.name, took_over=took_over)

    @api.model
    def _after_grant(self, repo, code_module, session_id):
        """Extension point: the caller's ``session_id`` was granted ``code_module`` of ``repo``
        (a new lock, a takeover or a re-entry); practice_lock_memory tags the session's log."""

    @api.model
    def _find_or_create_module(self, repo, name):
        """The code module ``name`` of ``repo``, created on its first acquire; empty when a
        concurrent first acquire of the same new module created it a moment ago."""
        code_module = self._find_module(repo, name)
        if code_module:
            return code_module
        try:
            with self.env.cr.savepoint():
                return self.env["practice.code.module"]._ensure(repo, [name])
        except (psycopg2.errors.UniqueViolation, psycopg2.errors.SerializationFailure):
            return self.env["practice.code.module"]

    @api.model
    def _held(self, repo, code_module):
        """The held lock row of ``code_module`` (empty when none; it may have lapsed)."""
        return self._api().search(
            [("repo_id", "=", repo.id), ("module_id", "=", code_module.id), ("state", "=", "held")], limit=1
        )

    def _lease_snapshot(self):
        """What :func:`lease.acquire_decision` needs of this held row (``None`` when empty)."""
        if not self:
            return None
        self.ensure_one()
        return {
            "state": self.state,
            "expires_at": self.expires_at,
            "session_id": self.session_id,
            "user_id": self.user_id.id,
        }

    def _reenter(self, repo, ttl, reason, now):
        """The holding session acquires again: extend its lease, keep its token."""
        try:
            with self.env.cr.savepoint():
                self._extend(ttl, now, reason=reason, note=_("acquired again by its session"))
        except psycopg2.extensions.TransactionRollbackError:
            return self._contended(repo, self.module_name)
        self._after_grant(repo, self.module_id, self.session_id)
        return self._granted(self, repo, reentered=True)

    def _record_takeover(self, successor, token, session_id, reason, now):
        """History of a takeover: this lapsed lock points to its successor, both log it."""
        self._api().write({"successor_id": successor.id})
        self._log(
            "expired",
            now,
            note=_(
                "lease ran out; taken over by session %(session)s (token %(token)s)",
                session=session_id,
                token=token,
            ),
            session_id=session_id,
        )
        successor._log("granted", now, note=reason)

    def _claim_failed(self, savepoint):
        """The claim's statement failed: back to its savepoint (and release it) in one round
        trip, the ORM's caches cleared as ``cr.savepoint()`` does."""
        self.env.cr.clear()
        self.env.cr.execute(SQL("ROLLBACK TO SAVEPOINT %s; RELEASE SAVEPOINT %s", savepoint, savepoint))

    def _expire_sql(self, lock, now, savepoint=None):
        """Mark a lapsed lease expired in SQL (inside the acquire savepoint, opened by this
        statement's round trip when ``savepoint`` is given; a concurrent takeover makes it fail
        with a serialization error, handled as contention)."""
        update = SQL(
            "UPDATE practice_lock SET state = 'expired', ended_at = %s, ended_by_id = %s, "
            "expired_via = 'takeover', write_uid = %s, write_date = %s "
            "WHERE id = %s AND state = 'held'",
            now,
            self.env.uid,
            self.env.uid,
            now,
            lock.id,
        )
        if savepoint is not None:
            update = SQL("SAVEPOINT %s; %s", savepoint, update)
        self.env.cr.execute(update, log_exceptions=False)
        lock.invalidate_recordset()

    def _claim_sql(self, repo, code_module, session_id, ttl, reason, now, log_granted=True, savepoint=None):
        """Insert the held row with a token from the sequence (and, in the same statement, its
        "granted" event). Raises UniqueViolation when a concurrent transaction (another worker)
        holds the module; not logged as a bad query since it is an expected answer.
        ``savepoint``: opened first, in the same round trip. Returns ``(id, token, holder's
        name)`` (the name read by the same statement)."""
        uid = self.env.uid
        claim = SQL(
            "INSERT INTO practice_lock (token, repo_id, module_id, module_name, company_id, "
            "session_id, user_id, reason, state, acquired_at, expires_at, ttl_seconds, renew_count, "
            "create_uid, create_date, write_uid, write_date) "
            "VALUES (nextval(%s), %s, %s, %s, %s, %s, %s, %s, 'held', %s, %s, %s, 0, %s, %s, %s, %s) "
            "RETURNING %s, user_id",
            TOKEN_SEQUENCE,
            repo.id,
            code_module.id,
            code_module.name,
            repo.company_id.id or None,
            session_id,
            uid,
            reason or None,
            now,
            lease.lease_end(now, ttl),
            ttl,
            uid,
            now,
            uid,
            now,
            EVENT_SOURCE_COLUMNS,
        )
        returned = SQL(
            "SELECT c.id, c.token, p.name FROM claimed c "
            "JOIN res_users u ON u.id = c.user_id JOIN res_partner p ON p.id = u.partner_id"
        )
        if log_granted:
            query = SQL(
                "WITH claimed AS (%s), logged AS (%s) %s",
                claim,
                self._event_sql("claimed", "granted", now, reason or None),
                returned,
            )
        else:
            query = SQL("WITH claimed AS (%s) %s", claim, returned)
        if savepoint is not None:
            query = SQL("SAVEPOINT %s; %s", savepoint, query)
        self.env.cr.execute(query, log_exceptions=False)
        return self.env.cr.fetchone()

    def _extend(self, ttl, now, reason="", note=""):
        self.ensure_one()
        vals = {
            "expires_at": lease.extended_end(self.expires_at, now, ttl),
            "ttl_seconds": ttl,
            "renewed_at": now,
            "renew_count": self.renew_count + 1,
        }
        if reason:
            vals["reason"] = reason
        self._api().write(vals)
        self._api().flush_recordset()
        self._log("renewed", now, note=note)

    @api.model
    def _granted(self, lock, repo, reentered=False, took_over=0):
        return answer.granted(lock.token, lock._holder(), lock.module_name, repo.name, reentered, took_over)

    @api.model
    def _refusal(self, lock, repo):
        who = lock._holder()
        message = _(
            "%(module)s is locked by session %(session)s (%(user)s) since %(since)s until "
            "%(until)s: %(reason)s",
            module=lock.module_name,
            session=who["session_id"],
            user=who["user"],
            since=who["since"],
            until=who["expires_at"],
            reason=who["reason"] or "-",
        )
        return answer.refused(who, lock.module_name, repo.name, message)

    @api.model
    def _contended(self, repo, name):
        """A concurrent acquire (another worker) won: read the winner in a fresh transaction,
        since this one's snapshot predates its commit."""
        # (not named "cr": _() would pick that closed cursor up to translate)
        with self.env.registry.cursor() as fresh:
            fresh.execute(
                SQL(
                    "SELECT l.session_id, p.name, l.user_id, l.acquired_at, l.expires_at, l.reason "
                    "FROM practice_lock l JOIN practice_code_module m ON m.id = l.module_id "
                    "JOIN res_users u ON u.id = l.user_id JOIN res_partner p ON p.id = u.partner_id "
                    "WHERE l.repo_id = %s AND m.name = %s AND l.state = 'held'",
                    repo.id,
                    name,
                )
            )
            row = fresh.fetchone()
        who = answer.holder(*row) if row else answer.unknown_holder()
        message = _(
            "%(module)s was just locked by a concurrent session %(session)s (%(user)s).",
            module=name,
            session=who["session_id"] or "?",
            user=who["user"] or "?",
        )
        return answer.refused(who, name, repo.name, message, contended=True)

    # ------------------------------------------------------------------ renew / release

    @api.model
    def _row_fields(self):
        """The stored columns a lock call reads: fetched with the search, in one query."""
        return [name for name, field in self._fields.items() if field.column_type and field.prefetch is True]

    @api.model
    def _by_token(self, token):
        token = self._parse(lease.parse_token, token)
        lock = self._api().search_fetch([("token", "=", token)], self._row_fields(), limit=1)
        if not lock:
            raise UserError(_("Unknown lock token %(token)s.", token=token))
        return lock

    def _holder_answer(self, session_id, now):
        """``None`` when ``session_id`` holds this live lock, else the ``{"ok": False}`` answer.
        A lapsed lease found here is recorded as expired. Another user's lock is an AccessError."""
        self.ensure_one()
        if self.user_id != self.env.user:
            raise AccessError(
                _(
                    "Lock %(module)s (token %(token)s) belongs to %(user)s, session %(session)s: "
                    "only its holder may renew or release it; a Manager may force-release it.",
                    module=self.module_name,
                    token=self.token,
                    user=self.user_id.name,
                    session=self.session_id,
                )
            )
        if self.session_id != session_id:
            message = _(
                "Lock %(module)s (token %(token)s) is held by session %(session)s, not %(other)s.",
                module=self.module_name,
                token=self.token,
                session=self.session_id,
                other=session_id,
            )
            return answer.not_holder(self.token, self.module_name, self.state, self._holder(), message)
        state, ended_at = self.state, self.ended_at
        if state == "held" and not lease.is_live(state, self.expires_at, now):
            self._end("expired", now, note=_("lease ran out; noticed by its holder"), expired_via="holder")
            state, ended_at = "expired", now
        if state == "held":
            return None
        details = {}
        if state == "forced":
            details = {"reason": self.end_reason or "", "by": self.ended_by_id.name or ""}
            message = _(
                "Lock %(module)s was force-released by %(by)s: %(reason)s",
                module=self.module_name,
                by=self.ended_by_id.name,
                reason=self.end_reason,
            )
        elif state == "expired":
            message = _("The lease on %(module)s ran out; acquire it again.", module=self.module_name)
        else:
            message = _("Lock %(module)s was already released.", module=self.module_name)
        return answer.ended(self.token, self.module_name, state, ended_at, message, **details)

    @api.model
    def renew(self, token, session_id, ttl_seconds=None):
        """RPC: extend the holder's lease (by ``ttl_seconds`` or its last length) from now; a
        shorter TTL never shortens it (the end is the later of the current end and now + TTL)."""
        self.browse().check_access("write")
        session_id = self._parse(lease.parse_session_id, session_id)
        ttl = self._parse(lease.parse_ttl, ttl_seconds, default=None)
        lock = self._by_token(token)
        now = fields.Datetime.now()
        answer = lock._holder_answer(session_id, now)
        if answer:
            return answer
        lock._extend(ttl or lock.ttl_seconds, now)
        return {
            "ok": True,
            "token": lock.token,
            "module": lock.module_name,
            "repo": lock.repo_id.name,
            "state": lock.state,
            "expires_at": fields.Datetime.to_string(lock.expires_at),
            "renew_count": lock.renew_count,
        }

    @api.model
    def release(self, token, session_id):
        """RPC: the holder gives the lock back."""
        self.browse().check_access("write")
        session_id = self._parse(lease.parse_session_id, session_id)
        lock = self._by_token(token)
        now = fields.Datetime.now()
        answer = lock._holder_answer(session_id, now)
        if answer:
            return answer
        lock._end("released", now)
        return {
            "ok": True,
            "token": lock.token,
            "module": lock.module_name,
            "repo": lock.repo_id.name,
            "state": "released",
            "released_at": fields.Datetime.to_string(now),
        }

    # ------------------------------------------------------------------ force

    @api.model
    def force_release(self, module, reason, repo=None):
        """RPC, Managers only: break the held lock on ``module``, recording who and why; the
        holder is notified and its later renew/release calls answer ``broken``."""
        self._check_manager()
        reason = self._parse(lease.parse_reason, reason, required=True)
        repo = self.env["practice.repo"]._resolve(repo)
        name = self._module_name(module)
        code_module = self._find_module(repo, name)
        lock = self._held(repo, code_module)
        if not code_module or not lock:
            return {
                "ok": False,
                "free": True,
                "module": name,
                "repo": repo.name,
                "message": _("%(module)s is not locked in %(repo)s.", module=name, repo=repo.name),
            }
        lock._force(reason)
        return {
            "ok": True,
            "token": lock.token,
            "module": lock.module_name,
            "repo": repo.name,
            "state": "forced",
            "holder": lock._holder(),
            "reason": reason,
            "by": self.env.user.name,
        }

    @api.model
    def _check_manager(self):
        # the shared group test; the wording stays the one clients and tests know
        if not (self.env.su or self.env.user._practice_has("manager")):
            raise AccessError(_("Only Practice Managers may force-release a lock."))
        self.browse().check_access("write")

    def _force(self, reason):
        """Force-release held locks (rights checked by the caller) and notify their holders."""
        now = fields.Datetime.now()
        for lock in self:
            if lock.state != "held":
                raise UserError(
                    _(
                        "Lock %(module)s (token %(token)s) is already %(state)s.",
                        module=lock.module_name,
                        token=lock.token,
                        state=lock.state,
                    )
                )
            lock._end("forced", now, reason=reason)
            lock._notify_forced(reason)

    def _notify_forced(self, reason):
        self.ensure_one()
        body = _(
            "Your lock on %(module)s (token %(token)s, session %(session)s) was force-released by "
            "%(by)s: %(reason)s",
            module=self.module_name,
            token=self.token,
            session=self.session_id,
            by=self.env.user.name,
            reason=reason,
        )
        api_lock = self._api()
        api_lock.message_post(
            body=body,
            partner_ids=self.user_id.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        if self.user_id != self.env.user:
            api_lock.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=self.user_id.id,
                summary=_("Lock on %(module)s was force-released", module=self.module_name),
                note=body,
            )

    def action_open_force_wizard(self):
        self.ensure_one()
        self._check_manager()
        return {
            "type": "ir.actions.act_window",
            "name": _("Force-release %(module)s", module=self.module_name),
            "res_model": "practice.lock.force.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_lock_id": self.id},
        }

    # ------------------------------------------------------------------ verify / fencing

    @api.model
    def verify(self, modules, session_id, repo=None):
        """RPC: split ``modules`` into ours (held by this session), theirs and free, and name
        the repository they were looked up in (``repo``)."""
        self._check_user()
        session_id = self._parse(lease.parse_session_id, session_id)
        repo = self.env["practice.repo"]._resolve(repo)
        if modules in (None, False):
            raise ValidationError(_("modules must be a list of module names."))
        names = self.env["practice.code.module"]._normalize_names(modules)
        now = fields.Datetime.now()
        live = {name: lock._describe() for name, lock in self._live(repo, names, now).items()}
        # the repository asked: an agent reading "free" knows where it is free
        return {**lease.classify(names, live, session_id, self.env.uid), "repo": repo.name}

    @api.model
    def held(self, repo=None, session_id=None, every_repo=False):
        """RPC, the one answer to "which locks are held now": the live locks (held, lease
        running) of ``repo`` (``None``: the default repository; ``every_repo``: of every
        repository the caller may read), optionally only ``session_id``'s, by module name.
        ``{"locks": [lock, ...], "repo": name or False}``; each lock is the dict of ``verify``."""
        self._check_user()
        domain = [("state", "=", "held"), ("expires_at", ">", fields.Datetime.now())]
        name = False
        if not every_repo:
            found = self.env["practice.repo"]._resolve(repo)
            domain.append(("repo_id", "=", found.id))
            name = found.name
        if session_id not in (None, False, ""):
            domain.append(("session_id", "=", self._parse(lease.parse_session_id, session_id)))
        # the caller's record rules choose the rows; names of other users are read as the lock does
        locks = self.search(domain, order="module_name, token", limit=lease.MAX_HELD_ANSWER)
        return {"locks": [lock._describe() for lock in locks.sudo()], "repo": name}

    @api.model
    def check_token(self, module, token, repo=None):
        """RPC, storage-side fencing: is ``token`` the live lock of ``module``? ``current_token``
        is the newest token granted on it (0 when never locked)."""
        self._check_user()
        token = self._parse(lease.parse_token, token)
        repo = self.env["practice.repo"]._resolve(repo)
        name = self._module_name(module)
        code_module = self._find_module(repo, name)
        newest = self.browse()
        if code_module:
            newest = self._api().search(
                [("repo_id", "=", repo.id), ("module_id", "=", code_module.id)], order="token desc", limit=1
            )
        now = fields.Datetime.now()
        live = bool(newest) and lease.is_live(newest.state, newest.expires_at, now)
        current = newest.token or 0
        return {
            "valid": lease.fence(current, token, live),
            "current_token": current,
            "held": live,
            "repo": repo.name,
        }

    # ------------------------------------------------------------------ cron

    @api.model
    def _cron_expire_leases(self, batch=500):
        """Mark held locks whose lease ran out as expired; returns how many."""
        now = fields.Datetime.now()
        lapsed = self._api().search([("state", "=", "held"), ("expires_at", "<=", now)], limit=batch)
        for lock in lapsed:
            lock._end("expired", now, note=_("lease ran out (expiry cron)"), expired_via="cron")
        if lapsed:
            _logger.info("practice_lock: %s lapsed lease(s) marked expired", len(lapsed))
        return len(lapsed)

    # ------------------------------------------------------------------ demo

    @api.model
    def _demo_locks(self):
        """Demo data through the API: one held lock, one released (history)."""
        engineer = self.env.ref("practice_base.demo_user_engineer", raise_if_not_found=False)
        agent = self.env.ref("practice_base.demo_user_ai", raise_if_not_found=False)
        if not engineer or not agent:
            return
        self.with_user(engineer).acquire(
            "fl_marketplaces_amazon",
            "demo-eddie-1",
            ttl_seconds=8 * 3600,
            reason="Demo: rework of the order import",
        )
        grant = self.with_user(agent).acquire(
            "practice_base", "demo-claude-1", ttl_seconds=600, reason="Demo: context bundle tweak"
        )
        self.with_user(agent).release(grant["token"], "demo-claude-1")
