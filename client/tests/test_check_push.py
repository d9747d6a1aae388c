"""`practice check push`: reads the file, defaults the commit to the work tree's HEAD, sends one
push_check call, prints the server's answer (a fake server here)."""

import json
import subprocess

import click
import pytest
from click.testing import CliRunner
from practice_client import cli_check
from practice_client.rpc import PracticeError

pytestmark = pytest.mark.integrity

COBERTURA = '<coverage line-rate="0.8" lines-valid="10" lines-covered="8"/>'


class FakeRPC:
    calls = []
    refuse = None

    def __init__(self, settings):
        self.settings = settings

    def call(self, model, method, *args, **kwargs):
        FakeRPC.calls.append((model, method, args, kwargs))
        if FakeRPC.refuse:
            raise PracticeError(FakeRPC.refuse, code=2)
        assert (model, method) == ("practice.eval.check", "push_check")
        kind, _content = args
        return {
            "id": 7,
            "kind": kind,
            "state": "pass",
            "repo": kwargs.get("repo") or "shop",
            "commit": kwargs["commit"],
            "summary": "coverage 80 %",
            "values": {"line_rate": 80.0},
            "date": "2026-12-07 10:00:00",
        }


def git(root, *args):
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def work_tree(tmp_path, monkeypatch):
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    git(
        root,
        "-c",
        "user.email=t@example.com",
        "-c",
        "user.name=T",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "x",
    )
    (root / "coverage.xml").write_text(COBERTURA)
    monkeypatch.chdir(root)
    monkeypatch.delenv("PRACTICE_REPO", raising=False)
    monkeypatch.setattr("practice_client.cli_common.PracticeRPC", FakeRPC)
    FakeRPC.calls, FakeRPC.refuse = [], None
    return root


def practice(*args):
    from practice_client import cli as cli_module

    root = click.Group(
        "practice",
        callback=cli_module.cli.callback,
        params=cli_module.cli.params,
        commands={k: v for k, v in cli_module.cli.commands.items() if k != "check"},
    )
    cli_check.register(root)
    cli_check.register(root)  # idempotent: cli.py may register it too
    return CliRunner().invoke(root, list(args), env={"PRACTICE_API_KEY": "k"}, catch_exceptions=False)


def test_push_defaults_the_commit_to_head(work_tree):
    head = git(work_tree, "rev-parse", "HEAD")
    result = practice("check", "push", "--kind", "coverage", "coverage.xml", "--repo", "shop")
    assert result.exit_code == 0, result.output
    ((model, method, args, kwargs),) = FakeRPC.calls
    assert (model, method, args) == ("practice.eval.check", "push_check", ("coverage", COBERTURA))
    assert kwargs == {"commit": head, "repo": "shop", "session_id": None}
    assert result.output.strip() == f"check 7 coverage PASS shop {head[:12]}: coverage 80 %"


def test_push_with_an_explicit_commit_and_json(work_tree):
    result = practice("--json", "check", "push", "--kind", "lint", "coverage.xml", "--commit", "abc1234")
    assert result.exit_code == 0, result.output
    assert FakeRPC.calls[0][3]["commit"] == "abc1234"
    assert json.loads(result.output)["commit"] == "abc1234"


def test_refusals_and_bad_input(work_tree, tmp_path, monkeypatch):
    FakeRPC.refuse = "coverage check refused: not a Cobertura XML report. Nothing was recorded."
    result = practice("check", "push", "--kind", "coverage", "coverage.xml")
    assert result.exit_code == 3
    FakeRPC.refuse = None
    result = practice("check", "push", "--kind", "tests", "coverage.xml")
    assert result.exit_code == 2
    big = work_tree / "big.json"
    big.write_bytes(b"x" * (cli_check.MAX_CHECK_BYTES + 1))
    result = practice("check", "push", "--kind", "audit", "big.json")
    assert result.exit_code == 1
    assert "larger than" in result.output
    FakeRPC.calls = []
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "lint.json").write_text('{"exit_code": 0}')
    result = practice(
        "check", "push", "--kind", "lint", str(outside / "lint.json"), "--repo", "shop", "--commit", ""
    )
    assert len(FakeRPC.calls) == 1  # an empty --commit: the work tree's HEAD
    FakeRPC.calls = []
    monkeypatch.chdir(outside)
    result = practice("check", "push", "--kind", "lint", "lint.json", "--repo", "shop")
    assert result.exit_code == 1
    assert "no commit" in result.output
    assert FakeRPC.calls == []
