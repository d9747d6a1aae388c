"""The Stop hook's suite gate (``hook_suite.suite_gate``) with a fake hook context and a fake
server, on real temporary git repositories: it blocks when no green run exists for the work
tree as it is, names a red run's failing tests, and never traps the agent."""

import subprocess

import pytest
from practice_client import eval_report, hook_suite
from practice_client.rpc import PracticeError

pytestmark = pytest.mark.rules

SESSION = "s-42"


def git(root, *args):
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "work"
    (root / "addons" / "shop").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "t@example.com")
    git(root, "config", "user.name", "T")
    (root / "addons" / "shop" / "models.py").write_text("x = 1\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    (root / "addons" / "shop" / "models.py").write_text("x = 2\n")  # this session's change
    return root


class FakeServer:
    """practice.eval.run.suite_state over runs pushed as (commit, tree_hash, green, failing)."""

    def __init__(self, runs=(), gate=True, command=False, error=None):
        self.runs, self.gate, self.command, self.error = list(runs), gate, command, error
        self.calls = []

    def __call__(self, model, method, *args, **kwargs):
        self.calls.append((model, method, args, kwargs))
        if self.error:
            raise self.error
        assert (model, method) == ("practice.eval.run", "suite_state")
        found = [r for r in self.runs if (r[0], r[1]) == (kwargs["commit"], kwargs["tree_hash"])]
        answer = {
            "found": bool(found),
            "green": False,
            "run_id": False,
            "failing": [],
            "tests": 0,
            "commit": kwargs["commit"],
            "tree_hash": kwargs["tree_hash"],
            "repo": kwargs["repo"] or "shop-repo",
            "suite_gate": self.gate,
            "test_command": self.command,
        }
        if found:
            commit, tree_hash, green, failing = found[-1]
            answer.update(
                green=green, run_id=len(self.runs), failing=failing[:20], failing_count=len(failing), tests=30
            )
        return answer


class FakeCtx:
    """The parts of hooks.HookContext the gate uses; the state lives in a dict."""

    def __init__(self, root, call, env=None, payload=None, session_id=SESSION, in_git=True, state=None):
        self.root, self.call, self.session_id, self.in_git = str(root), call, session_id, in_git
        self.env = env or {}
        self.payload = payload or {"hook_event_name": "Stop", "session_id": session_id}
        self.repo = "shop-repo"
        self.state = dict(state or {})

    def load_state(self):
        return dict(self.state)

    def save_state(self, state):
        self.state = dict(state, session_id=self.session_id)


def current(root):
    return eval_report.tree_state(root)


def test_no_run_for_this_work_tree_blocks_with_the_command_and_the_push(repo):
    server = FakeServer()
    ctx = FakeCtx(repo, server, state={"started_at": "2026-03-02T10:00:00Z"})
    text = hook_suite.suite_gate(ctx, ["shop"])
    assert text and "no test run was pushed for the work tree as it is now" in text
    assert "your test suite with --junitxml=report.xml" in text
    assert f"practice eval push report.xml --session {SESSION}" in text
    assert "shop" in text and "commit plus uncommitted changes" in text
    state = current(repo)
    (_model, _method, _args, kwargs) = server.calls[0]
    assert kwargs == {
        "repo": "shop-repo",
        "commit": state["commit"],
        "tree_hash": state["tree_hash"],
        "since": "2026-03-02T10:00:00Z",
    }
    assert ctx.state[hook_suite.COUNTER] == 1


def test_a_green_run_on_exactly_this_state_lets_the_stop_go_on(repo):
    state = current(repo)
    server = FakeServer(runs=[(state["commit"], state["tree_hash"], True, [])])
    ctx = FakeCtx(repo, server)
    assert hook_suite.suite_gate(ctx, ["shop"]) is None
    assert hook_suite.COUNTER not in ctx.state
    # a later edit: the green run no longer counts
    (repo / "addons" / "shop" / "models.py").write_text("x = 3\n")
    assert hook_suite.suite_gate(ctx, ["shop"])


def test_a_red_run_names_its_failing_tests_first_ten(repo):
    state = current(repo)
    failing = [f"tests.test_shop::test_{i:02d}" for i in range(14)]
    server = FakeServer(runs=[(state["commit"], state["tree_hash"], False, failing)])
    text = hook_suite.suite_gate(FakeCtx(repo, server), ["shop"])
    assert "the suite is red" in text and "14 failing" in text
    assert all(name in text for name in failing[:10])
    assert failing[10] not in text and "and 4 more" in text


def test_the_command_comes_from_the_environment_else_the_repository(repo):
    server = FakeServer(command="setup/test")
    assert "Run setup/test," in hook_suite.suite_gate(FakeCtx(repo, server), ["shop"])
    env = {"PRACTICE_TEST_CMD": "make check"}
    assert "Run make check," in hook_suite.suite_gate(FakeCtx(repo, server, env=env), ["shop"])


def test_at_most_n_blocks_a_session(repo):
    ctx = FakeCtx(repo, FakeServer())
    assert hook_suite.suite_gate(ctx, ["shop"]) and hook_suite.suite_gate(ctx, ["shop"])
    assert hook_suite.suite_gate(ctx, ["shop"]) is None, "default: two blocks"
    ctx = FakeCtx(repo, FakeServer(), env={"PRACTICE_SUITE_GATE_MAX": "1"})
    assert hook_suite.suite_gate(ctx, ["shop"])
    assert hook_suite.suite_gate(ctx, ["shop"]) is None
    ctx = FakeCtx(repo, FakeServer(), env={"PRACTICE_SUITE_GATE_MAX": "0"})
    assert hook_suite.suite_gate(ctx, ["shop"]) is None


@pytest.mark.parametrize("value", ["0", "false", "off", "OFF"])
def test_switched_off_on_this_machine(repo, value):
    server = FakeServer()
    assert hook_suite.suite_gate(FakeCtx(repo, server, env={"PRACTICE_SUITE_GATE": value}), ["shop"]) is None
    assert server.calls == []


def test_nothing_to_check_or_already_continuing(repo):
    server = FakeServer()
    assert hook_suite.suite_gate(FakeCtx(repo, server), []) is None, "no module changed"
    payload = {"hook_event_name": "Stop", "stop_hook_active": True}
    assert hook_suite.suite_gate(FakeCtx(repo, server, payload=payload), ["shop"]) is None
    assert hook_suite.suite_gate(FakeCtx(repo, server, session_id=None), ["shop"]) is None
    assert server.calls == []


def test_the_repository_switch_off_lets_the_stop_go_on(repo):
    assert hook_suite.suite_gate(FakeCtx(repo, FakeServer(gate=False)), ["shop"]) is None


def test_a_server_without_practice_eval_is_not_a_problem(repo):
    missing = PracticeError(
        "Object practice.eval.run doesn't exist: the model practice.eval.run does not exist"
    )
    problems = []
    assert hook_suite.suite_gate(FakeCtx(repo, FakeServer(error=missing)), ["shop"], problems) is None
    assert problems == []


@pytest.mark.parametrize(
    "error",
    [PracticeError("connection refused", unreachable=True), TimeoutError("timed out"), ValueError("x")],
)
def test_any_failure_of_ours_lets_the_stop_go_on_and_is_reported(repo, error):
    problems = []
    ctx = FakeCtx(repo, FakeServer(error=error))
    assert hook_suite.suite_gate(ctx, ["shop"], problems) is None
    assert len(problems) == 1 and "suite check" in problems[0]
    assert hook_suite.COUNTER not in ctx.state
    assert hook_suite.suite_gate(ctx, ["shop"]) is None, "without a problems list too"


def test_an_odd_answer_or_a_state_that_does_not_stick_never_blocks(repo):
    assert hook_suite.suite_gate(FakeCtx(repo, lambda *a, **k: False), ["shop"]) is None
    ctx = FakeCtx(repo, FakeServer())
    ctx.save_state = lambda state: None  # e.g. no state folder
    assert hook_suite.suite_gate(ctx, ["shop"]) is None


def test_a_clean_commit_is_asked_for_too(repo):
    git(repo, "commit", "-qam", "work")
    state = current(repo)
    assert state["tree_hash"] == ""
    server = FakeServer()
    text = hook_suite.suite_gate(FakeCtx(repo, server), ["shop"])
    assert "(no uncommitted changes)" in text and state["commit"][:12] in text
    assert server.calls[0][3]["tree_hash"] == ""


def test_since_from_an_epoch_in_the_state(repo):
    server = FakeServer()
    hook_suite.suite_gate(FakeCtx(repo, server, state={"started_at": 1772445600}), ["shop"])
    assert server.calls[0][3]["since"] == "2026-03-02T10:00:00"
