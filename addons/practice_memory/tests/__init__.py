from . import (
    test_bundle,
    test_bundle_freshness,
    test_context_get,
    test_guarded_fields,
    test_hostile_input,
    test_memory,
    test_provenance_security,
    test_security,
    test_session_lifecycle,
    test_session_rules,
    test_vault_ownership,
    test_vault_sync,
)
