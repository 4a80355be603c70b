#!/usr/bin/env python3
"""The figures of one corpus beside the budgets of issue 18, for
bench/compare.sh.

    python3 bench/results.py --corpus LABEL --reports N --logs DIR
        --hyperfine FILE --out TOOL=DIR [--out TOOL=DIR...]
        [--search FILE] [--notes FILE] [--budgeted] [--results FILE]

--out gives each tool's output folder (pilotsite, zola, hugo), as the last
timed run left it; --logs holds the /usr/bin/time -v log of every timed
run, named runs-TOOL-*.txt; --hyperfine is hyperfine's JSON export of the
same runs; --search is bench/search-bytes.mjs's JSON for pilotsite's output.
--budgeted marks the corpus whose ratios to Zola the issue budgets (the
10,000-report one); elsewhere they are shown in parentheses, for
information. Prints the table (Markdown) and, with --results, writes it
with --notes appended. Python 3 standard library only.

Budgets, per corpus: largest HTML page 512 KiB; largest SVG 256 KiB; bytes
one search fetches 512 KiB (KB read as 1,024 bytes); total output at most 2x
Zola's; user+system CPU time and peak resident memory at most 0.5x Zola's.
Every figure of a build is the median of its timed runs.
"""

import argparse
import json
import os
import statistics
import sys
from pathlib import Path

KIB = 1024
HTML_BUDGET = 512 * KIB
SVG_BUDGET = 256 * KIB
SEARCH_BUDGET = 512 * KIB
OUTPUT_RATIO = 2.0
CPU_RATIO = 0.5
RSS_RATIO = 0.5

NAMES = {"pilotsite": "pilotsite", "zola": "Zola", "hugo": "Hugo"}
# The file a client-side search of each other tool loads: the whole index.
SEARCH_FILES = {"zola": ["search_index.zh.json", "search_index.en.json"], "hugo": ["index.json"]}


def output_figures(root):
    """Files, bytes, HTML pages and the largest HTML page and SVG of a
    build's output folder."""
    figures = {"files": 0, "bytes": 0, "html": 0, "largest_html": (0, ""), "largest_svg": (0, "")}
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            size = os.lstat(path).st_size
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            figures["files"] += 1
            figures["bytes"] += size
            if name.endswith(".html"):
                figures["html"] += 1
                shown = "/" + rel[: -len("index.html")] if name == "index.html" else "/" + rel
                figures["largest_html"] = max(figures["largest_html"], (size, shown))
            elif name.endswith(".svg"):
                figures["largest_svg"] = max(figures["largest_svg"], (size, "/" + rel))
    return figures


def time_figures(logs, tool):
    """Median user+system CPU seconds, peak RSS (MiB) and wall seconds over
    the /usr/bin/time -v logs of a tool's timed runs."""
    cpu, rss, wall = [], [], []
    for log in sorted(Path(logs).glob(f"runs-{tool}-*.txt")):
        fields = {}
        for line in log.read_text().splitlines():
            key, _, value = line.strip().rpartition(": ")
            fields[key] = value
        try:
            cpu.append(float(fields["User time (seconds)"]) + float(fields["System time (seconds)"]))
            rss.append(int(fields["Maximum resident set size (kbytes)"]) / KIB)
            elapsed = 0.0
            for part in fields["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":"):
                elapsed = elapsed * 60 + float(part)
            wall.append(elapsed)
        except KeyError as missing:
            sys.exit(f"error: {log}: no {missing} line; is it a /usr/bin/time -v log?")
    if not cpu:
        sys.exit(f"error: no runs-{tool}-*.txt logs in {logs}")
    return {
        "cpu": statistics.median(cpu),
        "rss": statistics.median(rss),
        "time_wall": statistics.median(wall),
        "runs": len(cpu),
        "each": list(zip(cpu, rss)),
    }


def num(n):
    return f"{n:,}"


def mb(n):
    return f"{n / 1e6:,.1f} MB"


def verdict(ok, budgeted=True):
    word = "PASS" if ok else "FAIL"
    return word if budgeted else f"({word})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--reports", type=int, required=True)
    parser.add_argument("--logs", required=True)
    parser.add_argument("--hyperfine", required=True)
    parser.add_argument("--out", action="append", default=[], metavar="TOOL=DIR")
    parser.add_argument("--search")
    parser.add_argument("--notes")
    parser.add_argument("--budgeted", action="store_true")
    parser.add_argument("--results")
    args = parser.parse_args()

    tools = {}
    for item in args.out:
        tool, _, folder = item.partition("=")
        if tool not in NAMES or not folder:
            sys.exit(f"error: --out wants TOOL=DIR with TOOL one of {', '.join(NAMES)}, found `{item}`")
        tools[tool] = output_figures(folder)
        tools[tool]["out"] = folder
    if "pilotsite" not in tools:
        sys.exit("error: --out pilotsite=DIR is needed")
    walls = {r["command"]: r for r in json.load(open(args.hyperfine))["results"]}
    for tool, figures in tools.items():
        figures.update(time_figures(args.logs, tool))
        figures["wall"] = walls[tool]["median"]
    search = json.load(open(args.search)) if args.search else None
    for tool in ("zola", "hugo"):
        if tool in tools:
            for name in SEARCH_FILES[tool]:
                path = Path(tools[tool]["out"]) / name
                if path.exists():
                    tools[tool]["search"] = (path.stat().st_size, name)
                    break

    order = [t for t in ("pilotsite", "zola", "hugo") if t in tools]
    ps = tools["pilotsite"]
    zola = tools.get("zola")
    rows = []

    def row(figure, budget, cells, ratio, result):
        rows.append([figure, budget] + [cells.get(t, "") for t in order] + [ratio, result])

    # Sizes: absolute budgets, the same at every corpus.
    html = {t: f"{num(f['largest_html'][0])} B `{f['largest_html'][1]}`" for t, f in tools.items()}
    row("largest HTML page", "512 KiB", html, "", verdict(ps["largest_html"][0] <= HTML_BUDGET))
    svg = {
        t: f"{num(f['largest_svg'][0])} B `{f['largest_svg'][1]}`" if f["largest_svg"][1] else "none"
        for t, f in tools.items()
    }
    row("largest SVG", "256 KiB", svg, "", verdict(ps["largest_svg"][0] <= SVG_BUDGET))
    cells = {}
    if search:
        largest = search["largest"]
        cells["pilotsite"] = (
            f"{num(largest['bytes'])} B (gzip {num(largest['gzip'])}), query 「{largest['query']}」"
        )
    else:
        cells["pilotsite"] = "not measured"
    for tool in ("zola", "hugo"):
        if tool in tools:
            found = tools[tool].get("search")
            cells[tool] = f"{num(found[0])} B, all of `{found[1]}`" if found else "no index"
    result = verdict(search["largest"]["bytes"] <= SEARCH_BUDGET) if search else "not measured"
    row("bytes one search fetches", "512 KiB", cells, "", result)

    # Against Zola.
    def against(figure, budget_text, key, limit, show):
        cells = {t: show(f[key]) for t, f in tools.items()}
        if zola:
            ratio = ps[key] / zola[key]
            row(figure, budget_text, cells, f"{ratio:.2f}x", verdict(ratio <= limit, args.budgeted))
        else:
            row(figure, budget_text, cells, "", "no Zola")

    against("total output", "<= 2x Zola", "bytes", OUTPUT_RATIO, mb)
    against("CPU time, user + system", "<= 0.5x Zola", "cpu", CPU_RATIO, lambda s: f"{s:.2f} s")
    against("peak memory", "<= 0.5x Zola", "rss", RSS_RATIO, lambda m: f"{m:,.1f} MiB")
    cells = {t: f"{f['wall']:.3f} s" for t, f in tools.items()}
    ratio = f"{ps['wall'] / zola['wall']:.2f}x" if zola else ""
    row("wall time (no budget)", "", cells, ratio, "")
    cells = {t: f"{num(f['html'])} / {num(f['files'])}" for t, f in tools.items()}
    row("HTML pages / files (no budget)", "", cells, "", "")

    header = ["figure", "budget"] + [NAMES[t] for t in order] + ["pilotsite/Zola", "result"]
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join(["---"] * 2 + ["---:"] * (len(order) + 1) + [":---:"]) + "|",
    ]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    table = "\n".join(lines)
    runs = ", ".join(f"{NAMES[t]} {tools[t]['runs']}" for t in order)
    each = "\n".join(
        f"{NAMES[t]:<9} " + "; ".join(f"{c:.2f} s / {r:.1f} MiB" for c, r in tools[t]["each"])
        for t in order
    )
    legend = (
        f"Times: median of the timed runs ({runs}). Sizes: the last timed run's output"
        " (every run writes the same files). KiB = 1,024 bytes."
    )
    if not args.budgeted:
        legend += (
            " The issue budgets the ratios to Zola at 10,000 reports; here they are in"
            " parentheses, for information."
        )
    print(table)
    print()
    print(legend)
    if args.results:
        notes = Path(args.notes).read_text() if args.notes else ""
        Path(args.results).write_text(
            f"# {args.corpus}: {', '.join(NAMES[t] for t in order)}\n\n{table}\n\n{legend}\n\n"
            f"Every timed run, CPU (user + system) / peak RSS:\n\n```\n{each}\n```\n\n{notes}",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
