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
    ``key`` names the record the item shows (:func:`item_key`, e.g. ``"rule:12"``): it is not
    rendered; the prompt-time context answers only keyed items and says which it included.
    """

    markdown: str
    data: dict = field(default_factory=dict)
    short: str = ""
    short_data: dict | None = None
    tier: int | None = None
    key: str = ""


def item_key(kind, record_id):
    """The stable key of one record shown as an item: ``"<kind>:<id>"`` (``"rule:12"``)."""
    return f"{kind}:{int(record_id)}"


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
    """The form of every item (``None`` = left out) and the exact size that results.

    Sizes are kept incrementally: each change of an item's form re-measures only its section
    (its rendered size and its line in the Left out block) and adjusts running totals, so
    :meth:`total` costs O(1) and filling the budget costs O(items), whatever the number of
    sections.
    """

    def __init__(self, sections, max_bytes, fmt, title):
        self.sections = order_sections(sections)
        self.max_bytes = max_bytes
        self.fmt = fmt
        self.title = title
        self.level = LEVELS[0]
        n = len(self.sections)
        self.forms = [[None] * len(s.items) for s in self.sections]
        self.headed = [False] * n  # keep_empty heading reserved
        self.items_bytes = [0] * n
        self.counts = [{WHOLE: 0, SHORT: 0} for _s in self.sections]
        self._item_sizes = {}
        self._header_sizes = [_size(_section_header(section)) for section in self.sections]
        self._title_size = _size(f"# {title}\n\n")
        self._left_out_head = _size(f"## {LEFT_OUT_TITLE}\n\n\n")
        self._line_fixed = [0] * n  # bytes of a section's Left out line besides its counts
        # running measures, always up to date (see _refresh)
        self._section_sizes = [0] * n  # bytes of each section as rendered now
        self._line_sizes = [0] * n  # each section's line in the Left out block
        self._sizes_sum = 0
        self._lines_sum = 0
        self._printed = 0
        self._items_total = sum(len(section.items) for section in self.sections)
        self._kept_total = 0
        self._short_total = 0
        self.set_level(self.level)

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
        return self._section_sizes[s]

    def _measure_section(self, s):
        if not self.printed(s):
            return 0
        kept = self.kept(s)
        if self.fmt == "json":
            section = self.sections[s]
            head = _size(_json(section.key)) + 2 + _size(_json(self.section_dict(s, items=[])))
            return head + self.items_bytes[s] + (2 * (kept - 1) if kept else 0)
        return self._header_sizes[s] + (self.items_bytes[s] + 1 if kept else 0)

    def _line_size(self, s, left_out, shortened):
        """Size of section ``s``'s Left out line for these losses (counts are ASCII)."""
        if not (left_out or shortened):
            return 0
        return self._line_fixed[s] + len(_count_text(left_out, shortened))

    def _refresh(self, s):
        """Re-measure section ``s`` after a change and adjust the running totals."""
        size = self._measure_section(s)
        self._sizes_sum += size - self._section_sizes[s]
        self._section_sizes[s] = size
        line = self._line_size(s, *self.losses(s))
        self._lines_sum += line - self._line_sizes[s]
        self._line_sizes[s] = line

    def _total_after(self, s, i, form):
        """The markdown's size if item ``i`` of section ``s`` were shown in ``form``, measured
        without changing anything (the same arithmetic as :meth:`set_form` then :meth:`total`)."""
        old = self.forms[s][i]
        grown = self.item_size(s, i, form) if form else 0
        grown -= self.item_size(s, i, old) if old else 0
        more_kept = (form is not None) - (old is not None)
        more_short = (form == SHORT) - (old == SHORT)
        kept = self.kept(s) + more_kept
        shortened = self.counts[s][SHORT] + more_short
        size = 0
        if self.headed[s] or kept:
            size = self._header_sizes[s] + (self.items_bytes[s] + grown + 1 if kept else 0)
        sizes = self._sizes_sum - self._section_sizes[s] + size
        if self.level == "total":
            line = self._total_line(
                self._items_total - self._kept_total - more_kept, self._short_total + more_short
            )
            lines = _size(line)
        else:
            line_size = self._line_size(s, len(self.sections[s].items) - kept, shortened)
            lines = self._lines_sum - self._line_sizes[s] + line_size
        return self._title_size + sizes + (self._left_out_head + lines if lines else 0) - 1

    def total(self):
        if self.fmt == "json":
            return 2 + self._sizes_sum + 2 * max(self._printed - 1, 0)
        # every block ends with a blank line; the document ends with one newline
        return self._title_size + self._sizes_sum + self.left_out_size() - 1

    def most_saved(self, s):
        """Upper bound of what a change in section ``s`` saves besides its item's own bytes:
        shorter counts in its JSON header, or its line (and the heading) of the Left out block."""
        if self.fmt == "json":
            return 2
        if self.level == "total":
            return self.left_out_size()
        return self._line_sizes[s] + self._left_out_head

    def fits(self):
        return self.total() <= self.max_bytes

    # -- changes -------------------------------------------------------------

    def set_level(self, level):
        self.level = level
        for s, section in enumerate(self.sections):
            fixed = f"- {section.title}: \n"
            if level == "hints" and section.hint:
                fixed += f" — {section.hint.strip()}"
            self._line_fixed[s] = _size(fixed)
            self._refresh(s)

    def set_headed(self, s, headed):
        was = self.printed(s)
        self.headed[s] = headed
        self._printed += self.printed(s) - was
        self._refresh(s)

    def set_form(self, s, i, form):
        old = self.forms[s][i]
        if old == form:
            return
        was = self.printed(s)
        counts = self.counts[s]
        if old:
            self.items_bytes[s] -= self.item_size(s, i, old)
            counts[old] -= 1
            self._kept_total -= 1
            self._short_total -= old == SHORT
        if form:
            self.items_bytes[s] += self.item_size(s, i, form)
            counts[form] += 1
            self._kept_total += 1
            self._short_total += form == SHORT
        self.forms[s][i] = form
        self._printed += self.printed(s) - was
        self._refresh(s)

    def try_form(self, s, i, form):
        """Switch item ``i`` of section ``s`` to ``form`` if the result fits; say whether it did."""
        if self.fmt != "json":  # exact size without trying (O(1))
            if self._total_after(s, i, form) > self.max_bytes:
                return False
            self.set_form(s, i, form)
            return True
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
        left_out, shortened = self.losses(s)
        section, line = self.sections[s], ""
        if left_out or shortened:
            line = f"- {section.title}: {_count_text(left_out, shortened)}"
            if self.level == "hints" and section.hint:
                line += f" — {section.hint.strip()}"
            line += "\n"
        return line, _size(line)

    def _total_line(self, left_out=None, shortened=None):
        if left_out is None:
            left_out, shortened = self._items_total - self._kept_total, self._short_total
        return f"- {_count_text(left_out, shortened)}.\n" if left_out or shortened else ""

    def left_out_block(self):
        if self.level == "total":
            lines = self._total_line()
        else:
            lines = "".join(self.lost_line(s)[0] for s in range(len(self.sections)))
        return f"## {LEFT_OUT_TITLE}\n\n{lines}\n" if lines else ""

    def left_out_size(self):
        if self.level == "total":
            line = self._total_line()
            return self._left_out_head + _size(line) if line else 0
        return self._left_out_head + self._lines_sum if self._lines_sum else 0

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


def assemble(sections, max_bytes=25000, fmt="markdown", title="Practice context", with_keys=False):
    """Render ``sections`` within ``max_bytes`` (see the module docstring for the rules).

    Returns ``{"markdown", "sections", "bytes", "truncated", "left_out"}``: ``sections`` maps
    each printed section's key, in display order, to ``{"title", "priority", "items", "count",
    "total", "truncated", "shortened", "left_out"}``; ``bytes`` is the size of the markdown
    (fmt="markdown") or of the JSON-encoded sections (fmt="json"); ``truncated`` is true iff an
    item was left out or shortened; ``left_out`` maps each section that lost something to
    ``{"left_out": n, "shortened": m, "hint": str}``. With ``with_keys``, ``keys`` lists the
    :attr:`Item.key` of the items shown whole, in display order (unkeyed items are not listed).
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
    result = plan.result()
    if with_keys:
        result["keys"] = [
            item.key
            for s, section in enumerate(plan.sections)
            for item, form in zip(section.items, plan.forms[s], strict=True)
            if form == WHOLE and item.key
        ]
    return result
