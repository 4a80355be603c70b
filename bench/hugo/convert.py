#!/usr/bin/env python3
"""Turn a pilotsite site into an equivalent Hugo site, for bench/compare.sh.

    python3 bench/hugo/convert.py CORPUS_DIR HUGO_SITE_DIR

CORPUS_DIR is a pilotsite site (site.yaml and content/), such as one written
by `cargo run --release --example corpus`. HUGO_SITE_DIR must be missing or
empty; it receives:

  hugo.toml        bench/hugo/hugo.toml with the site's title put first
  layouts/         a copy of bench/hugo/layouts/
  static/          bench/style.css (the style sheet, shared with the Zola
                   site) and the site's own static/, if it has one
  data/pilot.yaml  site.yaml as it is: the templates read the periods and the
                   metric schema (labels, units, kinds, derived metrics) there
  content/         every Markdown file, front matter kept byte for byte:
    _index.md                     home page intro
    counties/_index.md            added: the county list's title (pilotsite
                                  makes that page without a file)
    counties/<id>/_index.md       county profile (a Hugo section)
    counties/<id>/<period>.md     reports
    <name>.md                     free pages, from content/pages/<name>.md,
                                  so they are served at /<name>/ as in
                                  pilotsite

Bodies are kept as they are except for links to other content, which
pilotsite writes as source paths (`@/counties/x/2016.md`, or relative to the
file: `2016.md`, `../y/2016.md`). They become Hugo `relref` shortcodes on the
same file, so Hugo resolves and checks them as pilotsite does (a missing
target fails the build). What the Zola converter shares with this one is in
bench/site_source.py. Python 3 standard library only.
"""

import json
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
    parse_args,
    rewrite_links,
    site_title,
    split_front_matter,
)


def hugo_path(source):
    """The Hugo content path of a pilotsite content path (both relative to
    content/, `/`-separated): free pages move from pages/ to the top."""
    if source.startswith("pages/"):
        return source[len("pages/"):]
    return source


def relref(resolved, anchor):
    """A link to other content as a Hugo `relref` shortcode, which Hugo
    resolves and checks (a missing target fails the build)."""
    return f'{{{{< relref "/{hugo_path(resolved)}{anchor}" >}}}}'


def main():
    corpus, out = parse_args(__doc__)

    site_yaml = (corpus / "site.yaml").read_text(encoding="utf-8")
    out.mkdir(parents=True, exist_ok=True)
    config = (HERE / "hugo.toml").read_text(encoding="utf-8")
    # json.dumps writes a valid TOML basic string.
    title = json.dumps(site_title(site_yaml), ensure_ascii=False)
    (out / "hugo.toml").write_text(f"title = {title}\n{config}", encoding="utf-8")
    shutil.copytree(HERE / "layouts", out / "layouts")
    (out / "static").mkdir()
    shutil.copy(HERE.parent / "style.css", out / "static" / "style.css")
    if (corpus / "static").is_dir():
        # The site's own static files, copied to the output root by both.
        shutil.copytree(corpus / "static", out / "static", dirs_exist_ok=True)
    (out / "data").mkdir()
    (out / "data" / "pilot.yaml").write_text(site_yaml, encoding="utf-8")

    content = corpus / "content"
    files = pages = links = 0
    for source, path in content_files(content):
        front, body = split_front_matter(path.read_text(encoding="utf-8"), path)
        # Hugo would read these as shortcodes.
        check_no_shortcodes(body, path, ["{{<", "{{%"])
        new_body = rewrite_links(body, source, path, relref)
        links += new_body.count("{{< relref")
        target = out / "content" / hugo_path(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(front + new_body, encoding="utf-8")
        files += 1
        pages += source.startswith("pages/")

    counties = out / "content" / "counties" / "_index.md"
    if not counties.exists():
        label = json.dumps(county_list_label(site_yaml), ensure_ascii=False)
        counties.write_text(f"---\ntitle: {label}\n---\n", encoding="utf-8")
    print(
        f"converted {files} content files ({pages} free pages, {links} links) "
        f"from {corpus} to {out}"
    )


if __name__ == "__main__":
    main()
