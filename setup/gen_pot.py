"""Write (or check) each practice addon's translation template, ``i18n/<addon>.pot``.

Runs inside the venv with the located Odoo importable, against a database where the addons are
installed (setup/test's fresh database): the template is Odoo's own export
(``odoo.tools.translate.trans_export`` with no language, what ``odoo-bin --i18n-export`` writes)
without the two header dates, as OCA's templates are, so a fresh template is byte-stable.
``--check`` exits non-zero naming every stale or missing template (setup/test runs it).

    setup/gen_pot.py --db DB [--check] [addon ...]   (default: every installed practice addon)
"""

import argparse
import io
import sys
from pathlib import Path

from odoo_config import configure

PROJECT_DIR = Path(__file__).resolve().parent.parent
DATE_HEADERS = ('"POT-Creation-Date:', '"PO-Revision-Date:')


def template(cr, addon):
    from odoo.tools.translate import trans_export

    buffer = io.BytesIO()
    trans_export(None, [addon], buffer, "po", cr)
    text = buffer.getvalue().decode("utf-8")
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith(DATE_HEADERS))


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", required=True)
    parser.add_argument("--check", action="store_true", help="Only report stale or missing templates.")
    parser.add_argument("addons", nargs="*")
    args = parser.parse_args()

    import odoo

    configure()
    registry = odoo.modules.registry.Registry(args.db)
    stale = []
    with registry.cursor() as cr:
        cr.execute(
            "SELECT name FROM ir_module_module WHERE state = 'installed' AND name LIKE 'practice\\_%%' ORDER BY name"
        )
        installed = [row[0] for row in cr.fetchall()]
        for addon in args.addons or installed:
            if addon not in installed:
                sys.exit(f"[practice] {addon} is not installed in {args.db}")
            path = PROJECT_DIR / "addons" / addon / "i18n" / f"{addon}.pot"
            text = template(cr, addon)
            current = path.read_text(encoding="utf-8") if path.exists() else None
            if current == text:
                continue
            if args.check:
                stale.append(f"{path.relative_to(PROJECT_DIR)} is {'stale' if current else 'missing'}")
                continue
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"[practice] wrote {path.relative_to(PROJECT_DIR)}", file=sys.stderr)
    for line in stale:
        print(f"[practice] {line}", file=sys.stderr)
    if stale:
        print(f"[practice] regenerate: setup/pot (or {Path(sys.argv[0]).name} --db DB)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
