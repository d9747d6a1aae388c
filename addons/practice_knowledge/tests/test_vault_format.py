# placeholder
import pytest

pytestmark = pytest.mark.integrity


def test_placeholder():
    from ..tools import vault_format

    assert vault_format.CORE_KINDS
