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
//!    16 different tokens of a query count). A token's entry there is its
//!    postings: which documents have it, how often and whether in the
//!    title, a character or two per document. From these alone the
//!    matches, their count and their tf-idf scores are exact.
//! 2. The blocks of the matches it shows and of those whose phrases it
//!    checks: a block holds [`DOCS_PER_BLOCK`] documents in site order,
//!    each with its URL, title, kind, excerpt and whole text. Whether a
//!    document holds a phrase is read from its own text, cut by
//!    `search.js`'s tokenizer, which defines the positions: the matches in
//!    score order, a block at a time, until the order of the page is
//!    settled (enough matches hold every phrase, or none is left), within
//!    a budget of bytes that always leaves room to show the page.
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
//! Shards and blocks are *packed* ([`pack`]): their JSON deflated (zlib)
//! and written as a JSON string of its base64.
//!
//! - `search/meta.json` (plain JSON): `{"tokenizer":4,"docs":D,
//!   "docs_per_block":B,"block_bytes":M,"shards":[T0,T1,...]}`.
//!   `search.js` refuses an index whose version is not its own; the
//!   version changes when the tokens, their positions or the format of
//!   these files do. `M` is the size of the largest block file; `Ts` is the
//!   first token of shard `s` (`T0` is the empty string).
//! - `search/index/<s>.json`, packed: the tokens from `Ts` (inclusive) to
//!   `T(s+1)` (exclusive) in code point order (the order of their UTF-8
//!   bytes), an object `{token: postings}`. `postings` is a string of
//!   numbers, for every document that has the token, in document order:
//!   one number, its gap times 46 plus its count code, where the gap is the
//!   document's number less the previous one's plus one (the first: the
//!   number itself) and the count code is the token's count in the
//!   document times 2, plus 1 when the token is in the title; a count code
//!   of 45 or more is written as 45 there and the rest in a number of its
//!   own. Shards are filled in token order up to [`SHARD_TARGET`] bytes of
//!   JSON before packing (a single larger entry is a shard of its own).
//! - `search/docs/<b>.json`, packed: documents `b * B` to `b * B + B - 1`
//!   in the order given to [`index`], an array of `{"url","title","kind",
//!   "excerpt","text"}`; the excerpt is the start of the text, its blocks
//!   (lines) joined by [`BLOCK_SEPARATOR`], at most [`EXCERPT_CHARS`]
//!   characters (see [`excerpt`]). A document's number is its place in
//!   that order.
//!
//! Output is deterministic: documents keep the order they are given in,
//! postings are in document order, the token map (a hash map while it is
//! filled) is sorted by token before anything is written, and deflating is
//! deterministic at a fixed level.

mod excerpt;
mod pack;
mod postings;
mod tokens;

use rayon::prelude::*;

pub use excerpt::{BLOCK_SEPARATOR, EXCERPT_CHARS, MIN_CUT_BLOCK, excerpt};
pub use pack::{pack, unpack};
pub use postings::{Posting, read_postings};
pub use tokens::{document_tokens, is_cjk, positioned_tokens, tokens};

/// The version of the tokens, their positions and the index files;
/// `search.js` checks it in `meta.json`. Bumped whenever any of them changes.
pub const TOKENIZER_VERSION: u32 = 4;

/// The JSON a shard of the inverted index is filled to, in bytes, before
/// it is packed (to about half).
pub const SHARD_TARGET: usize = 24_000;

/// How many documents a block of `search/docs/` holds.
pub const DOCS_PER_BLOCK: usize = 12;

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
        || ["index/", "docs/"]
            .iter()
            .any(|dir| rest.strip_prefix(dir).is_some_and(|f| f.ends_with(".json")))
}

/// A JSON string literal.
fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

/// Writes `"token":"postings"`.
fn write_entry(out: &mut String, token: &str, postings: &[u8]) {
    out.push_str(&json_string(token));
    out.push_str(":\"");
    // Postings digits are ASCII.
    out.extend(postings.iter().map(|&b| char::from(b)));
    out.push('"');
}

/// The search files for a set of documents, as (path relative to the output
/// root, contents): `search/meta.json`, every `search/docs/<b>.json` and
/// `search/index/<s>.json`, in path order.
pub fn index(docs: &[Doc]) -> Vec<(String, String)> {
    index_with_target(docs, SHARD_TARGET)
}

fn index_with_target(docs: &[Doc], target: usize) -> Vec<(String, String)> {
    let postings = postings::postings(docs);
    // Shards in token order, each filled until the next entry would take
    // it past the target; each token's postings freed once written.
    let mut shards: Vec<(String, String)> = Vec::new();
    for (token, list) in postings {
        let entry = list.entry();
        let size = json_string(&token).len() + entry.len() + 4;
        match shards.last_mut() {
            // The comma before the entry, and the closing brace.
            Some((_, json)) if json.len() + size < target => json.push(','),
            _ => shards.push((token.clone(), String::from("{"))),
        }
        let json = &mut shards.last_mut().expect("a shard").1;
        write_entry(json, &token, entry);
    }
    if shards.is_empty() {
        shards.push((String::new(), String::from("{")));
    }
    shards[0].0.clear();
    let firsts: Vec<String> = shards.iter().map(|(first, _)| json_string(first)).collect();
    let mut out: Vec<(String, String)> = shards
        .into_par_iter()
        .enumerate()
        .map(|(s, (_, mut json))| {
            json.push('}');
            (format!("search/index/{s}.json"), pack(&json))
        })
        .collect();
    let blocks: Vec<(String, String)> = docs
        .par_chunks(DOCS_PER_BLOCK)
        .enumerate()
        .map(|(b, block)| (format!("search/docs/{b}.json"), pack(&block_json(block))))
        .collect();
    let block_bytes = blocks.iter().map(|(_, f)| f.len()).max().unwrap_or(0);
    out.extend(blocks);
    out.push((
        "search/meta.json".to_string(),
        format!(
            "{{\"tokenizer\":{TOKENIZER_VERSION},\"docs\":{},\"docs_per_block\":{DOCS_PER_BLOCK},\"block_bytes\":{block_bytes},\"shards\":[{}]}}",
            docs.len(),
            firsts.join(",")
        ),
    ));
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The JSON of a block of `search/docs/`: one object per document.
fn block_json(docs: &[Doc]) -> String {
    let mut s = String::from("[");
    for (i, d) in docs.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        for (key, value) in [
            ("{\"url\":", &d.url),
            (",\"title\":", &d.title),
            (",\"kind\":", &d.kind),
            (",\"excerpt\":", &excerpt(&d.text)),
            (",\"text\":", &d.text),
        ] {
            s.push_str(key);
            s.push_str(&json_string(value));
        }
        s.push('}');
    }
    s.push(']');
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

    fn json(text: &str) -> serde_json::Value {
        serde_json::from_str(text).unwrap()
    }

    /// Every shard, unpacked, with its number.
    fn shards(
        files: &[(String, String)],
    ) -> Vec<(usize, serde_json::Map<String, serde_json::Value>)> {
        files
            .iter()
            .filter_map(|(path, text)| {
                let s = path.strip_prefix("search/index/")?.strip_suffix(".json")?;
                let map = json(&unpack(text).expect("a packed shard"));
                Some((s.parse().unwrap(), map.as_object().unwrap().clone()))
            })
            .collect()
    }

    /// A token's postings as (document, in title, count).
    fn postings_of(files: &[(String, String)], token: &str) -> Vec<(u32, bool, u64)> {
        shards(files)
            .into_iter()
            .find_map(|(_, map)| map.get(token).cloned())
            .map(|entry| {
                read_postings(entry.as_str().unwrap())
                    .unwrap()
                    .into_iter()
                    .map(|p| (p.doc, p.in_title, p.count))
                    .collect()
            })
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
        let block_bytes = files[0].1.len();
        assert_eq!(
            files[2].1,
            format!(
                r#"{{"tokenizer":4,"docs":2,"docs_per_block":12,"block_bytes":{block_bytes},"shards":[""]}}"#
            )
        );
        let block = json(&unpack(&files[0].1).unwrap());
        assert_eq!(block[1]["url"], "/b/");
        assert_eq!(block[1]["excerpt"], "乡镇科协 · 全覆盖");
        assert_eq!(block[1]["text"], "乡镇科协\n\n  全覆盖");
        assert_eq!(block[0]["kind"], "东台市 · 2019年上半年");
        assert_eq!(postings_of(&files, "试点"), [(0, true, 3)]);
        assert_eq!(postings_of(&files, "科协"), [(1, false, 1)]);
        // The kind is searchable, for every document.
        assert_eq!(postings_of(&files, "东台"), [(0, false, 1), (1, false, 1)]);
        // Document +0, once: code 2; document +0 (after 0), once.
        let shard = &shards(&files)[0].1;
        assert_eq!(shard["东台"], "$$");
        // Keys in byte order.
        let keys: Vec<&String> = shard.keys().collect();
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
        ] {
            assert!(is_index_file(name), "{name}");
        }
        for name in [
            "search/index.html",
            "search/docs.txt",
            "search/other/1.json",
            "meta.json",
            "search/docs/1.svg",
        ] {
            assert!(!is_index_file(name), "{name}");
        }
    }

    /// Documents of one generated report each, enough text for several
    /// shards and blocks.
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
    fn shards_hold_ranges_of_tokens_and_blocks_the_documents_in_order() {
        let docs = many_docs(600);
        let files = index_with_target(&docs, 1_500);
        assert_eq!(files, index_with_target(&docs, 1_500));
        let meta = json(file(&files, "search/meta.json").unwrap());
        let firsts: Vec<&str> = meta["shards"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert!(firsts.len() > 10, "{}", firsts.len());
        assert_eq!(firsts[0], "");
        assert!(firsts.windows(2).all(|w| w[0] < w[1]), "{firsts:?}");
        let shards = shards(&files);
        assert_eq!(shards.len(), firsts.len());
        for (s, map) in &shards {
            // Every token between its shard's first and the next one's.
            for token in map.keys() {
                assert!(token.as_str() >= firsts[*s], "{token} in {s}");
                if let Some(next) = firsts.get(s + 1) {
                    assert!(token.as_str() < *next, "{token} in {s}");
                }
            }
            // Filled to the target, unless one entry is larger.
            let size = serde_json::to_string(map).unwrap().len();
            assert!(size <= 1_500 || map.len() == 1, "shard {s}: {size} bytes");
        }
        let kexie = postings_of(&files, "科协");
        assert_eq!(kexie.len(), 600);
        assert_eq!(kexie[9].2, 1 + 9 % 5);
        // The documents, twelve a block, in order.
        let blocks: Vec<serde_json::Value> = (0..50)
            .map(|b| {
                json(&unpack(file(&files, &format!("search/docs/{b}.json")).unwrap()).unwrap())
            })
            .collect();
        assert!(file(&files, "search/docs/50.json").is_none());
        assert_eq!(blocks[49][11]["url"], "/r599/");
        assert_eq!(blocks[3][4]["text"], docs[40].text);
        let largest = files
            .iter()
            .filter(|(p, _)| p.starts_with("search/docs/"))
            .map(|(_, f)| f.len())
            .max();
        assert_eq!(meta["block_bytes"].as_u64(), largest.map(|n| n as u64));
    }

    #[test]
    fn an_empty_site_has_an_empty_index() {
        let files = index(&[]);
        let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(names, ["search/index/0.json", "search/meta.json"]);
        assert_eq!(unpack(&files[0].1).as_deref(), Some("{}"));
    }
}
