"""Reading a pilotsite site, for the converters that turn it into a Hugo
site (bench/hugo/convert.py) and a Zola site (bench/zola/convert.py).

Both keep the Markdown bodies as they are and rewrite only links to other
content, which pilotsite writes as source paths (`@/counties/x/2016.md`, or
relative to the file: `2016.md`, `../y/2016.md`). What is shared here: the
command line, splitting a file at its front matter, the few site.yaml values
the converters need, walking content/ and resolving link targets. Python 3
standard library only; the YAML read here is only what examples/corpus.rs
and hand-written sites put at the top level of site.yaml.
"""

import posixpath
import re
import sys
from pathlib import Path

# The target of a Markdown inline link or image, `](target)`: up to the first
# space or `)`. A link with a title (`](target "title")`) is not rewritten;
# the corpus has none.
LINK = re.compile(r"\]\(([^)\s]+)\)")


def fail(message):
    sys.exit(f"error: {message}")


def parse_args(doc):
    """(corpus, out) from the command line `CONVERT CORPUS_DIR SITE_DIR`,
    checked: the corpus is a pilotsite site and `out` is missing or empty.
    `doc` is the converter's docstring; its second paragraph is the usage."""
    if len(sys.argv) == 2 and sys.argv[1] in ("-h", "--help"):
        print(doc)
        sys.exit(0)
    if len(sys.argv) != 3:
        usage = doc.split("\n\n")[1].strip()
        print(f"usage: {usage}", file=sys.stderr)
        sys.exit(2)
    corpus, out = Path(sys.argv[1]), Path(sys.argv[2])
    if not (corpus / "site.yaml").is_file() or not (corpus / "content").is_dir():
        fail(f"{corpus} is not a pilotsite site (no site.yaml or content/)")
    if out.exists() and any(out.iterdir()):
        fail(f"{out} is not empty; give a missing or empty folder")
    return corpus, out


def split_front_matter(text, path):
    """(front matter with its `---` lines, body) of a content file."""
    if not text.startswith("---\n"):
        fail(f"{path}: no YAML front matter")
    end = text.find("\n---\n", 3)
    if end < 0:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            fail(f"{path}: front matter is not closed by `---`")
    cut = end + len("\n---\n")
    return text[:cut], text[cut:]


def unquote(value):
    """A plain or quoted YAML scalar as written on one line, without its
    quotes."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def site_title(site_yaml):
    """The top-level `title:` of site.yaml (a plain or quoted scalar)."""
    for line in site_yaml.splitlines():
        if line.startswith("title:"):
            return unquote(line[len("title:"):])
    fail("site.yaml has no top-level `title:`")


def county_list_label(site_yaml):
    """labels.county from site.yaml, or pilotsite's default."""
    match = re.search(r"^labels:\n(?:  .*\n)*?  county: *(.+)$", site_yaml, re.M)
    return match.group(1).strip() if match else "县（市、区）"


def period_ids(site_yaml):
    """The ids of site.yaml's `periods:`, oldest first (each item written as
    `- id: X` followed by its other keys, as SPEC's example does)."""
    match = re.search(r"^periods:\n((?:[ -].*\n|\n)*)", site_yaml, re.M)
    if not match:
        fail("site.yaml has no top-level `periods:` list")
    ids = [unquote(m.group(1)) for m in re.finditer(r"^ *- *id: *(.+)$", match.group(1), re.M)]
    if not ids:
        fail("site.yaml's `periods:` has no `- id: ...` items")
    return ids


def content_files(content):
    """(source, path) of every Markdown file under `content`, in a fixed
    order: `source` is its path relative to content/, `/`-separated. Hidden
    files and folders are skipped, as pilotsite does."""
    for path in sorted(content.rglob("*.md")):
        source = path.relative_to(content).as_posix()
        if any(part.startswith(".") for part in source.split("/")):
            continue
        yield source, path


def check_no_shortcodes(body, path, openers):
    """Stop if the body holds what the target generator would read as a
    template call (`{{<` for Hugo, `{{`/`{%` for Zola); the corpus never
    has them."""
    for opener in openers:
        if opener in body:
            fail(f"{path}: the body contains `{opener}`")


def rewrite_links(body, source, path, link):
    """Replace every link to other content: `link(resolved, anchor)` gets
    the target's source path relative to content/ and its `#anchor` (with
    the `#`, or empty) and returns the new link target. `source` is the
    file's own source path."""

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
                fail(f"{path}: link `{target}` leaves content/")
        return f"]({link(resolved, hash_mark + anchor)})"

    return LINK.sub(replace, body)
