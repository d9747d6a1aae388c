"""Compare two snapshots' metrics and flag what crosses a threshold.

A metric is identified by ``(model, metric)``; its kind comes from the metric name's prefix
(the part before ``:``):

- ``drop`` metrics (row counts, attachment counts and sizes) are flagged when they fall by
  at least ``abs`` units or ``pct`` percent of the value before (and, when ``rise_abs`` /
  ``rise_pct`` are set, when they grow that much);
- ``rise`` metrics (nulls in a computed field) are flagged when they grow by ``abs`` or by
  ``pct`` percent of the model's row count;
- ``any_rise`` metrics (sampled filestore files missing, attachment statistics found off
  and repaired) are flagged on any increase;
- ``hash`` metrics (sample hash, checksums) are flagged on change when ``flag_hash`` is on;
  a sample hash whose sample stride changed too is reported as ``resampled``, never flagged
  (the table's id range doubled or halved, so other rows were sampled);
- ``info`` metrics are reported, never flagged;
- ``any_change`` metrics (Odoo version, module vector) are flagged on any change;
- ``schema`` lines (``schema:<change>[:<name>]``) come from :mod:`.schema` (dropped, retyped
  or newly NOT NULL columns, vanished tables, removed stored fields, uninstalled modules) and
  are merged into a comparison by :func:`with_lines`.
"""

from dataclasses import asdict, dataclass

from . import schema as schema_tools

KINDS = {
    "count": "drop",
    "attachment_count": "drop",
    "attachment_size": "drop",
    "nulls": "rise",
    "files_missing": "any_rise",
    "stats_drift": "any_rise",
    "files_checked": "info",
    "sample_rows": "info",
    "sample_stride": "info",
    "sample_hash": "hash",
    "checksum": "hash",
    "odoo_version": "any_change",
    "module_vector": "any_change",
    "module": "any_change",
    "schema": "schema",
}


@dataclass(frozen=True)
class Threshold:
    """How much change is tolerated. Zero disables a bound."""

    pct: float = 5.0
    abs: float = 100
    rise_pct: float = 0.0
    rise_abs: float = 0.0
    flag_hash: bool = False

    @classmethod
    def from_dict(cls, data, default=None):
        base = asdict(default or cls())
        base.update({k: v for k, v in (data or {}).items() if k in base and v is not None})
        return cls(**base)

    def as_dict(self):
        return asdict(self)


def kind_of(metric):
    return KINDS.get(metric.split(":", 1)[0], "info")


def _num(value):
    if value is None:
        return 0
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _crosses(amount, base, abs_bound, pct_bound):
    """Whether a non-negative ``amount`` of change crosses either bound (relative to ``base``)."""
    if amount <= 0:
        return False
    if abs_bound and amount >= abs_bound:
        return True
    if pct_bound:
        if not base:
            return True
        return amount * 100.0 / base >= pct_bound
    return False


def threshold_text(kind, th):
    if kind == "drop":
        text = f"drop ≥ {_num(th.abs)} or ≥ {th.pct:g}%"
        if th.rise_abs or th.rise_pct:
            text += f"; rise ≥ {_num(th.rise_abs)} or ≥ {th.rise_pct:g}%"
        return text
    if kind == "rise":
        return f"rise ≥ {_num(th.abs)} or ≥ {th.pct:g}% of rows"
    if kind == "any_rise":
        return "any increase"
    if kind == "hash":
        return "any change" if th.flag_hash else "reported only"
    if kind == "any_change":
        return "any change"
    if kind == "schema":
        return "schema change"
    return "reported only"


def compare_metric(model, metric, before, after, th, rows=None):
    """One diff line: ``{"model", "metric", "kind", "before", "after", "delta", "delta_pct",
    "threshold", "flagged"}``. ``rows`` is the model's row count (base of ``rise`` percents)."""
    kind = kind_of(metric)
    line = {"model": model, "metric": metric, "kind": kind, "threshold": threshold_text(kind, th)}
    if kind in ("hash", "any_change"):
        before_s = "" if before is None else str(before)
        after_s = "" if after is None else str(after)
        changed = before_s != after_s
        flagged = changed and (kind == "any_change" or th.flag_hash)
        line.update(
            before=before_s,
            after=after_s,
            delta="changed" if changed else "",
            delta_pct=None,
            flagged=flagged,
        )
        return line
    b, a = _num(before), _num(after)
    delta = _num(a - b)
    pct = round(delta * 100.0 / b, 2) if b else None
    if kind == "drop":
        flagged = _crosses(-delta, b, th.abs, th.pct) or _crosses(delta, b, th.rise_abs, th.rise_pct)
    elif kind == "rise":
        flagged = _crosses(delta, rows if rows is not None else b, th.abs, th.pct)
    elif kind == "any_rise":
        flagged = delta > 0
    else:
        flagged = False
    line.update(before=b, after=a, delta=delta, delta_pct=pct, flagged=flagged)
    return line


def compare(before, after, thresholds=None, default=None):
    """Diff two metric maps ``{(model, metric): value}``.

    ``thresholds`` maps a model name to a :class:`Threshold` (``default`` for the rest).
    A metric missing on one side counts as 0 (or empty). Lines come sorted by model, then
    metric; the result is ``{"ok", "flagged", "lines"}``.
    """
    thresholds = thresholds or {}
    default = default or Threshold()
    lines = []
    for model, metric in sorted(set(before) | set(after)):
        th = thresholds.get(model, default)
        rows = after.get((model, "count"), before.get((model, "count")))
        line = compare_metric(
            model, metric, before.get((model, metric)), after.get((model, metric)), th, rows
        )
        if line["delta"] and _resampled(model, metric, before, after):
            line.update(delta="resampled", flagged=False)
        lines.append(line)
    flagged = [line for line in lines if line["flagged"]]
    return {"ok": not flagged, "flagged": flagged, "lines": lines}


def with_lines(result, extra):
    """``result`` of :func:`compare` with the ``extra`` lines (e.g. :func:`.schema.lines`)
    merged in, sorted by model then metric, ``ok`` and ``flagged`` recomputed."""
    lines = sorted([*result["lines"], *extra], key=lambda line: (line["model"], line["metric"]))
    flagged = [line for line in lines if line["flagged"]]
    return {"ok": not flagged, "flagged": flagged, "lines": lines}


def _resampled(model, metric, before, after):
    """Whether the sample behind a sample hash changed its stride between the snapshots."""
    return metric == "sample_hash" and before.get((model, "sample_stride")) != after.get(
        (model, "sample_stride")
    )


def severity(flagged):
    """``high`` when data was lost (a drop, blanked values, missing files) or can be (a
    dropped or retyped column, a vanished table, an uninstalled module), ``low`` when only
    hashes/versions/modules or minor schema details changed, ``none`` when nothing is flagged."""
    if not flagged:
        return "none"
    if any(line["kind"] in ("drop", "rise", "any_rise") for line in flagged):
        return "high"
    if any(
        line["kind"] == "schema" and schema_tools.severity_of(line["metric"]) == "high" for line in flagged
    ):
        return "high"
    return "low"


def line_text(model, metric, kind, before, after, delta):
    """One flagged line in words: ``model metric: before → after (delta)``; hash values are
    never quoted (they stay on the lines, readable by who may read the model)."""
    if kind == "hash":
        return f"{model} {metric}: changed"
    if kind in ("any_change", "schema"):
        return f"{model} {metric}: {before or '-'} → {after or '-'}"
    return f"{model} {metric}: {before} → {after} ({delta})"


def _signed(delta):
    return f"+{delta}" if isinstance(delta, int | float) and delta > 0 else str(delta)


def summary(flagged, limit=5):
    """A one-line human summary of flagged lines (as :func:`compare` returns them)."""
    texts = [
        line_text(
            line["model"], line["metric"], line["kind"], line["before"], line["after"], _signed(line["delta"])
        )
        for line in flagged
    ]
    return summary_of_texts(texts, limit=limit)


def summary_of_texts(texts, limit=5):
    """``texts`` joined with "; ", the first ``limit`` only, then "… and N more"."""
    parts = list(texts[:limit])
    if len(texts) > limit:
        parts.append(f"… and {len(texts) - limit} more")
    return "; ".join(parts)
