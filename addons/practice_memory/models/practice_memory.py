# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.modules import db as odoo_db
from odoo.osv import expression

from odoo.addons.practice_base.models.practice_code_module import MODULE_NAME_RE
from odoo.addons.practice_base.tools import guard
from odoo.addons.practice_knowledge.tools.vault_format import Entry, VaultError

from ..tools import memory_index, similarity, vault_memory

PROMOTION_PARAM = "practice_memory.promotion_sessions"
DEFAULT_PROMOTION_SESSIONS = 3
MAX_TOPIC = 200
MAX_SUMMARY = 5000
MAX_INDEX_LINES = 100_000
MEMORY_MD_PATH = vault_memory.MEMORY_PATH


class PracticeMemory(models.Model):
    """A curated finding that survives sessions: topic, date, one-paragraph summary.

    ``remember`` deduplicates: a near-identical topic + summary (pg_trgm similarity, or the
    plain-Python equivalent) counts the existing entry again instead of adding a new one.

    Promotion rules:

    * a memory whose source sessions reach the threshold (3 distinct sessions by default,
      ``practice_memory.promotion_sessions``) goes from ``none`` to ``proposed``;
    * Engineers accept (→ ``accepted``: curated, pinned first in the index) or dismiss
      (→ ``dismissed``: never proposed again automatically); an Engineer may also accept
      any active memory by hand, and unpin an accepted one (→ ``dismissed``);
    * only active memories can be proposed or accepted; archiving or superseding unpins.

    Vault: every memory of a repository is one ``## <topic>`` section of ``memory/MEMORY.md``
    (see ``tools/vault_memory.py``), identified by its ``key`` (given once at create, unique
    per repository). A memory missing from an imported MEMORY.md is archived, never deleted
    (see :meth:`_vault_retire`).
    """

    _name = "practice.memory"
    _description = "Memory Entry"
    _inherit = ["mail.thread", "practice.repo.mixin", "practice.vault.record"]
    _order = "pinned desc, times_seen desc, date desc, id"
    _rec_name = "topic"
    # counters, provenance and curation state: remember(), the promotion actions, archive /
    # restore / supersede, a vault import
    _guarded_fields = (
        "first_seen",
        "times_seen",
        "session_ids",
        "status",
        "superseded_by_id",
        "supersede_ids",
        "promotion_state",
        "author_id",
        "author_session_id",
        "ai_written",
    )
    _guarded_immutable = ("key",)
    _guarded_actions = "remember(), Accept / Dismiss / Unpin, Supersede, Archive / Restore"

    topic = fields.Char(
        required=True, tracking=True, index="trigram", help="What the memory is about, short."
    )
    summary = fields.Text(required=True, tracking=True, help="What to know, in a few sentences.")
    date = fields.Date(
        required=True, default=fields.Date.context_today, tracking=True, help="Last time it was noted."
    )
    first_seen = fields.Date(
        default=fields.Date.context_today, readonly=True, help="First time it was noted."
    )
    session_ids = fields.Many2many(
        "practice.session.log",
        "practice_memory_session_rel",
        "memory_id",
        "session_log_id",
        string="Source Sessions",
        readonly=True,
        help="Sessions that noted this finding (linked by remember()).",
    )
    session_count = fields.Integer(
        compute="_compute_session_count", store=True, help="Distinct sessions that noted it."
    )
    times_seen = fields.Integer(
        default=1, readonly=True, tracking=True, aggregator="sum", help="How many times it was remembered."
    )
    module_ids = fields.Many2many(
        "practice.code.module",
        string="Modules",
        help="Code modules this memory is about (it also counts as about a module its text names).",
    )
    status = fields.Selection(
        [("active", "Active"), ("archived", "Archived"), ("superseded", "Superseded")],
        required=True,
        default="active",
        readonly=True,
        tracking=True,
        index=True,
        help="Only active memories are matched, indexed and put in the context bundle.",
    )
    superseded_by_id = fields.Many2one(
        "practice.memory", ondelete="set null", readonly=True, help="The memory that replaces this one."
    )
    supersede_ids = fields.One2many(
        "practice.memory",
        "superseded_by_id",
        string="Supersedes",
        readonly=True,
        help="Older memories this one replaced (kept as history, status 'superseded').",
    )
    expires_on = fields.Date(
        tracking=True,
        help="After this date the memory is no longer put in the context bundle (it is kept, "
        "and still listed in the index and the vault).",
    )
    promotion_state = fields.Selection(
        [
            ("none", "Not Proposed"),
            ("proposed", "Proposed"),
            ("accepted", "Accepted"),
            ("dismissed", "Dismissed"),
        ],
        string="Promotion",
        required=True,
        default="none",
        readonly=True,
        tracking=True,
        index=True,
        help="Proposed when noted in enough distinct sessions; accepted memories are curated and pinned.",
    )
    pinned = fields.Boolean(
        compute="_compute_pinned", store=True, help="Curated: accepted and active, listed first in the index."
    )
    # provenance: who wrote the current wording (remember() sets it; see _visible_domain)
    author_id = fields.Many2one(
        "res.users",
        string="Written By",
        default=lambda self: self.env.uid,
        ondelete="set null",
        readonly=True,
        help="Who wrote the current wording (remember(), or the person who created it).",
    )
    author_session_id = fields.Many2one(
        "practice.session.log",
        string="Written In Session",
        ondelete="set null",
        readonly=True,
        help="The session whose remember() wrote the current wording.",
    )
    ai_written = fields.Boolean(
        string="Written by an AI Session",
        readonly=True,
        help="The current wording comes from an AI session user: other sessions see it only once "
        "an Engineer accepts it (or, per repository, fenced and quoted as unreviewed data).",
    )
    reviewed = fields.Boolean(
        compute="_compute_reviewed",
        store=True,
        index=True,
        help="Written by a person, or accepted by an Engineer: shown to every session.",
    )

    key = fields.Char(
        index=True,
        copy=False,
        readonly=True,
        help="Stable identifier of the memory in memory/MEMORY.md (the '- **Key**:' line), given "
        "once at creation from the topic and unique per repository; two memories may share a topic.",
    )

    _sql_constraints = [
        ("times_seen_positive", "CHECK(times_seen >= 1)", "A memory is seen at least once."),
        ("repo_key_unique", "unique(repo_id, key)", "Another memory of this repository has this key."),
    ]

    def init(self):
        # rows created before the key existed get one (their id keeps it unique)
        self.env.cr.execute("UPDATE practice_memory SET key = 'm-' || id WHERE key IS NULL")
        # the context bundle reads the first active memories in the index order (pinned, most
        # seen, newest): this index answers it without sorting every memory of the repository
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS practice_memory_index_order_index ON practice_memory "
            "(repo_id, (COALESCE(pinned, FALSE)) DESC, times_seen DESC, date DESC, id) WHERE status = 'active'"
        )

    @api.depends("session_ids")
    def _compute_session_count(self):
        for memory in self:
            memory.session_count = len(memory.session_ids)

    @api.depends("promotion_state", "status")
    def _compute_pinned(self):
        for memory in self:
            memory.pinned = memory.promotion_state == "accepted" and memory.status == "active"

    @api.depends("ai_written", "promotion_state")
    def _compute_reviewed(self):
        for memory in self:
            memory.reviewed = not memory.ai_written or memory.promotion_state == "accepted"

    def _is_agent_draft(self):
        """Written by an AI session and not accepted by an Engineer: what remember() of an AI
        session may still reword, re-date the expiry of, or supersede."""
        self.ensure_one()
        return self.ai_written and self.promotion_state != "accepted"

    @api.model
    def _own_session_log(self, session_id):
        """The caller's own session log named ``session_id`` (empty for anything else)."""
        if not isinstance(session_id, str) or not session_id.strip():
            return self.env["practice.session.log"]
        return (
            self.env["practice.session.log"]
            .sudo()
            .search([("name", "=", session_id.strip()), ("user_id", "=", self.env.uid)], limit=1)
        )

    @api.model
    def _own_running_session_logs(self, limit=50):
        """The caller's sessions still running, newest first: its own when a call (the
        client's ``index``) names no session."""
        return (
            self.env["practice.session.log"]
            .sudo()
            .search(
                [("user_id", "=", self.env.uid), ("state", "=", "running")],
                order="started_at desc, id desc",
                limit=limit,
            )
        )

    @api.model
    def _visible_domain(self, session_log=None):
        """Memories an agent reads as knowledge: the reviewed ones (written by a person or
        accepted by an Engineer) and those its own session wrote (``session_log``: the caller's
        log or logs; without one, those the caller wrote outside any session)."""
        own = [[("author_id", "=", self.env.uid), ("author_session_id", "=", False)]]
        if session_log:
            # the current wording was written in that session (a session that only counted
            # another session's memory again does not make its words its own)
            own.append([("author_id", "=", self.env.uid), ("author_session_id", "in", session_log.ids)])
        return expression.OR([[("reviewed", "=", True)], *own])

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._validate_text(vals.get("topic"), vals.get("summary"))
        self._assign_keys(vals_list)
        memories = super().create(vals_list)
        memories._check_promotion()
        return memories

    def write(self, vals):
        if "topic" in vals or "summary" in vals:
            for memory in self:
                self._validate_text(vals.get("topic", memory.topic), vals.get("summary", memory.summary))
        result = super().write(vals)
        if "session_ids" in vals:
            self._check_promotion()
        return result

    @api.model
    def _assign_keys(self, vals_list):
        """A readable unique key (the topic's slug, -2, -3...) for memories created without one."""
        default_repo = None
        taken = {}
        for vals in vals_list:
            if vals.get("key"):
                continue
            if not vals.get("repo_id") and default_repo is None:
                default_repo = self.env["practice.repo"]._default_repo().id
            repo_id = vals.get("repo_id") or default_repo
            base = vault_memory.memory_key(vals.get("topic"))
            if repo_id not in taken:
                taken[repo_id] = set()
            rows = self.sudo().search_read([("repo_id", "=", repo_id), ("key", "=like", base + "%")], ["key"])
            taken[repo_id].update(row["key"] for row in rows)
            vals["key"] = vault_memory.memory_key(vals.get("topic"), taken[repo_id])
            taken[repo_id].add(vals["key"])

    @api.model
    def _validate_text(self, topic, summary):
        if not isinstance(topic, str) or not topic.strip():
            raise UserError(_("A memory needs a topic."))
        if len(topic) > MAX_TOPIC:
            raise UserError(_("A memory topic is limited to %(max)s characters.", max=MAX_TOPIC))
        if not isinstance(summary, str) or not summary.strip():
            raise UserError(_("Memory %(topic)r needs a summary.", topic=topic))
        if len(summary) > MAX_SUMMARY:
            raise UserError(
                _(
                    "Memory %(topic)r: a summary is limited to %(max)s characters.",
                    topic=topic,
                    max=MAX_SUMMARY,
                )
            )

    # ------------------------------------------------------------------ promotion
    @api.model
    def _promotion_threshold(self):
        param = self.env["ir.config_parameter"].sudo().get_param(PROMOTION_PARAM)
        return int(param) if param and param.isdigit() and int(param) > 0 else DEFAULT_PROMOTION_SESSIONS

    def _check_promotion(self):
        """none → proposed once enough distinct sessions noted an active memory."""
        threshold = self._promotion_threshold()
        due = self.filtered(
            lambda m: m.status == "active" and m.promotion_state == "none" and m.session_count >= threshold
        )
        if due:
            due.sudo()._guarded().write({"promotion_state": "proposed"})

    def _check_engineer(self):
        self.env.user._practice_require("engineer", _("accept, dismiss or unpin memory promotions"))

    def action_accept_promotion(self):
        """Curate: the memory is pinned first in the index."""
        self._check_engineer()
        for memory in self:
            if memory.status != "active":
                raise UserError(
                    _(
                        "Memory %(topic)r is %(status)s: only active memories can be curated.",
                        topic=memory.topic,
                        status=memory.status,
                    )
                )
            if memory.promotion_state == "accepted":
                raise UserError(_("Memory %(topic)r is already curated.", topic=memory.topic))
        self._guarded().write({"promotion_state": "accepted"})
        return True

    def action_dismiss_promotion(self):
        """Not worth curating: it stays an ordinary memory and is not proposed again."""
        self._check_engineer()
        for memory in self:
            if memory.promotion_state != "proposed":
                raise UserError(_("Memory %(topic)r is not proposed for promotion.", topic=memory.topic))
        self._guarded().write({"promotion_state": "dismissed"})
        return True

    def action_unpin(self):
        """Take a curated memory out of the pinned set (it is not proposed again)."""
        self._check_engineer()
        for memory in self:
            if memory.promotion_state != "accepted":
                raise UserError(_("Memory %(topic)r is not curated.", topic=memory.topic))
        self._guarded().write({"promotion_state": "dismissed"})
        return True

    def _check_engineer_status(self):
        self.env.user._practice_require("engineer", _("archive or restore memories"))

    def action_archive_memory(self):
        self._check_engineer_status()
        for memory in self:
            if memory.status != "active":
                raise UserError(_("Memory %(topic)r is not active.", topic=memory.topic))
        self._guarded().write({"status": "archived"})
        return True

    def action_restore(self):
        self._check_engineer_status()
        for memory in self:
            if memory.status == "active":
                raise UserError(_("Memory %(topic)r is already active.", topic=memory.topic))
        self._guarded().write({"status": "active", "superseded_by_id": False})
        return True

    def _supersede(self, replacement):
        """This memory is replaced by ``replacement`` (an active memory of the same repository).
        History is kept: the old memory stays, with status 'superseded' and a link to its
        replacement. The caller's rights were checked by the public entry points."""
        replacement.ensure_one()
        for memory in self:
            if memory == replacement:
                raise UserError(_("Memory %(topic)r cannot supersede itself.", topic=memory.topic))
            if memory.status != "active" or replacement.status != "active":
                raise UserError(_("Only an active memory can supersede another active memory."))
            if memory.repo_id != replacement.repo_id:
                raise UserError(
                    _(
                        "Memory %(topic)r belongs to another repository than its replacement.",
                        topic=memory.topic,
                    )
                )
        self._guarded().write({"status": "superseded", "superseded_by_id": replacement.id})
        return True

    def action_supersede_by(self, replacement):
        """Backend / RPC (Engineers): these memories are replaced by ``replacement`` (an id)."""
        self._check_engineer_supersede()
        if isinstance(replacement, models.BaseModel):
            replacement = replacement.id
        if not isinstance(replacement, int) or isinstance(replacement, bool) or replacement <= 0:
            raise UserError(
                _("The replacement must be a memory id, got %(value)s.", value=guard.excerpt(replacement))
            )
        target = self.browse(replacement).exists()
        if not target:
            raise UserError(_("No memory with id %(id)s.", id=replacement))
        target.check_access("read")
        return self._supersede(target)

    def _check_engineer_supersede(self):
        self.env.user._practice_require(
            "engineer", _("supersede memories by hand (AI sessions: remember(supersedes=))")
        )

    @api.model
    def _resolve_superseded(self, ref, repo):
        """The active memory of ``repo`` that ``ref`` names: an id, a key or an exact topic."""
        if isinstance(ref, bool) or not isinstance(ref, (int, str)):
            raise UserError(
                _("supersedes must be a memory id, key or topic, got %(value)s.", value=guard.excerpt(ref))
            )
        base = [("repo_id", "=", repo.id)]
        Memory = self.sudo()
        if isinstance(ref, int) or (isinstance(ref, str) and ref.strip().isdigit() and len(ref) < 12):
            found = Memory.search(base + [("id", "=", int(ref))])
        else:
            text = " ".join(ref.split())
            if not text or len(text) > MAX_TOPIC:
                raise UserError(
                    _(
                        "supersedes must be a memory id, key or topic, got %(value)s.",
                        value=guard.excerpt(ref),
                    )
                )
            found = Memory.search(base + [("key", "=", text)]) or Memory.search(
                base + [("topic", "=ilike", text), ("status", "=", "active")], limit=2
            )
        if not found:
            raise UserError(
                _(
                    "No memory %(ref)s in repository %(repo)s to supersede.",
                    ref=guard.excerpt(ref),
                    repo=repo.name,
                )
            )
        if len(found) > 1:
            raise UserError(
                _(
                    "%(ref)s names several active memories: supersede by id or key (%(keys)s).",
                    ref=guard.excerpt(ref),
                    keys=", ".join(found.mapped("key")),
                )
            )
        if found.status != "active":
            raise UserError(
                _(
                    "Memory %(topic)r is %(status)s already: only an active memory can be superseded.",
                    topic=found.topic,
                    status=found.status,
                )
            )
        # not _practice_require: remember() runs this as superuser, the test is on the caller
        if not self.env.user._practice_has("engineer"):
            if found.promotion_state == "accepted":
                raise AccessError(
                    _("Memory %(topic)r is curated: only an Engineer may supersede it.", topic=found.topic)
                )
            if not found._is_agent_draft():
                raise AccessError(
                    _(
                        "Memory %(topic)r was written by a person: only an Engineer may supersede it "
                        "(an AI session supersedes only memories AI sessions wrote).",
                        topic=found.topic,
                    )
                )
        return found

    # ------------------------------------------------------------------ dedupe
    @api.model
    def _similarity_method(self):
        """'pg_trgm' when the extension is there (and not disabled by context), else 'python'."""
        if self.env.context.get("practice_memory_similarity") == "python":
            return "python"
        return "pg_trgm" if odoo_db.has_trigram(self.env.cr) else "python"

    @api.model
    def _find_duplicate(self, topic, summary, repo, exclude_ids=()):
        """``(memory, topic_score, summary_score, method)`` of the best near-identical active
        memory of ``repo``, or ``(empty, None, None, method)``: two repositories may learn the
        same lesson, each keeps its own."""
        method = self._similarity_method()
        self.flush_model(["topic", "summary", "status"])
        if method == "pg_trgm":
            short = len(similarity.normalize(topic)) < similarity.SHORT_TEXT
            self.env.cr.execute(
                """
                SELECT id, topic, summary, similarity(topic, %(topic)s), similarity(summary, %(summary)s)
                  FROM practice_memory
                 WHERE status = 'active' AND repo_id = %(repo)s AND NOT (id = ANY(%(exclude)s))
                   AND (similarity(topic, %(topic)s) >= %(threshold)s
                        OR (%(short)s AND length(topic) < %(short_len)s))
                 ORDER BY id
                """,
                {
                    "topic": topic,
                    "summary": summary,
                    "threshold": similarity.TOPIC_THRESHOLD,
                    "short": short,
                    "short_len": similarity.SHORT_TEXT,
                    "repo": repo.id,
                    "exclude": list(exclude_ids),
                },
            )
            candidates = self.env.cr.fetchall()
        else:
            rows = self.sudo().search_read(
                [("status", "=", "active"), ("repo_id", "=", repo.id), ("id", "not in", list(exclude_ids))],
                ["topic", "summary"],
                order="id",
            )
            candidates = [(r["id"], r["topic"], r["summary"]) for r in rows]
        match = similarity.best_match(topic, summary, candidates)
        if not match:
            return self.browse(), None, None, method
        return self.browse(match[0]), match[1], match[2], method

    # ------------------------------------------------------------------ RPC
    @api.model
    def remember(self, topic, summary, session_id=None, modules=(), supersedes=None, expires_on=None):
        """RPC: note a finding. A near-identical active memory is counted again (times_seen,
        date, source session; its wording follows the latest unless curated) instead of
        adding a new one; ``modules`` (names; default: the session log's modules when
        ``session_id`` is given) are linked to it. ``supersedes`` (an id, key or exact topic of
        an active memory of the same repository) marks that memory as replaced by this one
        (history kept); ``expires_on`` (``YYYY-MM-DD``) hides the memory from the context
        bundle after that date. Returns the memory as a dict with ``created`` and ``similarity``."""
        user = self.env.user
        if not (user._practice_has("ai_session") or user._practice_has("engineer")):
            raise AccessError(_("Only AI sessions and Engineers may remember findings."))
        # an AI session's words are marked as such (shown to other sessions once reviewed)
        # and it changes only what it may write: memories AI sessions wrote and nobody accepted
        agent = not user._practice_has("engineer")
        topic = " ".join((topic or "").split()) if isinstance(topic, str) else topic
        summary = summary.strip() if isinstance(summary, str) else summary
        self._validate_text(topic, summary)
        expires = self._parse_expires_on(expires_on)
        log = self.env["practice.session.log"]
        if session_id:
            log = log._find(session_id)
            log._check_owner()
        repo = log.repo_id if log else self.env["practice.repo"]._resolve()
        if modules:
            module_recs = self.env["practice.code.module"]._ensure(repo, modules)
        else:
            module_recs = log.sudo().module_ids if log else self.env["practice.code.module"]
        old = (
            self._resolve_superseded(supersedes, repo)
            if supersedes not in (None, False, "")
            else self.browse()
        )
        match, t_score, s_score, method = self._find_duplicate(topic, summary, repo, exclude_ids=old.ids)
        today = fields.Date.context_today(self)
        if match:
            may_edit = not agent or match._is_agent_draft()
            if expires_on not in (None, False, "") and not may_edit:
                raise AccessError(
                    _(
                        "Memory %(topic)r was written by a person or accepted by an Engineer: only an "
                        "Engineer may change its expiry (remember it without expires_on to count it again).",
                        topic=match.topic,
                    )
                )
            vals = {"times_seen": match.times_seen + 1, "date": today}
            if log and log not in match.session_ids:
                vals["session_ids"] = [fields.Command.link(log.id)]
            if may_edit and match.promotion_state != "accepted" and summary != match.summary:
                vals.update(summary=summary, **self._author_vals(agent, log))
            if module_recs and may_edit:
                vals["module_ids"] = [fields.Command.link(m.id) for m in module_recs]
            if expires_on not in (None, False, ""):
                vals["expires_on"] = expires
            match.sudo().write(vals)
            memory, created = match, False
        else:
            vals = {
                "topic": topic,
                "summary": summary,
                "date": today,
                "first_seen": today,
                "repo_id": repo.id,
                "expires_on": expires,
                **self._author_vals(agent, log),
            }
            if log:
                vals["session_ids"] = [fields.Command.link(log.id)]
            if module_recs:
                vals["module_ids"] = [fields.Command.set(module_recs.ids)]
            memory, created = self.sudo().create(vals), True
        if old:
            old.sudo()._supersede(memory)
        result = memory.with_env(self.env)._as_dict()
        result.update(
            created=created,
            method=method,
            similarity=0.0 if created else round(min(t_score, s_score), 4),
        )
        return result

    @api.model
    def _author_vals(self, agent, log):
        """Provenance of words the caller writes through remember()."""
        return {"author_id": self.env.uid, "author_session_id": log.id or False, "ai_written": agent}

    @api.model
    def _parse_expires_on(self, value):
        """``None``/"" → False; a ``YYYY-MM-DD`` text or a date → the date; else UserError."""
        if value in (None, False, ""):
            return False
        if isinstance(value, str) and len(value) <= 10:
            try:
                parsed = fields.Date.to_date(value.strip())
            except ValueError:
                parsed = None
        elif isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            parsed = value
        else:
            parsed = None
        if not parsed:
            raise UserError(
                _("expires_on must be a date YYYY-MM-DD, got %(value)s.", value=guard.excerpt(value))
            )
        return parsed

    def _as_dict(self):
        self.ensure_one()
        return {
            "id": self.id,
            "repo": self.repo_id.name,
            "topic": self.topic,
            "summary": self.summary,
            "date": fields.Date.to_string(self.date),
            "times_seen": self.times_seen,
            "sessions": self.session_ids.mapped("name"),
            "modules": self.module_ids.mapped("name"),
            "status": self.status,
            "promotion": self.promotion_state,
            "pinned": self.pinned,
            "key": self.key,
            "expires_on": fields.Date.to_string(self.expires_on) if self.expires_on else False,
            "superseded_by": self.superseded_by_id.id or False,
            "supersedes": self.sudo().supersede_ids.ids,
            "reviewed": self.reviewed,
            "written_by": self._provenance(),
        }

    def _provenance(self):
        """Who wrote the current wording: ``{"ai_session", "user", "session"}`` (names read
        as superuser: a login and a session id are no secret to the practice)."""
        self.ensure_one()
        memory = self.sudo()
        return {
            "ai_session": memory.ai_written,
            "user": memory.author_id.login or False,
            "session": memory.author_session_id.name or False,
        }

    @api.model
    def _index_dicts(self, domain=None, limit=None, order="id"):
        """Active memories as plain dicts for tools.memory_index (one query per field set)."""
        rows = self.search_read(
            [("status", "=", "active")] + (domain or []),
            ["topic", "summary", "date", "times_seen", "pinned", "module_ids", "expires_on", "reviewed"],
            order=order,
            limit=limit,
        )
        module_ids = {mid for row in rows for mid in row["module_ids"]}
        names = {m.id: m.name for m in self.env["practice.code.module"].sudo().browse(module_ids)}
        for row in rows:
            row["date"] = fields.Date.to_string(row["date"])
            row["expires_on"] = fields.Date.to_string(row["expires_on"]) if row["expires_on"] else ""
            row["modules"] = [names[mid] for mid in row.pop("module_ids") if mid in names]
        return rows

    @api.model
    def index(self, max_lines=200, repo=None, session_id=None):
        """RPC: the MEMORY.md index (topic · date · summary) of ``repo`` (name or id; the
        default repository when omitted), curated first, then most seen, newest;
        ``{"markdown", "lines", "truncated", "total", "shown"}``. Memories AI sessions wrote
        are listed once an Engineer accepted them, or to the session that wrote them
        (``session_id``: the caller's own session; omitted, the caller's sessions still
        running)."""
        if isinstance(max_lines, (int, float, str)) and not isinstance(max_lines, bool):
            try:
                max_lines = guard.parse_int(max_lines, "max_lines", 0, MAX_INDEX_LINES)
            except guard.InputError as err:
                raise UserError(str(err)) from err
        else:
            raise UserError(
                _("max_lines must be a whole number, got %(value)s.", value=guard.excerpt(max_lines))
            )
        if max_lines < 3:
            raise UserError(_("max_lines must be at least 3 (title, blank line, one entry)."))
        repo_rec = self.env["practice.repo"]._resolve(repo)
        if session_id in (None, False, ""):
            own = self._own_running_session_logs()
        else:
            own = self._own_session_log(session_id)
        visible = self._visible_domain(own)
        return memory_index.render_index(
            self._index_dicts([("repo_id", "=", repo_rec.id)] + visible), max_lines=max_lines
        )

    @api.model
    def export_memory_md(self, repo=None):
        """``{"memory/MEMORY.md": text}``: every memory of ``repo`` in the vault format (the
        same file ``practice.vault.export_files`` writes); ``{}`` when the repository has none."""
        repo_rec = self.env["practice.repo"]._resolve(repo)
        return {
            path: vault_memory.serialize_memory(path, items)
            for path, items in self._vault_export_groups(repo_rec).items()
        }

    # ------------------------------------------------------------------ vault
    def _vault_entry_key(self):
        return self.key

    def _vault_default_path(self):
        return MEMORY_MD_PATH

    def _vault_unique_path(self, path):
        return path  # one file holds every memory of the repository

    def _vault_retire(self, kind, pruned=False):
        """A vault import never unlinks a memory. Missing from an imported MEMORY.md it is left
        as it is: a partial MEMORY.md (one section, or a stale copy lacking what another client
        added since) must not retire the others. With ``pruned`` (Practice Managers: the files
        are the whole vault) an active memory missing from it is archived."""
        ops = []
        if pruned:
            for memory in self.filtered(lambda m: m.status == "active"):
                data = dict(memory._vault_data(), status="archived")
                entry = Entry(kind.name, memory.vault_path, memory.key, data, 1, {})
                ops.append((kind, entry, memory, "updated"))
        return ops, self.browse()

    def _vault_data(self):
        self.ensure_one()
        date = fields.Date.to_string(self.date)
        return {
            "topic": vault_memory.one_line(self.topic),
            "key": self.key,
            "date": date,
            "first_seen": fields.Date.to_string(self.first_seen) if self.first_seen else date,
            "times_seen": self.times_seen,
            "status": self.status,
            "promotion": self.promotion_state,
            "superseded_by": self.superseded_by_id.key or "",
            "modules": sorted(self.module_ids.mapped("name")),
            "expires_on": fields.Date.to_string(self.expires_on) if self.expires_on else "",
            "summary": vault_memory.normalize_block(self.summary),
            "extra": self._vault_extra_dict(),
        }

    @api.model
    def _vault_check(self, entries, batch, repo):
        errors = []
        keys = {entry.key for entry in entries}
        wanted = {entry.data["superseded_by"] for entry in entries if entry.data["superseded_by"]}
        known = set(
            self.with_context(active_test=False)
            .search([("repo_id", "=", repo.id), ("key", "in", sorted(wanted - keys))])
            .mapped("key")
        )
        for entry in entries:
            ref = entry.data["superseded_by"]
            if ref and ref not in keys and ref not in known:
                errors.append(
                    VaultError(
                        entry.path,
                        entry.line_of("superseded_by"),
                        f"unknown memory key {ref!r} in 'Superseded by'",
                    )
                )
            for name in entry.data["modules"]:
                if not MODULE_NAME_RE.match(name):
                    errors.append(
                        VaultError(entry.path, entry.line_of("modules"), f"invalid module name {name!r}")
                    )
            if len(entry.data["topic"]) > MAX_TOPIC:
                errors.append(
                    VaultError(entry.path, entry.line, f"a memory topic is limited to {MAX_TOPIC} characters")
                )
            if len(entry.data["summary"]) > MAX_SUMMARY:
                errors.append(
                    VaultError(
                        entry.path,
                        entry.line_of("summary"),
                        f"memory {entry.key!r}: a summary is limited to {MAX_SUMMARY} characters",
                    )
                )
        return errors

    @api.model
    def _vault_values(self, entry, repo):
        data = entry.data
        modules = self.env["practice.code.module"]._ensure(repo, data["modules"]) if data["modules"] else []
        return {
            "key": data["key"],
            "topic": data["topic"],
            "summary": data["summary"],
            "date": data["date"],
            "first_seen": data["first_seen"],
            "times_seen": data["times_seen"],
            "status": data["status"],
            "promotion_state": data["promotion"],
            "module_ids": [fields.Command.set([m.id for m in modules])],
            "expires_on": data.get("expires_on") or False,
        }

    @api.model
    def _vault_link_values(self, entry, repo):
        ref = entry.data["superseded_by"]
        target = (
            self.with_context(active_test=False).search(
                [("repo_id", "=", repo.id), ("key", "=", ref)], limit=1
            )
            if ref
            else self.browse()
        )
        return {"superseded_by_id": target.id or False}
