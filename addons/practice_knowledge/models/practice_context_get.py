# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class PracticeContext(models.AbstractModel):
    """``practice.context.get`` for the knowledge kinds: rule (id), runbook and ADR (number),
    term (name or alias). Read with the caller's rights. Kept apart from the bundle sections
    (``practice_context.py``) so both can change independently."""

    _inherit = "practice.context"

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
