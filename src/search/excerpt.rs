//! A search result's excerpt: the start of a document's text, its blocks
//! kept apart, the same for every query.

/// How many characters of a document's text its excerpt keeps.
pub const EXCERPT_CHARS: usize = 140;

/// Between two blocks (a heading and a paragraph, two paragraphs) of an
/// excerpt, so a heading never reads as the start of the next sentence.
pub const BLOCK_SEPARATOR: &str = " · ";

/// A block that does not fit whole into an excerpt is cut only when at
/// least this many of its characters fit; otherwise the excerpt ends before
/// it.
pub const MIN_CUT_BLOCK: usize = 12;

/// The start of a text, shown under a result's title: its blocks (lines), whitespace
/// collapsed, joined by [`BLOCK_SEPARATOR`], at most [`EXCERPT_CHARS`]
/// characters. A block that does not fit is cut (with `…`) when at least
/// [`MIN_CUT_BLOCK`] of its characters fit; otherwise the excerpt ends with
/// `…` before it, and before the block ahead of it too when that one is as
/// short as a heading, so an excerpt does not end on a heading.
pub fn excerpt(text: &str) -> String {
    let separator = BLOCK_SEPARATOR.chars().count();
    let mut out = String::new();
    let mut used = 0;
    // Where the last whole block (with its separator) starts in `out`, and
    // its length in characters.
    let mut last_block = (0, 0);
    let blocks = text
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|block| !block.is_empty());
    for block in blocks {
        let sep = if out.is_empty() { 0 } else { separator };
        let len = block.chars().count();
        let room = EXCERPT_CHARS.saturating_sub(used + sep);
        if len <= room {
            last_block = (out.len(), len);
            if sep > 0 {
                out.push_str(BLOCK_SEPARATOR);
            }
            out.push_str(&block);
            used += sep + len;
            continue;
        }
        if room >= MIN_CUT_BLOCK || out.is_empty() {
            if sep > 0 {
                out.push_str(BLOCK_SEPARATOR);
            }
            out.extend(block.chars().take(room));
            out.truncate(out.trim_end().len());
        } else if last_block.0 > 0 && last_block.1 < MIN_CUT_BLOCK {
            out.truncate(last_block.0);
        }
        out.push('…');
        return out;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_keep_blocks_apart_and_are_cut_on_characters() {
        let long = "试".repeat(200);
        let e = excerpt(&long);
        assert_eq!(e.chars().count(), EXCERPT_CHARS + 1);
        assert!(e.ends_with('…'));
        assert_eq!(excerpt("a\n b"), "a · b");
        assert_eq!(excerpt("  a   b \n\n\n c\t"), "a b · c");
        // A heading never runs into the paragraph after it.
        let text = format!(
            "兼任副主席30人。\n基本情况\n到2020年底，{}",
            "全".repeat(200)
        );
        let e = excerpt(&text);
        assert!(
            e.starts_with("兼任副主席30人。 · 基本情况 · 到2020年底，全全"),
            "{e}"
        );
        assert_eq!(e.chars().count(), EXCERPT_CHARS + 1);
        // A block of which only a few characters would fit is left out, and
        // so is a heading before it.
        let text = format!("{}\n基本情况\n到2020年底", "甲".repeat(EXCERPT_CHARS - 10));
        assert_eq!(
            excerpt(&text),
            format!("{}…", "甲".repeat(EXCERPT_CHARS - 10))
        );
        let text = format!(
            "{}\n基本情况是这样的一种情况啊\n到2020年底",
            "甲".repeat(EXCERPT_CHARS - 20)
        );
        assert_eq!(
            excerpt(&text),
            format!(
                "{} · 基本情况是这样的一种情况啊…",
                "甲".repeat(EXCERPT_CHARS - 20)
            )
        );
        let text = format!("{}\n到2020年底全县", "甲".repeat(EXCERPT_CHARS - 5));
        assert_eq!(
            excerpt(&text),
            format!("{}…", "甲".repeat(EXCERPT_CHARS - 5))
        );
    }
}
