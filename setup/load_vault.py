"""Load this project's knowledge/ vault into an Odoo database (used by setup/run).

Runs inside the venv with the located Odoo importable; reads the files on disk here
and hands them to the server-side ``practice.vault.import_files`` exactly like the client does.
The vault goes into its own repository (``practice-stack``, created when missing), never into
the default one: a team's first session must not read this project's rules as its practice.
"""

import argparse
import sys
from pathlib import Path

from odoo_config import configure

PROJECT_DIR = Path(__file__).resolve().parent.parent
VAULT_REPO = "practice-stack"
# the client's vault reader (stdlib only): the same files as `practice vault push` sends
# (dot folders skipped, a file that is not UTF-8 named with its line)
sys.path.insert(0, str(PROJECT_DIR / "client"))
from practice_client.vault import read_vault  # noqa: E402


def ensure_repo(env, name):
    """The repository ``name``, created when missing (never the default one by accident)."""
    Repo = env["practice.repo"].with_context(active_test=False)
    return Repo.search([("name", "=", name)], limit=1) or Repo.create({"name": name})


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True)
    parser.add_argument("--vault", default=str(PROJECT_DIR / "knowledge"))
    parser.add_argument(
        "--repo", default=VAULT_REPO, help="repository to load it into (created when missing)"
    )
    args = parser.parse_args()

    import odoo

    configure(log_level=None)
    registry = odoo.modules.registry.Registry(args.db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        if "practice.vault" not in env:
            print("[practice] practice_knowledge not installed: no vault to load", file=sys.stderr)
            return 0
        try:
            files = read_vault(Path(args.vault))
        except (OSError, ValueError) as err:
            print(f"[practice] {err}", file=sys.stderr)
            return 1
        repo = ensure_repo(env, args.repo)
        result = env["practice.vault"].import_files(files, repo=repo.id)
        if result.get("errors"):
            for err in result["errors"]:
                print(f"{err['path']}:{err.get('line') or 0}: {err['message']}", file=sys.stderr)
            return 1
        print(
            f"[practice] vault loaded into repository {repo.name}: {len(result['created'])} created, "
            f"{len(result['updated'])} updated, {len(result['unchanged'])} unchanged",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
