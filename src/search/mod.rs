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
//! # What a query loads
//!
//! A query loads what its first page needs, never a file of every document
//! (the measurements and the reasons are in ARCHITECTURE.md, `search`):
//!
//! 1. `meta.json`, and the shard of each of its tokens (at most the first
//!    16 different tokens of a query count). A token's entry there is the
//!    document part of its postings: which documents have it, how often and
//!    whether in the title, a character or two per document. From these
//!    alone the matches, their count and their tf-idf scores are exact.
//! 2. Phrase verification: the positions of the phrase's tokens, for the
//!    best-scoring matches only, in score order, until the order of the
//!    page is settled (enough matches hold every phrase, or none is left),
//!    within a budget of bytes. A token's positions are inline in its entry
//!    when they are few ([`INLINE_POSITIONS`]), else in chunks of about
//!    [`CHUNK_TARGET`] bytes, each the positions of a run of its documents,
//!    so checking one document loads one chunk per token.
//! 3. The document files (title, URL, kind, excerpt) of the results shown,
//!    [`DOCS_PER_FILE`] documents a file; "more results" loads the next.
//!
//! # Files (paths relative to the output root)
//!
//! Numbers in postings strings are written in base 46, least significant
//! digit first, with the 92 printable ASCII characters other than `"` and
//! `\` in code point order: the first 46 are the digits of a number's last
//! (most significant) place, the other 46 those of every place before it.
//! So 0 to 45 take one character, up to 2,115 two, up to 97,335 three, and
//! no character needs escaping in JSON.
//!
//! - `search/meta.json`: `{"tokenizer":3,"docs":D,"shards":N,
//!   "docs_per_file":F}`. `search.js` refuses an index whose version is not
//!   its own; the version changes when the tokens, their positions or the
//!   format of these files do.
//! - `search/docs/<f>.json`: documents `f * F` to `f * F + F - 1` in the
//!   order given to [`index`], an array of `{"url","title","kind",
//!   "excerpt"}`; the excerpt is the start of the text, its blocks (lines)
//!   joined by [`BLOCK_SEPARATOR`], at most [`EXCERPT_CHARS`] characters
//!   (see [`excerpt`]). A document's number is its place in that order.
//! - `search/index/<s>.json` for `s` in `0..N`: the inverted index, sharded
//!   by [`shard_of`] (FNV-1a of the token's UTF-8 bytes, modulo N). Each is
//!   an object `{token: postings}` with tokens in byte order. `postings` is
//!   a string of numbers: first the number of chunks its positions take, C
//!   (0: inline); when C > 0, the number of the first chunk file, and how
//!   many documents each chunk but the last holds (the last holds the
//!   rest). Then, for every document that has the token, in document order:
//!   one number, its gap times 46 plus its count code, where the gap is the
//!   document's number less the previous one's plus one (the first: the
//!   number itself) and the count code is the token's count in the
//!   document times 2, plus 1 when the token is in the title; a count code
//!   of 45 or more is written as 45 there and the rest in a number of its
//!   own. When C is 0, the document's positions follow: each of them, the
//!   first as it is and each next one less the previous plus one. N is the
//!   smallest count (from total size / [`SHARD_TARGET`]) that keeps every
//!   shard within [`SHARD_TARGET`] bytes, or within its largest entry.
//! - `search/pos/<c>.json`: one chunk of a token's positions, a JSON
//!   string: for each of its documents in order, the positions as above
//!   (their number is the count from the postings). Chunks are numbered
//!   through the tokens in byte order.
//!
//! Output is deterministic: documents keep the order they are given in,
//! postings are in document order, and the token map (a hash map while it is
//! filled) is sorted by token before anything is written.

mod excerpt;
mod postings;
mod tokens;

use std::fmt::Write as _;

pub use excerpt::{BLOCK_SEPARATOR, EXCERPT_CHARS, MIN_CUT_BLOCK, excerpt};
pub use postings::{CHUNK_TARGET, INLINE_POSITIONS, Posting, read_postings};
pub use tokens::{fnv1a, is_cjk, positioned_tokens, shard_of, tokens};

/// The version of the tokens, their positions and the index files;
/// `search.js` checks it in `meta.json`. Bumped whenever any of them changes.
pub const TOKENIZER_VERSION: u32 = 3;

/// The size a shard of the inverted index aims to stay within, in bytes.
pub const SHARD_TARGET: usize = 8_000;

/// How many documents a file of `search/docs/` holds.
pub const DOCS_PER_FILE: usize = 2;

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

/// Whether `rel` (relative to the output root) is a file the search index
/// may have, so a file of the site's `static/` there would be replaced.
pub fn is_index_file(rel: &str) -> bool {
    let Some(rest) = rel.strip_prefix("search/") else {
        return false;
    };
    rest == "meta.json"
        || ["index/", "docs/", "pos/"]
            .iter()
            .any(|dir| rest.strip_prefix(dir).is_some_and(|f| f.ends_with(".json")))
}

/// A JSON string literal.
fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

/// The length of `"token":"postings"` without writing it.
fn entry_len(token: &str, postings: &[u8]) -> usize {
    json_string(token).len() + 3 + postings.len()
}

/// Writes `"token":"postings"`.
fn write_entry(out: &mut String, token: &str, postings: &[u8]) {
    out.push_str(&json_string(token));
    out.push_str(":\"");
    // Postings digits are ASCII.
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
/// root, contents): `search/meta.json`, every `search/docs/<f>.json`,
/// `search/index/<s>.json` and `search/pos/<c>.json`, in path order.
pub fn index(docs: &[Doc]) -> Vec<(String, String)> {
    index_with_target(docs, SHARD_TARGET)
}

fn index_with_target(docs: &[Doc], target: usize) -> Vec<(String, String)> {
    let postings = postings::postings(docs);
    let mut out = Vec::new();
    // Entries with their chunks numbered through the tokens in order; the
    // chunks written as they are numbered, and each token's postings freed
    // once written.
    let mut next_chunk = 0u32;
    let mut entries: Vec<(String, Vec<u8>)> = Vec::with_capacity(postings.len());
    for (token, list) in postings {
        entries.push((token, list.entry(next_chunk)));
        for chunk in list.chunks() {
            let mut file = String::with_capacity(chunk.len() + 2);
            file.push('"');
            file.extend(chunk.iter().map(|&b| char::from(b)));
            file.push('"');
            out.push((format!("search/pos/{next_chunk}.json"), file));
            next_chunk += 1;
        }
    }
    // Sizes first, so the shard count is known before anything is written;
    // then each entry is written once, straight into its shard.
    let sizes: Vec<(&str, usize)> = entries
        .iter()
        .map(|(token, entry)| (token.as_str(), entry_len(token, entry)))
        .collect();
    let shards = shard_count(&sizes, target);
    let mut files: Vec<String> = vec![String::new(); shards as usize];
    for (shard, size) in sizes.iter().map(|(t, n)| (shard_of(t, shards) as usize, n)) {
        files[shard].reserve(size + 1);
    }
    drop(sizes);
    for (token, entry) in &entries {
        let file = &mut files[shard_of(token, shards) as usize];
        file.push(if file.is_empty() { '{' } else { ',' });
        write_entry(file, token, entry);
    }
    drop(entries);

    for (s, mut file) in files.into_iter().enumerate() {
        if file.is_empty() {
            file.push('{');
        }
        file.push('}');
        out.push((format!("search/index/{s}.json"), file));
    }
    for (f, block) in docs.chunks(DOCS_PER_FILE).enumerate() {
        out.push((format!("search/docs/{f}.json"), docs_file(block)));
    }
    out.push((
        "search/meta.json".to_string(),
        format!(
            "{{\"tokenizer\":{TOKENIZER_VERSION},\"docs\":{},\"shards\":{shards},\"docs_per_file\":{DOCS_PER_FILE}}}",
            docs.len()
        ),
    ));
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// A file of `search/docs/`: one object per line.
fn docs_file(docs: &[Doc]) -> String {
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

    fn doc(url: &str, title: &str, text: &str) -> Doc {
        Doc {
            url: url.into(),
            title: title.into(),
            kind: "东台市 · 2019年上半年".into(),
            text: text.into(),
        }
    }

    fn file<'a>(files: &'a [(String, String)], path: &str) -> Option<&'a str> {
        files
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, text)| text.as_str())
    }

    /// A token's postings as (document, in title, positions).
    type Read = Vec<(u32, bool, Vec<u64>)>;

    /// Every token's postings, positions read from their chunks too.
    fn read_index(files: &[(String, String)]) -> Vec<(String, Read)> {
        let chunk = |n: u32| {
            let text = file(files, &format!("search/pos/{n}.json"))?;
            serde_json::from_str::<String>(text).ok()
        };
        let mut out = Vec::new();
        for (path, text) in files {
            if !path.starts_with("search/index/") {
                continue;
            }
            let shard: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(text).unwrap();
            for (token, entry) in shard {
                let postings = read_postings(entry.as_str().unwrap(), chunk)
                    .unwrap_or_else(|| panic!("{token}: {entry}"));
                let postings = postings
                    .into_iter()
                    .map(|p| (p.doc, p.in_title, p.positions))
                    .collect();
                out.push((token, postings));
            }
        }
        out.sort();
        out
    }

    fn postings_of(files: &[(String, String)], token: &str) -> Read {
        read_index(files)
            .into_iter()
            .find(|(t, _)| t == token)
            .map(|(_, p)| p)
            .unwrap_or_default()
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
                "search/docs/0.json",
                "search/index/0.json",
                "search/meta.json"
            ]
        );
        assert!(names.iter().all(|n| is_index_file(n)));
        assert_eq!(
            files[2].1,
            r#"{"tokenizer":3,"docs":2,"shards":1,"docs_per_file":2}"#
        );
        let docs_file: serde_json::Value = serde_json::from_str(&files[0].1).unwrap();
        assert_eq!(docs_file[1]["url"], "/b/");
        assert_eq!(docs_file[1]["excerpt"], "乡镇科协 · 全覆盖");
        // Title "试点进展" at 0..=2; kind "东台市 · 2019年上半年" from 5
        // (东台 5, 台市 6, 2019 9, 年上 11, 上半 12, 半年 13); text from 16.
        assert_eq!(postings_of(&files, "试点"), [(0, true, vec![0, 16, 19])]);
        assert_eq!(postings_of(&files, "科协"), [(1, false, vec![16])]);
        // The kind is searchable, for every document.
        assert_eq!(
            postings_of(&files, "东台"),
            [(0, false, vec![5]), (1, false, vec![3])]
        );
        // Inline: no chunks; document +0, once, at 5; document +0 (after
        // 0), once, at 3.
        let shard: serde_json::Value = serde_json::from_str(&files[1].1).unwrap();
        assert_eq!(shard["东台"], "!$'$%");
        // Keys in byte order.
        let keys: Vec<&String> = shard.as_object().unwrap().keys().collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
    }

    #[test]
    fn index_file_names() {
        for name in [
            "search/meta.json",
            "search/index/12.json",
            "search/docs/0.json",
            "search/pos/9.json",
        ] {
            assert!(is_index_file(name), "{name}");
        }
        for name in [
            "search/index.html",
            "search/docs.txt",
            "search/other/1.json",
            "meta.json",
            "search/pos/1.svg",
        ] {
            assert!(!is_index_file(name), "{name}");
        }
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
        let files = index(&docs);
        let at = |token: &str, doc: u32| -> Vec<u64> {
            postings_of(&files, token)
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

    /// Documents of one generated report each, enough text for several
    /// shards and tokens whose positions go into chunks.
    fn many_docs(n: usize) -> Vec<Doc> {
        (0..n)
            .map(|i| Doc {
                url: format!("/r{i}/"),
                title: format!("报告{i}"),
                kind: String::new(),
                text: format!(
                    "编号{i} 乡镇科协 word{i} w{i}x w{i}y w{i}z 2{i}0 3{i}0 4{i}0\n{}",
                    "村级科协组织建设，".repeat(i % 5)
                ),
            })
            .collect()
    }

    #[test]
    fn shards_split_a_large_index_and_stay_deterministic() {
        let docs = many_docs(600);
        let files = index_with_target(&docs, 1_500);
        assert_eq!(files, index_with_target(&docs, 1_500));
        let meta: serde_json::Value =
            serde_json::from_str(file(&files, "search/meta.json").unwrap()).unwrap();
        let shards = meta["shards"].as_u64().unwrap() as u32;
        assert!(shards > 1, "{shards}");
        let shard_files: Vec<(u32, serde_json::Map<String, serde_json::Value>, usize)> = files
            .iter()
            .filter_map(|(path, text)| {
                let s = path.strip_prefix("search/index/")?.strip_suffix(".json")?;
                Some((
                    s.parse().unwrap(),
                    serde_json::from_str(text).unwrap(),
                    text.len(),
                ))
            })
            .collect();
        let largest_entry = shard_files
            .iter()
            .flat_map(|(_, map, _)| map.iter())
            .map(|(token, entry)| entry_len(token, entry.as_str().unwrap().as_bytes()))
            .max()
            .unwrap();
        let mut seen = 0;
        let mut total = 0;
        for (s, map, len) in &shard_files {
            for token in map.keys() {
                assert_eq!(shard_of(token, shards), *s);
            }
            seen += 1;
            total += len;
            assert!(
                *len <= 1_500.max(largest_entry + 2),
                "shard {s}: {len} bytes"
            );
        }
        assert_eq!(seen, shards);
        // No more than twice the fewest shards that could hold it all.
        assert!(
            shards as usize <= 2 * total.div_ceil(1_500),
            "{total} bytes in {shards}"
        );
        // Common tokens have chunks, each within the target unless a single
        // document's positions are larger; every token reads back.
        let chunks: Vec<&(String, String)> = files
            .iter()
            .filter(|(p, _)| p.starts_with("search/pos/"))
            .collect();
        assert!(chunks.len() > 10, "{}", chunks.len());
        for (path, text) in chunks {
            assert!(text.len() <= CHUNK_TARGET + 200, "{path}: {}", text.len());
        }
        let read = read_index(&files);
        let kexie = &read.iter().find(|(t, _)| t == "科协").unwrap().1;
        assert_eq!(kexie.len(), 600);
        assert_eq!(kexie[9].2.len(), 1 + 9 % 5);
        // The documents, two a file, in order.
        let docs_files = files
            .iter()
            .filter(|(p, _)| p.starts_with("search/docs/"))
            .count();
        assert_eq!(docs_files, 300);
        let last: serde_json::Value =
            serde_json::from_str(file(&files, "search/docs/299.json").unwrap()).unwrap();
        assert_eq!(last[1]["url"], "/r599/");
    }
}
