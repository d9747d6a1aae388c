# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a snapshot measures of one model (its "spec"): table, hashed and checksummed columns
(never secrets), threshold and sample parameters. Used for profiles and ad-hoc snapshots
alike; ``tools/measure.py`` turns a spec into the measuring statement.
"""

import logging
from dataclasses import dataclass
from dataclasses import field as data_field

from odoo import _
from odoo.exceptions import ValidationError

from . import sampling, secrets
from .diff import Threshold

_logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Scope:
    """What one snapshot measures: the specs of its models (:func:`model_spec`), whether it
    counts attachments (and how many files it samples), the attachments' threshold. Built for
    a profile (``practice.watchdog.profile._scope``) and for ad-hoc models alike."""

    models: list = data_field(default_factory=list)
    attachments: bool = False
    files_sample: int = 0
    attachment_threshold: Threshold = data_field(default_factory=Threshold)

    def as_dict(self):
        """The plan ``snapshot._take`` reads (plain values: cached and compared as data)."""
        return {
            "models": list(self.models),
            "attachments": bool(self.attachments),
            "files_sample": self.files_sample,
            "attachment_threshold": self.attachment_threshold.as_dict(),
        }


HASHABLE_TYPES = (
    "char",
    "integer",
    "float",
    "monetary",
    "boolean",
    "date",
    "datetime",
    "selection",
    "many2one",
)
MAX_DEFAULT_COLUMNS = 30


def default_hash_columns(model):
    """Stored scalar columns of ``model`` hashed when none are configured (no secrets)."""
    columns = ["id"]
    for name, field in sorted(model._fields.items()):
        if (
            name != "id"
            and field.store
            and field.column_type
            and field.type in HASHABLE_TYPES
            and secrets.is_hashable_field(name, field.groups)
            and len(columns) < MAX_DEFAULT_COLUMNS
        ):
            columns.append(name)
    return columns


def column_error(model, name):
    """Why the column ``name`` of ``model`` may not be hashed or checksummed, or None:
    secret-like names and fields restricted by ``groups=`` never are."""
    field = model._fields.get(name)
    if field is not None and field.groups:
        return _(
            "Field %(field)s of %(model)s is restricted to some groups (groups=%(groups)s): "
            "it is never hashed.",
            field=name,
            model=model._name,
            groups=field.groups,
        )
    if secrets.is_secret_name(name):
        return _(
            "Field %(field)s of %(model)s looks like a password, secret, token, key or "
            "credential: it is never hashed.",
            field=name,
            model=model._name,
        )
    return None


def safe_columns(model, names):
    """``names`` without the columns that may not be hashed (see :func:`column_error`)."""
    kept = []
    for name in names:
        if column_error(model, name):
            _logger.warning("Watchdog: column %s of %s not hashed (secret or restricted)", name, model._name)
        else:
            kept.append(name)
    return kept


def model_table_error(env, model_name):
    """Why ``model_name`` cannot be watched, or None."""
    model = env.registry.get(model_name)
    if model is None:
        return _("Model %(model)s does not exist in this database.", model=model_name)
    if model._abstract or model._transient or not model._auto or not model._table:
        return _("Model %(model)s has no table of its own: it cannot be watched.", model=model_name)
    return None


def model_spec(
    env,
    model_name,
    hash_columns=(),
    computed_columns=(),
    threshold=None,
    edge=None,
    modulus=None,
    max_seeded=None,
):
    """The measurement plan of one model: table, columns, threshold, sample parameters."""
    error = model_table_error(env, model_name)
    if error:
        raise ValidationError(error)
    model = env[model_name]
    # Defensive: a profile configured before secrets were refused, or a field that became
    # restricted since, is measured without those columns.
    if hash_columns:
        hash_columns = safe_columns(model, hash_columns) or ["id"]
    return {
        "model": model_name,
        "table": model._table,
        "hash_columns": list(hash_columns) or default_hash_columns(model),
        "computed_columns": safe_columns(model, computed_columns),
        "threshold": (threshold or Threshold()).as_dict(),
        "edge": sampling.DEFAULT_EDGE if edge is None else edge,
        "modulus": sampling.DEFAULT_MODULUS if modulus is None else modulus,
        "max_seeded": sampling.DEFAULT_MAX_SEEDED if max_seeded is None else max_seeded,
    }
