"""The work tree a test run ran on (``eval_report.tree_state``), in real temporary git
repositories: clean is "", an edit changes the hash, reverting it gives "" again, untracked
files count, ignored ones and the ``.locks/`` mirror do not; bounded reading."""

import os
import subprocess

import pytest
from practice_client import eval_report

pytestmark = pytest.mark.rules


def git(root, *args):
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "work"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "t@example.com")
    git(root, "config", "user.name", "T")
    (root / "addons" / "shop").mkdir(parents=True)
    (root / "addons" / "shop" / "models.py").write_text("x = 1\n")
    (root / ".gitignore").write_text("*.log\nbuild/\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    return root


def test_a_clean_work_tree_has_no_hash_and_names_its_commit(repo):
    state = eval_report.tree_state(repo)
    assert state == {"commit": git(repo, "rev-parse", "HEAD"), "tree_hash": ""}
    # from a subfolder too
    assert eval_report.tree_state(repo / "addons" / "shop") == state


def test_an_edit_changes_the_hash_and_reverting_it_clears_it(repo):
    path = repo / "addons" / "shop" / "models.py"
    path.write_text("x = 2\n")
    first = eval_report.tree_state(repo)["tree_hash"]
    assert len(first) == 64 and int(first, 16) >= 0
    assert eval_report.tree_state(repo)["tree_hash"] == first, "same state, same hash"
    path.write_text("x = 3\n")
    second = eval_report.tree_state(repo)["tree_hash"]
    assert second not in ("", first)
    # staging does not change the state the tests see
    git(repo, "add", "-A")
    assert eval_report.tree_state(repo)["tree_hash"] == second
    git(repo, "reset", "-q")
    path.write_text("x = 1\n")
    assert eval_report.tree_state(repo)["tree_hash"] == ""


def test_untracked_files_count_ignored_ones_and_the_lock_mirror_do_not(repo):
    (repo / "debug.log").write_text("noise\n")
    (repo / "build").mkdir()
    (repo / "build" / "out.txt").write_text("artifact\n")
    (repo / ".locks").mkdir()
    (repo / ".locks" / "shop.lock").write_text("module: shop\n")
    assert eval_report.tree_state(repo)["tree_hash"] == ""
    new = repo / "addons" / "shop" / "new_test.py"
    new.write_text("def test_x():\n    pass\n")
    with_new = eval_report.tree_state(repo)["tree_hash"]
    assert with_new != ""
    new.write_text("def test_x():\n    assert False\n")
    assert eval_report.tree_state(repo)["tree_hash"] not in ("", with_new), "its content counts"
    new.unlink()
    assert eval_report.tree_state(repo)["tree_hash"] == ""


def test_a_deleted_file_and_the_executable_bit_count(repo):
    path = repo / "addons" / "shop" / "models.py"
    path.unlink()
    deleted = eval_report.tree_state(repo)["tree_hash"]
    assert deleted != ""
    path.write_text("x = 1\n")
    assert eval_report.tree_state(repo)["tree_hash"] == ""
    os.chmod(path, 0o755)
    assert eval_report.tree_state(repo)["tree_hash"] not in ("", deleted)


def test_past_the_byte_budget_a_file_counts_by_its_stamp(repo):
    big = repo / "addons" / "shop" / "data.bin"
    big.write_bytes(b"a" * 1000)
    read = eval_report.tree_state(repo, max_bytes=10_000)["tree_hash"]
    stamped = eval_report.tree_state(repo, max_bytes=100)["tree_hash"]
    assert "" not in (read, stamped) and read != stamped
    assert eval_report.tree_state(repo, max_bytes=100)["tree_hash"] == stamped
    # same size, other content, same stamp: over the budget the hash cannot tell (documented)
    info = os.stat(big)
    big.write_bytes(b"b" * 1000)
    os.utime(big, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert eval_report.tree_state(repo, max_bytes=100)["tree_hash"] == stamped
    assert eval_report.tree_state(repo, max_bytes=10_000)["tree_hash"] != read
    # a new stamp changes it
    os.utime(big, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
    assert eval_report.tree_state(repo, max_bytes=100)["tree_hash"] != stamped


def test_outside_git_and_before_the_first_commit(tmp_path):
    plain = tmp_path / "plain"
    plain.mkdir()
    assert eval_report.tree_state(plain) == {"commit": None, "tree_hash": ""}
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    git(fresh, "init", "-q")
    assert eval_report.tree_state(fresh) == {"commit": None, "tree_hash": ""}
    (fresh / "a.py").write_text("a = 1\n")
    state = eval_report.tree_state(fresh)
    assert state["commit"] is None and len(state["tree_hash"]) == 64


def test_run_state_sends_the_hash_only_for_the_work_trees_own_commit(repo, monkeypatch):
    monkeypatch.chdir(repo)
    (repo / "addons" / "shop" / "models.py").write_text("x = 2\n")
    head = git(repo, "rev-parse", "HEAD")
    branch, commit, tree_hash = eval_report.run_state()
    assert (branch, commit) == ("main", head) and len(tree_hash) == 64
    assert eval_report.run_state(commit=head)[2] == tree_hash
    assert eval_report.run_state(branch="x", commit="c0ffee") == ("x", "c0ffee", None)


def test_eval_push_sends_the_work_tree_state(repo, monkeypatch):
    from click.testing import CliRunner
    from practice_client import cli as cli_module

    calls = []

    class Server:
        def __init__(self, settings):
            self.settings = settings

        def call(self, model, method, *args, **kwargs):
            calls.append((model, method, kwargs))
            return {"id": 1, "green": True, "tests": 1, "skipped": 0, "passed": 1, "failed": 0, "errors": 0}

    monkeypatch.setattr("practice_client.cli_common.PracticeRPC", Server)
    monkeypatch.chdir(repo)
    (repo / "addons" / "shop" / "models.py").write_text("x = 2\n")
    report = repo / "report.xml"
    report.write_text('<testsuite name="s"><testcase name="t"/></testsuite>')
    result = CliRunner().invoke(
        cli_module.cli, ["eval", "push", "report.xml", "--session", "s-1"], env={"PRACTICE_API_KEY": "k"}
    )
    assert result.exit_code == 0, result.output
    (model, method, kwargs) = calls[-1]
    assert (model, method) == ("practice.eval.run", "import_junit")
    state = eval_report.tree_state(repo)
    assert (kwargs["commit"], kwargs["tree_hash"]) == (state["commit"], state["tree_hash"])
    assert len(kwargs["tree_hash"]) == 64, "the report itself is an untracked file of the state"
