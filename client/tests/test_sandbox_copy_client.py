"""How the client makes a sandbox (issue 29): through the target's practice_watchdog (no
registry load), else through Odoo's database service; the master password never in an error."""

import pytest
from practice_client import target
from practice_client.rpc import PracticeError

pytestmark = pytest.mark.integration

ENV = {"PRACTICE_MASTER_PASSWORD": "s3cret-master", "PRACTICE_URL": "http://practice", "PRACTICE_DB": "p"}
TARGET = {"url": "http://target", "db": "dev", "login": "agent", "secret": "k", "source": "env"}


class Service:
    def __init__(self):
        self.calls = []

    def call(self, method, *args):
        self.calls.append((method, args))
        return True


def _copy(monkeypatch, answer):
    calls = []

    def call(model, method, *args):
        calls.append((model, method, args))
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(target, "caller", lambda env, tgt, practice_call, timeout=60: call)
    service = Service()
    how = target.copy(ENV, TARGET, service, None, "tpl", "sbx_one", neutralize=True)
    return how, calls, service.calls


def test_the_watchdog_copies_when_the_target_has_it(monkeypatch):
    how, calls, service_calls = _copy(monkeypatch, {"name": "sbx_one"})
    assert how == "watchdog"
    assert calls == [
        ("practice.watchdog.sandbox", "duplicate", ("s3cret-master", "tpl", "sbx_one", True, False))
    ]
    assert service_calls == []


def test_a_target_without_the_watchdog_uses_the_database_service(monkeypatch):
    missing = PracticeError("Object practice.watchdog.sandbox doesn't exist", 2)
    how, _calls, service_calls = _copy(monkeypatch, missing)
    assert how == "database service"
    assert service_calls == [("duplicate_database", ("tpl", "sbx_one", True))]


def test_a_refusal_is_not_retried_and_never_shows_the_password(monkeypatch):
    refused = PracticeError("Template tpl has open connections (s3cret-master)", 2)
    with pytest.raises(PracticeError) as caught:
        _copy(monkeypatch, refused)
    assert "s3cret-master" not in str(caught.value)
    assert "open connections" in str(caught.value)
