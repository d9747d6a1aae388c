"""A session's sandbox database, copied from an idle template on this server.

What Odoo's database service does to duplicate a database (``odoo.service.db.
exp_duplicate_database``: ``CREATE DATABASE … TEMPLATE``, a new identity for the copy, its
filestore, optionally neutralized) without what it adds on top: loading the copy's registry to
reset the identity through the ORM (two thirds of a second here; the sandbox's first request
loads it anyway). The identity is the parameters ``ir.config_parameter.init(force=True)``
writes (:data:`odoo.addons.base.models.ir_config_parameter._default_parameters`), written
with SQL; neutralization runs the installed modules' ``data/neutralize.sql`` exactly as
``odoo.modules.neutralize`` does.

A template with connections is refused: ``CREATE DATABASE … TEMPLATE`` needs it idle, and the
database service would terminate them (``force`` does that, like the service).
"""

import os
import re
import shutil
from contextlib import closing

import psycopg2

from odoo import sql_db
from odoo.modules import neutralize as neutralize_tools
from odoo.tools import SQL, config

from odoo.addons.base.models.ir_config_parameter import _default_parameters

NAME_RE = re.compile(r"^sbx_[a-z0-9_]{1,60}$")
TEMPLATE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")


class SandboxCopyError(ValueError):
    """A copy this module refuses or cannot make (the message says which and why)."""


def check_names(template, name, current):
    """``(template, name)`` checked: ``name`` a sandbox name (``sbx_…``), ``template`` a
    database name that is neither the sandbox nor ``current`` (the database answering: busy)."""
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise SandboxCopyError(
            f"A sandbox database name is 'sbx_' then lowercase letters, digits and '_', got {str(name)[:80]!r}."
        )
    if not isinstance(template, str) or not TEMPLATE_RE.match(template):
        raise SandboxCopyError(f"Not a database name: {str(template)[:80]!r}.")
    if template in (name, current):
        raise SandboxCopyError(
            f"Template {template} is the database answering this call: it is in use, copy an idle one."
        )
    return template, name


def _identifier(cr, name):
    return SQL(psycopg2.extensions.quote_ident(name, cr._cnx))


def copy_database(template, name, neutralize=False, force=False):
    """Create database ``name`` from ``template`` and its filestore; ``True``. Raises
    :class:`SandboxCopyError` when the template is missing or busy (unless ``force``) or
    ``name`` exists."""
    sql_db.close_db(template)  # this server's own pooled connections to it
    with closing(sql_db.db_connect("postgres").cursor()) as cr:
        cr._cnx.autocommit = True
        cr.execute(SQL("SELECT datname FROM pg_database WHERE datname IN %s", (template, name)))
        found = {row[0] for row in cr.fetchall()}
        if template not in found:
            raise SandboxCopyError(f"No database {template} on this server.")
        if name in found:
            raise SandboxCopyError(f"Database {name} exists already.")
        if force:
            _terminate(cr, template)
        try:
            cr.execute(
                SQL(
                    "CREATE DATABASE %s ENCODING 'unicode' TEMPLATE %s",
                    _identifier(cr, name),
                    _identifier(cr, template),
                )
            )
        except psycopg2.errors.ObjectInUse:
            raise SandboxCopyError(
                f"Template {template} has open connections: copying it needs it idle (stop what uses "
                "it, or force, which terminates them)."
            ) from None
    try:
        _new_identity(name, neutralize)
        sql_db.close_db(name)  # no idle connection of this server left on the sandbox
        source, target = config.filestore(template), config.filestore(name)
        if os.path.exists(source) and not os.path.exists(target):
            shutil.copytree(source, target)
    except (psycopg2.Error, OSError) as err:
        drop_database(name)  # never a half-made sandbox
        shutil.rmtree(config.filestore(name), ignore_errors=True)
        first = (getattr(err, "pgerror", None) or str(err)).strip().splitlines()[0][:200]
        raise SandboxCopyError(
            f"{name} was not made from {template} ({first}): is {template} an Odoo database?"
        ) from None
    return True


def _terminate(cr, database):
    """End the other connections to ``database`` this role may end (Odoo's ``_drop_conn``;
    PostgreSQL ends autovacuum on ``CREATE DATABASE`` by itself)."""
    cr.execute(
        SQL(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid != pg_backend_pid() "
            "AND usename = current_user",
            database,
        )
    )
    for (pid,) in cr.fetchall():
        try:
            cr.execute(SQL("SELECT pg_terminate_backend(%s)", pid))
        except psycopg2.Error:
            continue  # gone meanwhile, or not ours to end: CREATE DATABASE says if it matters


def _new_identity(name, neutralize):
    """The copy's own uuid, secret and creation date (what ``init(force=True)`` writes), and
    its neutralization when asked."""
    with closing(sql_db.db_connect(name).cursor()) as cr:
        for key, make in _default_parameters.items():
            value = make()
            value = value.strftime("%Y-%m-%d %H:%M:%S") if hasattr(value, "strftime") else str(value)
            cr.execute(
                SQL(
                    "UPDATE ir_config_parameter SET value = %s, write_date = now() AT TIME ZONE 'UTC' "
                    "WHERE key = %s",
                    value,
                    key,
                )
            )
            if not cr.rowcount:
                cr.execute(
                    SQL(
                        "INSERT INTO ir_config_parameter (key, value, create_date, write_date) "
                        "VALUES (%s, %s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')",
                        key,
                        value,
                    )
                )
        if neutralize:
            neutralize_tools.neutralize_database(cr)
        # the new database's own cursor, not the request's
        cr.commit()  # pylint: disable=invalid-commit


def drop_database(name):
    """Drop a sandbox ``name`` this module made (best effort, for a failed copy)."""
    sql_db.close_db(name)
    with closing(sql_db.db_connect("postgres").cursor()) as cr:
        cr._cnx.autocommit = True
        cr.execute(SQL("DROP DATABASE IF EXISTS %s", _identifier(cr, name)))
