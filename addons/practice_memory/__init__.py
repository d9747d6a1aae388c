# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo.modules import db as odoo_db

from . import models, wizards

_logger = logging.getLogger(__name__)


def pre_init_hook(env):
    """Create PostgreSQL's pg_trgm extension when the database role may (it is a trusted
    extension since PostgreSQL 13: a database owner can create it). Without it, memory
    deduplication falls back to the plain-Python similarity of tools/similarity.py."""
    try:
        with env.cr.savepoint():
            env.cr.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception as err:  # pylint: disable=broad-except
        _logger.info("pg_trgm not available (%s): memory dedupe uses the Python fallback", err)
    # the registry computed this flag before the extension existed: refresh it so the
    # trigram index of practice.memory.topic gets created now
    env.registry.has_trigram = odoo_db.has_trigram(env.cr)
