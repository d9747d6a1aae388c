"""Load this project's knowledge/ vault in the docker-compose ``init`` service.

Run by ``odoo shell`` (which provides ``env``, as superuser) with the vault mounted at
/mnt/knowledge; the same import as setup/load_vault.py does for setup/run.
"""
# ruff: noqa: F821 - ``env`` is given by odoo shell

import sys
from pathlib import Path

ROOT = Path("/mnt/knowledge")
files = {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8") for p in sorted(ROOT.rglob("*.md"))}
result = env["practice.vault"].import_files(files)
if result.get("errors"):
    for err in result["errors"]:
        print(f"{err['path']}:{err.get('line') or 0}: {err['message']}", file=sys.stderr)
    sys.exit(1)
env.cr.commit()
print(
    f"[practice] vault loaded: {len(result['created'])} created, "
    f"{len(result['updated'])} updated, {len(result['unchanged'])} unchanged",
    file=sys.stderr,
)
