"""The ``practice`` CLI against a fake server, for the CLI's unit tests.

``run(monkeypatch, server, *args)`` invokes ``practice ARGS`` with the client's ``PracticeRPC``
replaced by :class:`FakeRPC`, which forwards every call to ``server.call(model, method, *args,
**kwargs)``: a test's fake server records the calls and answers them."""

from click.testing import CliRunner
from practice_client import cli as cli_module

ENV = {"PRACTICE_API_KEY": "k", "PRACTICE_URL": "http://odoo", "PRACTICE_DB": "db"}


class FakeRPC:
    server = None

    def __init__(self, settings):
        self.settings = settings

    def call(self, model, method, *args, **kwargs):
        return FakeRPC.server.call(model, method, *args, **kwargs)


def run(monkeypatch, server, *args):
    FakeRPC.server = server
    monkeypatch.setattr("practice_client.cli_common.PracticeRPC", FakeRPC)
    return CliRunner().invoke(cli_module.cli, list(args), env=ENV, catch_exceptions=False)
