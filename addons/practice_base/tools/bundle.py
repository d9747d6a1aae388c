"""Assemble the session-start context bundle from sections within a byte budget.

Each addon contributes :class:`Section` objects (see ``practice.context``); this module
orders them, renders markdown or JSON, and enforces the byte budget. It knows nothing
about the ORM, so it is tested as plain Python.
"""

import json
from dataclasses import dataclass, field


@dataclass
class Item:
    """One entry of a section: how an agent reads it and what a tool gets."""

    markdown: str
    data: dict = field(default_factory=dict)


@dataclass
class Section:
    """A block of the bundle. Lower ``priority`` comes first (most relevant)."""

    key: str
    title: str
    priority: int
    items: list = field(default_factory=list)
    intro: str = ""


def _size(text):
    return len(text.encode("utf-8"))


def order_sections(sections):
    """Deterministic order: priority, then key."""
    return sorted(sections, key=lambda s: (s.priority, s.key))


def _section_header(section):
    header = f"## {section.title}\n\n"
    if section.intro:
        header += section.intro.rstrip() + "\n\n"
    return header


def assemble(sections, max_bytes=25000, fmt="markdown", title="Practice context"):
    """Render ``sections`` most relevant first, keeping the output within ``max_bytes``.

    Items are taken in order; an item that no longer fits is left out (and the bundle
    marked truncated) while smaller later items may still fit. The result follows the
    RPC contract: ``{"markdown", "sections", "bytes", "truncated"}``; ``bytes`` is the size
    of the markdown (fmt="markdown") or of the JSON-encoded sections (fmt="json") and never
    exceeds ``max_bytes``.
    """
    if fmt not in ("markdown", "json"):
        raise ValueError(f"Unknown format {fmt!r}: use 'markdown' or 'json'.")
    max_bytes = int(max_bytes)
    if max_bytes <= 0:
        raise ValueError("max_bytes must be a positive number of bytes.")
    if fmt == "json":
        return _assemble_json(order_sections(sections), max_bytes)
    return _assemble_markdown(order_sections(sections), max_bytes, title)


def _assemble_markdown(sections, max_bytes, title):
    head = f"# {title}\n\n"
    used = _size(head)
    parts = [head]
    out_sections = {}
    truncated = False
    for section in sections:
        header = _section_header(section)
        # the section's block is header + items + one blank line
        cost = _size(header) + 1
        kept, body, section_truncated = [], [], False
        if used + cost > max_bytes:
            truncated = True
            out_sections[section.key] = _section_dict(section, [], bool(section.items))
            continue
        for item in section.items:
            line = item.markdown.rstrip() + "\n"
            if used + cost + _size(line) > max_bytes:
                section_truncated = truncated = True
                continue
            cost += _size(line)
            kept.append(item)
            body.append(line)
        if kept or not section.items:
            used += cost
            parts.append(header + "".join(body) + "\n")
        out_sections[section.key] = _section_dict(section, kept, section_truncated)
    markdown = "".join(parts).rstrip() + "\n"
    return {"markdown": markdown, "sections": out_sections, "bytes": _size(markdown), "truncated": truncated}


def _json_size(out_sections):
    return _size(json.dumps(out_sections, sort_keys=True, default=str))


def _assemble_json(sections, max_bytes):
    used = 2  # the enclosing {}
    kept_by_key = {}
    truncated = False
    for section in sections:
        # header estimate: the empty section dict, its key, separators and room for counts
        cost = _size(json.dumps({section.key: _section_dict(section, [], True)}, default=str)) + 8
        if used + cost > max_bytes:
            truncated = True
            continue
        kept = []
        for item in section.items:
            item_cost = _size(json.dumps(item.data, sort_keys=True, default=str)) + 2
            if used + cost + item_cost > max_bytes:
                truncated = True
                continue
            cost += item_cost
            kept.append(item)
        if kept or not section.items:
            used += cost
            kept_by_key[section.key] = (section, kept)
    out = _json_sections(kept_by_key, sections)
    # The estimates are close but not exact: drop the least relevant items until it fits.
    while _json_size(out) > max_bytes and kept_by_key:
        last_key = [s.key for s in sections if s.key in kept_by_key][-1]
        section, kept = kept_by_key[last_key]
        if kept:
            kept.pop()
        else:
            del kept_by_key[last_key]
        truncated = True
        out = _json_sections(kept_by_key, sections)
    size = _json_size(out)
    return {"markdown": "", "sections": out, "bytes": size, "truncated": truncated}


def _json_sections(kept_by_key, sections):
    return {
        section.key: _section_dict(
            section, kept_by_key[section.key][1], len(kept_by_key[section.key][1]) < len(section.items)
        )
        for section in sections
        if section.key in kept_by_key
    }


def _section_dict(section, kept, truncated):
    return {
        "title": section.title,
        "priority": section.priority,
        "items": [item.data for item in kept],
        "count": len(kept),
        "total": len(section.items),
        "truncated": truncated,
    }
