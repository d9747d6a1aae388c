"""Odoo's configuration for the scripts setup/ runs in the venv (vault loading, translation
templates, benchmarks): the project's odoo.conf, the located Odoo 18 tree + ./addons, the cache
folder's data dir and the PostgreSQL role lib.sh exported. Call once, before opening a registry."""

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def configure(extra_addons_paths=(), log_level="warn"):
    from odoo.tools import config

    paths = [f"{os.environ['ODOO_SRC']}/addons", str(PROJECT_DIR / "addons"), *extra_addons_paths]
    args = [
        "-c",
        str(PROJECT_DIR / "odoo.conf"),
        f"--addons-path={','.join(paths)}",
        f"--data-dir={os.environ['PRACTICE_CACHE']}/data",
        f"--db_host={os.environ['PG_HOST']}",
        f"--db_port={os.environ['PG_PORT']}",
        f"--db_user={os.environ['PG_ROLE']}",
        f"--db_password={os.environ['PG_PASSWORD']}",
    ]
    config.parse_config(args + ([f"--log-level={log_level}"] if log_level else []))
