# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import logging
import secrets
import time
import uuid
from datetime import timedelta

import requests
from markupsafe import Markup

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.practice_base.tools import guard

from ..tools import dispatch, signing, states

_logger = logging.getLogger(__name__)

PARAM = "practice_deploy.%s"
APPROVER_GROUP = "practice_deploy.group_deploy_approver"
# State, audit and result fields: only the deploy actions below change them.
GUARDED = (
    "deploy_state",
    "deploy_deployment_id",
    "deploy_previous_deployment_id",
    "deploy_dispatched_at",
    "deploy_deployed_at",
    "deploy_verified_at",
    "deploy_initiated_by_id",
    "deploy_approved_by_id",
    "deploy_verified_by_id",
    "deploy_idempotency_key",
    "deploy_attempts",
    "deploy_next_attempt_at",
    "deploy_last_error",
    "deploy_health",
    "deploy_followup_task_id",
)
# What is deployed: set while the task is a draft, frozen once it is up for review.
REQUEST_FIELDS = (
    "is_deploy",
    "deploy_branch",
    "deploy_commit_message",
    "deploy_commit_sha",
    "deploy_environment",
    "deploy_image_tag",
)
# Steps whose message notifies the followers (data/practice_deploy_mail_subtypes.xml) and the webhook.
NOTIFIED = {
    "approved": "practice_deploy.mt_deploy_approved",
    "deployed": "practice_deploy.mt_deploy_deployed",
    "rolled_back": "practice_deploy.mt_deploy_rolled_back",
    "no_answer": "practice_deploy.mt_deploy_no_answer",
}
GUARDED_ACTIONS = "Ready for Review, Approve, Re-dispatch, Verify (action_deploy_*) and the signed callback"
# Where deploy tasks land when no project is given (data/practice_deploy_project.xml).
DEPLOY_PROJECT = "practice_deploy.project_deploy"
OFF_VALUES = ("0", "false", "off", "no")


class ProjectTask(models.Model):
    _inherit = "project.task"

    is_deploy = fields.Boolean(
        string="Deploy Task", help="A Deploy task: approved, it dispatches a signed git-ops deploy event."
    )
    deploy_repo_id = fields.Many2one(
        "practice.repo",
        string="Repository",
        ondelete="restrict",
        help="Repository deployed (empty: the default repository); gates such as the latest eval run read it.",
    )
    deploy_branch = fields.Char(string="Branch", help="Git branch to deploy.")
    deploy_commit_message = fields.Char(string="Commit Message", help="What the deploy ships, in one line.")
    deploy_commit_sha = fields.Char(
        string="Commit SHA",
        help="Git commit deployed (7 to 40 lowercase hex digits); sent as commit_sha in the dispatch.",
    )
    deploy_environment = fields.Selection(
        [("staging", "Staging"), ("production", "Production")],
        string="Environment",
        default="staging",
        help="Where the git host's automation deploys.",
    )
    deploy_image_tag = fields.Char(string="Image Tag", help="Container image tag to deploy, e.g. 1.0.0.")
    deploy_state = fields.Selection(
        states.STATES,
        default="draft",
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
        help="Draft → Ready for Review → Approved → Dispatched → Deployed | Rolled Back → Verified "
        "(Failed when the dispatch failed for good).",
    )
    deploy_deployment_id = fields.Char(string="Deployment ID", readonly=True, copy=False)
    deploy_previous_deployment_id = fields.Char(string="Previous Deployment ID", readonly=True, copy=False)
    deploy_dispatched_at = fields.Datetime(string="Dispatched At", readonly=True, copy=False)
    deploy_deployed_at = fields.Datetime(string="Deployed At", readonly=True, copy=False)
    deploy_verified_at = fields.Datetime(string="Verified At", readonly=True, copy=False)
    deploy_initiated_by_id = fields.Many2one("res.users", string="Initiated By", readonly=True, copy=False)
    deploy_approved_by_id = fields.Many2one("res.users", string="Approved By", readonly=True, copy=False)
    deploy_verified_by_id = fields.Many2one("res.users", string="Verified By", readonly=True, copy=False)
    deploy_idempotency_key = fields.Char(
        string="Idempotency Key", readonly=True, copy=False, help="One approval, one dispatch."
    )
    deploy_attempts = fields.Integer(string="Dispatch Attempts", readonly=True, copy=False)
    deploy_next_attempt_at = fields.Datetime(string="Next Attempt At", readonly=True, copy=False, index=True)
    deploy_last_error = fields.Char(string="Last Dispatch Error", readonly=True, copy=False)
    deploy_health = fields.Char(string="Health", readonly=True, copy=False)
    deploy_followup_task_id = fields.Many2one(
        "project.task", string="Incident Task", readonly=True, copy=False, ondelete="set null"
    )
    deploy_gates_text = fields.Text(
        string="Gates", compute="_compute_deploy_gates_text", help="Checks that must pass before approval."
    )
    deploy_gates_ok = fields.Boolean(string="Gates Pass", compute="_compute_deploy_gates_text")

    # ------------------------------------------------------------------ guard
    @api.model_create_multi
    def create(self, vals_list):
        if not guard.is_grant(self.env.context.get(guard.CONTEXT_KEY)) and not self.env.su:
            for vals in vals_list:
                self._deploy_refuse_guarded(
                    [
                        name
                        for name in self._deploy_guarded_names()
                        if vals.get(name) and not (name == "deploy_state" and vals[name] == "draft")
                    ]
                )
            guarded = set(self._deploy_guarded_names())
            context = {
                key: value
                for key, value in self.env.context.items()
                if not (key.startswith("default_") and key[len("default_") :] in guarded)
            }
            self = self.with_env(self.env(context=context))  # caller-supplied defaults dropped
        for vals in vals_list:
            self._deploy_default_project(vals)
        return super().create(vals_list)

    def write(self, vals):
        if not guard.is_grant(self.env.context.get(guard.CONTEXT_KEY)) and not self.env.su:
            self._deploy_refuse_guarded(
                [
                    name
                    for name in self._deploy_guarded_names()
                    if name in vals and self._deploy_changes(name, vals[name])
                ]
            )
            frozen = [
                name for name in REQUEST_FIELDS if name in vals and self._deploy_changes(name, vals[name])
            ]
            if frozen and any(task.deploy_state != "draft" for task in self):
                raise UserError(
                    _(
                        "%(fields)s of a deploy task change only while it is a draft (set it back to "
                        "draft first).",
                        fields=", ".join(self._fields[name].string for name in frozen),
                    )
                )
        if vals.get("is_deploy") and "project_id" not in vals:
            # a private task made a deploy task moves to the deploy project
            private = self.filtered(lambda task: not task.project_id)
            project = self._deploy_project()
            if private and project:
                private.write({"project_id": project.id})
        return super().write(vals)

    # ------------------------------------------------------------------ project
    @api.model
    def _deploy_project(self):
        """The project deploy tasks land in when none is given: ``practice_deploy.project_deploy``
        (visible to all internal users, so to every Deploy Approver); empty when it was deleted
        or archived."""
        project = self.env.ref(DEPLOY_PROJECT, raise_if_not_found=False)
        if not project or not project.sudo().active:
            return self.env["project.project"]
        return project.with_env(self.env)

    @api.model
    def _deploy_default_project(self, vals):
        """Give a deploy task created without a project (over RPC, or from the Deploy menu when
        its default was dropped) the deploy project, never none: a task without a project is
        private, with personal stages, and no approver sees it. A subtask of a task in a
        project keeps its parent's project."""
        if not vals.get("is_deploy", self.env.context.get("default_is_deploy")) or vals.get("project_id"):
            return
        if "project_id" not in vals and self.env.context.get("default_project_id"):
            return
        if vals.get("parent_id") and self.browse(vals["parent_id"]).sudo().project_id:
            return
        project = self._deploy_project()
        if project:
            vals["project_id"] = project.id

    @api.constrains("is_deploy", "project_id")
    def _check_deploy_project(self):
        """A deploy task lives in a project every Deploy Approver sees: never without one
        (private, personal stages) nor in one visible to its invited users only."""
        for task in self.sudo():
            if not task.is_deploy:
                continue
            if not task.project_id:
                raise ValidationError(
                    _(
                        "Deploy task %(task)s needs a project: without one it is private (personal "
                        "stages) and no Deploy Approver sees it.",
                        task=task.name,
                    )
                )
            if task.project_id.privacy_visibility == "followers":
                raise ValidationError(
                    _(
                        "Deploy task %(task)s cannot be in project %(project)s: only its invited users "
                        "see it, and every Deploy Approver must. Choose a project visible to all "
                        "internal users (Practice > Deploy Tasks uses %(deploy)s).",
                        task=task.name,
                        project=task.project_id.name,
                        deploy=self._deploy_project().sudo().name or "-",
                    )
                )

    @api.constrains("deploy_commit_sha")
    def _check_deploy_commit_sha(self):
        for task in self:
            if task.deploy_commit_sha and not dispatch.valid_commit_sha(task.deploy_commit_sha):
                raise ValidationError(
                    _(
                        "Task %(task)s: the commit SHA must be 7 to 40 lowercase hexadecimal digits.",
                        task=task.name,
                    )
                )

    @api.model
    def _deploy_guarded_names(self):
        """Deploy fields only the deploy actions change; bridge addons add theirs."""
        return GUARDED

    def _deploy_changes(self, name, value):
        field = self._fields[name]
        for task in self:
            try:
                new = field.convert_to_cache(value, task, validate=False)
            except (TypeError, ValueError):
                return True
            if (new or False) != (field.convert_to_cache(task[name], task, validate=False) or False):
                return True
        return False

    def _deploy_refuse_guarded(self, names):
        if names:
            raise AccessError(
                _(
                    "Task: %(fields)s change only through %(actions)s, never by a direct create or write.",
                    fields=", ".join(f"{self._fields[n].string} ({n})" for n in names),
                    actions=GUARDED_ACTIONS,
                )
            )

    def _deploy_guarded(self):
        ctx = dict(self.env.context)
        ctx[guard.CONTEXT_KEY] = guard.GRANT
        return self.with_env(self.env(context=ctx))

    # ------------------------------------------------------------------ settings
    @api.model
    def _deploy_bot(self):
        """The author of what the deploy automation posts (OdooBot): the signed callback runs
        as the public user, the crons as superuser."""
        return self.env.ref("base.partner_root").id

    @api.model
    def _deploy_param(self, key, default=""):
        return self.env["ir.config_parameter"].sudo().get_param(PARAM % key) or default

    @api.model
    def _deploy_int_param(self, key, default):
        try:
            return max(0, int(self._deploy_param(key, default)))
        except (TypeError, ValueError):
            return default

    @api.model
    def _deploy_secrets(self):
        return [self._deploy_param("secret"), self._deploy_param("bearer_token")]

    # ------------------------------------------------------------------ gates
    def _deploy_gates(self):
        """Checks shown on the task and required before approval: a list of
        ``{"name", "ok", "detail"}``. Bridge addons extend it with ``super()``; a gate whose
        detail quotes practice data (eval runs, watchdog alerts) adds ``"practice": True`` and
        is shown through :meth:`_deploy_gates_shown`."""
        self.ensure_one()
        configured = bool(self._deploy_param("endpoint") and self._deploy_param("secret"))
        gates = [
            {
                "name": _("Dispatch configured"),
                "ok": configured,
                "detail": _("endpoint and shared secret are set")
                if configured
                else _("an administrator sets the endpoint and shared secret in Settings > Practice"),
            }
        ]
        if self.deploy_environment == "production" and self._deploy_requires_staging():
            gates.append(self._deploy_staging_gate())
        return gates

    @api.model
    def _deploy_switch_on(self, key):
        """Whether the switch ``practice_deploy.<key>`` (a gate, a requirement; default on) is
        on. Off is "0", "false", "off" or "no" in any letter case, as Settings (which stores
        "False") or a hand-set system parameter writes it; every gate reads it the same way."""
        return self._deploy_param(key, "1").strip().lower() not in OFF_VALUES

    @api.model
    def _deploy_requires_staging(self):
        """Whether production needs a Verified staging deploy of the same commit (Settings >
        Practice > Deploy, ``practice_deploy.require_staging``, default on)."""
        return self._deploy_switch_on("require_staging")

    def _deploy_staging_match(self):
        """The Verified staging deploy of the repository this production task deploys, of the
        same commit (a SHA matches an abbreviation of it either way) or, when the task names no
        commit, of the same image tag; the most recently verified one, or an empty recordset."""
        self.ensure_one()
        task = self.sudo()
        sha = (task.deploy_commit_sha or "").strip().lower()
        domain = [
            ("is_deploy", "=", True),
            ("deploy_environment", "=", "staging"),
            ("deploy_state", "=", "verified"),
            ("id", "!=", task.id or 0),
        ]
        if sha:
            domain.append(("deploy_commit_sha", "=like", f"{sha[:7]}%"))
        elif task.deploy_image_tag:
            domain.append(("deploy_image_tag", "=", task.deploy_image_tag))
        else:
            return self.browse()
        repo = task._deploy_repository()
        candidates = task.search(domain, order="deploy_verified_at desc, id desc")
        for candidate in candidates:
            other = (candidate.deploy_commit_sha or "").lower()
            if sha and not (other.startswith(sha) or sha.startswith(other)):
                continue
            if candidate._deploy_repository() == repo:
                return candidate
        return self.browse()

    def _deploy_staging_gate(self):
        """The gate of a production task: a Verified staging deploy of the same commit (or
        image tag) exists; its detail names what is missing."""
        self.ensure_one()
        task = self.sudo()
        sha = (task.deploy_commit_sha or "").strip().lower()
        what = (
            _("commit %(sha)s", sha=sha[:12])
            if sha
            else _("image tag %(tag)s", tag=task.deploy_image_tag or "-")
        )
        match = self._deploy_staging_match()
        if not match:
            return {
                "name": _("Verified on staging"),
                "ok": False,
                "detail": _("no verified staging deploy of %(what)s", what=what),
            }
        return {
            "name": _("Verified on staging"),
            "ok": True,
            "detail": _(
                "staging deploy of %(what)s verified (task %(id)s, %(when)s UTC)",
                what=what,
                id=match.id,
                when=fields.Datetime.to_string(match.deploy_verified_at) or "-",
            ),
        }

    def _deploy_gates_shown(self):
        """:meth:`_deploy_gates` as the current user may see them (``{"name", "ok", "detail"}``):
        the detail of a ``practice`` gate (eval run names and pass counts, open alert counts)
        only for practice Readers; anyone else who reads the task sees its name and whether it
        passes."""
        self.ensure_one()
        reader = self.env.su or self.env.user._practice_has("reader")
        shown = []
        for gate in self._deploy_gates():
            detail = gate["detail"]
            if gate.get("practice") and not reader:
                detail = _("passes") if gate["ok"] else _("does not pass (a practice Reader sees why)")
            shown.append({"name": gate["name"], "ok": gate["ok"], "detail": detail})
        return shown

    @api.depends("deploy_state", "is_deploy")
    @api.depends_context("uid")
    def _compute_deploy_gates_text(self):
        for task in self:
            if not task.is_deploy or not task.id:
                task.deploy_gates_text = False
                task.deploy_gates_ok = False
                continue
            gates = task._deploy_gates_shown()
            task.deploy_gates_ok = all(gate["ok"] for gate in gates)
            task.deploy_gates_text = "\n".join(
                f"{'✔' if gate['ok'] else '✘'} {gate['name']}: {gate['detail']}" for gate in gates
            )

    # ------------------------------------------------------------------ extension points
    def _deploy_on_dispatched(self):
        """Called once the git host accepted the dispatch (bridges snapshot here)."""

    def _deploy_on_deployed(self, data):
        """Called when the callback says deployed (bridges compare snapshots here)."""

    def _deploy_incident_owner(self):
        """Who answers for a rollback (its activity, the incident, the triage run and its SLA
        reminder): the on-call user of the settings, else the approver (whose approval sent the
        dispatch), else the requester, else the administrator; only active internal users,
        never the public user the signed callback runs as."""
        self.ensure_one()
        Users = self.env["res.users"].sudo()
        candidates = (
            Users.browse(self._deploy_int_param("oncall_user_id", 0)).exists(),
            self.sudo().deploy_approved_by_id,
            self.sudo().deploy_initiated_by_id,
            (self.env.ref("base.user_admin", raise_if_not_found=False) or Users).sudo(),
        )
        for user in candidates:
            if user and user.active and not user.share and not user._is_public():
                return user
        return Users.browse(SUPERUSER_ID)

    def _deploy_on_rolled_back(self, data):
        """Called when the callback says rolled back: an activity for the incident owner
        (:meth:`_deploy_incident_owner`) and an incident follow-up task (bridges may replace the
        incident with their own)."""
        self.ensure_one()
        user = self._deploy_incident_owner()
        self.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=user.id,
            summary=_("Deploy rolled back: %(name)s", name=self.name)[:200],
            note=_(
                "The git host rolled the deploy back. Health: %(health)s", health=data.get("health") or "-"
            ),
        )
        self._deploy_incident(data)

    def _deploy_incident(self, data):
        """The incident of a rollback: by default a follow-up task in the same project."""
        followup = (
            self.sudo()
            .with_context(mail_create_nolog=True)
            .create(
                {
                    "name": _("[INCIDENT] Deploy rolled back: %(name)s", name=self.name)[:250],
                    "project_id": self.project_id.id,
                    "parent_id": False,
                    "user_ids": [fields.Command.set(self._deploy_incident_owner().ids)],
                    "description": _(
                        "Rolled back on %(env)s. Previous deployment: %(prev)s. Message: %(msg)s",
                        env=self.deploy_environment,
                        prev=data.get("previous_deployment_id") or "-",
                        msg=data.get("message") or "-",
                    ),
                    "priority": "1",
                }
            )
        )
        self._deploy_guarded().sudo().write({"deploy_followup_task_id": followup.id})
        return followup

    # ------------------------------------------------------------------ steps
    def _deploy_step(self, step, vals=None, message=None):
        """Move each task along ``step`` (the table in tools/states.py refuses skips) and post
        the step in the chatter."""
        for task in self:
            if not task.is_deploy:
                raise UserError(_("Task %(task)s is not a Deploy task.", task=task.display_name))
            try:
                goal = states.target(step, task.deploy_state)
            except states.TransitionError as err:
                raise UserError(_("Task %(task)s: %(err)s.", task=task.display_name, err=str(err))) from err
            task._deploy_guarded().sudo().write(dict(vals or {}, deploy_state=goal))
            body = _("Deploy: %(label)s.", label=states.LABELS[goal])
            if message:
                body = f"{body} {message}"
            author = self.env.user.partner_id.id
            if self.env.user._is_public():  # the signed callback: the automation
                author = self._deploy_bot()
            subtype = NOTIFIED.get(goal)
            partners = task._deploy_notify_partners() if subtype else self.env["res.partner"]
            task.sudo().message_post(
                body=body,
                author_id=author,
                subtype_xmlid=subtype or "mail.mt_note",
                partner_ids=partners.ids,
            )
            if subtype:
                task._deploy_notify_channels(body, author)
                task._deploy_webhook(goal)
        return True

    @api.model
    def _deploy_param_ids(self, key):
        """The ids of a comma-separated system parameter (``"3,7"``), ignoring junk."""
        ids = []
        for part in (self._deploy_param(key) or "").split(","):
            part = part.strip()
            if part.isdigit() and int(part) not in ids:
                ids.append(int(part))
        return ids

    @api.model
    def _deploy_notify_partners(self):
        """Partners of the notification list (Settings > Practice > Deploy): they get the
        approved / deployed / rolled back / no answer messages like the followers, with the
        same subtypes (active partners only)."""
        return (
            self.env["res.partner"]
            .sudo()
            .browse(self._deploy_param_ids("notify_partner_ids"))
            .exists()
            .filtered("active")
        )

    @api.model
    def _deploy_notify_channel_records(self):
        return (
            self.env["discuss.channel"].sudo().browse(self._deploy_param_ids("notify_channel_ids")).exists()
        )

    def _deploy_notify_channels(self, body, author):
        """Post the step's message, with a link to the task, in each channel of the
        notification list."""
        self.ensure_one()
        channels = self._deploy_notify_channel_records()
        if not channels:
            return
        link = Markup('<a href="/odoo/project.task/%s">%s</a>') % (self.id, self.display_name)
        text = Markup("%s<br/>%s") % (link, body)
        for channel in channels:
            channel.message_post(
                body=text,
                author_id=author,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )

    def _deploy_webhook(self, event):
        """POST a Slack-compatible ``{"text": ...}`` of ``event`` to the optional webhook of the
        settings, signed like the dispatch (the shared secret); best effort: a failure is logged
        (never the secret) and changes nothing."""
        self.ensure_one()
        url = self._deploy_param("webhook_url")
        secret = self._deploy_param("secret")
        if not url or not secret:
            return False
        text = _(
            "Deploy %(state)s: %(name)s (task %(id)s, %(env)s, %(tag)s)",
            state=states.LABELS[event],
            name=self.name,
            id=self.id,
            env=self.deploy_environment or "-",
            tag=self.deploy_image_tag or "-",
        )
        body = json.dumps({"text": text}).encode()
        headers = signing.signed_headers(secret, body, time.time(), secrets.token_urlsafe(24))
        try:
            response = requests.post(url, data=body, headers=headers, timeout=5, allow_redirects=False)
            status = response.status_code
        except requests.RequestException as err:
            status = type(err).__name__
        _logger.info("practice_deploy: task %s %s webhook answered %s", self.id, event, status)
        return status

    def action_deploy_ready(self):
        """Draft → Ready for Review: the requester asks for review (becomes "initiated by")."""
        self.check_access("write")
        for task in self:
            missing = [
                task._fields[name].string
                for name in (
                    "deploy_branch",
                    "deploy_commit_message",
                    "deploy_environment",
                    "deploy_image_tag",
                )
                if task.is_deploy and not task[name]
            ]
            if missing:
                raise UserError(
                    _(
                        "Task %(task)s needs %(fields)s before review.",
                        task=task.display_name,
                        fields=", ".join(missing),
                    )
                )
            task._deploy_step("ready", {"deploy_initiated_by_id": self.env.user.id})
        return True

    def action_deploy_back_to_draft(self):
        """Ready for Review or Failed → Draft (to change what is deployed)."""
        self.check_access("write")
        return self._deploy_step(
            "back_to_draft",
            {"deploy_idempotency_key": False, "deploy_attempts": 0, "deploy_next_attempt_at": False},
        )

    def action_deploy_approve(self):
        """Ready for Review → Approved (Deploy Approvers only, never one's own request, every gate
        green); the dispatch cron then sends the signed event exactly once."""
        user = self._deploy_check_approver()
        for task in self:
            if task.deploy_state == "ready":
                failing = [gate for gate in task._deploy_gates_shown() if not gate["ok"]]
                if failing:
                    raise UserError(
                        _(
                            "Task %(task)s cannot be approved, gate not passed: %(gates)s.",
                            task=task.display_name,
                            gates="; ".join(f"{g['name']} ({g['detail']})" for g in failing),
                        )
                    )
            task._deploy_step(
                "approve",
                {
                    "deploy_approved_by_id": user.id,
                    "deploy_idempotency_key": str(uuid.uuid4()),
                    "deploy_attempts": 0,
                    "deploy_next_attempt_at": fields.Datetime.now(),
                    "deploy_last_error": False,
                },
            )
        self._deploy_trigger_dispatch()
        return True

    def _deploy_check_approver(self):
        """The current user when a Deploy Approver who did not request any of these tasks;
        raises :class:`AccessError` otherwise."""
        self.check_access("read")
        user = self.env.user
        if not self.env.su and not user.has_group(APPROVER_GROUP):
            group = self.env.ref(APPROVER_GROUP)
            raise AccessError(
                _(
                    "Only %(group)s users may approve a deploy (you are %(user)s).",
                    group=group.full_name,
                    user=user.login,
                )
            )
        for task in self:
            if task.deploy_initiated_by_id == user:
                raise AccessError(
                    _("Task %(task)s: nobody approves their own deploy request.", task=task.display_name)
                )
        return user

    def _deploy_trigger_dispatch(self):
        cron = self.env.ref("practice_deploy.ir_cron_deploy_dispatch", raise_if_not_found=False)
        if cron:
            cron.sudo()._trigger()

    def action_deploy_redispatch(self):
        """No Answer → Approved with a new idempotency key (Deploy Approvers only, never one's
        own request): the dispatch cron sends the event again."""
        user = self._deploy_check_approver()
        for task in self:
            task._deploy_step(
                "redispatch",
                {
                    "deploy_approved_by_id": user.id,
                    "deploy_idempotency_key": str(uuid.uuid4()),
                    "deploy_attempts": 0,
                    "deploy_dispatched_at": False,
                    "deploy_next_attempt_at": fields.Datetime.now(),
                    "deploy_last_error": False,
                },
                _("Re-dispatch approved by %(user)s with a new idempotency key.", user=user.name),
            )
        self._deploy_trigger_dispatch()
        return True

    def action_deploy_verify(self):
        """Deployed → Verified: someone checked production by hand (the guide's step 7)."""
        self.check_access("write")
        return self._deploy_step(
            "verify", {"deploy_verified_by_id": self.env.user.id, "deploy_verified_at": fields.Datetime.now()}
        )

    @api.model
    def deploy_status(self, task_id):
        """RPC: ``{"task_id", "name", "state", "deployment_id", ...}`` of a deploy task the caller
        can read (never a secret)."""
        if isinstance(task_id, bool) or not isinstance(task_id, int) or task_id <= 0:
            raise UserError(_("deploy_status: task_id must be a positive integer, got %(v)r.", v=task_id))
        task = self.browse(task_id).exists()
        if not task:
            raise UserError(_("deploy_status: no task %(id)s.", id=task_id))
        task.check_access("read")
        if not task.is_deploy:
            raise UserError(_("Task %(task)s is not a Deploy task.", task=task.display_name))

        def when(value):
            return fields.Datetime.to_string(value) if value else False

        return {
            "task_id": task.id,
            "name": task.name,
            "state": task.deploy_state,
            "state_label": states.LABELS[task.deploy_state],
            "deployment_id": task.deploy_deployment_id or False,
            "previous_deployment_id": task.deploy_previous_deployment_id or False,
            # the repository name, also for a Project user without practice rights (shown on the task)
            "repo": task.sudo().deploy_repo_id.name or False,
            "branch": task.deploy_branch or False,
            "commit_sha": task.deploy_commit_sha or False,
            "environment": task.deploy_environment or False,
            "image_tag": task.deploy_image_tag or False,
            "initiated_by": task.deploy_initiated_by_id.login or False,
            "approved_by": task.deploy_approved_by_id.login or False,
            "verified_by": task.deploy_verified_by_id.login or False,
            "dispatched_at": when(task.deploy_dispatched_at),
            "deployed_at": when(task.deploy_deployed_at),
            "attempts": task.deploy_attempts,
            "next_attempt_at": when(task.deploy_next_attempt_at)
            if task.deploy_state == "approved"
            else False,
            "last_error": task.deploy_last_error or False,
            "health": task.deploy_health or False,
            "followup_task_id": task.deploy_followup_task_id.id or False,
            "gates": task._deploy_gates_shown(),
            "next_steps": states.steps_from(task.deploy_state),
        }

    # ------------------------------------------------------------------ dispatch
    @api.model
    def _cron_deploy_dispatch(self, limit=20):
        """Send the due dispatches of approved tasks, one row lock each (a concurrent run skips
        a task being sent), retrying 5xx/timeouts with a bounded backoff."""
        now = fields.Datetime.now()
        tasks = self.sudo().search(
            [("deploy_state", "=", "approved"), ("deploy_next_attempt_at", "<=", now)],
            order="deploy_next_attempt_at, id",
            limit=limit,
        )
        for task in tasks:
            self.env.cr.execute(
                "SELECT id FROM project_task WHERE id = %s AND deploy_state = 'approved' FOR UPDATE SKIP LOCKED",
                (task.id,),
            )
            if not self.env.cr.fetchone():
                continue
            task.invalidate_recordset()
            # no commit here: the row lock is held until the cron's transaction ends, and a
            # dispatch repeated after a crash carries the same idempotency key
            task._deploy_dispatch_once(now)

    def _deploy_repository(self):
        """The repository deployed: the task's, else the default repository (may be empty)."""
        self.ensure_one()
        task = self.sudo()
        return task.deploy_repo_id or task.env["practice.repo"]._default_repo()

    def _deploy_environment_url(self):
        """The URL of the task's environment (Settings > Practice > Deploy), or ``""``."""
        self.ensure_one()
        if not self.deploy_environment:
            return ""
        return self._deploy_param(f"url_{self.deploy_environment}")

    @api.model
    def _cron_deploy_no_answer(self, limit=100):
        """Dispatched tasks without a callback for ``practice_deploy.callback_minutes`` (default
        30, 0: never) become No Answer, with a message and an activity for the approver. Each
        row is taken with ``FOR UPDATE SKIP LOCKED`` and re-checked in SQL (still dispatched,
        still overdue): a run on another node skips it, or finds it no longer dispatched."""
        minutes = self._deploy_int_param("callback_minutes", 30)
        if not minutes:
            return 0
        cutoff = fields.Datetime.now() - timedelta(minutes=minutes)
        tasks = self.sudo().search(
            [("deploy_state", "=", "dispatched"), ("deploy_dispatched_at", "<", cutoff)],
            order="deploy_dispatched_at, id",
            limit=limit,
        )
        flagged = 0
        for task in tasks:
            self.env.cr.execute(
                "SELECT id FROM project_task WHERE id = %s AND deploy_state = 'dispatched' "
                "AND deploy_dispatched_at < %s FOR UPDATE SKIP LOCKED",
                (task.id, cutoff),
            )
            if not self.env.cr.fetchone():
                continue
            task.invalidate_recordset()
            task._deploy_no_answer(minutes)
            flagged += 1
        return flagged

    def _deploy_no_answer(self, minutes):
        self.ensure_one()
        task = self._deploy_guarded().sudo()
        task._deploy_step(
            "no_answer",
            message=_(
                "No callback %(minutes)s minutes after the dispatch; a Deploy Approver checks the git "
                "host and re-dispatches (a new idempotency key) or sets the task back to draft.",
                minutes=minutes,
            ),
        )
        user = task.deploy_approved_by_id
        if not user or not user.active or user.share:
            user = task._deploy_incident_owner()
        task.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=user.id,
            summary=_("Deploy got no answer: %(name)s", name=task.name)[:200],
            note=_(
                "No callback within %(minutes)s minutes of the dispatch. Check the git host, then "
                "Re-dispatch or set the task back to draft.",
                minutes=minutes,
            ),
        )

    def _deploy_payload(self):
        self.ensure_one()
        return {
            "branch": self.deploy_branch,
            "commit_message": self.deploy_commit_message,
            "task_id": self.id,
            "environment": self.deploy_environment,
            "image_tag": self.deploy_image_tag,
            "initiated_by": self.deploy_initiated_by_id.name or "",
            "approved_by": self.deploy_approved_by_id.name or "",
            "commit_sha": self.deploy_commit_sha or "",
            "repository": self._deploy_repository().name or "",
            "environment_url": self._deploy_environment_url(),
        }

    def _deploy_dispatch_once(self, now):
        """One attempt: POST the signed event, then dispatched / retry later / failed."""
        self.ensure_one()
        secret, bearer = self._deploy_secrets()
        endpoint = self._deploy_param("endpoint")
        body = dispatch.dispatch_body(self._deploy_payload())
        headers = signing.signed_headers(
            secret,
            body,
            time.time(),
            secrets.token_urlsafe(24),
            bearer=bearer or None,
            idempotency_key=self.deploy_idempotency_key,
        )
        attempt = self.deploy_attempts + 1
        timeout = self._deploy_int_param("timeout", 10) or 10
        status, text = None, ""
        try:
            response = requests.post(
                endpoint, data=body, headers=headers, timeout=timeout, allow_redirects=False
            )
            status, text = response.status_code, response.text[:300]
        except requests.RequestException as err:
            text = type(err).__name__
        text = dispatch.redact(text, [secret, bearer]).strip()
        _logger.info("practice_deploy: task %s dispatch attempt %s answered %s", self.id, attempt, status)
        result = dispatch.outcome(
            status, attempt, self._deploy_int_param("max_attempts", dispatch.DEFAULT_MAX_ATTEMPTS)
        )
        answer = f"HTTP {status}" if status else _("no answer (%(err)s)", err=text)
        task = self._deploy_guarded().sudo()
        if result == "dispatched":
            task._deploy_step(
                "dispatch",
                {
                    "deploy_attempts": attempt,
                    "deploy_dispatched_at": now,
                    "deploy_next_attempt_at": False,
                    "deploy_last_error": False,
                },
                _("The git host accepted the event (%(answer)s, attempt %(n)s).", answer=answer, n=attempt),
            )
            self._deploy_on_dispatched()
        elif result == "retry":
            when = dispatch.next_attempt_at(
                now,
                attempt,
                self._deploy_int_param("retry_base_seconds", dispatch.DEFAULT_BASE_DELAY),
                self._deploy_int_param("retry_max_seconds", dispatch.DEFAULT_MAX_DELAY),
            )
            task.write(
                {
                    "deploy_attempts": attempt,
                    "deploy_next_attempt_at": when,
                    "deploy_last_error": f"{answer} {text}"[:250],
                }
            )
            task.message_post(
                body=_(
                    "Deploy: dispatch attempt %(n)s got %(answer)s; retrying at %(when)s UTC.",
                    n=attempt,
                    answer=answer,
                    when=fields.Datetime.to_string(when),
                )
            )
        else:
            error = f"{answer} {text}"[:250]
            task._deploy_step(
                "fail",
                {"deploy_attempts": attempt, "deploy_next_attempt_at": False, "deploy_last_error": error},
                _("The dispatch failed for good: %(error)s", error=error),
            )
        return result

    # ------------------------------------------------------------------ callback
    @api.model
    def _deploy_callback(self, data, now):
        """Apply a verified, parsed callback (the controller checked signature, window and
        nonce). Raises :class:`dispatch.CallbackError` (404 / 409) before changing anything."""
        task = self.sudo().browse(data["task_id"]).exists()
        if not task or not task.is_deploy:
            raise dispatch.CallbackError(404, f"no deploy task {data['task_id']}")
        if task.deploy_state not in ("dispatched", "no_answer"):
            raise dispatch.CallbackError(
                409,
                f"task {task.id} is {task.deploy_state}, a callback is accepted only when dispatched "
                "(or flagged no answer)",
            )
        common = {
            "deploy_previous_deployment_id": data["previous_deployment_id"] or False,
            "deploy_health": (data["health"] or "")[:250] or False,
        }
        detail = _(
            "Deployment %(dep)s. Health: %(health)s. %(msg)s",
            dep=data["deployment_id"] or "-",
            health=data["health"] or "-",
            msg=data["message"] or "",
        )
        data = dict(data, received_at=now)  # hooks anchor what they open (an SLA) at the callback
        if data["status"] == "deployed":
            task._deploy_step(
                "deployed",
                dict(common, deploy_deployment_id=data["deployment_id"], deploy_deployed_at=now),
                detail,
            )
            task._deploy_on_deployed(data)
        else:
            task._deploy_step(
                "rolled_back", dict(common, deploy_deployment_id=data["deployment_id"] or False), detail
            )
            task._deploy_on_rolled_back(data)
        return {"ok": True, "task_id": task.id, "state": task.deploy_state}
