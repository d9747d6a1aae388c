# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models

from odoo.addons.practice_base.tools import bundle as bundle_tools

from ..tools import vault_format
from .practice_rule import SEVERITY_RANK


def _first_line(text, limit=300):
    line = (text or "").strip().split("\n", 1)[0].strip()
    return line if len(line) <= limit else line[: limit - 3].rstrip() + "..."


class PracticeContext(models.AbstractModel):
    _inherit = "practice.context"

    @api.model
    def _bundle_sections(self, request):
        rules = self._knowledge_bundle_rules(request)
        return super()._bundle_sections(request) + [
            self._bundle_section_rules(request, rules),
            self._bundle_section_glossary(request, rules),
            self._bundle_section_runbooks(request, rules),
        ]

    @api.model
    def _knowledge_bundle_rules(self, request):
        """Active rules as dicts (one batched read): those of the named modules first, then
        the rest; each group by severity, newest first, then id. Each dict gains ``matched``
        and ``module_names``."""
        rules = self.env["practice.rule"].search_read(
            [("repo_id", "=", request["repo"].id), ("status", "=", "active")],
            ["name", "severity", "date", "rule", "module_ids", "vault_path"],
            load=None,
        )
        module_ids = {mid for rule in rules for mid in rule["module_ids"]}
        names = {
            m["id"]: m["name"]
            for m in self.env["practice.code.module"]
            .with_context(active_test=False)
            .search_read([("id", "in", list(module_ids))], ["name"], load=None)
        }
        asked = set(request["modules"].ids)
        for rule in rules:
            rule["module_names"] = sorted(names[mid] for mid in rule["module_ids"] if mid in names)
            rule["matched"] = bool(asked.intersection(rule["module_ids"]))
        rules.sort(
            key=lambda r: (
                not r["matched"],
                SEVERITY_RANK.get(r["severity"], 9),
                -r["date"].toordinal(),
                r["id"],
            )
        )
        return rules

    @api.model
    def _bundle_section_rules(self, request, rules):
        items = []
        for rule in rules:
            modules = rule["module_names"]
            scope = f" [{', '.join(modules)}]" if modules else ""
            items.append(
                bundle_tools.Item(
                    markdown=f"- **{rule['name']}** ({rule['severity']}, {rule['date']}){scope}: "
                    f"{_first_line(rule['rule'])}",
                    data={
                        "id": rule["id"],
                        "title": rule["name"],
                        "severity": rule["severity"],
                        "date": rule["date"].isoformat(),
                        "modules": modules,
                        "for_modules": rule["matched"],
                        "path": rule["vault_path"] or "",
                        "rule": rule["rule"],
                    },
                )
            )
        intro = (
            _("Hard rules of the named modules first, then repository-wide.") if request["modules"] else ""
        )
        return bundle_tools.Section(key="rules", title=_("Hard rules"), priority=10, items=items, intro=intro)

    @api.model
    def _bundle_section_glossary(self, request, rules):
        """Terms whose name or an alias occurs in the rules' titles or texts (one pass)."""
        text = "\n".join(f"{rule['name']}\n{rule['rule']}" for rule in rules)
        terms = self.env["practice.glossary.term"].search_read(
            [("repo_id", "=", request["repo"].id)], ["name", "definition", "aliases"], load=None
        )
        phrases = {
            term["id"]: [term["name"], *(a.strip() for a in (term["aliases"] or "").split("\n") if a.strip())]
            for term in terms
        }
        found = vault_format.words_in(text, [p for ps in phrases.values() for p in ps])
        items = [
            bundle_tools.Item(
                markdown=f"- **{term['name']}**: {_first_line(term['definition'])}",
                data={"id": term["id"], "term": term["name"], "definition": term["definition"]},
            )
            for term in sorted(terms, key=lambda t: (t["name"].lower(), t["id"]))
            if found.intersection(phrases[term["id"]])
        ]
        return bundle_tools.Section(key="glossary", title=_("Glossary"), priority=30, items=items)

    @api.model
    def _bundle_section_runbooks(self, request, rules):
        # one query over the relation instead of reading every rule's runbook_ids
        runbooks = self.env["practice.runbook"].search_read(
            [("rule_ids", "in", [rule["id"] for rule in rules])], ["number", "name", "vault_path"], load=None
        )
        items = [
            bundle_tools.Item(
                markdown=f"- **{rb['number']:04d} {rb['name']}** ({rb['vault_path'] or '-'})",
                data={
                    "id": rb["id"],
                    "number": rb["number"],
                    "title": rb["name"],
                    "path": rb["vault_path"] or "",
                },
            )
            for rb in sorted(runbooks, key=lambda r: (r["number"], r["id"]))
        ]
        return bundle_tools.Section(key="runbooks", title=_("Runbooks"), priority=40, items=items)
