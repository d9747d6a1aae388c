"""Fixtures for cross-addon and end-to-end tests (live Odoo server over XML-RPC)."""

import pytest

from live import LiveOdoo


@pytest.fixture(scope="session")
def live_odoo():
    """One threaded Odoo server shared by the end-to-end tests of a run."""
    server = LiveOdoo(workers=0)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def live_odoo_workers():
    """A prefork server with two workers: requests really run in separate processes."""
    server = LiveOdoo(workers=2)
    yield server
    server.stop()


@pytest.fixture
def admin_rpc(live_odoo):
    return live_odoo.login("admin", "admin")
