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

    # ------------------------------------------------------------------ get: one item whole
    # practice.context.get (practice_base) for rule (id), runbook and ADR (number), term (name
    # or alias), read with the caller's rights
    @api.model
    def _get_kinds(self):
        kinds = super()._get_kinds()
        kinds.update(rule=self._get_rule, runbook=self._get_runbook, adr=self._get_adr, term=self._get_term)
        return kinds

    @api.model
    def _get_numbered(self, model, kind, ref, repo, prefixes):
        text = ref.strip().lower() if isinstance(ref, str) else ref
        for prefix in prefixes:
            if isinstance(text, str) and text.startswith(prefix):
                text = text[len(prefix) :].strip()
        number = self._get_ref_number(text, kind)
        record = self.env[model].search([("repo_id", "=", repo.id), ("number", "=", number)], limit=1)
        if not record:
            raise self._get_not_found(kind, ref, repo)
        return record

    @api.model
    def _get_rule(self, ref, repo):
        rule_id = self._get_ref_number(ref.strip().lstrip("#") if isinstance(ref, str) else ref, "rule")
        rule = self.env["practice.rule"].browse(rule_id).exists()
        if not rule:
            raise self._get_not_found("rule", ref)
        rule.check_access("read")
        modules = rule.module_ids.mapped("name")
        runbooks = [
            {"id": rb.id, "number": rb.number, "title": rb.name, "path": rb.vault_path or ""}
            for rb in rule.runbook_ids
        ]
        facts = [
            f"- **Id**: {rule.id}",
            f"- **Severity**: {rule.severity}",
            f"- **Status**: {rule.status}",
            f"- **Date**: {rule.date}",
            f"- **Modules**: {', '.join(modules) or '-'}",
        ]
        if rule.vault_path:
            facts.append(f"- **Path**: {rule.vault_path}")
        blocks = [f"# {rule.name}", "\n".join(facts)]
        for title, text in (
            ("Rule", rule.rule),
            ("Fix", rule.fix),
            ("Incident", rule.incident),
            ("Root cause", rule.root_cause),
        ):
            if (text or "").strip():
                blocks.append(f"## {title}\n\n{text.strip()}")
        if runbooks:
            blocks.append(
                "## Runbooks\n\n"
                + "\n".join(
                    f"- {rb['number']:04d} {rb['title']} ({rb['path'] or '-'}) — "
                    f"`practice show runbook {rb['number']}`"
                    for rb in runbooks
                )
            )
        data = {
            "id": rule.id,
            "title": rule.name,
            "severity": rule.severity,
            "status": rule.status,
            "date": str(rule.date),
            "modules": modules,
            "rule": rule.rule or "",
            "fix": rule.fix or "",
            "incident": rule.incident or "",
            "root_cause": rule.root_cause or "",
            "runbooks": runbooks,
            "repo": rule.repo_id.name,
            "path": rule.vault_path or "",
        }
        return {"id": rule.id, "title": rule.name, "markdown": "\n\n".join(blocks) + "\n", "data": data}

    @api.model
    def _get_runbook(self, ref, repo):
        runbook = self._get_numbered("practice.runbook", "runbook", ref, repo, ("runbook", "rb-", "#"))
        rules = [{"id": r.id, "title": r.name} for r in runbook.rule_ids]
        facts = [f"- **Number**: {runbook.number:04d}"]
        if runbook.vault_path:
            facts.append(f"- **Path**: {runbook.vault_path}")
        if rules:
            facts.append("- **Rules**: " + ", ".join(f"{r['id']} ({r['title']})" for r in rules))
        title = f"{runbook.number:04d} {runbook.name}"
        markdown = "\n\n".join([f"# {title}", "\n".join(facts), (runbook.steps or "").strip()]) + "\n"
        data = {
            "id": runbook.id,
            "number": runbook.number,
            "title": runbook.name,
            "steps": runbook.steps or "",
            "path": runbook.vault_path or "",
            "rules": rules,
            "repo": repo.name,
        }
        return {"id": runbook.id, "title": title, "markdown": markdown, "data": data}

    @api.model
    def _get_adr(self, ref, repo):
        adr = self._get_numbered("practice.adr", "adr", ref, repo, ("adr-", "adr", "#"))
        title = f"ADR-{adr.number:04d} {adr.name}"
        facts = [f"- **Status**: {adr.status}", f"- **Date**: {adr.date}"]
        if adr.superseded_by_id:
            facts.append(f"- **Superseded by**: ADR-{adr.superseded_by_id.number:04d}")
        if adr.vault_path:
            facts.append(f"- **Path**: {adr.vault_path}")
        blocks = [f"# {title}", "\n".join(facts)]
        sections = (
            ("Context", adr.context),
            ("Decision", adr.decision),
            ("Considered options", adr.options),
            ("Consequences", adr.consequences),
        )
        for heading, text in sections:
            if (text or "").strip():
                blocks.append(f"## {heading}\n\n{text.strip()}")
        data = {
            "id": adr.id,
            "number": adr.number,
            "title": adr.name,
            "status": adr.status,
            "date": str(adr.date),
            "context": adr.context or "",
            "decision": adr.decision or "",
            "options": adr.options or "",
            "consequences": adr.consequences or "",
            "path": adr.vault_path or "",
            "repo": repo.name,
        }
        return {"id": adr.id, "title": title, "markdown": "\n\n".join(blocks) + "\n", "data": data}

    @api.model
    def _get_term(self, ref, repo):
        name = " ".join(str(ref).split())
        Term = self.env["practice.glossary.term"]
        term = Term.search([("repo_id", "=", repo.id), ("name", "=ilike", name)], limit=1)
        if not term:
            # an alias names the term too (aliases are one a line)
            candidates = Term.search([("repo_id", "=", repo.id), ("aliases", "ilike", name)], limit=20)
            term = candidates.filtered(lambda t: name.lower() in {a.lower() for a in t._alias_list()})[:1]
        if not term:
            raise self._get_not_found("term", ref, repo)
        aliases = term._alias_list()
        markdown = f"# {term.name}\n\n"
        if aliases:
            markdown += f"- **Aliases**: {', '.join(aliases)}\n\n"
        markdown += (term.definition or "").strip() + "\n"
        data = {
            "id": term.id,
            "term": term.name,
            "definition": term.definition or "",
            "aliases": aliases,
            "repo": repo.name,
        }
        return {"id": term.id, "title": term.name, "markdown": markdown, "data": data}
