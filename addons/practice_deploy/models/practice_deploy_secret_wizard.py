# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

SECRET_PARAMS = {
    "secret": "practice_deploy.secret",
    "bearer_token": "practice_deploy.bearer_token",
}
MIN_SECRET_CHARS = 16
MAX_SECRET_CHARS = 512


class PracticeDeploySecretWizard(models.TransientModel):
    """Write-only setter of the deploy shared secret and bearer token (system administrators).

    The value goes to its ``ir.config_parameter`` and is never returned: the wizard has no
    default for it, ``action_apply`` deletes the wizard row it was typed in, and Settings show
    only whether each is set. Only ``base.group_system`` may create, read or run it."""

    _name = "practice.deploy.secret.wizard"
    _description = "Set a Deploy Secret"

    target = fields.Selection(
        [("secret", "Shared secret"), ("bearer_token", "Bearer token")],
        required=True,
        default="secret",
        help="Which one to set: the HMAC key of dispatches and callbacks, or the optional bearer token.",
    )
    value = fields.Char(
        string="New Value",
        groups="base.group_system",
        help="Stored as the system parameter and never shown again. The shared secret needs at least "
        f"{MIN_SECRET_CHARS} characters; an empty bearer token removes it.",
    )

    @api.model
    def _check_system(self):
        if not (self.env.su or self.env.user._is_system()):
            raise AccessError(_("Only system administrators set the deploy shared secret or bearer token."))

    @api.model_create_multi
    def create(self, vals_list):
        self._check_system()
        return super().create(vals_list)

    @api.constrains("target", "value")
    def _check_value(self):
        """Checked when the wizard is saved, so a refused value is never stored, even briefly."""
        for wizard in self.sudo():
            value = (wizard.value or "").strip()
            if wizard.target == "secret" and len(value) < MIN_SECRET_CHARS:
                raise ValidationError(
                    _(
                        "Deploy settings: the shared secret needs at least %(n)s characters (got %(got)s).",
                        n=MIN_SECRET_CHARS,
                        got=len(value),
                    )
                )
            if len(value) > MAX_SECRET_CHARS:
                raise ValidationError(
                    _(
                        "Deploy settings: the %(label)s is longer than %(n)s characters.",
                        label=dict(wizard._fields["target"]._description_selection(self.env))[wizard.target],
                        n=MAX_SECRET_CHARS,
                    )
                )

    def action_apply(self):
        """Store the value (stripped; an empty bearer token removes it), delete this wizard so
        the typed value does not outlive the action, reload the settings."""
        self.ensure_one()
        self._check_system()
        wizard = self.sudo()
        value = (wizard.value or "").strip()
        self.env["ir.config_parameter"].sudo().set_param(SECRET_PARAMS[wizard.target], value or False)
        wizard.unlink()
        return {"type": "ir.actions.client", "tag": "reload"}
