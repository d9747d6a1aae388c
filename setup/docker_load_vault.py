"""Load this project's knowledge/ vault in the docker-compose ``init`` service.

Run by ``odoo shell`` (which provides ``env``, as superuser) with the vault mounted at
/mnt/knowledge; the same import as setup/load_vault.py does for setup/run: into its own
repository ``practice-stack`` (created when missing), never the default one.
"""
# ruff: noqa: F821 - ``env`` is given by odoo shell

import sys
from pathlib import Path

ROOT = Path("/mnt/knowledge")
# the client's vault reader (mounted read-only): the same files as `practice vault push` sends
sys.path.insert(0, "/mnt/client")
from practice_client.vault import read_vault  # noqa: E402

try:
    files = read_vault(ROOT)
except (OSError, ValueError) as err:
    print(f"[practice] {err}", file=sys.stderr)
    sys.exit(1)
Repo = env["practice.repo"].with_context(active_test=False)
repo = Repo.search([("name", "=", "practice-stack")], limit=1) or Repo.create({"name": "practice-stack"})
result = env["practice.vault"].import_files(files, repo=repo.id)
if result.get("errors"):
    for err in result["errors"]:
        print(f"{err['path']}:{err.get('line') or 0}: {err['message']}", file=sys.stderr)
    sys.exit(1)
env.cr.commit()
print(
    f"[practice] vault loaded into repository {repo.name}: {len(result['created'])} created, "
    f"{len(result['updated'])} updated, {len(result['unchanged'])} unchanged",
    file=sys.stderr,
)
