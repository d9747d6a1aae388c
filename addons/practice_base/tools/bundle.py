"""Assemble the session-start context bundle from sections within a byte budget.

Each addon contributes :class:`Section` objects (see ``practice.context``); this module
decides which items are shown whole, which shrink to one line and which are left out,
then renders markdown or JSON. It knows nothing about the ORM, so it is tested as plain
Python.

How the budget is spent (``max_bytes`` counts the whole markdown, or the JSON-encoded
``sections`` for fmt="json"):

1. Pinned sections (locks on the named modules, open high-severity alerts) keep every item
   whole. If they alone do not fit, their lowest-ranked items shrink to their ``short`` form;
   if even that does not fit, the bundle exceeds ``max_bytes`` (the one documented exception:
   pinned information is never cut).
2. Sections with ``keep_empty`` keep their heading and intro while it fits.
3. Every other item, in budget order ``(tier, section priority, section key, position)``, is
   kept whole if it fits, else in its short form if it fits, else left out. A second pass in
   the same order upgrades what the first one shortened or left out while the budget allows.

Display order is independent of budget order: sections by ``(priority, key)``, items in the
order given. A section without kept items is not printed unless ``keep_empty``. When items are
left out or shortened, the markdown ends with a "## Left out" block (counts and how to fetch
each item whole) whose size is counted inside the budget. The same input gives the same output.
"""

import json
from dataclasses import dataclass, field

WHOLE = "whole"
SHORT = "short"
LEFT_OUT_TITLE = "Left out"
# Richest first: the Left out block falls back to fewer words when the budget is tight.
LEVELS = ("hints", "counts", "total")


@dataclass
class Item:
    """One entry of a section: how an agent reads it and what a tool gets.

    ``short`` is an optional one-line markdown form used when the whole ``markdown`` does not
    fit; ``short_data`` its JSON form (default: the ``id``/``number`` of ``data``). ``tier``
    ranks the item for the budget (lower first); it defaults to its section's budget rank.
    """

    markdown: str
    data: dict = field(default_factory=dict)
    short: str = ""
    short_data: dict | None = None
    tier: int | None = None


@dataclass
class Section:
    """A block of the bundle. Lower ``priority`` is displayed first.

    ``budget`` is the rank in which the section's items get budget (default: ``priority``);
    ``pinned`` sections are never cut for budget; ``hint`` tells in one line how to fetch a
    left-out item whole; ``keep_empty`` prints heading and intro even without items.
    """

    key: str
    title: str
    priority: int
    items: list = field(default_factory=list)
    intro: str = ""
    pinned: bool = False
    budget: int | None = None
    hint: str = ""
    keep_empty: bool = False


def _size(text):
    return len(text.encode("utf-8"))


def _json(value):
    return json.dumps(value, sort_keys=True, default=str)


def order_sections(sections):
    """Deterministic display order: priority, then key."""
    return sorted(sections, key=lambda s: (s.priority, s.key))


def item_tier(section, item):
    """Budget rank of ``item``: its own tier, else its section's budget rank."""
    if item.tier is not None:
        return item.tier
    return section.priority if section.budget is None else section.budget


def item_data(item, form):
    """What the JSON carries for ``item`` shown in ``form``; ``form`` is added only for items
    that have a short form, so old-style items keep exactly their ``data``."""
    if form == SHORT:
        base = item.short_data
        if base is None:
            base = {key: item.data[key] for key in ("id", "number") if key in item.data}
        return dict(base, short=item.short, form=SHORT)
    return dict(item.data, form=WHOLE) if item.short else item.data


def item_text(item, form):
    return (item.short if form == SHORT else item.markdown).rstrip()


def _section_header(section):
    header = f"## {section.title}\n\n"
    if section.intro:
        header += section.intro.rstrip() + "\n\n"
    return header


def _count_text(left_out, shortened):
    parts = [f"{left_out} left out"] if left_out else []
    if shortened:
        parts.append(f"{shortened} shortened")
    return ", ".join(parts)


class _Plan:
    """The form of every item (``None`` = left out) and the exact size that results."""

    def __init__(self, sections, max_bytes, fmt, title):
        self.sections = order_sections(sections)
        self.max_bytes = max_bytes
        self.fmt = fmt
        self.title = title
        self.level = LEVELS[0]
        self.forms = [[None] * len(s.items) for s in self.sections]
        self.headed = [False] * len(self.sections)  # keep_empty heading reserved
        self.items_bytes = [0] * len(self.sections)
        self.counts = [{WHOLE: 0, SHORT: 0} for _s in self.sections]
        self._item_sizes = {}
        self._section_sizes = {}  # s -> bytes of the section as rendered now
        self._lines = {}  # s -> (its line in the Left out block at this level, its size)

    # -- sizes ---------------------------------------------------------------

    def item_size(self, s, i, form):
        key = (s, i, form)
        if key not in self._item_sizes:
            item = self.sections[s].items[i]
            if self.fmt == "json":
                self._item_sizes[key] = _size(_json(item_data(item, form)))
            else:
                self._item_sizes[key] = _size(item_text(item, form) + "\n")
        return self._item_sizes[key]

    def kept(self, s):
        return self.counts[s][WHOLE] + self.counts[s][SHORT]

    def losses(self, s):
        """``(left out, shortened)`` items of section ``s``."""
        return len(self.sections[s].items) - self.kept(s), self.counts[s][SHORT]

    def printed(self, s):
        return self.headed[s] or self.kept(s) > 0

    def section_size(self, s):
        if s not in self._section_sizes:
            self._section_sizes[s] = self._measure_section(s)
        return self._section_sizes[s]

    def _measure_section(self, s):
        if not self.printed(s):
            return 0
        kept = self.kept(s)
        if self.fmt == "json":
            section = self.sections[s]
            head = _size(_json(section.key)) + 2 + _size(_json(self.section_dict(s, items=[])))
            return head + self.items_bytes[s] + (2 * (kept - 1) if kept else 0)
        return _size(_section_header(self.sections[s])) + (self.items_bytes[s] + 1 if kept else 0)

    def total(self):
        sizes = [self.section_size(s) for s in range(len(self.sections))]
        if self.fmt == "json":
            printed = sum(1 for s in range(len(self.sections)) if self.printed(s))
            return 2 + sum(sizes) + 2 * max(printed - 1, 0)
        # every block ends with a blank line; the document ends with one newline
        return _size(f"# {self.title}\n\n") + sum(sizes) + self.left_out_size() - 1

    def most_saved(self, s):
        """Upper bound of what a change in section ``s`` saves besides its item's own bytes:
        shorter counts in its JSON header, or its line (and the heading) of the Left out block."""
        if self.fmt == "json":
            return 2
        if self.level == "total":
            return self.left_out_size()
        return self.lost_line(s)[1] + _size(f"## {LEFT_OUT_TITLE}\n\n\n")

    def fits(self):
        return self.total() <= self.max_bytes

    # -- changes -------------------------------------------------------------

    def changed(self, s):
        self._section_sizes.pop(s, None)
        self._lines.pop(s, None)

    def set_level(self, level):
        self.level = level
        self._lines.clear()

    def set_headed(self, s, headed):
        self.headed[s] = headed
        self.changed(s)

    def set_form(self, s, i, form):
        self.changed(s)
        old = self.forms[s][i]
        if old:
            self.items_bytes[s] -= self.item_size(s, i, old)
            self.counts[s][old] -= 1
        if form:
            self.items_bytes[s] += self.item_size(s, i, form)
            self.counts[s][form] += 1
        self.forms[s][i] = form

    def try_form(self, s, i, form):
        """Switch item ``i`` of section ``s`` to ``form`` if the result fits; say whether it did."""
        old = self.forms[s][i]
        growth = self.item_size(s, i, form) - (self.item_size(s, i, old) if old else 0)
        if growth - self.most_saved(s) > self.max_bytes - self.total():
            return False  # cannot fit: skip the exact measure
        self.set_form(s, i, form)
        if self.fits():
            return True
        self.set_form(s, i, old)
        return False

    def try_better(self, s, i):
        """Whole if it fits, else short if it fits and the item is not shown yet."""
        if self.forms[s][i] == WHOLE or self.try_form(s, i, WHOLE):
            return
        item = self.sections[s].items[i]
        if item.short and self.forms[s][i] is None:
            self.try_form(s, i, SHORT)

    # -- the Left out block --------------------------------------------------

    def lost_line(self, s):
        """Section ``s``'s line in the Left out block ("" when it lost nothing) and its size."""
        if s not in self._lines:
            left_out, shortened = self.losses(s)
            section, line = self.sections[s], ""
            if left_out or shortened:
                line = f"- {section.title}: {_count_text(left_out, shortened)}"
                if self.level == "hints" and section.hint:
                    line += f" — {section.hint.strip()}"
                line += "\n"
            self._lines[s] = (line, _size(line))
        return self._lines[s]

    def left_out_block(self):
        if self.level == "total":
            losses = [self.losses(s) for s in range(len(self.sections))]
            left_out, shortened = sum(n for n, _m in losses), sum(m for _n, m in losses)
            lines = f"- {_count_text(left_out, shortened)}.\n" if left_out or shortened else ""
        else:
            lines = "".join(self.lost_line(s)[0] for s in range(len(self.sections)))
        return f"## {LEFT_OUT_TITLE}\n\n{lines}\n" if lines else ""

    def left_out_size(self):
        if self.level == "total":
            return _size(self.left_out_block())
        lines = sum(self.lost_line(s)[1] for s in range(len(self.sections)))
        return _size(f"## {LEFT_OUT_TITLE}\n\n\n") + lines if lines else 0

    # -- output --------------------------------------------------------------

    def section_dict(self, s, items=None):
        section = self.sections[s]
        left_out, shortened = self.losses(s)
        if items is None:
            items = [
                item_data(item, form) for item, form in zip(section.items, self.forms[s], strict=True) if form
            ]
        return {
            "title": section.title,
            "priority": section.priority,
            "items": items,
            "count": self.kept(s),
            "total": len(section.items),
            "truncated": bool(left_out or shortened),
            "shortened": shortened,
            "left_out": left_out,
        }

    def markdown(self):
        parts = [f"# {self.title}\n\n"]
        for s, section in enumerate(self.sections):
            if not self.printed(s):
                continue
            lines = [
                item_text(item, form) + "\n"
                for item, form in zip(section.items, self.forms[s], strict=True)
                if form
            ]
            parts.append(_section_header(section) + "".join(lines) + ("\n" if lines else ""))
        parts.append(self.left_out_block())
        return "".join(parts)[:-1]

    def result(self):
        sections = {
            section.key: self.section_dict(s) for s, section in enumerate(self.sections) if self.printed(s)
        }
        left_out = {}
        for s, section in enumerate(self.sections):
            count, shortened = self.losses(s)
            if count or shortened:
                left_out[section.key] = {"left_out": count, "shortened": shortened, "hint": section.hint}
        if self.fmt == "json":
            markdown, size = "", _size(_json(sections))
        else:
            markdown = self.markdown()
            size = _size(markdown)
        return {
            "markdown": markdown,
            "sections": sections,
            "bytes": size,
            "truncated": bool(left_out),
            "left_out": left_out,
        }


def _budget_order(plan, pinned):
    """``(s, i)`` of the pinned (or the other) items, most deserving of budget first."""
    order = [
        (item_tier(section, item), section.priority, section.key, i, s)
        for s, section in enumerate(plan.sections)
        if section.pinned == pinned
        for i, item in enumerate(section.items)
    ]
    return [(s, i) for *_rank, i, s in sorted(order)]


def _keep_pinned(plan):
    """Pinned items whole; if that does not fit, the fewest words in the Left out block, then
    the lowest-ranked pinned items shortened. Never left out, even past ``max_bytes``."""
    pinned = _budget_order(plan, pinned=True)
    for s, i in pinned:
        plan.set_form(s, i, WHOLE)
    for level in LEVELS:
        plan.set_level(level)
        if plan.fits():
            return
    for s, i in reversed(pinned):
        if plan.sections[s].items[i].short:
            plan.set_form(s, i, SHORT)
            if plan.fits():
                return


def _keep_headings(plan):
    for s, section in enumerate(plan.sections):
        if section.keep_empty:
            plan.set_headed(s, True)
            plan.set_headed(s, plan.fits())


def _fill(plan):
    order = _budget_order(plan, pinned=False)
    for _pass in range(2):  # the second pass upgrades what the first shortened or left out
        for s, i in order:
            plan.try_better(s, i)


def _richest_level(plan):
    """Once the items are placed, the most helpful Left out block that still fits."""
    chosen = plan.level
    for level in LEVELS[: LEVELS.index(chosen)]:
        plan.set_level(level)
        if plan.fits():
            return
    plan.set_level(chosen)


def assemble(sections, max_bytes=25000, fmt="markdown", title="Practice context"):
    """Render ``sections`` within ``max_bytes`` (see the module docstring for the rules).

    Returns ``{"markdown", "sections", "bytes", "truncated", "left_out"}``: ``sections`` maps
    each printed section's key, in display order, to ``{"title", "priority", "items", "count",
    "total", "truncated", "shortened", "left_out"}``; ``bytes`` is the size of the markdown
    (fmt="markdown") or of the JSON-encoded sections (fmt="json"); ``truncated`` is true iff an
    item was left out or shortened; ``left_out`` maps each section that lost something to
    ``{"left_out": n, "shortened": m, "hint": str}``.
    """
    if fmt not in ("markdown", "json"):
        raise ValueError(f"Unknown format {fmt!r}: use 'markdown' or 'json'.")
    max_bytes = int(max_bytes)
    if max_bytes <= 0:
        raise ValueError("max_bytes must be a positive number of bytes.")
    plan = _Plan(sections, max_bytes, fmt, title)
    _keep_pinned(plan)
    _keep_headings(plan)
    _fill(plan)
    _richest_level(plan)
    return plan.result()
