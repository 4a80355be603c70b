//! The full-text search index behind `/search/`: the site's text cut into
//! tokens at build time, written as static JSON files that the theme's
//! `search.js` reads in the browser. Pure: no I/O.
//!
//! # Decision: our own static index, not Pagefind
//!
//! We build our own static index rather than use Pagefind. It needs no heavy
//! dependency (no extra binary or crate, no WebAssembly in the browser), and
//! indexing and querying use exactly the same segmentation by construction:
//! the tokenizer below exists once in Rust (indexing) and once in
//! `themes/default/static/search.js` (querying), and a test runs both on the
//! same text and requires the same tokens and positions. Pagefind's extended
//! build segments Chinese differently at index time and at query time
//! (pagefind#1237), so a Chinese word in Chinese text can fail to be found,
//! which is exactly what SPEC's `/search/` promises.
//!
//! # Segmentation (tokenizer version [`TOKENIZER_VERSION`])
//!
//! 1. Normalise each character: full-width ASCII (U+FF01..U+FF5E, so
//!    `Ａ`, `１`) becomes half-width, then ASCII is lower-cased. Nothing else
//!    changes (no Unicode case folding, which JavaScript and Rust would do
//!    differently).
//! 2. Split into runs of CJK characters (Han ideographs, kana, hangul; see
//!    [`is_cjk`]) and runs of ASCII letters and digits. Every other character
//!    (punctuation, spaces, symbols, other scripts) separates runs, and a CJK
//!    run ends where an ASCII run starts (`2019年` is `2019` and `年`).
//! 3. A CJK run of two or more characters yields its overlapping character
//!    bigrams (`乡镇科协` -> `乡镇`, `镇科`, `科协`); a one-character run yields
//!    that character. An ASCII run yields itself, lower-cased.
//! 4. Every token has a position. The tokens of one run take consecutive
//!    positions; the first token of the next run is 2 after the last one when
//!    the runs touch (`2019年`) and 3 after when separators lie between them
//!    (`2019 年`). A document's title, kind and text are one stream, in that
//!    order, each field starting as if after a separator; the first token is
//!    at 0.
//!
//! A query matches a document when the document has every token of the
//! query, so a Chinese word is found wherever its bigrams all occur, with no
//! dictionary to disagree with the writer about where words end.
//!
//! # Phrases
//!
//! A query's tokens with nothing separating them (a stretch without spaces
//! or punctuation, such as `村级科协` or `2019年上半年`) form a phrase. By rule
//! 4 a document holds a phrase unbroken exactly when the phrase's tokens lie
//! at the same distances from each other in the document as in the query:
//! consecutive positions are only ever given within one run, so bigrams one
//! position apart are characters side by side. `search.js` ranks documents
//! by how many of the query's phrases (of two tokens or more) they hold
//! unbroken, then by score, so a page with `村级科协` ranks above one that
//! only has `村级` and `科协` apart.
//!
//! # Files (paths relative to the output root)
//!
//! - `search/meta.json`: `{"tokenizer":2,"shards":N,"docs":D}`. `search.js`
//!   refuses an index whose version is not its own; the version changes when
//!   the tokens, their positions or the format of these files do.
//! - `search/docs.json`: an array, one object per document in the order
//!   given to [`index`]: `{"url","title","kind","excerpt"}`; the excerpt is
//!   the start of the text, its blocks (lines) joined by
//!   [`BLOCK_SEPARATOR`], at most [`EXCERPT_CHARS`] characters (see
//!   [`excerpt`]).
//! - `search/index/<s>.json` for `s` in `0..N`: the inverted index, sharded
//!   by [`shard_of`] (FNV-1a of the token's UTF-8 bytes, modulo N). Each is
//!   an object `{token: postings}` with tokens in byte order. `postings` is
//!   a string of numbers listing, for every document that has the token, in
//!   document order: the document's index in `docs.json` less the previous
//!   one's plus one (the first: the index itself); the token's count in the
//!   document times 2, plus 1 when the token is in the title; then each of
//!   its positions, the first as it is and each next one less the previous
//!   plus one. A number is written in base 46, least significant digit
//!   first, with the 92 printable ASCII characters other than `"` and `\`
//!   in code point order: the first 46 are the digits of a number's last
//!   (most significant) place, the other 46 those of every place before it.
//!   So 0 to 45 take one character, up to 2,115 two, up to 97,335 three,
//!   and no character needs escaping in JSON. The browser loads only the
//!   shards of the query's tokens. N is the smallest count (from total
//!   size / [`SHARD_TARGET`]) that keeps every shard within [`SHARD_TARGET`]
//!   bytes, at least 1.
//!
//! Positions cost bytes: why this encoding and not JSON arrays (which the
//! index used before it had positions) is measured in ARCHITECTURE.md.
//!
//! Output is deterministic: documents keep the order they are given in,
//! postings are in document order, and the token map (a hash map while it is
//! filled) is sorted by token before anything is written.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::BuildHasherDefault;

/// The version of the tokens, their positions and the index files;
/// `search.js` checks it in `meta.json`. Bumped whenever any of them changes.
pub const TOKENIZER_VERSION: u32 = 2;

/// How many characters of a document's text `docs.json` keeps as its excerpt.
pub const EXCERPT_CHARS: usize = 140;

/// Between two blocks (a heading and a paragraph, two paragraphs) of an
/// excerpt, so a heading never reads as the start of the next sentence.
pub const BLOCK_SEPARATOR: &str = " · ";

/// A block that does not fit whole into an excerpt is cut only when at
/// least this many of its characters fit; otherwise the excerpt ends before
/// it.
pub const MIN_CUT_BLOCK: usize = 12;

/// The size a shard of the inverted index aims to stay within, in bytes.
pub const SHARD_TARGET: usize = 20_000;

/// One searchable page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    /// The page's URL, base path included, as links use it.
    pub url: String,
    pub title: String,
    /// What the page is, shown under the title in results (for a report:
    /// county name and period label). Its words are searchable too.
    pub kind: String,
    /// The page's plain text, one block (heading, paragraph, list item,
    /// table cell) a line: for a Markdown body, `Rendered::text`.
    pub text: String,
}

/// Full-width ASCII to half-width, then ASCII lower-case.
fn normalise(c: char) -> char {
    let u = c as u32;
    let c = if (0xFF01..=0xFF5E).contains(&u) {
        char::from_u32(u - 0xFEE0).unwrap_or(c)
    } else {
        c
    };
    c.to_ascii_lowercase()
}

/// Whether a (normalised) character belongs to a CJK run: Han ideographs
/// (unified, extensions A to H, compatibility), `々` and `〇`, hiragana,
/// katakana (full- and half-width, with the prolonged sound mark, without
/// the middle dot `・`), and hangul (syllables and jamo).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF         // Hangul Jamo
        | 0x3005                // 々 ideographic iteration mark
        | 0x3007                // 〇 ideographic number zero
        | 0x3041..=0x3096       // Hiragana
        | 0x309D..=0x309F       // Hiragana iteration marks, digraph
        | 0x30A1..=0x30FA       // Katakana
        | 0x30FC..=0x30FF       // Katakana prolonged sound mark, iteration marks, digraph
        | 0x3130..=0x318F       // Hangul Compatibility Jamo
        | 0x31F0..=0x31FF       // Katakana Phonetic Extensions
        | 0x3400..=0x4DBF       // CJK Unified Ideographs Extension A
        | 0x4E00..=0x9FFF       // CJK Unified Ideographs
        | 0xAC00..=0xD7AF       // Hangul Syllables
        | 0xF900..=0xFAFF       // CJK Compatibility Ideographs
        | 0xFF66..=0xFF9F       // Half-width Katakana
        | 0x20000..=0x3FFFF     // Extensions B to H, Compatibility Supplement
    )
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Cjk,
    Word,
    Separator,
}

fn class(c: char) -> Class {
    if c.is_ascii_lowercase() || c.is_ascii_digit() {
        Class::Word
    } else if is_cjk(c) {
        Class::Cjk
    } else {
        Class::Separator
    }
}

/// How far the first token of a run is from the last token before it: when
/// the runs touch, and when separators (or the start of a field) lie
/// between them.
const GAP_TOUCHING: u64 = 2;
const GAP_SEPARATED: u64 = 3;

/// The tokens of a run that has just ended, built in `scratch`, with their
/// positions: the first `gap` after `last` (or 0), then one apart.
fn flush(
    f: &mut impl FnMut(&str, u64),
    scratch: &mut String,
    last: &mut Option<u64>,
    gap: u64,
    class: Class,
    run: &[char],
) {
    let mut at = last.map_or(0, |l| l + gap);
    let mut emit = |chars: &[char]| {
        scratch.clear();
        scratch.extend(chars);
        f(scratch, at);
        *last = Some(at);
        at += 1;
    };
    match class {
        Class::Word => emit(run),
        Class::Cjk if run.len() == 1 => emit(run),
        Class::Cjk => run.windows(2).for_each(emit),
        Class::Separator => {}
    }
}

/// The tokens of a text, in order, with repeats (see the module docs for the
/// rules). `search.js` has the same function; keep them in step and bump
/// [`TOKENIZER_VERSION`] when they change.
pub fn tokens(text: &str) -> Vec<String> {
    positioned_tokens(text)
        .into_iter()
        .map(|(t, _)| t)
        .collect()
}

/// The tokens of a text with their positions (rule 4 of the module docs),
/// the first at 0. `positioned` in `search.js` gives the same.
pub fn positioned_tokens(text: &str) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    for_each_token(text, &mut None, |t, at| out.push((t.to_string(), at)));
    out
}

/// Calls `f` with each token of `text` and its position, in order, without
/// allocating a string for each. `last` is the position of the last token
/// before this text (of an earlier field of the same document), updated to
/// this text's last token; the text starts as if after a separator.
fn for_each_token(text: &str, last: &mut Option<u64>, mut f: impl FnMut(&str, u64)) {
    let mut run: Vec<char> = Vec::new();
    let mut scratch = String::new();
    let mut current = Class::Separator;
    // Whether separators (or the start of the text) lie between the last
    // token and the run being read.
    let mut separated = true;
    let gap = |separated: bool| {
        if separated {
            GAP_SEPARATED
        } else {
            GAP_TOUCHING
        }
    };
    for c in text.chars().map(normalise) {
        let k = class(c);
        if k != current {
            if current != Class::Separator {
                flush(&mut f, &mut scratch, last, gap(separated), current, &run);
                separated = k == Class::Separator;
            }
            run.clear();
            current = k;
        }
        if k != Class::Separator {
            run.push(c);
        }
    }
    flush(&mut f, &mut scratch, last, gap(separated), current, &run);
}

/// 32-bit FNV-1a of the UTF-8 bytes of `s` (`fnv1a` in `search.js`).
pub fn fnv1a(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The shard (`search/index/<shard>.json`) that holds a token's postings.
pub fn shard_of(token: &str, shards: u32) -> u32 {
    fnv1a(token) % shards.max(1)
}

/// The start of a text for `docs.json`: its blocks (lines), whitespace
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

/// A JSON string literal.
fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

/// The digits of the numbers in a postings string: printable ASCII less `"`
/// and `\`, so the string is written into JSON as it is. The first half are
/// final digits, the second half digits with more to follow.
const DIGITS: &[u8; 92] =
    b"!#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";

/// The number base of a postings string: half the digits.
const BASE: u64 = 46;

/// Appends `n` to a postings string: base 46, least significant digit
/// first, every digit but the last taken from the second half of
/// [`DIGITS`]. So 0..45 take one character, up to 2,115 two, up to 97,335
/// three. (`search.js` reads them back in `decodePostings`.)
fn write_number(out: &mut Vec<u8>, mut n: u64) {
    loop {
        let digit = (n % BASE) as usize;
        n /= BASE;
        if n == 0 {
            out.push(DIGITS[digit]);
            return;
        }
        out.push(DIGITS[BASE as usize + digit]);
    }
}

/// One document's entry in a token's postings, as [`decode_postings`]
/// reads it back (for tests and tools; the index is written directly).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    /// Whether the token is in the document's title.
    pub in_title: bool,
    /// Where the token is in the document, in increasing order; as many as
    /// times it occurs.
    pub positions: Vec<u64>,
}

/// Reads a postings string of a shard (see the module docs); `None` when it
/// is not one.
pub fn decode_postings(s: &str) -> Option<Vec<Posting>> {
    let mut numbers = Vec::new();
    let (mut value, mut scale) = (0u64, 1u64);
    for b in s.bytes() {
        let digit = DIGITS.iter().position(|&d| d == b)? as u64;
        if digit >= BASE {
            value = value.checked_add((digit - BASE).checked_mul(scale)?)?;
            scale = scale.checked_mul(BASE)?;
        } else {
            numbers.push(value.checked_add(digit.checked_mul(scale)?)?);
            (value, scale) = (0, 1);
        }
    }
    if scale != 1 {
        return None;
    }
    let mut numbers = numbers.into_iter();
    let mut out = Vec::new();
    let mut next_doc = 0u64;
    while let Some(delta) = numbers.next() {
        let doc = next_doc.checked_add(delta)?;
        next_doc = doc.checked_add(1)?;
        let count_title = numbers.next()?;
        let mut positions = Vec::new();
        let mut next = 0u64;
        for _ in 0..count_title / 2 {
            let at = next.checked_add(numbers.next()?)?;
            positions.push(at);
            next = at.checked_add(1)?;
        }
        out.push(Posting {
            doc: u32::try_from(doc).ok()?,
            in_title: count_title % 2 == 1,
            positions,
        });
    }
    Some(out)
}

/// FNV-1a, 64-bit, as a hasher for the token map: tokens are short and
/// trusted (they come from the site), so SipHash's protection against
/// chosen keys buys nothing here and costs a tenth of the build.
#[derive(Default)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A token's postings string as it is written, and the next document index
/// its first number is counted from.
#[derive(Default)]
struct Postings {
    encoded: Vec<u8>,
    next_doc: u32,
}

/// Every token with its postings string, tokens in byte order. One pass
/// over the documents in order: a document's tokens are gathered as (token
/// number, position) pairs, sorted, and each token's entry for the document
/// is appended to its postings string, so nothing per occurrence outlives
/// its document and a string is allocated only for a token not seen before.
fn postings(docs: &[Doc]) -> Vec<(String, Vec<u8>)> {
    let mut ids: HashMap<String, u32, BuildHasherDefault<Fnv>> = HashMap::default();
    let mut lists: Vec<Postings> = Vec::new();
    let mut hits: Vec<(u32, u64)> = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        let doc_index = u32::try_from(d).unwrap_or(u32::MAX);
        hits.clear();
        let mut add = |token: &str, at: u64| {
            let id = match ids.get(token) {
                Some(&id) => id,
                None => {
                    let id = u32::try_from(lists.len()).unwrap_or(u32::MAX);
                    ids.insert(token.to_string(), id);
                    lists.push(Postings::default());
                    id
                }
            };
            hits.push((id, at));
        };
        let mut last = None;
        for_each_token(&doc.title, &mut last, &mut add);
        // Positions below this are in the title.
        let title_end = last.map_or(0, |l| l + 1);
        for_each_token(&doc.kind, &mut last, &mut add);
        for_each_token(&doc.text, &mut last, &mut add);
        hits.sort_unstable();
        for group in hits.chunk_by(|a, b| a.0 == b.0) {
            let list = &mut lists[group[0].0 as usize];
            write_number(
                &mut list.encoded,
                u64::from(doc_index.saturating_sub(list.next_doc)),
            );
            list.next_doc = doc_index.saturating_add(1);
            let in_title = group[0].1 < title_end;
            write_number(
                &mut list.encoded,
                group.len() as u64 * 2 + u64::from(in_title),
            );
            let mut next = 0;
            for &(_, at) in group {
                write_number(&mut list.encoded, at - next);
                next = at + 1;
            }
        }
    }
    // Hash order goes no further: sorted here, before anything is written.
    let mut sorted: Vec<(String, Vec<u8>)> = ids
        .into_iter()
        .map(|(token, id)| (token, std::mem::take(&mut lists[id as usize].encoded)))
        .collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    sorted
}

/// The length of `"token":"postings"` without writing it.
fn entry_len(token: &str, postings: &[u8]) -> usize {
    json_string(token).len() + 3 + postings.len()
}

/// Writes `"token":"postings"`.
fn write_entry(out: &mut String, token: &str, postings: &[u8]) {
    out.push_str(&json_string(token));
    out.push_str(":\"");
    // DIGITS are ASCII.
    out.extend(postings.iter().map(|&b| char::from(b)));
    out.push('"');
}

/// The number of shards for entries of these (token, serialised size)
/// pairs: the smallest count from total / target upwards whose largest
/// shard is within the target (or within the largest single entry, if that
/// alone is bigger). Hashing decides where a token goes, so this may not
/// exist; counts up to twice the first guess are tried, and failing that the
/// one with the smallest largest shard is taken.
fn shard_count(entries: &[(&str, usize)], target: usize) -> u32 {
    let total: usize = entries.iter().map(|(_, n)| n + 1).sum::<usize>() + 2;
    let largest = entries.iter().map(|(_, n)| n + 2).max().unwrap_or(0);
    let limit = target.max(largest);
    let first = u32::try_from(total.div_ceil(target).max(1)).unwrap_or(u32::MAX);
    let largest_shard = |n: u32| {
        let mut sizes = vec![1usize; n as usize];
        for (token, size) in entries {
            sizes[shard_of(token, n) as usize] += size + 1;
        }
        sizes.into_iter().max().unwrap_or(0)
    };
    let mut best = (usize::MAX, first);
    for n in first..=first.saturating_mul(2) {
        let size = largest_shard(n);
        if size <= limit {
            return n;
        }
        if size < best.0 {
            best = (size, n);
        }
    }
    best.1
}

/// The search files for a set of documents, as (path relative to the output
/// root, contents): `search/meta.json`, `search/docs.json` and every
/// `search/index/<shard>.json`, in path order.
pub fn index(docs: &[Doc]) -> Vec<(String, String)> {
    index_with_target(docs, SHARD_TARGET)
}

fn index_with_target(docs: &[Doc], target: usize) -> Vec<(String, String)> {
    let postings = postings(docs);
    // Sizes first, so the shard count is known before anything is written;
    // then each entry is written once, straight into its shard.
    let sizes: Vec<(&str, usize)> = postings
        .iter()
        .map(|(token, list)| (token.as_str(), entry_len(token, list)))
        .collect();
    let shards = shard_count(&sizes, target);
    let mut files: Vec<String> = vec![String::new(); shards as usize];
    for (shard, size) in sizes.iter().map(|(t, n)| (shard_of(t, shards) as usize, n)) {
        files[shard].reserve(size + 1);
    }
    drop(sizes);
    for (token, list) in &postings {
        let file = &mut files[shard_of(token, shards) as usize];
        file.push(if file.is_empty() { '{' } else { ',' });
        write_entry(file, token, list);
    }
    drop(postings);

    let mut out = Vec::with_capacity(files.len() + 2);
    out.push(("search/docs.json".to_string(), docs_json(docs)));
    for (s, mut file) in files.into_iter().enumerate() {
        if file.is_empty() {
            file.push('{');
        }
        file.push('}');
        out.push((format!("search/index/{s}.json"), file));
    }
    out.push((
        "search/meta.json".to_string(),
        format!(
            "{{\"tokenizer\":{TOKENIZER_VERSION},\"shards\":{shards},\"docs\":{}}}",
            docs.len()
        ),
    ));
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// `search/docs.json`: one object per line.
fn docs_json(docs: &[Doc]) -> String {
    let mut s = String::from("[");
    for (i, d) in docs.iter().enumerate() {
        s.push_str(if i == 0 { "\n" } else { ",\n" });
        let _ = write!(
            s,
            "{{\"url\":{},\"title\":{},\"kind\":{},\"excerpt\":{}}}",
            json_string(&d.url),
            json_string(&d.title),
            json_string(&d.kind),
            json_string(&excerpt(&d.text)),
        );
    }
    s.push_str("\n]\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strs(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn encoded(postings: &[(u32, bool, &[u64])]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut next_doc = 0;
        for &(doc, in_title, positions) in postings {
            write_number(&mut out, u64::from(doc - next_doc));
            next_doc = doc + 1;
            write_number(&mut out, positions.len() as u64 * 2 + u64::from(in_title));
            let mut next = 0;
            for &at in positions {
                write_number(&mut out, at - next);
                next = at + 1;
            }
        }
        out
    }

    #[test]
    fn entry_sizes_are_what_is_written() {
        let list: [(u32, bool, &[u64]); 3] = [
            (0, false, &[0]),
            (9, true, &[1, 2, 3, 50, 5_000]),
            (12_345, false, &[99_999, 4_000_000_000]),
        ];
        for token in ["科协", "2019", "a", "\"\\"] {
            for n in 0..=list.len() {
                let postings = encoded(&list[..n]);
                let mut out = String::new();
                write_entry(&mut out, token, &postings);
                assert_eq!(entry_len(token, &postings), out.len(), "{out}");
                // It is JSON, and its postings read back as written.
                let value: serde_json::Value = serde_json::from_str(&format!("{{{out}}}")).unwrap();
                let read = decode_postings(value[token].as_str().unwrap()).unwrap();
                let want: Vec<Posting> = list[..n]
                    .iter()
                    .map(|&(doc, in_title, positions)| Posting {
                        doc,
                        in_title,
                        positions: positions.to_vec(),
                    })
                    .collect();
                assert_eq!(read, want);
            }
        }
    }

    #[test]
    fn numbers_take_one_character_below_46() {
        let digits = std::str::from_utf8(DIGITS).unwrap();
        // Every digit is distinct and goes into JSON unescaped.
        assert_eq!(json_string(digits), format!("\"{digits}\""));
        let mut sorted = DIGITS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), DIGITS.len());
        for (n, chars) in [
            (0, 1),
            (45, 1),
            (46, 2),
            (2_115, 2),
            (2_116, 3),
            (97_335, 3),
            (97_336, 4),
            (u64::from(u32::MAX), 6),
            (u64::MAX, 12),
        ] {
            let mut out = Vec::new();
            write_number(&mut out, n);
            assert_eq!(out.len(), chars, "{n}");
            // A posting of document n with no positions reads back as n.
            write_number(&mut out, 0);
            let read = decode_postings(std::str::from_utf8(&out).unwrap());
            if let Ok(doc) = u32::try_from(n) {
                assert_eq!(read.unwrap()[0].doc, doc);
            } else {
                assert_eq!(read, None, "{n} is not a document index");
            }
        }
        // Not a postings string: a digit missing its end, a foreign character.
        assert_eq!(decode_postings("\u{7e}"), None);
        assert_eq!(decode_postings("!\""), None);
        assert_eq!(decode_postings("!"), None);
        assert_eq!(decode_postings(""), Some(vec![]));
    }

    #[test]
    fn chinese_bigrams_and_numbers() {
        assert_eq!(
            tokens("乡镇科协覆盖率达到85%"),
            strs(&[
                "乡镇", "镇科", "科协", "协覆", "覆盖", "盖率", "率达", "达到", "85"
            ])
        );
    }

    #[test]
    fn full_width_and_case_are_normalised() {
        assert_eq!(tokens("１２３"), strs(&["123"]));
        assert_eq!(tokens("ＡＢＣ ａｂｃ Abc"), strs(&["abc", "abc", "abc"]));
        // Full-width punctuation separates, as ASCII punctuation does.
        assert_eq!(tokens("试点（２０１９）"), strs(&["试点", "2019"]));
    }

    #[test]
    fn mixed_text() {
        assert_eq!(
            tokens("2019年上半年，“四长”兼任SAST副主席16人。县"),
            strs(&[
                "2019", "年上", "上半", "半年", "四长", "兼任", "sast", "副主", "主席", "16", "人",
                "县"
            ])
        );
        // Kana and hangul are CJK runs; the katakana middle dot separates.
        assert_eq!(
            tokens("東京タワー"),
            strs(&["東京", "京タ", "タワ", "ワー"])
        );
        assert_eq!(tokens("ア・イ"), strs(&["ア", "イ"]));
        assert_eq!(tokens("서울 시"), strs(&["서울", "시"]));
        // Letters outside ASCII separate.
        assert_eq!(tokens("café x"), strs(&["caf", "x"]));
        assert!(tokens("，。！ — ").is_empty());
        assert!(tokens("").is_empty());
    }

    fn positions(text: &str) -> Vec<(&'static str, u64)> {
        positioned_tokens(text)
            .into_iter()
            .map(|(t, at)| (&*t.leak(), at))
            .collect()
    }

    #[test]
    fn positions_are_consecutive_in_a_run_and_apart_across_runs() {
        // One run: one apart.
        assert_eq!(
            positions("村级科协"),
            [("村级", 0), ("级科", 1), ("科协", 2)]
        );
        // Runs that touch: two apart; separated: three, however many
        // separators.
        assert_eq!(
            positions("2019年上半年 abc，， 县"),
            [
                ("2019", 0),
                ("年上", 2),
                ("上半", 3),
                ("半年", 4),
                ("abc", 7),
                ("县", 10)
            ]
        );
        // Leading separators do not move the first token.
        assert_eq!(positions("  ，村级"), [("村级", 0)]);
        // Characters apart are never side by side: 村级 and 级科 of
        // "村级。级科协" are not one apart, as they are in "村级科协".
        assert_eq!(
            positions("村级。级科协"),
            [("村级", 0), ("级科", 3), ("科协", 4)]
        );
    }

    #[test]
    fn fnv1a_and_shards_are_stable() {
        // Published FNV-1a 32-bit test vectors.
        assert_eq!(fnv1a(""), 0x811c_9dc5);
        assert_eq!(fnv1a("a"), 0xe40c_292c);
        assert_eq!(fnv1a("foobar"), 0xbf9c_f968);
        // Fixed here so a change to the hash or the modulo is noticed
        // (search.js must compute the same).
        assert_eq!(fnv1a("试点"), 0xef9d_11ed);
        assert_eq!(shard_of("试点", 7), 0xef9d_11ed % 7);
        assert_eq!(shard_of("anything", 1), 0);
        assert_eq!(shard_of("anything", 0), 0);
    }

    fn doc(url: &str, title: &str, text: &str) -> Doc {
        Doc {
            url: url.into(),
            title: title.into(),
            kind: "东台市 · 2019年上半年".into(),
            text: text.into(),
        }
    }

    /// The postings of every token of a one-shard index.
    fn read_shard(files: &[(String, String)]) -> serde_json::Map<String, serde_json::Value> {
        let (_, text) = files
            .iter()
            .find(|(p, _)| p == "search/index/0.json")
            .unwrap();
        let shard: serde_json::Value = serde_json::from_str(text).unwrap();
        shard.as_object().unwrap().clone()
    }

    fn postings_of(
        shard: &serde_json::Map<String, serde_json::Value>,
        token: &str,
    ) -> Vec<(u32, bool, Vec<u64>)> {
        decode_postings(shard[token].as_str().unwrap())
            .unwrap()
            .into_iter()
            .map(|p| (p.doc, p.in_title, p.positions))
            .collect()
    }

    #[test]
    fn index_files_and_postings() {
        let docs = [
            doc("/a/", "试点进展", "试点，试点。"),
            doc("/b/", "其他", "乡镇科协\n\n  全覆盖"),
        ];
        let files = index(&docs);
        let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            names,
            [
                "search/docs.json",
                "search/index/0.json",
                "search/meta.json"
            ]
        );
        assert_eq!(files[2].1, r#"{"tokenizer":2,"shards":1,"docs":2}"#);
        let docs_json: serde_json::Value = serde_json::from_str(&files[0].1).unwrap();
        assert_eq!(docs_json[1]["url"], "/b/");
        assert_eq!(docs_json[1]["excerpt"], "乡镇科协 · 全覆盖");
        let shard = read_shard(&files);
        // Title "试点进展" at 0..=2; kind "东台市 · 2019年上半年" from 5
        // (东台 5, 台市 6, 2019 9, 年上 11, 上半 12, 半年 13); text from 16.
        assert_eq!(postings_of(&shard, "试点"), [(0, true, vec![0, 16, 19])]);
        assert_eq!(postings_of(&shard, "科协"), [(1, false, vec![16])]);
        // The kind is searchable, for every document.
        assert_eq!(
            postings_of(&shard, "东台"),
            [(0, false, vec![5]), (1, false, vec![3])]
        );
        // Document +0, once, at 5; document +0 (after 0), once, at 3.
        assert_eq!(shard["东台"], "!$'!$%");
        // Keys in byte order.
        let keys: Vec<&String> = shard.keys().collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
    }

    #[test]
    fn positions_tell_a_phrase_from_its_characters_apart() {
        let docs = [
            Doc {
                url: "/whole/".into(),
                title: "报告".into(),
                kind: String::new(),
                text: "开展村级科协规范化建设。".into(),
            },
            Doc {
                url: "/apart/".into(),
                title: "村级".into(),
                kind: "科协".into(),
                text: "村级组织。县级科协。村级。级科协".into(),
            },
        ];
        let shard = read_shard(&index(&docs));
        let at = |token: &str, doc: u32| -> Vec<u64> {
            postings_of(&shard, token)
                .into_iter()
                .find(|p| p.0 == doc)
                .map(|p| p.2)
                .unwrap_or_default()
        };
        let holds = |doc: u32| {
            at("村级", doc)
                .iter()
                .any(|&p| at("级科", doc).contains(&(p + 1)) && at("科协", doc).contains(&(p + 2)))
        };
        assert!(holds(0));
        // Every bigram is there, but never side by side: not across the
        // title and kind, nor across punctuation.
        for token in ["村级", "级科", "科协"] {
            assert!(!at(token, 1).is_empty(), "{token}");
        }
        assert!(!holds(1));
    }

    #[test]
    fn shards_split_a_large_index_and_stay_deterministic() {
        let docs: Vec<Doc> = (0..60)
            .map(|i| Doc {
                url: format!("/r{i}/"),
                title: format!("报告{i}"),
                kind: String::new(),
                text: format!("编号{i} 乡镇科协 word{i} w{i}x w{i}y w{i}z 2{i}0 3{i}0 4{i}0"),
            })
            .collect();
        let files = index_with_target(&docs, 1_000);
        assert_eq!(files, index_with_target(&docs, 1_000));
        let meta: serde_json::Value = serde_json::from_str(&files.last().unwrap().1).unwrap();
        let shards = meta["shards"].as_u64().unwrap() as u32;
        assert!(shards > 1, "{shards}");
        let mut seen = 0;
        let mut total = 0;
        for (path, text) in &files {
            let Some(s) = path
                .strip_prefix("search/index/")
                .and_then(|p| p.strip_suffix(".json"))
            else {
                continue;
            };
            let s: u32 = s.parse().unwrap();
            let map: serde_json::Value = serde_json::from_str(text).unwrap();
            for (token, postings) in map.as_object().unwrap() {
                assert_eq!(shard_of(token, shards), s);
                assert!(decode_postings(postings.as_str().unwrap()).is_some());
            }
            seen += 1;
            total += text.len();
            assert!(text.len() <= 1_000, "{path}: {} bytes", text.len());
        }
        assert_eq!(seen, shards);
        // No more than twice the fewest shards that could hold it all.
        assert!(
            shards as usize <= 2 * total.div_ceil(1_000),
            "{total} bytes in {shards}"
        );
    }

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
