from . import (
    test_lock_domain,
    test_lock_hostile,
    test_lock_integrity,
    test_lock_lifecycle,
    test_lock_rules,
    test_lock_security,
    test_lock_tour,
)
