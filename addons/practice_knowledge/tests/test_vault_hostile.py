# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Hostile vault input against the plain parser and zip reader (no database): alias bombs,
deep nesting, huge files and numbers, bad paths, zip bombs. Each is a short located error."""

import io
import struct
import zipfile

import pytest

from odoo.exceptions import UserError

from ..tools import limits as vl
from ..tools import vault_format as vf
from ..wizards.practice_vault_wizard import read_zip
from .common import TERM, sample_files

pytestmark = pytest.mark.security

MAX_ERROR_CHARS = 600


def alias_bomb(levels=9, width=9, key="term"):
    """Front matter whose ``key`` expands to ``width ** levels`` strings (1.3 KB for 9x9)."""
    lines = ["---", "a0: &a0 [" + ", ".join(["lol"] * width) + "]"]
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]")
    lines += [f"{key}: *a{levels - 1}", "---", "", "A definition.", ""]
    return "\n".join(lines)


def deep_list(depth=900, key="notes"):
    return f"---\nterm: Deep\n{key}: " + "[" * depth + "]" * depth + "\n---\n\nA definition.\n"


def only_error(files, limits=None):
    batch, errors = vf.parse_files(vf.CORE_KINDS, files, limits)
    assert not any(batch.values()), "a refused upload yields no entry"
    assert len(errors) == 1, errors
    error = errors[0].as_dict()
    assert len(str(error)) < MAX_ERROR_CHARS
    return error


def test_alias_bomb_is_a_short_located_error():
    text = alias_bomb()
    assert len(text) < 1500
    error = only_error({"glossary/bomb.md": text})
    assert error["path"] == "glossary/bomb.md"
    assert error["line"] == 2
    assert "anchors and aliases are not allowed" in error["message"]


@pytest.mark.parametrize(
    "front",
    [
        "term: &t Token\nalias_of: *t",  # a single alias
        "term: x\nbase: &b {a: 1}\nmore:\n  <<: *b",  # merge key
        "term: !!str &t x",  # anchor only
    ],
)
def test_any_anchor_or_alias_is_refused(front):
    error = only_error({"glossary/a.md": f"---\n{front}\n---\n\nDef.\n"})
    assert "anchors and aliases are not allowed" in error["message"]


def test_deep_nesting_is_a_located_error_not_recursion():
    error = only_error({"glossary/deep.md": deep_list(900)})
    assert (error["path"], error["line"]) == ("glossary/deep.md", 3)
    assert f"nested deeper than {vl.YAML_MAX_DEPTH} levels" in error["message"]


def test_nesting_up_to_the_bound_is_accepted():
    # The front matter mapping is level 1: the key may hold YAML_MAX_DEPTH - 1 nested lists.
    depth = vl.YAML_MAX_DEPTH - 1
    batch, errors = vf.parse_files(vf.CORE_KINDS, {"glossary/deep.md": deep_list(depth)})
    assert errors == []
    assert batch["glossary"][0].data["extra"]["notes"] is not None


def test_must_be_text_message_quotes_a_short_excerpt():
    value = "x" * 100_000
    text = f"---\nterm:\n- {value}\n---\n\nDef.\n"
    error = only_error({"glossary/long.md": text})
    assert "'term' must be text" in error["message"]
    assert len(error["message"]) < 120


@pytest.mark.parametrize(
    "path, text, message",
    [
        ("adr/0002-x.md", "---\nnumber: " + "9" * 5000 + "\n---\n", "bad YAML"),
        ("adr/0002-x.md", "---\nnumber: '²'\n---\n", "must be a whole number"),
        ("adr/0002-x.md", "---\nnumber: 99999999999\n---\n", "must be a whole number up to"),
        (
            "citations/2025-01-01.md",
            "## A\n\n- **Link**: x\n- **Takeaway**: y\n- **Quality Score**: ²\n",
            "whole",
        ),
        ("glossary/k.md", "---\n1: x\nterm: y\n---\n\nDef.\n", "front-matter key 1 must be text"),
        ("glossary/k.md", "---\nterm: y\n? [a, b]\n: c\n---\n\nDef.\n", "bad YAML"),
    ],
)
def test_values_python_cannot_take_are_located_errors(path, text, message):
    error = only_error({path: text})
    assert error["path"] == path
    assert message in error["message"]


@pytest.mark.parametrize(
    "path, message",
    [
        ("glossary/" + "a" * 5000 + ".md", "path of 5012 characters"),
        ("glossary/evil\u202edm.md", "U+202E"),
        ("glossary/iso\u2066late.md", "U+2066"),
        ("glossary/new\nline.md", "U+000A"),
        ("glossary/nul\x00.md", "U+0000"),
    ],
)
def test_bad_paths_are_refused_and_shown_escaped(path, message):
    error = only_error({path: TERM})
    assert message in error["message"]
    assert not vl.BAD_PATH_CHAR_RE.search(error["path"]), "the error shows no control/bidi character"
    assert len(error["path"]) <= vl.PATH_EXCERPT_CHARS


def test_oversized_file_is_refused_before_parsing():
    text = TERM + "x" * (20 * vl.MIB)
    error = only_error({"glossary/huge.md": text})
    assert error == {
        "path": "glossary/huge.md",
        "line": 1,
        "message": "file of 20 MiB: a vault file has at most 1 MiB",
    }


def test_nul_and_lone_surrogates_are_not_text():
    assert only_error({"glossary/a.md": TERM + "\x00"})["message"] == "file holds a NUL character: not text"
    assert "not valid UTF-8" in only_error({"glossary/a.md": TERM + "\ud800"})["message"]


def test_upload_count_and_total_are_bounded():
    files = sample_files()
    error = only_error(files, vl.VaultLimits(max_files=4))
    assert "too many files in one upload: 5 (at most 4)" in error["message"]
    error = only_error(files, vl.VaultLimits(max_total_bytes=600))
    assert "larger than 600 bytes in all" in error["message"]
    batch, errors = vf.parse_files(vf.CORE_KINDS, files, vl.VaultLimits(max_files=5))
    assert errors == [] and sum(len(v) for v in batch.values()) == 6


def test_other_files_are_still_checked_next_to_a_refused_one():
    files = dict(sample_files(), **{"glossary/bomb.md": alias_bomb(), "glossary/\u202e.md": TERM})
    _batch, errors = vf.parse_files(vf.CORE_KINDS, files)
    assert sorted(e.path for e in errors) == ["glossary/\\u202e.md", "glossary/bomb.md"]


def test_extra_load_never_raises_on_stored_hostile_text():
    assert vf.extra_load(alias_bomb(key="x").split("---")[1]) == {}
    assert vf.extra_load("x: " + "[" * 900 + "]" * 900) == {}
    assert vf.extra_load("x: [unclosed") == {}
    assert vf.extra_load("x: " + "9" * 5000) == {}
    assert vf.extra_load("a" * (vl.EXTRA_MAX_CHARS + 1)) == {}
    assert vf.extra_load("owner: ops\n") == {"owner": "ops"}


def test_dump_never_writes_aliases():
    shared = ["a", "b"]
    text = vf.extra_dump({"x": shared, "y": shared})
    assert "&" not in text and "*" not in text
    assert vf.extra_load(text) == {"x": shared, "y": shared}


def test_vault_error_message_is_capped():
    error = vf.VaultError("a.md", 1, "m" * 10_000)
    assert len(error.message) == vf.MAX_MESSAGE_CHARS


def test_limits_from_params_default_and_clamp():
    params = {
        vl.PARAM_PREFIX + "max_files": "10",
        vl.PARAM_PREFIX + "max_file_bytes": "-3",
        vl.PARAM_PREFIX + "max_total_bytes": "lots",
        vl.PARAM_PREFIX + "max_zip_bytes": str(10**12),
    }
    limits = vl.VaultLimits.from_params(params.get)
    assert limits.max_files == 10
    assert limits.max_file_bytes == vl.DEFAULTS["max_file_bytes"]
    assert limits.max_total_bytes == vl.DEFAULTS["max_total_bytes"]
    assert limits.max_zip_bytes == vl.CEILINGS["max_zip_bytes"]
    assert limits.max_path_chars == 255


# --------------------------------------------------------------------------- zips


def zip_bytes(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def declare_size(data, size):
    """The zip with every member's declared uncompressed size set to ``size`` (a lying header,
    as in a zip bomb's: the reader must not trust it)."""
    raw = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = raw.find(signature)
        while start >= 0:
            struct.pack_into("<I", raw, start + offset, size)
            start = raw.find(signature, start + 4)
    return bytes(raw)


def test_zip_bomb_refused_from_declared_sizes():
    # One small member that claims 3 GiB: refused before anything is decompressed.
    data = declare_size(zip_bytes({"knowledge/glossary/a.md": TERM}), 3 * 1024 * vl.MIB)
    with pytest.raises(UserError, match="expands to 3 GiB"):
        read_zip(data)


def test_zip_member_over_the_file_bound_is_refused():
    data = zip_bytes({"knowledge/glossary/a.md": TERM + "x" * (5 * vl.MIB)})
    assert len(data) < 20 * 1024
    with pytest.raises(UserError, match="a vault file has at most 1 MiB"):
        read_zip(data)


def test_zip_member_expanding_past_its_header_is_refused_by_a_bounded_read():
    data = declare_size(zip_bytes({"knowledge/glossary/a.md": TERM + "x" * (5 * vl.MIB)}), 100)
    with pytest.raises(UserError, match="cannot be read from the zip"):
        read_zip(data)


def test_zip_member_count_and_total_are_bounded():
    data = zip_bytes({f"glossary/t{i}.md": TERM + "x" * 10_000 for i in range(6)})
    assert len(data) < 20_000
    with pytest.raises(UserError, match="holds 6 files: at most 5"):
        read_zip(data, vl.VaultLimits(max_files=5))
    with pytest.raises(UserError, match="expands to .* at most 19.5 KiB"):
        read_zip(data, vl.VaultLimits(max_zip_bytes=20_000))
    assert len(read_zip(data)) == 6


def test_not_a_zip_and_encrypted_members_are_user_errors():
    with pytest.raises(UserError, match="not a zip"):
        read_zip(b"PK\x05\x06" + b"\x00" * 10)
    data = bytearray(zip_bytes({"glossary/a.md": TERM}))
    # Set the "encrypted" flag bit in both headers.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.find(signature)
        data[start + offset] |= 1
    with pytest.raises(UserError, match="cannot be read from the zip"):
        read_zip(bytes(data))
