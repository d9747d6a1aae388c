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
        """Active rules: those of the named modules first, then the rest; each group by
        severity, newest first, then id."""
        rules = self.env["practice.rule"].search(
            [("repo_id", "=", request["repo"].id), ("status", "=", "active")]
        )
        modules = request["modules"]

        def key(rule):
            return (SEVERITY_RANK.get(rule.severity, 9), -rule.date.toordinal(), rule.id)

        matched = rules.filtered(lambda r: r.module_ids & modules) if modules else rules.browse()
        rest = rules - matched
        return [(rule, True) for rule in sorted(matched, key=key)] + [
            (rule, False) for rule in sorted(rest, key=key)
        ]

    @api.model
    def _bundle_section_rules(self, request, rules):
        items = []
        for rule, matched in rules:
            modules = sorted(rule.module_ids.mapped("name"))
            scope = f" [{', '.join(modules)}]" if modules else ""
            items.append(
                bundle_tools.Item(
                    markdown=f"- **{rule.name}** ({rule.severity}, {rule.date}){scope}: "
                    f"{_first_line(rule.rule)}",
                    data={
                        "id": rule.id,
                        "title": rule.name,
                        "severity": rule.severity,
                        "date": rule.date.isoformat(),
                        "modules": modules,
                        "for_modules": matched,
                        "path": rule.vault_path or "",
                        "rule": rule.rule,
                    },
                )
            )
        intro = (
            _("Hard rules of the named modules first, then repository-wide.") if request["modules"] else ""
        )
        return bundle_tools.Section(key="rules", title=_("Hard rules"), priority=10, items=items, intro=intro)

    @api.model
    def _bundle_section_glossary(self, request, rules):
        text = "\n".join(f"{rule.name}\n{rule.rule}" for rule, _matched in rules)
        items = []
        terms = self.env["practice.glossary.term"].search([("repo_id", "=", request["repo"].id)])
        for term in sorted(terms, key=lambda t: (t.name.lower(), t.id)):
            if vault_format.words_in(text, [term.name, *term._alias_list()]):
                items.append(
                    bundle_tools.Item(
                        markdown=f"- **{term.name}**: {_first_line(term.definition)}",
                        data={"id": term.id, "term": term.name, "definition": term.definition},
                    )
                )
        return bundle_tools.Section(key="glossary", title=_("Glossary"), priority=30, items=items)

    @api.model
    def _bundle_section_runbooks(self, request, rules):
        runbooks = self.env["practice.runbook"]
        for rule, _matched in rules:
            runbooks |= rule.runbook_ids
        items = [
            bundle_tools.Item(
                markdown=f"- **{rb.number:04d} {rb.name}** ({rb.vault_path or '-'})",
                data={"id": rb.id, "number": rb.number, "title": rb.name, "path": rb.vault_path or ""},
            )
            for rb in sorted(runbooks, key=lambda r: (r.number, r.id))
        ]
        return bundle_tools.Section(key="runbooks", title=_("Runbooks"), priority=40, items=items)
