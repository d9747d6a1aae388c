# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .practice_deploy_secret_wizard import SECRET_PARAMS


class ResConfigSettings(models.TransientModel):
    """Deploy settings. The shared secret and the bearer token are *not* settings fields: a
    ``config_parameter=`` field is read through sudo by ``default_get`` (and so by ``onchange``)
    for any logged-in caller, whatever its ``groups=`` (practice_base keeps practice fields from
    callers who are not system administrators). They are written by the system-only
    :class:`practice.deploy.secret.wizard` and shown here only as "set / not set"."""

    _inherit = "res.config.settings"

    practice_deploy_endpoint = fields.Char(
        string="Deploy Endpoint",
        config_parameter="practice_deploy.endpoint",
        groups="base.group_system",
        help="URL the signed deploy event is POSTed to (e.g. the git host's repository_dispatch).",
    )
    practice_deploy_secret_set = fields.Boolean(
        string="Deploy Shared Secret Set",
        compute="_compute_practice_deploy_secrets_set",
        groups="base.group_system",
        help="Whether the HMAC-SHA256 key of dispatches and callbacks is set (its value is never shown).",
    )
    practice_deploy_bearer_token_set = fields.Boolean(
        string="Deploy Bearer Token Set",
        compute="_compute_practice_deploy_secrets_set",
        groups="base.group_system",
        help="Whether the optional Authorization: Bearer token is set (its value is never shown).",
    )
    practice_deploy_oncall_user_id = fields.Many2one(
        "res.users",
        string="On-call User",
        config_parameter="practice_deploy.oncall_user_id",
        groups="base.group_system",
        help="Gets an activity when a deploy is rolled back, and owns its triage run.",
    )
    practice_deploy_url_staging = fields.Char(
        string="Staging URL",
        config_parameter="practice_deploy.url_staging",
        groups="base.group_system",
        help="Address of the staging environment; sent as environment_url in staging dispatches.",
    )
    practice_deploy_url_production = fields.Char(
        string="Production URL",
        config_parameter="practice_deploy.url_production",
        groups="base.group_system",
        help="Address of the production environment; sent as environment_url in production dispatches.",
    )
    practice_deploy_webhook_url = fields.Char(
        string="Notification Webhook",
        config_parameter="practice_deploy.webhook_url",
        groups="base.group_system",
        help="Optional: approved, deployed, rolled back and no answer are POSTed here as Slack-compatible "
        'JSON {"text": ...}, signed with the shared secret like the dispatch.',
    )
    practice_deploy_callback_minutes = fields.Integer(
        string="Callback Expected Within (min)",
        config_parameter="practice_deploy.callback_minutes",
        default=30,
        groups="base.group_system",
        help="A dispatched deploy without a callback after this many minutes becomes No Answer "
        "(an activity for its approver); 0 never does.",
    )
    practice_deploy_max_attempts = fields.Integer(
        string="Dispatch Attempts",
        config_parameter="practice_deploy.max_attempts",
        default=5,
        groups="base.group_system",
        help="5xx answers and timeouts are retried until this many attempts, then the task fails.",
    )
    practice_deploy_retry_base_seconds = fields.Integer(
        string="First Retry After (s)",
        config_parameter="practice_deploy.retry_base_seconds",
        default=60,
        groups="base.group_system",
        help="Backoff: this, then twice as long each attempt, at most an hour.",
    )

    # stored as "1" / "0" by get_values / set_values: a boolean config_parameter field deletes
    # its parameter when unchecked, and the default (on) would come back
    practice_deploy_require_staging = fields.Boolean(
        string="Production Requires Verified Staging",
        groups="base.group_system",
        help="A production deploy is approved only when a staging deploy of the same commit (or, "
        "without a commit, the same image tag) of the same repository was verified.",
    )
    practice_deploy_notify_partner_ids = fields.Many2many(
        "res.partner",
        "practice_deploy_settings_notify_partner_rel",
        "settings_id",
        "partner_id",
        string="Notify Partners",
        groups="base.group_system",
        help="Get the approved, deployed, rolled back and no answer messages of every deploy task, "
        "like its followers.",
    )
    practice_deploy_notify_channel_ids = fields.Many2many(
        "discuss.channel",
        "practice_deploy_settings_notify_channel_rel",
        "settings_id",
        "channel_id",
        string="Notify Channels",
        groups="base.group_system",
        help="Discuss channels where the approved, deployed, rolled back and no answer messages "
        "of every deploy task are posted.",
    )

    @api.model
    def get_values(self):
        res = super().get_values()
        Task = self.env["project.task"]
        res.update(
            practice_deploy_require_staging=Task._deploy_requires_staging(),
            practice_deploy_notify_partner_ids=[fields.Command.set(Task._deploy_notify_partners().ids)],
            practice_deploy_notify_channel_ids=[
                fields.Command.set(Task._deploy_notify_channel_records().ids)
            ],
        )
        return res

    def set_values(self):
        super().set_values()
        if not (self.env.su or self.env.user._is_system()):
            return
        params = self.env["ir.config_parameter"].sudo()
        for settings in self:
            params.set_param(
                "practice_deploy.require_staging", "1" if settings.practice_deploy_require_staging else "0"
            )
            params.set_param(
                "practice_deploy.notify_partner_ids",
                ",".join(str(i) for i in settings.practice_deploy_notify_partner_ids.ids),
            )
            params.set_param(
                "practice_deploy.notify_channel_ids",
                ",".join(str(i) for i in settings.practice_deploy_notify_channel_ids.ids),
            )

    @api.depends_context("uid")
    def _compute_practice_deploy_secrets_set(self):
        system = self.env.su or self.env.user._is_system()
        params = self.env["ir.config_parameter"].sudo()
        secret_set = system and bool(params.get_param(SECRET_PARAMS["secret"]))
        bearer_set = system and bool(params.get_param(SECRET_PARAMS["bearer_token"]))
        for settings in self:
            settings.practice_deploy_secret_set = secret_set
            settings.practice_deploy_bearer_token_set = bearer_set
