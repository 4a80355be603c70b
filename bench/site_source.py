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


def _strip_comment(line):
    """A line without its `# comment` (a `#` after a space, outside quotes)."""
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"" and (i == 0 or line[i - 1] in " :[,-"):
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i].rstrip()
    return line.rstrip()


def _scalar(text):
    """A flow sequence `[a, b]` as a list, else the scalar unquoted (every
    scalar stays text: the templates only show or compare them)."""
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        inner = text[1:-1].strip()
        return [unquote(part) for part in inner.split(",")] if inner else []
    return unquote(text)


def _block(lines, i, indent):
    """The map or list whose lines start at lines[i] with `indent` spaces:
    (value, index of the first line after it)."""
    if lines[i][1].startswith("- ") or lines[i][1] == "-":
        items = []
        while i < len(lines) and lines[i][0] == indent and lines[i][1].startswith("-"):
            rest = lines[i][1][1:].lstrip()
            if not rest:
                value, i = _block(lines, i + 1, lines[i + 1][0])
            elif KEY_VALUE.match(rest):
                # `- key: value` opens a map whose keys line up after the dash.
                inner = indent + len(lines[i][1]) - len(rest)
                lines[i] = (inner, rest)
                value, i = _block(lines, i, inner)
            else:
                value, i = _scalar(rest), i + 1
            items.append(value)
        return items, i
    result = {}
    while i < len(lines) and lines[i][0] == indent:
        match = KEY_VALUE.match(lines[i][1])
        if not match:
            fail(f"site.yaml: cannot read `{lines[i][1]}`")
        key, value = match.group(1), (match.group(2) or "").strip()
        i += 1
        if value in ("|", ">", "|-", ">-"):
            parts = []
            while i < len(lines) and lines[i][0] > indent:
                parts.append(lines[i][1])
                i += 1
            result[key] = ("\n" if value.startswith("|") else " ").join(parts)
        elif value:
            result[key] = _scalar(value)
        elif i < len(lines) and (lines[i][0] > indent or lines[i][1].startswith("-")):
            result[key], i = _block(lines, i, lines[i][0])
        else:
            result[key] = ""
    return result, i


KEY_VALUE = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*):(?:\s+(.*)|)$")


def site_settings(site_yaml):
    """site.yaml as nested dicts and lists of text: the subset of YAML that
    SPEC's site.yaml uses (maps, lists, one-line scalars, flow sequences,
    `|`/`>` blocks, comments). Enough for the Zola converter to hand the
    periods, labels and metric schema to its templates as configuration."""
    lines = []
    for raw in site_yaml.splitlines():
        line = _strip_comment(raw)
        if line.strip() and line.strip() != "---":
            lines.append((len(line) - len(line.lstrip(" ")), line.strip()))
    if not lines:
        fail("site.yaml is empty")
    settings, end = _block(lines, 0, 0)
    if end != len(lines) or not isinstance(settings, dict):
        fail(f"site.yaml: cannot read `{lines[end][1] if end < len(lines) else ''}`")
    return settings


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
