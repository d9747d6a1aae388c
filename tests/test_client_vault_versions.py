"""``practice vault pull/push`` keep the versions of the last pull and send them as the base of
the next push (optimistic concurrency), without a server: a fake RPC with the server's rules."""

import hashlib
import json

import pytest
from click.testing import CliRunner
from practice_client import cli as cli_module
from practice_client.vault import STATE_FILE, load_versions, read_vault, remote_key, versions_after_push

ENV = {"PRACTICE_URL": "http://vault.test", "PRACTICE_DB": "db1", "PRACTICE_API_KEY": "k"}
REMOTE = remote_key("http://vault.test", "db1", None)


def version(text):
    return hashlib.sha256(text.encode()).hexdigest()


class FakeVault:
    """The server side of practice.vault, reduced to its concurrency contract."""

    def __init__(self, files):
        self.files = dict(files)
        self.calls = []

    def call(self, model, method, *args, **kwargs):
        self.calls.append((method, kwargs))
        if method == "export_files":
            assert kwargs.get("versions") is True
            return {"files": dict(self.files), "versions": {p: version(t) for p, t in self.files.items()}}
        assert method == "import_files"
        (files,) = args
        base, force, dry_run = kwargs.get("base"), kwargs.get("force"), kwargs.get("dry_run")
        writing = [p for p, t in files.items() if self.files.get(p) != t]
        conflicts = [
            {"path": p, "base": base.get(p, ""), "server": version(self.files[p]) if p in self.files else ""}
            for p in writing
            if base is not None and base.get(p, "") != (version(self.files[p]) if p in self.files else "")
        ]
        for conflict in conflicts:
            conflict["message"] = f"{conflict['path']} changed on the server since your last pull"
        errors = [] if force else [{"path": c["path"], "line": 1, "message": c["message"]} for c in conflicts]
        result = {"created": [], "updated": [], "unchanged": [], "errors": errors, "conflicts": conflicts}
        if errors:
            return result
        for path in sorted(files):
            result[
                "created" if path not in self.files else "updated" if path in writing else "unchanged"
            ].append(path)
        if not dry_run:
            self.files.update(files)
            result["versions"] = {p: version(self.files[p]) for p in files}
        return result


@pytest.fixture
def server(monkeypatch):
    fake = FakeVault({"glossary/a.md": "A1\n", "glossary/b.md": "B1\n"})
    monkeypatch.setattr("practice_client.cli_common.PracticeRPC", lambda settings: fake)
    return fake


def practice(*args):
    return CliRunner().invoke(cli_module.cli, list(args), env=ENV, catch_exceptions=False)


@pytest.mark.integrity
def test_pull_keeps_versions_and_push_sends_them_as_base(server, tmp_path):
    folder = tmp_path / "knowledge"
    assert practice("vault", "pull", str(folder)).exit_code == 0
    state = json.loads((folder / STATE_FILE).read_text())
    assert state["remotes"][REMOTE]["versions"] == {
        "glossary/a.md": version("A1\n"),
        "glossary/b.md": version("B1\n"),
    }
    assert STATE_FILE not in read_vault(folder) and set(read_vault(folder)) == {
        "glossary/a.md",
        "glossary/b.md",
    }
    (folder / "glossary" / "a.md").write_text("A2\n")
    done = practice("vault", "push", str(folder))
    assert done.exit_code == 0, done.output
    method, kwargs = server.calls[-1]
    assert method == "import_files" and kwargs["base"] == state["remotes"][REMOTE]["versions"]
    assert "force" not in kwargs
    assert load_versions(folder, REMOTE)["glossary/a.md"] == version("A2\n"), "the push's own write is seen"


@pytest.mark.integrity
def test_stale_push_is_refused_until_pulled_or_forced(server, tmp_path):
    folder = tmp_path / "knowledge"
    practice("vault", "pull", str(folder))
    server.files["glossary/b.md"] = "B-newer\n"  # another client, after our pull
    (folder / "glossary" / "b.md").write_text("B-mine\n")
    refused = practice("vault", "push", str(folder))
    assert refused.exit_code == 2
    assert "glossary/b.md:1" in refused.output and "changed on the server" in refused.output
    assert server.files["glossary/b.md"] == "B-newer\n"
    assert load_versions(folder, REMOTE)["glossary/b.md"] == version("B1\n"), "a refused push keeps the base"
    dry = practice("--json", "vault", "push", str(folder), "--dry-run")
    assert dry.exit_code == 2 and json.loads(dry.output)["conflicts"][0]["path"] == "glossary/b.md"
    forced = practice("vault", "push", str(folder), "--force")
    assert forced.exit_code == 0, forced.output
    assert server.calls[-1][1]["force"] is True
    assert server.files["glossary/b.md"] == "B-mine\n"


@pytest.mark.integrity
def test_never_pulled_folder_sends_an_empty_base(server, tmp_path):
    folder = tmp_path / "knowledge"
    (folder / "glossary").mkdir(parents=True)
    (folder / "glossary" / "a.md").write_text("A-other\n")
    (folder / "glossary" / "c.md").write_text("C\n")
    refused = practice("vault", "push", str(folder))
    assert refused.exit_code == 2 and "glossary/a.md" in refused.output
    assert server.calls[-1][1]["base"] == {}


@pytest.mark.integrity
def test_versions_are_kept_per_server_and_a_broken_state_file_is_a_clear_error(server, tmp_path):
    folder = tmp_path / "knowledge"
    practice("vault", "pull", str(folder))
    assert load_versions(folder, remote_key("http://other.test", "db1")) == {}
    (folder / STATE_FILE).write_text("{not json")
    broken = CliRunner().invoke(cli_module.cli, ["vault", "push", str(folder)], env=ENV)
    assert broken.exit_code != 0 and "delete it and pull again" in broken.output


@pytest.mark.integrity
def test_versions_after_push_only_move_what_was_sent():
    base = {"a.md": "v1", "b.md": "v1", "gone.md": "v1"}
    result = {"versions": {"a.md": "v2"}, "deleted": ["gone.md"]}
    assert versions_after_push(base, {"a.md": "x", "new.md": "y"}, result) == {"a.md": "v2", "b.md": "v1"}


@pytest.mark.integration
def test_cli_stale_push_against_a_live_server(live_odoo, admin_rpc, tmp_path):
    from test_client_e2e import practice as live_practice

    admin_rpc.call("practice.repo", "create", [{"name": "cli-stale"}])
    term = "glossary/lease.md"
    admin_rpc.call(
        "practice.vault", "import_files", {term: "---\nterm: lease\n---\n\nOne.\n"}, repo="cli-stale"
    )
    folder = tmp_path / "knowledge"
    pulled = live_practice(live_odoo, "vault", "pull", str(folder), "--repo", "cli-stale")
    assert pulled.returncode == 0, pulled.stderr
    admin_rpc.call(
        "practice.vault", "import_files", {term: "---\nterm: lease\n---\n\nTwo.\n"}, repo="cli-stale"
    )
    (folder / term).write_text("---\nterm: lease\n---\n\nMine.\n")
    stale = live_practice(live_odoo, "vault", "push", str(folder), "--repo", "cli-stale")
    assert stale.returncode == 2 and f"{term}:1" in stale.stderr and "changed on the server" in stale.stderr
    exported = admin_rpc.call("practice.vault", "export_files", repo="cli-stale")
    assert "Two." in exported[term]
    forced = live_practice(live_odoo, "vault", "push", str(folder), "--repo", "cli-stale", "--force")
    assert forced.returncode == 0, forced.stderr
    assert "Mine." in admin_rpc.call("practice.vault", "export_files", repo="cli-stale")[term]
    again = live_practice(live_odoo, "--json", "vault", "push", str(folder), "--repo", "cli-stale")
    assert again.returncode == 0 and json.loads(again.stdout)["conflicts"] == []
