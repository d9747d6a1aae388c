# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io
import zipfile
import zlib

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools.limits import VaultLimits, display_path, human_bytes, shorten


def read_zip(data, limits=None):
    """``{relative_path: text}`` of a zip; a leading ``knowledge/`` folder is dropped.

    Bounded before anything is decompressed (``limits``: :class:`VaultLimits`, defaults when
    None): the zip's size, its member count and the uncompressed sizes the zip declares (each
    member, and their sum); then every member is read with a bounded read, so a member that
    expands past what it declares is refused too. Any problem is a UserError."""
    limits = limits or VaultLimits()
    if len(data) > limits.max_zip_bytes:
        raise UserError(
            _(
                "The zip is %(size)s: at most %(max)s may be uploaded.",
                size=human_bytes(len(data)),
                max=human_bytes(limits.max_zip_bytes),
            )
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as err:
        raise UserError(_("The uploaded file is not a zip archive.")) from err
    files = {}
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > limits.max_files:
            raise UserError(
                _(
                    "The zip holds %(count)s files: at most %(max)s may be uploaded at once.",
                    count=len(members),
                    max=limits.max_files,
                )
            )
        declared = sum(info.file_size for info in members)
        if declared > limits.max_zip_bytes:
            raise UserError(
                _(
                    "The zip expands to %(size)s: at most %(max)s (uncompressed) may be uploaded.",
                    size=human_bytes(declared),
                    max=human_bytes(limits.max_zip_bytes),
                )
            )
        for info in members:
            if info.file_size > limits.max_file_bytes:
                raise UserError(_too_large(info.filename, human_bytes(info.file_size), limits.max_file_bytes))
        total = 0
        for info in members:
            raw = _read_member(archive, info, limits.max_file_bytes)
            total += len(raw)
            if total > limits.max_zip_bytes:
                raise UserError(
                    _(
                        "The zip expands to more than %(max)s (uncompressed).",
                        max=human_bytes(limits.max_zip_bytes),
                    )
                )
            try:
                files[info.filename] = raw.decode("utf-8")
            except UnicodeDecodeError:
                files[info.filename] = None
    if files and all(path.startswith("knowledge/") for path in files):
        files = {path[len("knowledge/") :]: text for path, text in files.items()}
    return files


def _too_large(name, size_text, max_bytes):
    return _(
        "%(path)s is %(size)s: a vault file has at most %(max)s.",
        path=display_path(name),
        size=size_text,
        max=human_bytes(max_bytes),
    )


def _read_member(archive, info, max_bytes):
    """The member's bytes, reading at most ``max_bytes + 1`` whatever its header says."""
    try:
        with archive.open(info) as member:
            raw = member.read(max_bytes + 1)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, zlib.error, EOFError, OSError) as err:
        # Encrypted, unsupported compression, corrupt data or a bad CRC.
        raise UserError(
            _(
                "%(path)s cannot be read from the zip: %(error)s",
                path=display_path(info.filename),
                error=shorten(err),
            )
        ) from err
    if len(raw) > max_bytes:
        raise UserError(_too_large(info.filename, f"more than {human_bytes(max_bytes)}", max_bytes))
    return raw


def write_zip(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(f"knowledge/{path}", date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[path].encode("utf-8"))
    return buffer.getvalue()


class PracticeVaultWizard(models.TransientModel):
    """Upload a vault zip (checked by a dry run before it is applied) or download one."""

    _name = "practice.vault.wizard"
    _description = "Knowledge Vault Import/Export"

    repo_id = fields.Many2one(
        "practice.repo",
        string="Repository",
        required=True,
        default=lambda self: self.env["practice.repo"]._default_repo(),
        help="Repository whose knowledge/ folder is uploaded or downloaded.",
    )
    zip_file = fields.Binary(string="Vault Zip", attachment=False, help="A zip of the knowledge/ folder.")
    zip_name = fields.Char(string="File Name", help="Name of the zip file.")
    state = fields.Selection(
        [("upload", "Upload"), ("checked", "Checked"), ("done", "Applied"), ("export", "Exported")],
        default="upload",
        required=True,
        help="Upload → Checked (dry run report) → Applied.",
    )
    prune = fields.Boolean(
        string="Delete What the Zip Lacks",
        help="The zip is the whole vault: records of the repository whose file is not in it are "
        "deleted (memories archived). Practice Managers only.",
    )
    report = fields.Text(readonly=True, help="What the import does (dry run) or did.")
    has_errors = fields.Boolean(readonly=True, help="The dry run found errors: nothing can be applied.")

    def _files(self):
        self.ensure_one()
        if not self.zip_file:
            raise UserError(_("Upload a zip of the knowledge/ folder first."))
        limits = self.env["practice.vault"]._vault_limits()
        # base64 is 4/3 of the zip: refuse a huge upload before decoding it.
        if len(self.zip_file) > limits.max_zip_bytes * 4 // 3 + 4:
            raise UserError(
                _(
                    "The zip is larger than %(max)s: it cannot be uploaded.",
                    max=human_bytes(limits.max_zip_bytes),
                )
            )
        return read_zip(base64.b64decode(self.zip_file), limits)

    @api.model
    def _format_report(self, result, dry_run):
        lines = []
        if result["errors"]:
            lines.append(_("%(count)s error(s): nothing is written.", count=len(result["errors"])))
            lines += [f"  {e['path']}:{e['line']}: {e['message']}" for e in result["errors"]]
        else:
            verb = _("would be") if dry_run else _("were")
            for key, label in (
                ("created", _("created")),
                ("updated", _("updated")),
                ("deleted", _("deleted")),
                ("unchanged", _("unchanged")),
            ):
                if key not in result:
                    continue
                lines.append(
                    _("%(count)s file(s) %(verb)s %(label)s", count=len(result[key]), verb=verb, label=label)
                    if key != "unchanged"
                    else _("%(count)s file(s) unchanged", count=len(result[key]))
                )
                lines += [f"  {path}" for path in result[key] if key != "unchanged"]
        return "\n".join(lines)

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_check(self):
        self.ensure_one()
        result = self.env["practice.vault"].import_files(
            self._files(), repo=self.repo_id.id, dry_run=True, prune=self.prune
        )
        self.write(
            {
                "state": "checked",
                "report": self._format_report(result, dry_run=True),
                "has_errors": bool(result["errors"]),
            }
        )
        return self._reopen()

    def action_apply(self):
        self.ensure_one()
        if self.state != "checked" or self.has_errors:
            raise UserError(_("Check the vault (dry run) without errors before applying it."))
        result = self.env["practice.vault"].import_files(
            self._files(), repo=self.repo_id.id, prune=self.prune
        )
        self.write(
            {
                "state": "checked" if result["errors"] else "done",
                "report": self._format_report(result, dry_run=False),
                "has_errors": bool(result["errors"]),
            }
        )
        return self._reopen()

    def action_export(self):
        self.ensure_one()
        files = self.env["practice.vault"].export_files(repo=self.repo_id.id)
        self.write(
            {
                "zip_file": base64.b64encode(write_zip(files)),
                "zip_name": f"knowledge-{self.repo_id.name}.zip",
                "state": "export",
                "report": _("%(count)s file(s) exported.", count=len(files)),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/?model={self._name}&id={self.id}&field=zip_file"
            "&filename_field=zip_name&download=true",
            "target": "self",
        }

    def action_reset(self):
        self.write({"state": "upload", "report": False, "has_errors": False})
        return self._reopen()
