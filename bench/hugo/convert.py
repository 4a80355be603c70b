#!/usr/bin/env python3
"""Turn a pilotsite site into an equivalent Hugo site, for bench/compare.sh.

    python3 bench/hugo/convert.py CORPUS_DIR HUGO_SITE_DIR

CORPUS_DIR is a pilotsite site (site.yaml and content/), such as one written
by `cargo run --release --example corpus`. HUGO_SITE_DIR must be missing or
empty; it receives:

  hugo.toml        bench/hugo/hugo.toml with the site's title put first
  layouts/         a copy of bench/hugo/layouts/
  static/          a copy of bench/hugo/static/ (the style sheet) and of
                   the site's own static/, if it has one
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
target fails the build). Python 3 standard library only.
"""

import json
import posixpath
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# The target of a Markdown inline link or image, `](target)`: up to the first
# space or `)`. A link with a title (`](target "title")`) is not rewritten;
# the corpus has none.
LINK = re.compile(r"\]\(([^)\s]+)\)")


def split_front_matter(text, path):
    """(front matter with its `---` lines, body) of a content file."""
    if not text.startswith("---\n"):
        sys.exit(f"error: {path}: no YAML front matter")
    end = text.find("\n---\n", 3)
    if end < 0:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            sys.exit(f"error: {path}: front matter is not closed by `---`")
    cut = end + len("\n---\n")
    return text[:cut], text[cut:]


def hugo_path(source):
    """The Hugo content path of a pilotsite content path (both relative to
    content/, `/`-separated): free pages move from pages/ to the top."""
    if source.startswith("pages/"):
        return source[len("pages/"):]
    return source


def rewrite_links(body, source, path):
    """Replace links to other content by `relref` shortcodes. `source` is the
    file's own path relative to content/."""

    def replace(match):
        target = match.group(1)
        if "://" in target or target.startswith(("mailto:", "#", "/")):
            return match.group(0)
        file_part, hash_mark, anchor = target.partition("#")
        if not file_part.endswith(".md"):
            return match.group(0)
        if file_part.startswith("@/"):
            resolved = file_part[2:]
        else:
            resolved = posixpath.normpath(
                posixpath.join(posixpath.dirname(source), file_part)
            )
            if resolved.startswith("../"):
                sys.exit(f"error: {path}: link `{target}` leaves content/")
        ref = "/" + hugo_path(resolved) + hash_mark + anchor
        return f']({{{{< relref "{ref}" >}}}})'

    if "{{<" in body or "{{%" in body:
        # Hugo would read these as shortcodes; the corpus never has them.
        sys.exit(f"error: {path}: the body contains `{{{{<` or `{{{{%`")
    return LINK.sub(replace, body)


def site_title(site_yaml):
    """The top-level `title:` of site.yaml (a plain or quoted scalar)."""
    for line in site_yaml.splitlines():
        if line.startswith("title:"):
            value = line[len("title:"):].strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            return value
    sys.exit("error: site.yaml has no top-level `title:`")


def county_list_label(site_yaml):
    """labels.county from site.yaml, or pilotsite's default."""
    match = re.search(r"^labels:\n(?:  .*\n)*?  county: *(.+)$", site_yaml, re.M)
    return match.group(1).strip() if match else "县（市、区）"


def main():
    if len(sys.argv) == 2 and sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        sys.exit(0)
    if len(sys.argv) != 3:
        usage = __doc__.split("\n\n")[1].strip()
        print(f"usage: {usage}", file=sys.stderr)
        sys.exit(2)
    corpus, out = Path(sys.argv[1]), Path(sys.argv[2])
    if not (corpus / "site.yaml").is_file() or not (corpus / "content").is_dir():
        sys.exit(f"error: {corpus} is not a pilotsite site (no site.yaml or content/)")
    if out.exists() and any(out.iterdir()):
        sys.exit(f"error: {out} is not empty; give a missing or empty folder")

    site_yaml = (corpus / "site.yaml").read_text(encoding="utf-8")
    out.mkdir(parents=True, exist_ok=True)
    config = (HERE / "hugo.toml").read_text(encoding="utf-8")
    # json.dumps writes a valid TOML basic string.
    title = json.dumps(site_title(site_yaml), ensure_ascii=False)
    (out / "hugo.toml").write_text(f"title = {title}\n{config}", encoding="utf-8")
    shutil.copytree(HERE / "layouts", out / "layouts")
    shutil.copytree(HERE / "static", out / "static")
    if (corpus / "static").is_dir():
        # The site's own static files, copied to the output root by both.
        shutil.copytree(corpus / "static", out / "static", dirs_exist_ok=True)
    (out / "data").mkdir()
    (out / "data" / "pilot.yaml").write_text(site_yaml, encoding="utf-8")

    content = corpus / "content"
    files = pages = links = 0
    for path in sorted(content.rglob("*.md")):
        source = path.relative_to(content).as_posix()
        if any(part.startswith(".") for part in source.split("/")):
            continue
        front, body = split_front_matter(path.read_text(encoding="utf-8"), path)
        new_body = rewrite_links(body, source, path)
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
