"""Compare two result files of ``setup/bench``: every figure of A beside B and B / A.

    python bench/compare.py bench/results/A.json bench/results/B.json [--all]

Ratios (``_x``) and times (``_ms``, ``_s``) are better lower, throughputs (``_per_s``) and
recall/MRR higher. Only figures that moved by more than 10 % are listed unless ``--all``;
the machines are printed first: figures from different machines or load compare poorly.
"""

import json
import sys


def better_higher(name):
    return name.endswith("_per_s") or name.startswith(("recall", "mrr"))


def load(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    if len(args) != 2:
        print("usage: python bench/compare.py A.json B.json [--all]", file=sys.stderr)
        return 2
    show_all = "--all" in argv
    a, b = (load(p) for p in args)
    print(f"A: {args[0]} ({a.get('date')}, commit {a.get('commit')}, quick={a.get('quick')})")
    print(f"B: {args[1]} ({b.get('date')}, commit {b.get('commit')}, quick={b.get('quick')})\n")
    print("| machine | A | B |")
    print("|---|---|---|")
    for key in sorted(set(a.get("machine", {})) | set(b.get("machine", {}))):
        print(f"| {key} | {a['machine'].get(key)} | {b['machine'].get(key)} |")
    print("\n| benchmark | figure | A | B | B / A | |")
    print("|---|---|---|---|---|---|")
    for bench in sorted(set(a["benches"]) | set(b["benches"])):
        fa = a["benches"].get(bench, {}).get("figures", {})
        fb = b["benches"].get(bench, {}).get("figures", {})
        for name in sorted(set(fa) | set(fb)):
            va, vb = fa.get(name), fb.get(name)
            if va is None or vb is None:
                print(f"| {bench} | {name} | {va} | {vb} | — | only in {'B' if va is None else 'A'} |")
                continue
            ratio = vb / va if va else float("inf") if vb else 1.0
            if not show_all and abs(ratio - 1) <= 0.10:
                continue
            worse = ratio < 1 if better_higher(name) else ratio > 1
            verdict = "" if abs(ratio - 1) <= 0.10 else ("worse" if worse else "better")
            print(f"| {bench} | {name} | {va:.4g} | {vb:.4g} | {ratio:.2f} | {verdict} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
