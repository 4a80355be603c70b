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
//! same text and requires the same tokens. Pagefind's extended build segments
//! Chinese differently at index time and at query time (pagefind#1237), so a
//! Chinese word in Chinese text can fail to be found, which is exactly what
//! SPEC's `/search/` promises.
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
//!
//! A query matches a document when the document has every token of the
//! query, so a Chinese word is found wherever its bigrams all occur, with no
//! dictionary to disagree with the writer about where words end.
//!
//! # Files (paths relative to the output root)
//!
//! - `search/meta.json`: `{"tokenizer":1,"shards":N,"docs":D}`. `search.js`
//!   refuses an index whose tokenizer version is not its own.
//! - `search/docs.json`: an array, one object per document in the order
//!   given to [`index`]: `{"url","title","kind","excerpt"}`; the excerpt is
//!   the first [`EXCERPT_CHARS`] characters of the text, whitespace collapsed.
//! - `search/index/<s>.json` for `s` in `0..N`: the inverted index, sharded
//!   by [`shard_of`] (FNV-1a of the token's UTF-8 bytes, modulo N). Each is
//!   an object `{token: [[doc, tf, in_title], ...]}` with tokens in byte
//!   order and postings in document order; `doc` indexes `docs.json`, `tf`
//!   counts the token in title, kind and text, `in_title` is 1 when the
//!   token is in the title. The browser loads only the shards of the query's
//!   tokens. N is the smallest count (from total size / [`SHARD_TARGET`])
//!   that keeps every shard within [`SHARD_TARGET`] bytes, at least 1.
//!
//! Output is deterministic: documents keep the order they are given in,
//! postings are in document order, and the token map (a hash map while it is
//! filled) is sorted by token before anything is written.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::BuildHasherDefault;

/// Bumped whenever [`tokens`] changes; `search.js` checks it in `meta.json`.
pub const TOKENIZER_VERSION: u32 = 1;

/// How many characters of a document's text `docs.json` keeps as its excerpt.
pub const EXCERPT_CHARS: usize = 140;

/// The size a shard of the inverted index aims to stay within, in bytes.
pub const SHARD_TARGET: usize = 40_000;

/// One searchable page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    /// The page's URL, base path included, as links use it.
    pub url: String,
    pub title: String,
    /// What the page is, shown under the title in results (for a report:
    /// county name and period label). Its words are searchable too.
    pub kind: String,
    /// The page's plain text (for a Markdown body, `Rendered::text`).
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

/// The tokens of a run that has just ended, built in `scratch`.
fn flush(f: &mut impl FnMut(&str), scratch: &mut String, class: Class, run: &[char]) {
    let mut emit = |chars: &[char]| {
        scratch.clear();
        scratch.extend(chars);
        f(scratch);
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
    let mut out = Vec::new();
    for_each_token(text, |t| out.push(t.to_string()));
    out
}

/// Calls `f` with each token of `text`, in order (what [`tokens`] returns,
/// without allocating a string for each).
fn for_each_token(text: &str, mut f: impl FnMut(&str)) {
    let mut run: Vec<char> = Vec::new();
    let mut scratch = String::new();
    let mut current = Class::Separator;
    for c in text.chars().map(normalise) {
        let k = class(c);
        if k != current {
            flush(&mut f, &mut scratch, current, &run);
            run.clear();
            current = k;
        }
        if k != Class::Separator {
            run.push(c);
        }
    }
    flush(&mut f, &mut scratch, current, &run);
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

/// The first [`EXCERPT_CHARS`] characters of a text, whitespace collapsed,
/// with `…` when cut.
pub fn excerpt(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= EXCERPT_CHARS {
        return collapsed;
    }
    let mut out: String = collapsed.chars().take(EXCERPT_CHARS).collect();
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// A JSON string literal.
fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

/// One posting: a document's index, and the token's frequency in it with
/// "in the title" in the top bit. Eight bytes: a site of 10,000 reports has
/// millions of postings.
#[derive(Clone, Copy)]
struct Posting {
    doc: u32,
    tf_title: u32,
}

const IN_TITLE: u32 = 1 << 31;

impl Posting {
    fn tf(self) -> u32 {
        self.tf_title & !IN_TITLE
    }
    fn in_title(self) -> bool {
        self.tf_title & IN_TITLE != 0
    }
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

/// Every token with its postings (in document order), tokens in byte order.
/// One pass over the documents in order: a token's postings grow at their
/// end, the current document's posting counting up, so no per-document
/// map or sort is needed and a string is allocated only for a token not
/// seen before.
fn postings(docs: &[Doc]) -> Vec<(String, Vec<Posting>)> {
    let mut all: HashMap<String, Vec<Posting>, BuildHasherDefault<Fnv>> = HashMap::default();
    for (d, doc) in docs.iter().enumerate() {
        let doc_index = u32::try_from(d).unwrap_or(u32::MAX);
        let mut add = |token: &str, title: u32| match all.get_mut(token) {
            Some(list) => match list.last_mut() {
                Some(p) if p.doc == doc_index => {
                    let tf = (p.tf() + 1).min(!IN_TITLE);
                    p.tf_title = tf | (p.tf_title & IN_TITLE) | title;
                }
                _ => list.push(Posting {
                    doc: doc_index,
                    tf_title: 1 | title,
                }),
            },
            None => {
                all.insert(
                    token.to_string(),
                    vec![Posting {
                        doc: doc_index,
                        tf_title: 1 | title,
                    }],
                );
            }
        };
        for_each_token(&doc.title, |t| add(t, IN_TITLE));
        for_each_token(&doc.kind, |t| add(t, 0));
        for_each_token(&doc.text, |t| add(t, 0));
    }
    // Hash order goes no further: sorted here, before anything is written.
    let mut sorted: Vec<(String, Vec<Posting>)> = all.into_iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    sorted
}

/// Decimal digits of `n`.
fn digits(n: u32) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

/// The length of `"token":[[doc,tf,t],...]` without writing it.
fn entry_len(token: &str, list: &[Posting]) -> usize {
    let postings: usize = list
        .iter()
        .map(|p| 5 + digits(p.doc) + digits(p.tf()))
        .sum();
    json_string(token).len() + 3 + postings + list.len().saturating_sub(1)
}

/// Writes `"token":[[doc,tf,t],...]`.
fn write_entry(out: &mut String, token: &str, list: &[Posting]) {
    out.push_str(&json_string(token));
    out.push_str(":[");
    for (k, p) in list.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        let _ = write!(out, "[{},{},{}]", p.doc, p.tf(), u8::from(p.in_title()));
    }
    out.push(']');
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

    #[test]
    fn entry_sizes_are_what_is_written() {
        let list = [
            Posting {
                doc: 0,
                tf_title: 1,
            },
            Posting {
                doc: 9,
                tf_title: 10 | IN_TITLE,
            },
            Posting {
                doc: 12_345,
                tf_title: 999,
            },
        ];
        for token in ["科协", "2019", "a"] {
            for n in 0..=list.len() {
                let mut out = String::new();
                write_entry(&mut out, token, &list[..n]);
                assert_eq!(entry_len(token, &list[..n]), out.len(), "{out}");
            }
        }
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
        assert_eq!(files[2].1, r#"{"tokenizer":1,"shards":1,"docs":2}"#);
        let docs_json: serde_json::Value = serde_json::from_str(&files[0].1).unwrap();
        assert_eq!(docs_json[1]["url"], "/b/");
        assert_eq!(docs_json[1]["excerpt"], "乡镇科协 全覆盖");
        let shard: serde_json::Value = serde_json::from_str(&files[1].1).unwrap();
        // Two in the text, one in the title.
        assert_eq!(shard["试点"], serde_json::json!([[0, 3, 1]]));
        assert_eq!(shard["科协"], serde_json::json!([[1, 1, 0]]));
        // The kind is searchable, for every document.
        assert_eq!(shard["东台"], serde_json::json!([[0, 1, 0], [1, 1, 0]]));
        // Keys in byte order.
        let keys: Vec<&String> = shard.as_object().unwrap().keys().collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
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
        let files = index_with_target(&docs, 2_000);
        assert_eq!(files, index_with_target(&docs, 2_000));
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
            for token in map.as_object().unwrap().keys() {
                assert_eq!(shard_of(token, shards), s);
            }
            seen += 1;
            total += text.len();
            assert!(text.len() <= 2_000, "{path}: {} bytes", text.len());
        }
        assert_eq!(seen, shards);
        // No more than twice the fewest shards that could hold it all.
        assert!(
            shards as usize <= 2 * total.div_ceil(2_000),
            "{total} bytes in {shards}"
        );
    }

    #[test]
    fn excerpts_are_cut_on_characters() {
        let long = "试".repeat(200);
        let e = excerpt(&long);
        assert_eq!(e.chars().count(), EXCERPT_CHARS + 1);
        assert!(e.ends_with('…'));
        assert_eq!(excerpt("a\n b"), "a b");
    }
}
