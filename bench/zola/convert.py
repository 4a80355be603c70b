#!/usr/bin/env python3
"""Turn a pilotsite site into an equivalent Zola site, for bench/compare.sh.

    python3 bench/zola/convert.py CORPUS_DIR ZOLA_SITE_DIR

CORPUS_DIR is a pilotsite site (site.yaml and content/), such as one written
by `cargo run --release --example corpus`. ZOLA_SITE_DIR must be missing or
empty; it receives:

  config.toml      bench/zola/config.toml with the site's title and
                   description put first and, as [extra], what the
                   templates read of site.yaml: its periods, labels,
                   baseline and metric schema (labels, units, kinds, derived
                   metrics)
  data/counties.json
                   the counties' sections in pilotsite's order (the order of
                   their weights below), as a list the templates read with
                   load_data
  templates/       a copy of bench/zola/templates/
  static/          bench/style.css (the style sheet, shared with the Hugo
                   site) and the site's own static/, if it has one
  content/         every Markdown file, body kept as it is:
    _index.md                       home page intro (the root section)
    counties/_index.md              added: the county list's title (pilotsite
                                    makes that page without a file)
    counties/<id>/_index.md         county profile: a Zola section whose
                                    pages are the county's reports
    counties/<id>/<period>.md       reports, named by their period id in
                                    lower case, as pilotsite's addresses are
    <name>.md                       free pages, from content/pages/<name>.md,
                                    so they are served at /<name>/ as in
                                    pilotsite

Front matter stays YAML (Zola reads `---` front matter) but is rearranged
into the fields Zola knows, line blocks moved as written, not re-parsed:

  report   title, date, authors and draft stay; `summary` becomes
           `description` (what the feed and the search index show, as
           Hugo's .Summary does); `period` (lower-cased) and `tags` become
           the taxonomies `periods` and `tags`; `weight` is the period's
           place in site.yaml, so the county's pages are in period order
           and Zola's lower/higher are the previous and next report; the
           rest (period, metrics, sources, extra) goes under `extra`.
  county   `title` is the county's name; `weight` (and `extra.rank`) is its
           place in pilotsite's county order (`order`, then id), so
           /counties/ lists the counties in that order and a report finds
           its neighbours in the period by position; `sort_by: weight`; the
           profile's own keys go under `extra`.
  other    title, description and draft stay, the rest goes under `extra`.

Links to other content become Zola's internal links on the same file
(`@/counties/x/2016-h2.md`), which Zola resolves and checks (a missing target
fails the build).

The templates rely on one thing the generated corpora always have and a
hand-written site may not: every county has one report for every period.
The converter checks it and stops if not, rather than let the templates show
wrong neighbours. What it shares with the Hugo converter is in
bench/site_source.py. Python 3 standard library only.
"""

import json
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, str(HERE.parent))
from site_source import (  # noqa: E402  (bench/site_source.py, found above)
    check_no_shortcodes,
    content_files,
    county_list_label,
    fail,
    parse_args,
    rewrite_links,
    site_settings,
    site_title,
    split_front_matter,
    unquote,
)

# A top-level front matter key, at the start of its line.
KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*):(.*)$")

# Front matter keys that keep their place, per kind of file; everything else
# goes under `extra`.
REPORT_KEYS = {"title", "date", "authors", "draft"}
PAGE_KEYS = {"title", "description", "draft"}


def entries(front, path):
    """The top-level entries of a front matter (with its `---` lines), as
    {key: [lines]}: the `key: value` line and the lines under it, as
    written. Comments and blank lines go with the entry before them."""
    lines = front.split("\n")[1:-2]
    result = {}
    current = None
    for line in lines:
        match = KEY.match(line)
        if match:
            current = match.group(1)
            if current in result:
                fail(f"{path}: front matter key `{current}` appears twice")
            result[current] = [line]
        elif current is not None:
            result[current].append(line)
        elif line.strip() and not line.lstrip().startswith("#"):
            fail(f"{path}: front matter line `{line}` belongs to no key")
    return result


def value(entry):
    """The one-line scalar of an entry (`key: value`), unquoted."""
    return unquote(KEY.match(entry[0]).group(2).split(" #")[0])


def renamed(entry, key):
    """The entry with its key changed."""
    return [KEY.sub(lambda m: f"{key}:{m.group(2)}", entry[0], count=1)] + entry[1:]


def nested(parent, blocks):
    """`parent:` with the entries indented under it."""
    lines = [f"{parent}:"]
    for block in blocks:
        lines += ["  " + line if line else line for line in block]
    return lines


# The fields of site.yaml's periods and metrics that the templates read.
PERIOD_FIELDS = ("id", "label")
METRIC_FIELDS = ("id", "label", "kind", "unit", "category", "ratio_of", "sum_of")


def toml_extra(settings):
    """What the templates read of site.yaml (language, description,
    baseline, labels, and the periods' and metrics' fields above), as
    config.toml's [extra]. Templates read `config.extra` in place, where a
    value from load_data is copied at every use (a metric's every field,
    for every metric on every page); but Zola copies `config` into every
    page's context, so it holds no more than the templates read."""
    def value(v):
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        # json.dumps writes a valid TOML basic string.
        return json.dumps(v, ensure_ascii=False)

    def table(d):
        return "".join(f"{k} = {value(v)}\n" for k, v in d.items() if not isinstance(v, dict))

    lines = ["[extra]\n"]
    for key in ("language", "description", "baseline"):
        if isinstance(settings.get(key), str):
            lines.append(f"{key} = {value(settings[key])}\n")
    lines.append("\n[extra.labels]\n" + table(settings.get("labels") or {}))
    for key, fields in (("periods", PERIOD_FIELDS), ("metrics", METRIC_FIELDS)):
        for item in settings.get(key) or []:
            if not isinstance(item, dict):
                fail(f"site.yaml: an item of `{key}` is not a map")
            kept = {k: item[k] for k in fields if k in item}
            lines.append(f"\n[[extra.{key}]]\n" + table(kept))
    return "".join(lines)


def front_matter(lines):
    return "---\n" + "".join(line + "\n" for line in lines) + "---\n"


def with_extra(fields, rest):
    """The kept fields, then the others under `extra`."""
    lines = [line for block in fields for line in block]
    if rest:
        lines += nested("extra", rest)
    return lines


def report_front(fm, path, weights):
    if "period" not in fm:
        fail(f"{path}: a report without `period`")
    period = value(fm["period"])
    if period not in weights:
        fail(f"{path}: period `{period}` is not one of site.yaml's periods")
    kept = [fm[k] for k in fm if k in REPORT_KEYS]
    if "summary" in fm:
        kept.append(renamed(fm["summary"], "description"))
    kept.append([f"weight: {weights[period]}"])
    # Lower-cased, as pilotsite's and Hugo's period addresses are (Zola's
    # "safe" slugs keep the case, for the tags' sake).
    taxonomies = [[f"periods: [{json.dumps(period.lower(), ensure_ascii=False)}]"]]
    if "tags" in fm:
        taxonomies.append(fm["tags"])
    kept.append(nested("taxonomies", taxonomies))
    rest = [fm[k] for k in fm if k not in REPORT_KEYS | {"summary", "tags"}]
    return period, with_extra(kept, rest)


def county_front(fm, path, rank):
    if "name" not in fm:
        fail(f"{path}: a county profile without `name`")
    kept = [
        renamed(fm["name"], "title"),
        [f"weight: {rank}", "sort_by: weight"],
    ]
    return with_extra(kept, list(fm.values()) + [[f"rank: {rank}"]])


def page_front(fm, extra_lines=()):
    kept = [fm[k] for k in fm if k in PAGE_KEYS] + [list(extra_lines)]
    return with_extra(kept, [fm[k] for k in fm if k not in PAGE_KEYS])


def county_order(content):
    """County ids in pilotsite's order: by `order` (missing: after all
    ordered ones), then by id."""
    keys = []
    for profile in sorted((content / "counties").glob("*/_index.md")):
        county = profile.parent.name
        front, _ = split_front_matter(profile.read_text(encoding="utf-8"), profile)
        fm = entries(front, profile)
        order = int(value(fm["order"])) if "order" in fm else None
        keys.append(((order is None, order or 0, county), county))
    return [county for _, county in sorted(keys)]


def zola_path(source, reports):
    """The Zola content path of a pilotsite content path: free pages move
    from pages/ to the top, reports are named by their period."""
    if source.startswith("pages/"):
        return source[len("pages/"):]
    return reports.get(source, source)


def main():
    corpus, out = parse_args(__doc__)
    site_yaml = (corpus / "site.yaml").read_text(encoding="utf-8")
    settings = site_settings(site_yaml)
    periods = [p.get("id", "") for p in settings.get("periods") or [] if isinstance(p, dict)]
    if not periods:
        fail("site.yaml has no `periods:` with ids")
    weights = {period: i + 1 for i, period in enumerate(periods)}
    content = corpus / "content"
    ranks = {county: i + 1 for i, county in enumerate(county_order(content))}

    # First pass: every file's front matter, and each report's new name.
    files = []
    reports = {}  # source path -> Zola path
    seen = {}  # (county, period) -> source path
    for source, path in content_files(content):
        front, body = split_front_matter(path.read_text(encoding="utf-8"), path)
        fm = entries(front, path)
        parts = source.split("/")
        if len(parts) == 3 and parts[0] == "counties" and parts[2] == "_index.md":
            lines = county_front(fm, path, ranks[parts[1]])
        elif len(parts) == 3 and parts[0] == "counties":
            period, lines = report_front(fm, path, weights)
            if (parts[1], period) in seen:
                fail(f"{path}: a second report of {parts[1]} for {period}")
            seen[(parts[1], period)] = source
            reports[source] = f"counties/{parts[1]}/{period.lower()}.md"
        elif source == "_index.md" or (len(parts) == 2 and parts[0] == "pages"):
            lines = page_front(fm)
        else:
            fail(f"{path}: not a file pilotsite reads")
        files.append((source, path, lines, body))
    missing = [(c, p) for c in ranks for p in periods if (c, p) not in seen]
    if missing:
        county, period = missing[0]
        fail(
            f"{len(missing)} county x period reports are missing, such as {county} "
            f"for {period}; the Zola templates find a report's neighbours in its "
            "period by the county's position and need every county to have "
            "every period, as the generated corpora do"
        )

    out.mkdir(parents=True, exist_ok=True)
    config = (HERE / "config.toml").read_text(encoding="utf-8")
    # json.dumps writes a valid TOML basic string.
    title = json.dumps(site_title(site_yaml), ensure_ascii=False)
    head = f"title = {title}\n"
    if isinstance(settings.get("description"), str):
        head += f"description = {json.dumps(settings['description'], ensure_ascii=False)}\n"
    extra = toml_extra(settings)
    (out / "config.toml").write_text(f"{head}{config}\n{extra}", encoding="utf-8")
    # The county order, for a report's neighbours in its period (see
    # templates/page.html).
    (out / "data").mkdir()
    order = [f"counties/{county}/_index.md" for county in ranks]
    (out / "data" / "counties.json").write_text(json.dumps(order) + "\n", encoding="utf-8")
    shutil.copytree(HERE / "templates", out / "templates")
    (out / "static").mkdir()
    shutil.copy(HERE.parent / "style.css", out / "static" / "style.css")
    if (corpus / "static").is_dir():
        # The site's own static files, copied to the output root by both.
        shutil.copytree(corpus / "static", out / "static", dirs_exist_ok=True)

    def internal(resolved, anchor):
        return f"@/{zola_path(resolved, reports)}{anchor}"

    links = pages = 0
    for source, path, lines, body in files:
        # Zola would read these as shortcodes.
        check_no_shortcodes(body, path, ["{{", "{%"])
        new_body = rewrite_links(body, source, path, internal)
        links += new_body.count("](@/")
        target = out / "content" / zola_path(source, reports)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(front_matter(lines) + new_body, encoding="utf-8")
        pages += source.startswith("pages/")

    counties = out / "content" / "counties" / "_index.md"
    if not counties.exists():
        label = json.dumps(county_list_label(site_yaml), ensure_ascii=False)
        lines = [f"title: {label}", "template: counties.html"]
        counties.write_text(front_matter(lines), encoding="utf-8")
    print(
        f"converted {len(files)} content files ({pages} free pages, {links} links) "
        f"from {corpus} to {out}"
    )


if __name__ == "__main__":
    main()
