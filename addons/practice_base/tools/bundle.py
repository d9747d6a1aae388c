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
    RPC contract: ``{"markdown", "sections", "bytes", "truncated"}``.
    """
    if fmt not in ("markdown", "json"):
        raise ValueError(f"Unknown format {fmt!r}: use 'markdown' or 'json'.")
    max_bytes = int(max_bytes)
    if max_bytes <= 0:
        raise ValueError("max_bytes must be a positive number of bytes.")
    head = f"# {title}\n\n"
    used = _size(head) if fmt == "markdown" else 2
    parts = [head]
    out_sections = {}
    truncated = False
    for section in order_sections(sections):
        header = _section_header(section)
        kept = []
        section_truncated = False
        header_cost = _size(header) if fmt == "markdown" else _size(json.dumps(section.key)) + 40
        if used + header_cost > max_bytes:
            truncated = True
            out_sections[section.key] = _section_dict(section, [], len(section.items) > 0)
            continue
        body = []
        cost = header_cost
        for item in section.items:
            if fmt == "markdown":
                item_cost = _size(item.markdown.rstrip() + "\n")
            else:
                item_cost = _size(json.dumps(item.data, sort_keys=True, default=str)) + 2
            if used + cost + item_cost > max_bytes:
                section_truncated = truncated = True
                continue
            cost += item_cost
            kept.append(item)
            body.append(item.markdown.rstrip() + "\n")
        if kept or not section.items:
            used += cost
            parts.append(header + "".join(body) + "\n")
        out_sections[section.key] = _section_dict(section, kept, section_truncated)
    if fmt == "markdown":
        markdown = "".join(parts).rstrip() + "\n"
        size = _size(markdown)
    else:
        markdown = ""
        size = _size(json.dumps(out_sections, sort_keys=True, default=str))
    return {"markdown": markdown, "sections": out_sections, "bytes": size, "truncated": truncated}


def _section_dict(section, kept, truncated):
    return {
        "title": section.title,
        "priority": section.priority,
        "items": [item.data for item in kept],
        "count": len(kept),
        "total": len(section.items),
        "truncated": truncated,
    }
