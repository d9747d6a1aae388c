# isort: off
# The vault mixin must be defined before the models that inherit it.
from . import practice_vault_record

# isort: on
from . import (
    practice_adr,
    practice_citation,
    practice_citation_digest,
    practice_context,
    practice_glossary_term,
    practice_pattern,
    practice_rule,
    practice_runbook,
    practice_vault,
    practice_vault_import_grant,
    res_config_settings,
)
