# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    practice_deploy_endpoint = fields.Char(
        string="Deploy Endpoint",
        config_parameter="practice_deploy.endpoint",
        groups="base.group_system",
        help="URL the signed deploy event is POSTed to (e.g. the git host's repository_dispatch).",
    )
    practice_deploy_secret = fields.Char(
        string="Deploy Shared Secret",
        config_parameter="practice_deploy.secret",
        groups="base.group_system",
        help="HMAC-SHA256 key of dispatches and callbacks. Administrators only.",
    )
    practice_deploy_bearer_token = fields.Char(
        string="Deploy Bearer Token",
        config_parameter="practice_deploy.bearer_token",
        groups="base.group_system",
        help="Optional Authorization: Bearer token for hosts that want one. Administrators only.",
    )
    practice_deploy_oncall_user_id = fields.Many2one(
        "res.users",
        string="On-call User",
        config_parameter="practice_deploy.oncall_user_id",
        groups="base.group_system",
        help="Gets an activity when a deploy is rolled back.",
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
