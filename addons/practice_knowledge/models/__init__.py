from . import (
    practice_adr,
    practice_citation,
    practice_context,
    practice_glossary_term,
    practice_pattern,
    practice_rule,
    practice_runbook,
    practice_vault,
    practice_vault_record,
)
