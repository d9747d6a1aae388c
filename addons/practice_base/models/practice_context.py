# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import dataclasses
import re

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import bundle as bundle_tools
from ..tools import guard

DEFAULT_MAX_BYTES = 25000
MAX_BYTES = 1_000_000
MAX_TASK_CHARS = 2000
# prompt(): the context added to one prompt of an agent (Claude Code shows a hook's context
# up to 10,000 characters; the default leaves room for the rest of the conversation)
PROMPT_DEFAULT_BYTES = 4000
PROMPT_MIN_BYTES = 256
PROMPT_MAX_BYTES = 25000
MAX_SHOWN = 2000  # keys a session says it was shown already
SHOWN_KEY_RE = re.compile(r"^[a-z_]{1,30}:[1-9][0-9]{0,11}$")


class PracticeContext(models.AbstractModel):
    """The one-call session-start context.

    Each practice addon inherits this model and extends :meth:`_bundle_sections` with
    the sections it owns (rules, memory, locks, alerts, ...). Assembly, ordering and the
    byte budget live in :mod:`..tools.bundle`.
    """

    _name = "practice.context"
    _description = "Practice Session Context"

    @api.model
    def bundle(
        self, session_id=None, modules=(), repo=None, max_bytes=DEFAULT_MAX_BYTES, fmt="markdown", task=None
    ):
        """RPC: the context an agent reads at session start, most relevant first.

        ``task`` (free text, at most 2,000 characters) ranks the knowledge by relevance to what
        the agent is about to do."""
        if not isinstance(fmt, str) or fmt not in ("markdown", "json"):
            raise UserError(_("Unknown format %(fmt)s: use 'markdown' or 'json'.", fmt=guard.excerpt(fmt)))
        try:
            max_bytes = guard.parse_int(max_bytes or DEFAULT_MAX_BYTES, "max_bytes", 256, MAX_BYTES)
        except guard.InputError as err:
            raise UserError(str(err)) from err
        session_id = self._bundle_check_session_id(session_id)
        task = self._bundle_check_task(task)
        request = self._bundle_request(session_id, modules, repo, max_bytes, fmt, task=task)
        sections = self._bundle_sections(request)
        result = bundle_tools.assemble(
            sections, max_bytes=max_bytes, fmt=fmt, title=_("Practice context: %s", request["repo"].name)
        )
        result["repo"] = request["repo"].name
        result["modules"] = request["module_names"]
        return result

    @api.model
    def _bundle_check_session_id(self, session_id):
        """``session_id`` as given (``None`` when absent), else UserError."""
        if session_id in (False, ""):
            session_id = None
        if session_id is not None and (
            not isinstance(session_id, str)
            or not session_id.strip()
            or len(session_id) > guard.MAX_SESSION_ID
        ):
            raise UserError(
                _(
                    "session_id must be text of 1 to %(max)s characters, got %(value)s.",
                    max=guard.MAX_SESSION_ID,
                    value=guard.excerpt(session_id),
                )
            )
        return session_id

    @api.model
    def _bundle_check_task(self, task):
        """``task`` stripped (``None`` when absent or blank), else UserError."""
        if task in (False, ""):
            task = None
        if task is not None and (not isinstance(task, str) or len(task) > MAX_TASK_CHARS):
            raise UserError(
                _(
                    "task must be text of at most %(max)s characters, got %(value)s.",
                    max=MAX_TASK_CHARS,
                    value=guard.excerpt(task),
                )
            )
        if task is not None:
            task = task.strip() or None
        return task

    # ------------------------------------------------------------------ prompt: per prompt
    @api.model
    def prompt(self, task, session_id=None, modules=(), repo=None, max_bytes=PROMPT_DEFAULT_BYTES, shown=()):
        """RPC: the practice relevant to one prompt of an agent (Claude Code's UserPromptSubmit
        hook), that the session was not shown yet.

        ``task`` is the prompt (1 to 2,000 characters). The answer holds the rules, memories,
        glossary terms and runbooks the bundle's ranking finds *relevant* to it (they share its
        words: not the severity or module order a bundle falls back to), minus those whose key
        is in ``shown`` (keys such as ``"rule:12"``, ``"memory:5"``, ``"term:7"``,
        ``"runbook:3"``: record ids, as an earlier answer gave them), every item whole (a rule
        with its fix), rules first, within ``max_bytes`` (256 to 25,000; default 4,000).
        Locks, alerts, sessions and the scope are not part of it (the session start has them).

        Returns ``{"markdown", "keys", "bytes", "repo"}``: ``keys`` are those of the items in
        the markdown (the caller adds them to what it was shown); ``markdown`` is empty and
        ``keys`` ``[]`` when nothing new is relevant."""
        # who may not read the practice is told so first, whatever the arguments
        self.env["practice.repo"].check_access("read")
        task = self._bundle_check_task(task)
        if task is None:
            raise UserError(
                _("task is required: the prompt's text, 1 to %(max)s characters.", max=MAX_TASK_CHARS)
            )
        session_id = self._bundle_check_session_id(session_id)
        try:
            max_bytes = guard.parse_int(
                PROMPT_DEFAULT_BYTES if max_bytes in (None, False) else max_bytes,
                "max_bytes",
                PROMPT_MIN_BYTES,
                PROMPT_MAX_BYTES,
            )
        except guard.InputError as err:
            raise UserError(str(err)) from err
        shown = self._prompt_check_shown(shown)
        request = self._bundle_request(session_id, modules, repo, max_bytes, "markdown", task=task)
        request["prompt"] = True
        request["shown"] = shown
        sections = self._prompt_sections(self._bundle_sections(request), shown)
        answer = {"markdown": "", "keys": [], "bytes": 0, "repo": request["repo"].name}
        if not sections:
            return answer
        result = bundle_tools.assemble(
            sections,
            max_bytes=max_bytes,
            fmt="markdown",
            title=_("Practice for this prompt (%s)", request["repo"].name),
            with_keys=True,
        )
        answer.update(markdown=result["markdown"], keys=result["keys"], bytes=result["bytes"])
        return answer

    @api.model
    def _prompt_check_shown(self, shown):
        """The keys ``shown`` as a frozenset, else UserError (a list of at most MAX_SHOWN
        ``kind:id`` texts)."""
        if shown in (None, False, ""):
            return frozenset()
        if not isinstance(shown, (list, tuple)):
            raise UserError(
                _(
                    "shown must be a list of keys such as 'rule:12', got %(value)s.",
                    value=guard.excerpt(shown),
                )
            )
        if len(shown) > MAX_SHOWN:
            raise UserError(
                _("shown holds at most %(max)s keys, got %(count)s.", max=MAX_SHOWN, count=len(shown))
            )
        for key in shown:
            if not isinstance(key, str) or not SHOWN_KEY_RE.match(key):
                raise UserError(
                    _(
                        "shown must hold keys such as 'rule:12' or 'memory:5', got %(value)s.",
                        value=guard.excerpt(key),
                    )
                )
        return frozenset(shown)

    @api.model
    def _prompt_sections(self, sections, shown):
        """The sections of a prompt answer: only keyed items (those the providers mark as
        prompt material), not in ``shown``, each whole or left out (no one-line form: what is
        answered counts as shown); nothing pinned or kept empty; sections without items go."""
        kept = []
        for section in sections:
            items = [
                dataclasses.replace(item, short="", short_data=None)
                for item in section.items
                if item.key and item.key not in shown
            ]
            if items:
                kept.append(dataclasses.replace(section, items=items, pinned=False, keep_empty=False))
        return kept

    @api.model
    def _bundle_request(self, session_id, modules, repo, max_bytes, fmt, task=None):
        """What every section provider receives (``now`` fixes ages and "current" for the call)."""
        repo = self.env["practice.repo"]._resolve(repo)
        names = self.env["practice.code.module"]._normalize_names(modules or [])
        known = self.env["practice.code.module"].search([("repo_id", "=", repo.id), ("name", "in", names)])
        return {
            "session_id": session_id or None,
            "repo": repo,
            "module_names": names,
            "modules": known,
            "max_bytes": max_bytes,
            "fmt": fmt,
            "task": task,
            "now": fields.Datetime.now(),
        }

    @api.model
    def _bundle_sections(self, request):
        """Override in each addon: ``return super()._bundle_sections(request) + [...]``."""
        return [self._bundle_section_scope(request)]

    @api.model
    def _bundle_section_scope(self, request):
        repo = request["repo"]
        names = request["module_names"]
        known = set(request["modules"].mapped("name"))
        items = [
            bundle_tools.Item(
                markdown=f"- **{name}**" + ("" if name in known else _(" (not yet known here)")),
                data={"module": name, "known": name in known},
            )
            for name in names
        ]
        intro = _(
            "Repository **%(repo)s** (branch %(branch)s).", repo=repo.name, branch=repo.default_branch or "-"
        )
        if request["session_id"]:
            intro += " " + _("Session `%(session)s`.", session=request["session_id"])
        if not names:
            intro += " " + _("No modules named: showing repository-wide practice.")
        return bundle_tools.Section(
            key="scope", title=_("Scope"), priority=0, items=items, intro=intro, keep_empty=True
        )

    # ------------------------------------------------------------------ get: one item whole
    @api.model
    def get(self, kind, ref, repo=None):
        """RPC: one item of the practice whole, as the bundle's hints promise
        (``practice show <kind> <ref>``, MCP ``practice_get``).

        ``kind`` is one of :meth:`_get_kinds` (rule, runbook, adr, term, memory where their
        addons are installed); ``ref`` an id (rule, memory), a number (runbook, ADR) or a term
        name; ``repo`` the repository of numbers and terms (default: the default repository).
        Read with the caller's rights. Returns ``{"kind", "id", "title", "markdown", "data"}``.
        """
        kinds = self._get_kinds()
        if not isinstance(kind, str) or kind.strip().lower() not in kinds:
            raise UserError(
                _(
                    "Unknown kind %(kind)s: use one of %(kinds)s.",
                    kind=guard.excerpt(kind),
                    kinds=", ".join(sorted(kinds)),
                )
            )
        kind = kind.strip().lower()
        if ref is None or ref is False or isinstance(ref, (bool, list, dict, tuple)):
            raise UserError(
                _("Say which %(kind)s to get, got %(value)s.", kind=kind, value=guard.excerpt(ref))
            )
        if isinstance(ref, str) and (not ref.strip() or len(ref) > 200):
            raise UserError(
                _(
                    "A %(kind)s reference is 1 to 200 characters, got %(value)s.",
                    kind=kind,
                    value=guard.excerpt(ref),
                )
            )
        repo_rec = self.env["practice.repo"]._resolve(repo)
        result = kinds[kind](ref, repo_rec)
        return {
            "kind": kind,
            "id": result["id"],
            "title": result["title"],
            "markdown": result["markdown"],
            "data": result.get("data") or {},
        }

    @api.model
    def _get_kinds(self):
        """``{kind: method(ref, repo) -> {"id", "title", "markdown", "data"}}``; each addon
        adds its kinds with ``kinds = super()._get_kinds(); kinds["x"] = self._get_x``."""
        return {}

    @api.model
    def _get_ref_number(self, ref, kind):
        """``ref`` as a positive whole number (``12``, ``"12"``, ``"0014"``), else UserError."""
        try:
            return guard.parse_int(ref, kind, 1, 2**31 - 1)
        except guard.InputError as err:
            raise UserError(str(err)) from err

    @api.model
    def _get_not_found(self, kind, ref, repo=None):
        """The UserError of a reference that names nothing (or nothing the caller may read)."""
        if repo:
            return UserError(
                _(
                    "No %(kind)s %(ref)s in repository %(repo)s.",
                    kind=kind,
                    ref=guard.excerpt(ref),
                    repo=repo.name,
                )
            )
        return UserError(_("No %(kind)s %(ref)s.", kind=kind, ref=guard.excerpt(ref)))
