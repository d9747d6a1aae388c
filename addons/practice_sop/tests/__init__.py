from . import (
    test_draft_rule,
    test_error_code,
    test_sop_context,
    test_sop_hostile,
    test_sop_lifecycle,
    test_sop_security,
    test_sop_sla,
    test_sop_tools,
    test_sop_tour,
    test_sop_wizard_evidence_security,
)
