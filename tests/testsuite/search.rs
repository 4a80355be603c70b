//! Full-text search: the index written in Rust, queried by the theme's
//! `search.js` in node (`tests/search_query.mjs`), so both halves are tested
//! together, and the two tokenizers are checked to agree. The ranking is
//! checked against [`reference`], a ranking in Rust from the whole index
//! read back, which checks every match's phrases as search.js did when a
//! query downloaded every document; and what a query loads is counted on a
//! country-sized index ([`country_docs`]).
//!
//! These tests need `node` (the test command installs Node tools anyway)
//! and pass (CI has node).

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::generate::Rng;
use crate::harness::{SiteTest, repo_root};

use pilotsite::search as index;

use index::{Doc, Posting};

/// The budget of bytes one search may load besides the page, its style and
/// images (issue 18: 512 KB, read as KiB).
pub const SEARCH_BUDGET: u64 = 512 * 1024;

/// Whether `node` can be run: the test command needs it (it installs the
/// Node test tools), so its absence is a failure, not a skip.
fn have_node() -> bool {
    let ok = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "node not found: the search tests run search.js with Node"
    );
    ok
}

/// Runs `node tests/search_query.mjs <args>` and parses its JSON output.
fn node(args: &[&str]) -> Value {
    node_with_input(args, "")
}

/// Like [`node`], with `input` on the standard input.
fn node_with_input(args: &[&str], input: &str) -> Value {
    use std::io::Write as _;
    let mut child = Command::new("node")
        .arg(repo_root().join("tests/search_query.mjs"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run node");
    let mut stdin = child.stdin.take().expect("a stdin");
    let input = input.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("wait for node");
    writer.join().expect("the writer").expect("write to node");
    assert!(
        out.status.success(),
        "node {args:?} failed\nstdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("node prints JSON")
}

/// The results of a query against the site built into `public`.
fn query(public: &Path, base: &str, q: &str) -> Vec<Value> {
    let public = public.to_str().expect("a UTF-8 path");
    match node(&[public, base, q]) {
        Value::Array(results) => results,
        other => panic!("not an array: {other}"),
    }
}

fn urls(results: &[Value]) -> Vec<&str> {
    results
        .iter()
        .map(|r| r["url"].as_str().expect("a url"))
        .collect()
}

fn doc(url: &str, title: &str, kind: &str, text: &str) -> Doc {
    Doc {
        url: url.into(),
        title: title.into(),
        kind: kind.into(),
        text: text.into(),
    }
}

/// Writes the index of `docs` and the theme's search.js into a folder.
fn write_site(dir: &Path, docs: &[Doc]) {
    write_index(dir, docs);
    std::fs::copy(
        repo_root().join("themes/default/static/search.js"),
        dir.join("search.js"),
    )
    .expect("copy search.js");
}

/// Writes the index of `docs` into a site's output folder, in place of the
/// one it has.
pub fn write_index(dir: &Path, docs: &[Doc]) {
    let _ = std::fs::remove_dir_all(dir.join("search/index"));
    let _ = std::fs::remove_dir_all(dir.join("search/docs"));
    for (rel, text) in index::index(docs) {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folders");
        std::fs::write(path, text).expect("write an index file");
    }
}

#[test]
fn search_js_finds_chinese_words_in_the_rust_index() {
    if !have_node() {
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let docs = [
        doc(
            "/pilot/counties/dongtai/2019-h1/",
            "东台市2019年上半年“四+一”试点工作进展",
            "东台市 · 2019年上半年",
            "市委、市政府出台加强基层科协建设的意见。",
        ),
        doc(
            "/pilot/counties/dongtai/2019-h2/",
            "东台市2019年下半年工作总结",
            "东台市 · 2019年下半年",
            "“四长”在市科协领导班子中增至4人，兼任副主席的达到24人。",
        ),
        doc(
            "/pilot/counties/funing/2019-h2/",
            "阜宁县2019年下半年工作总结",
            "阜宁县 · 2019年下半年",
            "全县农技协发展到36家，带动农户增收。",
        ),
        doc(
            "/pilot/counties/jianhu/2020-h1/",
            "建湖县2020年上半年工作总结",
            "建湖县 · 2020年上半年",
            "乡镇科协覆盖率达到100%，村级组织同步建设。",
        ),
        doc(
            "/pilot/about/",
            "关于本站",
            "",
            "本站展示各地的试点经验。Ｐｉｌｏｔ programme, 2019.",
        ),
    ];
    write_site(dir.path(), &docs);
    let public = dir.path();

    // Each word finds its document: in the title ranks above in the text.
    let found = query(public, "/pilot/", "试点");
    assert_eq!(
        urls(&found),
        ["/pilot/counties/dongtai/2019-h1/", "/pilot/about/"],
        "{found:?}"
    );
    for (word, url) in [
        ("四长", "/pilot/counties/dongtai/2019-h2/"),
        ("农技协", "/pilot/counties/funing/2019-h2/"),
        ("乡镇科协", "/pilot/counties/jianhu/2020-h1/"),
        // Full-width and upper case fold to the same word.
        ("PILOT", "/pilot/about/"),
        // The kind (county and period) is searchable.
        ("建湖县", "/pilot/counties/jianhu/2020-h1/"),
    ] {
        let found = query(public, "/pilot/", word);
        assert_eq!(urls(&found), [url], "{word}: {found:?}");
        let r = &found[0];
        assert!(r["score"].as_f64().expect("a score") > 0.0);
        assert_eq!(r["file"], Value::from(format!("{}index.html", &url[7..])));
    }
    // Every token must be present (AND), across title, kind and text.
    assert_eq!(
        urls(&query(public, "/pilot/", "阜宁 农技协")),
        ["/pilot/counties/funing/2019-h2/"]
    );
    let both = query(public, "/pilot/", "2019年下半年");
    assert_eq!(
        urls(&both),
        [
            "/pilot/counties/dongtai/2019-h2/",
            "/pilot/counties/funing/2019-h2/"
        ]
    );
    assert_eq!(both[0]["kind"], "东台市 · 2019年下半年");
    assert_eq!(both[1]["excerpt"], "全县农技协发展到36家，带动农户增收。");
    // Nonsense, punctuation only, and a word that is only half there.
    for nothing in ["量子引力", "，。！", "", "四长农技"] {
        assert!(
            query(public, "/pilot/", nothing).is_empty(),
            "{nothing} should find nothing"
        );
    }
}

#[test]
fn js_and_rust_tokenizers_agree() {
    if !have_node() {
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    write_site(dir.path(), &[]);
    let public = dir.path().to_str().expect("a UTF-8 path");
    let samples = [
        "乡镇科协覆盖率达到85%，村（社区）科协覆盖率99.5%。",
        "ＡＢＣ１２３ abc Pilot-County_2019年上半年“四+一”试点",
        "東京タワー・とうきょう 서울특별시 〇々 𠀀𠀁 café naïve",
        "县 a 1 ． Ｚ\t\n  end",
        "",
    ];
    for sample in samples {
        let js = node(&["--tokens", public, sample]);
        let rust = Value::from(index::tokens(sample));
        assert_eq!(js, rust, "tokens of {sample:?}");
        let js = node(&["--positions", public, sample]);
        let rust = serde_json::to_value(index::positioned_tokens(sample)).expect("JSON");
        assert_eq!(js, rust, "positions of {sample:?}");
    }
    // A document's title, kind and text are one stream.
    let d = doc("/d/", "村级科协", "东台市 · 2019年", "乡镇科协\n全覆盖 ok");
    let js = node(&[
        "--document",
        public,
        &serde_json::json!({"title": d.title, "kind": d.kind, "text": d.text}).to_string(),
    ]);
    let rust = serde_json::to_value(index::document_tokens(&d)).expect("JSON");
    assert_eq!(js, rust);
    // Every character on its own: each one-character run is a token, so
    // this compares how both sides classify and normalise every code point
    // up to the end of plane 3 (and a little past it). The characters touch
    // in pairs and pairs are apart, so positions move by every rule.
    let every: String = (0..0x4_0100u32)
        .filter_map(char::from_u32)
        .enumerate()
        .flat_map(|(i, c)| [Some(c), (i % 2 == 1).then_some(' ')])
        .flatten()
        .collect();
    let js = node_with_input(&["--positions", public, "-"], &every);
    let rust = index::positioned_tokens(&every);
    let js: Vec<(String, u64)> = serde_json::from_value(js).expect("[token, position] pairs");
    assert_eq!(js.len(), rust.len(), "token counts differ");
    for (j, r) in js.iter().zip(&rust) {
        assert_eq!(j, r, "the tokenizers disagree");
    }
}

/// search.js reads back exactly the postings the Rust index writes: every
/// entry of every shard, with document numbers and counts large enough to
/// take several characters each.
#[test]
fn js_reads_the_postings_rust_writes() {
    if !have_node() {
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut docs: Vec<Doc> = (0..2_200)
        .map(|i| {
            doc(
                &format!("/r{i}/"),
                &format!("报告{}", i % 7),
                "",
                &format!("编号{i} 村级科协 w{}", i % 50),
            )
        })
        .collect();
    // One long document: counts in the hundreds.
    let long: Vec<String> = (0..40_000).map(|i| format!("w{}", i % 50)).collect();
    docs.push(doc("/long/", "村级科协", "", &long.join(" ")));
    write_site(dir.path(), &docs);
    let mut entries = 0;
    let mut shards = 0;
    for entry in std::fs::read_dir(dir.path().join("search/index")).expect("the shards") {
        let path = entry.expect("a shard").path();
        let rel = format!(
            "search/index/{}",
            path.file_name().and_then(|n| n.to_str()).expect("a name")
        );
        let shard = read_packed(&path);
        let js = node(&["--postings", dir.path().to_str().expect("UTF-8"), &rel]);
        for (token, postings) in shard.as_object().expect("an object") {
            let rust: Vec<(u32, bool, u64)> = read_postings(postings.as_str().expect("a string"))
                .into_iter()
                .map(|p| (p.doc, p.in_title, p.count))
                .collect();
            assert!(!rust.is_empty(), "{token}");
            let js: Vec<(u32, bool, u64)> =
                serde_json::from_value(js[token].clone()).expect("decoded postings");
            assert_eq!(js, rust, "{token}");
            entries += 1;
        }
        shards += 1;
    }
    assert!(entries > 2_000, "{entries}");
    assert!(shards > 1, "{shards}");
    let read = read_index(dir.path());
    let long = &read.postings["w49"];
    let last = long.last().expect("a posting");
    assert_eq!((last.doc, last.count), (2_200, 800));
    // search.js reads the blocks as Rust wrote them.
    let block = node(&[
        "--unpack",
        dir.path().to_str().expect("UTF-8"),
        "search/docs/183.json",
    ]);
    assert_eq!(block[4]["url"], "/long/");
    assert_eq!(block[4]["text"], docs[2_200].text.as_str());
}

/// A token's postings read back in Rust.
fn read_postings(entry: &str) -> Vec<Posting> {
    index::read_postings(entry).expect("postings")
}

/// The JSON a packed file of the index holds.
fn read_packed(path: &Path) -> Value {
    let file = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let json = index::unpack(&file).unwrap_or_else(|| panic!("{}: not packed", path.display()));
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A built index read back whole: its postings, and its documents from
/// their blocks.
pub struct ReadIndex {
    docs: u32,
    postings: HashMap<String, Vec<Posting>>,
    documents: Vec<Doc>,
}

pub fn read_index(public: &Path) -> ReadIndex {
    let meta = read_json(&public.join("search/meta.json"));
    let mut postings = HashMap::new();
    for entry in std::fs::read_dir(public.join("search/index")).expect("the shards") {
        let shard = read_packed(&entry.expect("a shard").path());
        for (token, text) in shard.as_object().expect("an object") {
            postings.insert(
                token.clone(),
                read_postings(text.as_str().expect("a string")),
            );
        }
    }
    let documents = all_docs(public)
        .iter()
        .map(|d| {
            let field = |key: &str| d[key].as_str().expect("a field").to_string();
            doc(
                &field("url"),
                &field("title"),
                &field("kind"),
                &field("text"),
            )
        })
        .collect();
    ReadIndex {
        docs: meta["docs"].as_u64().expect("a count") as u32,
        postings,
        documents,
    }
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every match of a query as (document, phrases held, score), ranked as
/// search ranked them when a query loaded every document: every match's
/// phrases checked with all their tokens, then by the same tf-idf score
/// (added up in the same order as search.js), then in site order. Rust's
/// `ln` and JavaScript's `Math.log` may differ in the last bit, so scores
/// that are equal but for rounding may come in either order (see
/// [`assert_ranked`]).
/// A query's phrases: its tokens with nothing between them, two or more,
/// each as (token, offset from the first).
fn phrases_of(stream: &[(String, u64)]) -> Vec<Vec<(&str, u64)>> {
    let mut out: Vec<Vec<(&str, u64)>> = Vec::new();
    let mut start = 0;
    let mut previous: Option<u64> = None;
    for (token, at) in stream {
        if previous.is_none_or(|p| at - p > 2) {
            out.push(Vec::new());
            start = *at;
        }
        out.last_mut().expect("a phrase").push((token, at - start));
        previous = Some(*at);
    }
    out.retain(|p| p.len() > 1);
    out
}

pub fn reference(index: &ReadIndex, query: &str) -> Vec<(u32, usize, f64)> {
    let stream = index::positioned_tokens(query);
    let mut terms: Vec<&str> = Vec::new();
    for (token, _) in &stream {
        if !terms.contains(&token.as_str()) {
            terms.push(token);
        }
    }
    assert!(terms.len() <= 16, "{query}: more tokens than a query uses");
    let phrases = phrases_of(&stream);
    let empty = Vec::new();
    let mut lists: Vec<&Vec<Posting>> = terms
        .iter()
        .map(|t| index.postings.get(*t).unwrap_or(&empty))
        .collect();
    if lists.iter().any(|l| l.is_empty()) {
        return Vec::new();
    }
    lists.sort_by_key(|l| l.len());
    let n = f64::from(index.docs);
    let mut scores: HashMap<u32, f64> = HashMap::new();
    for (k, list) in lists.iter().enumerate() {
        let idf = (1.0 + n / list.len() as f64).ln();
        let mut next = HashMap::new();
        for p in list.iter() {
            let before = if k == 0 {
                Some(0.0)
            } else {
                scores.get(&p.doc).copied()
            };
            if let Some(before) = before {
                let title = if p.in_title { 3.0 } else { 0.0 };
                let tf = p.count as f64;
                next.insert(p.doc, before + idf * (1.0 + tf.ln() + title));
            }
        }
        scores = next;
    }
    let mut ranked: Vec<(usize, f64, u32)> = scores
        .into_iter()
        .map(|(doc, score)| {
            // Positions from the document's own text, cut by the Rust
            // tokenizer.
            let mut at: HashMap<String, Vec<u64>> = HashMap::new();
            for (token, p) in index::document_tokens(&index.documents[doc as usize]) {
                at.entry(token).or_default().push(p);
            }
            let empty = Vec::new();
            let positions = |token: &str| at.get(token).unwrap_or(&empty);
            let held = phrases
                .iter()
                .filter(|phrase| {
                    positions(phrase[0].0).iter().any(|&at| {
                        phrase.iter().all(|&(token, offset)| {
                            positions(token).binary_search(&(at + offset)).is_ok()
                        })
                    })
                })
                .count();
            (held, score, doc)
        })
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2)));
    ranked
        .into_iter()
        .map(|(held, score, doc)| (doc, held, score))
        .collect()
}

/// Whether search.js's results (`--loads`) for a query are its first page
/// as [`reference`] ranks it: as many matches, and in each place a match
/// that holds as many phrases as the reference's match there and scores
/// the same but for rounding (ties in site order).
fn assert_ranked(query: &str, loads: &Value, reference: &[(u32, usize, f64)]) {
    assert_eq!(loads["total"], reference.len(), "{query}: {loads}");
    let found = docs_of(loads);
    let want: Vec<u32> = reference
        .iter()
        .take(index_page_size())
        .map(|r| r.0)
        .collect();
    if found == want {
        return;
    }
    let key: HashMap<u32, (usize, f64)> = reference.iter().map(|r| (r.0, (r.1, r.2))).collect();
    let same =
        |a: (usize, f64), b: (usize, f64)| a.0 == b.0 && (a.1 - b.1).abs() <= 1e-9 * a.1.abs();
    assert_eq!(found.len(), want.len(), "{query}");
    for (i, (f, w)) in found.iter().zip(&want).enumerate() {
        let (f, w) = (key[f], key[w]);
        assert!(same(f, w), "{query}: place {i}: {found:?} against {want:?}");
    }
}

/// Whether a document holds a phrase in its title, kind or text: plain
/// substring search, independent of the index and of search.js.
fn holds(d: &Doc, phrase: &str) -> bool {
    [&d.title, &d.kind, &d.text]
        .iter()
        .any(|t| t.contains(phrase))
}

/// A page with the query as one unbroken phrase ranks above every page
/// that only has its characters apart, even when those score higher.
#[test]
fn a_phrase_ranks_above_its_characters_apart() {
    if !have_node() {
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let docs = [
        // Every bigram of 村级科协, many times and in the title, never side
        // by side: across punctuation, across title and kind, and as
        // 县级科协 next to 村级.
        doc(
            "/apart/",
            "村级组织与县级科协",
            "科协 · 村级",
            "村级组织建设。县级科协、镇级科协。村级，级科协。村级组织。县级科协。",
        ),
        doc(
            "/whole/",
            "工作总结",
            "",
            "本期开展村级科协规范化建设评议。",
        ),
        doc("/title/", "村级科协建设情况", "", "评议已完成。"),
        doc("/across/", "村级", "级科协", "无关内容。"),
        doc("/none/", "科普大篷车", "", "科协组织开展活动。"),
        // Two phrases: both, one of them, and each apart.
        doc("/both/", "报告", "", "村级科协牵头，健康讲堂进村。"),
        doc(
            "/half/",
            "报告",
            "",
            "村级科协牵头。健康义诊和讲堂活动，健康讲座。",
        ),
        // 2019年上半年 whole, and its tokens apart (2019, 年上, 上半, 半年).
        doc("/h1/", "报告", "", "2019年上半年工作总结。"),
        doc(
            "/h1-apart/",
            "2019年工作",
            "",
            "2019年，全年上半年任务过半。2019年。全年上半年。",
        ),
    ];
    write_site(dir.path(), &docs);
    let public = dir.path();

    let check = |q: &str, phrases: &[&str]| -> Vec<Value> {
        let found = query(public, "/", q);
        // Every document with every token matches, so all are found.
        let held = |url: &str| {
            let d = docs.iter().find(|d| d.url == url).expect("a document");
            phrases.iter().filter(|p| holds(d, p)).count()
        };
        let counts: Vec<usize> = urls(&found).iter().map(|u| held(u)).collect();
        let mut sorted = counts.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(counts, sorted, "{q}: {:?}", urls(&found));
        for r in &found {
            let url = r["url"].as_str().expect("a url");
            assert_eq!(r["phrases"], held(url), "{q}: {url}");
        }
        found
    };

    let found = check("村级科协", &["村级科协"]);
    assert_eq!(
        urls(&found),
        // Holders first (the title counts most), ties in site order; then
        // the rest by score.
        [
            "/title/", "/whole/", "/both/", "/half/", "/apart/", "/across/"
        ],
        "{found:?}"
    );
    // Without the phrase ranking, /apart/ would come before /whole/.
    assert!(
        score_of(&found, "/apart/") > score_of(&found, "/whole/"),
        "{found:?}"
    );

    let found = check("村级科协 健康讲堂", &["村级科协", "健康讲堂"]);
    assert_eq!(urls(&found), ["/both/", "/half/"], "{found:?}");

    let found = check("2019年上半年", &["2019年上半年"]);
    assert_eq!(urls(&found), ["/h1/", "/h1-apart/"], "{found:?}");
    assert!(
        score_of(&found, "/h1-apart/") > score_of(&found, "/h1/"),
        "{found:?}"
    );

    // The snippet marks the phrase as one range, and its characters
    // elsewhere not at all.
    let text = "开展村级科协规范化建设，村级组织和县级科协。";
    let marks = node(&[
        "--highlights",
        public.to_str().expect("UTF-8"),
        text,
        "村级科协",
    ]);
    assert_eq!(marks, serde_json::json!([[2, 6]]));
    let marks = node(&[
        "--highlights",
        public.to_str().expect("UTF-8"),
        "村级科协健康讲堂 · Pilot 2019年上半年",
        "健康讲堂 村级科协 pilot 2019年",
    ]);
    assert_eq!(
        marks,
        serde_json::json!([[0, 4], [4, 8], [11, 16], [17, 22]])
    );
}

fn score_of(found: &[Value], url: &str) -> f64 {
    found
        .iter()
        .find(|r| r["url"] == url)
        .and_then(|r| r["score"].as_f64())
        .expect("a score")
}

/// The search of the built example site. It needs the renderer to write
/// the index (search/meta.json); until it does, this test says so and passes.
#[test]
fn example_site_search_finds_chinese_words() {
    if !have_node() {
        return;
    }
    let site = SiteTest::example();
    site.run(&["build", "--base-url", "https://example.github.io/pilot/"])
        .assert_success();
    let public = site.root().join("public");
    assert!(
        public.join("search/meta.json").exists(),
        "the search index was not built"
    );
    let page = site.page("search/");
    assert!(page.contains("data-base=\"/pilot/\""), "{page}");
    assert!(page.contains("src=\"/pilot/search.js\""), "{page}");
    assert!(public.join("search.js").exists());
    for word in ["试点", "四长", "农技协", "乡镇科协"] {
        let found = query(&public, "/pilot/", word);
        assert!(!found.is_empty(), "{word} finds nothing");
        for r in &found {
            let file = r["file"]
                .as_str()
                .unwrap_or_else(|| panic!("{word}: {r} is not under /pilot/"));
            assert!(public.join(file).is_file(), "{word}: {r} is not a page");
        }
        // The word itself is on at least one page found.
        let on_a_page = found.iter().any(|r| {
            let file = r["file"].as_str().unwrap_or_default();
            std::fs::read_to_string(public.join(file)).is_ok_and(|html| html.contains(word))
        });
        assert!(on_a_page, "{word}: no page found contains it: {found:?}");
        // What the query loads: the meta file, the shards of its tokens,
        // and the blocks of the matches it checks and shows.
        let loads = loads(&public, word, None);
        let files = loads["files"].as_object().expect("files");
        let shards = files
            .keys()
            .filter(|f| f.starts_with("search/index/"))
            .count();
        assert!(shards <= index::tokens(word).len(), "{loads}");
        let shown: std::collections::BTreeSet<u64> = found
            .iter()
            .map(|r| r["doc"].as_u64().expect("a document") / index::DOCS_PER_BLOCK as u64)
            .collect();
        let docs: std::collections::BTreeSet<u64> = files
            .keys()
            .filter_map(|f| {
                f.strip_prefix("search/docs/")?
                    .strip_suffix(".json")?
                    .parse()
                    .ok()
            })
            .collect();
        assert!(shown.is_subset(&docs), "{loads}");
        assert!(loads["bytes"].as_u64() < Some(100 * 1024), "{loads}");
    }
    assert!(query(&public, "/pilot/", "量子引力").is_empty());

    // Excerpts keep a report's headings apart from the text around them,
    // and do not end on one.
    let docs = all_docs(&public);
    let excerpts: Vec<&str> = docs
        .iter()
        .map(|d| d["excerpt"].as_str().expect("an excerpt"))
        .collect();
    let mut apart = 0;
    for heading in [
        "基本情况",
        "工作进展",
        "主要做法",
        "典型案例",
        "存在问题",
        "下一步打算",
    ] {
        for e in &excerpts {
            for (i, _) in e.match_indices(heading) {
                let before = &e[..i];
                let after = &e[i + heading.len()..];
                assert!(
                    before.is_empty() || before.ends_with(index::BLOCK_SEPARATOR),
                    "{heading} runs on from the text before it: {e}"
                );
                assert!(
                    after.starts_with(index::BLOCK_SEPARATOR),
                    "{heading} runs into the text after it: {e}"
                );
                apart += 1;
            }
        }
    }
    assert!(apart > 40, "{apart} headings in excerpts");
}

/// Every document of a built index, in order.
fn all_docs(public: &Path) -> Vec<Value> {
    let meta = read_json(&public.join("search/meta.json"));
    let count = meta["docs"].as_u64().expect("a count");
    let per = meta["docs_per_block"].as_u64().expect("documents a block");
    let docs: Vec<Value> = (0..count.div_ceil(per))
        .flat_map(|b| {
            let block = read_packed(&public.join(format!("search/docs/{b}.json")));
            block.as_array().expect("an array").clone()
        })
        .collect();
    assert_eq!(docs.len() as u64, count);
    docs
}

/// What a query loads for its first page (`search_query.mjs --loads`):
/// {total, exact, results, bytes, files}.
fn loads(public: &Path, q: &str, budget: Option<u64>) -> Value {
    let public = public.to_str().expect("a UTF-8 path");
    let count = index_page_size().to_string();
    let budget = budget.map(|b| b.to_string());
    let mut args = vec!["--loads", public, q, &count];
    if let Some(b) = &budget {
        args.push(b);
    }
    node(&args)
}

/// search.js's PAGE_SIZE.
fn index_page_size() -> usize {
    20
}

/// The document numbers of a query's results.
fn docs_of(loads: &Value) -> Vec<u32> {
    loads["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["doc"].as_u64().expect("a document") as u32)
        .collect()
}

/// The example site ranks as before: for its words, phrases, and stretches
/// of its excerpts, the first page is the one [`reference`] gives.
#[test]
fn the_example_site_ranks_as_before() {
    if !have_node() {
        return;
    }
    let site = SiteTest::example();
    site.run(&["build"]).assert_success();
    let public = site.root().join("public");
    let read = read_index(&public);
    let mut queries: Vec<String> = [
        "试点",
        "科协",
        "四长",
        "农技协",
        "乡镇科协",
        "村级科协",
        "健康讲堂",
        "镇科协副主席",
        "科协组织建设",
        "2019年上半年",
        "村级科协 健康讲堂",
        "东台 2020",
    ]
    .map(String::from)
    .to_vec();
    let mut rng = Rng::new(18);
    let docs = all_docs(&public);
    while queries.len() < 60 {
        let excerpt: Vec<char> = rng.pick(&docs)["excerpt"]
            .as_str()
            .expect("an excerpt")
            .chars()
            .collect();
        let len = 2 + rng.below(7) as usize;
        if excerpt.len() > len {
            let start = rng.below((excerpt.len() - len) as u64) as usize;
            queries.push(excerpt[start..start + len].iter().collect());
        }
    }
    let mut ranked = 0;
    for q in &queries {
        let loads = loads(&public, q, None);
        let want = reference(&read, q);
        assert_eq!(loads["exact"], true, "{q}");
        assert_ranked(q, &loads, &want);
        ranked += usize::from(want.len() > 1);
    }
    assert!(ranked > 40, "{ranked} queries with results to rank");
}

/// search.js checks a match's phrases against the match's own text: on
/// documents of a few characters, where phrases hold and break in every
/// way, the results are those of [`reference`], which checks them with the
/// Rust tokenizer's positions.
#[test]
fn phrases_checked_in_the_text_decide_as_the_reference() {
    if !have_node() {
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut rng = Rng::new(5);
    let alphabet = [
        "科", "协", "村", "级", "县", "镇", "1", "a", "，", " ", "。",
    ];
    let text =
        |rng: &mut Rng, len: u64| -> String { (0..len).map(|_| *rng.pick(&alphabet)).collect() };
    let docs: Vec<Doc> = (0..400)
        .map(|i| {
            let title = text(&mut rng, 4);
            let len = 30 + rng.below(60);
            let body = text(&mut rng, len);
            doc(&format!("/d{i}/"), &title, "", &body)
        })
        .collect();
    write_site(dir.path(), &docs);
    let read = read_index(dir.path());
    let mut checked = 0;
    for _ in 0..120 {
        let len = 3 + rng.below(6);
        let q = text(&mut rng, len);
        let loads = loads(dir.path(), &q, None);
        let want = reference(&read, &q);
        assert_ranked(&q, &loads, &want);
        checked += usize::from(want.iter().any(|r| r.1 > 0));
    }
    assert!(checked > 30, "{checked}");
}

/// Report-like documents for a country: `counties` county pages and a
/// report per county and period, the reports of 1,000 characters or so
/// made of sentences that repeat across reports, as the generated corpus's
/// do (so their words are in nearly every report, several times), with
/// numbers, county names and now and then a village named nowhere else.
pub fn country_docs(counties: usize, periods: usize, seed: u64) -> Vec<Doc> {
    const RARE_COUNTY: usize = 1_234;
    const SENTENCES: &[&str] = &[
        "截至本期末，{county}{n}个乡镇（街道）中已有{n}个建立科协组织，覆盖率{n}%。",
        "村（社区）科协{n}个，占{n}个村（社区）的{n}%，村级科协覆盖率比上期提高。",
        "全县现有县级学会{n}个，企业（园区）科协{n}个，个人会员{n}人，科普志愿者{n}人。",
        "针对{crop}生产中的技术难题，园区科协邀请{n}名专家开展现场指导，累计服务农户{n}户。",
        "本期各级科协按照“一村一策”的思路，重点推进科普志愿服务和反诈骗知识宣传工作。",
        "开展健康讲堂{n}场、健康义诊{n}场，乡镇科协和村级科协共同组织。",
        "举办青少年科技竞赛{n}次，活动的针对性和实效性有所提升。",
        "开展农业技术培训{n}人次，重点围绕{crop}和{crop}等特色产业。",
        "“四长”任县科协主席、副主席{n}人，乡镇科协副主席{n}人。",
        "县委、县政府已出台加强基层科协建设的专门文件，基层科协组织{n}个。",
        "选派返乡创业青年担任村级科协联络员，把科技助农纳入乡镇（街道）年度考核。",
        "组织老年人智能技术培训{n}场，帮助老年人使用智能手机。",
        "加强基层科协组织，推进学会组织建设和科协工作创新。",
        "{village}村科协牵头开展科普活动，参加群众{n}人次。",
        "2019年上半年以来，累计开展科普宣传活动{n}场。",
    ];
    const CROPS: &[&str] = &["水稻", "茶叶", "蚕桑", "葡萄", "水产", "蔬菜", "果树"];
    const SYLLABLES: &[&str] = &[
        "东", "台", "滨", "海", "宁", "建", "湖", "丰", "清", "河", "安", "泰", "兴", "华", "新",
        "平", "江", "山", "石", "桥", "龙", "凤", "云", "溪",
    ];
    let mut rng = Rng::new(seed);
    let syllable = |rng: &mut Rng| SYLLABLES[rng.below(SYLLABLES.len() as u64) as usize];
    let period_ids = crate::generate::period_ids(periods);
    let mut reports = Vec::new();
    let mut county_pages = Vec::new();
    for c in 0..counties {
        let name = format!("{}{}县", syllable(&mut rng), syllable(&mut rng));
        for (p, id) in period_ids.iter().enumerate() {
            let period = crate::generate::period_label(id);
            let mut text = String::from("基本情况\n");
            if (c, p) == (RARE_COUNTY, 0) {
                text.push_str("洪滨村科普示范基地通过验收。\n");
            }
            while text.chars().count() < 1_000 {
                let sentence = *rng.pick(SENTENCES);
                let mut out = String::new();
                for (i, part) in sentence.split('{').enumerate() {
                    let rest = if i == 0 {
                        part
                    } else {
                        let (field, rest) = part.split_once('}').expect("a field");
                        match field {
                            "county" => out.push_str(&name),
                            "crop" => out.push_str(CROPS[rng.below(CROPS.len() as u64) as usize]),
                            "village" => {
                                out.push_str(syllable(&mut rng));
                                out.push_str(syllable(&mut rng));
                                out.push_str(syllable(&mut rng));
                            }
                            _ => out.push_str(&rng.below(5_000).to_string()),
                        }
                        rest
                    };
                    out.push_str(rest);
                }
                text.push_str(&out);
                text.push('\n');
            }
            reports.push(doc(
                &format!("/counties/c{c:04}/{p}/"),
                &format!("{name}{period}“四+一”试点工作进展"),
                &format!("{name} · {period}"),
                &text,
            ));
        }
        county_pages.push(doc(
            &format!("/counties/c{c:04}/"),
            &name,
            "县（市、区） · 试点地区",
            &format!("{name}是试点县。"),
        ));
    }
    reports.extend(county_pages);
    reports
}

/// Words searched on a country's index: common ones, from a character pair
/// found in every report to long phrases, one that no report holds whole
/// (基层科协组织建设: 基层科协组织 and 组织建设 only apart), and a rare one.
pub const COUNTRY_QUERIES: &[&str] = &[
    "科协",
    "村级科协",
    "乡镇科协",
    "基层科协组织建设",
    "老年人智能技术培训",
    "2019年上半年",
    "科协 培训 乡镇 组织建设",
    "洪滨村",
];

/// The common words of a country's reports and a rare one: what a search
/// loads stays within the budget, the document data only of the results
/// shown, and the first page is the one every match's phrases checked
/// would give wherever search.js says its order is exact (and for the
/// phrase no report holds, whose order is the score's either way).
#[test]
fn a_search_of_a_country_loads_only_what_its_first_page_needs() {
    if !have_node() {
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let docs = country_docs(3_000, 2, 1);
    write_site(dir.path(), &docs);
    let read = read_index(dir.path());
    let mut largest = 0;
    for q in COUNTRY_QUERIES {
        let loads = loads(dir.path(), q, None);
        let bytes = loads["bytes"].as_u64().expect("bytes");
        largest = largest.max(bytes);
        assert!(bytes < SEARCH_BUDGET, "{q}: {loads}");
        // The blocks of the results shown were loaded (with those of the
        // matches checked).
        let files = loads["files"].as_object().expect("files");
        for d in docs_of(&loads) {
            let block = format!("search/docs/{}.json", d as usize / index::DOCS_PER_BLOCK);
            assert!(files.contains_key(&block), "{q}: {block}");
        }
        let want = reference(&read, q);
        assert!(!want.is_empty(), "{q} finds nothing");
        if loads["exact"] == true || *q == "基层科协组织建设" {
            assert_ranked(q, &loads, &want);
        }
        eprintln!(
            "{q}: {bytes} bytes, {} matches, exact {}",
            want.len(),
            loads["exact"]
        );
    }
    // Common words were searched: a shard alone is not the whole of it.
    assert!(largest > 100 * 1024, "{largest}");
}

/// When checking phrases reaches its budget, the matches checked and found
/// to hold the phrase come first, in score order, then the others in score
/// order, and search.js says the order is not exact; what the query loads,
/// the page shown included, stays within the budget. (Phrases that no
/// report holds whole, so that checking goes on until the budget stops it.)
#[test]
fn checking_stops_at_its_budget() {
    if !have_node() {
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    write_site(dir.path(), &country_docs(300, 2, 2));
    let read = read_index(dir.path());
    let meta = read_json(&dir.path().join("search/meta.json"));
    let largest = meta["block_bytes"].as_u64().expect("a size");
    for q in ["基层科协组织建设", "科协组织建设", "科协组织建设 培训"] {
        // The meta file and shards, and room for the page and five blocks
        // more.
        let prepared: u64 = loads(dir.path(), q, None)["files"]
            .as_object()
            .expect("files")
            .iter()
            .filter(|(f, _)| !f.starts_with("search/docs/"))
            .map(|(_, n)| n.as_u64().expect("bytes"))
            .sum();
        let budget = prepared + (index_page_size() as u64 + 5) * largest;
        let loads = loads(dir.path(), q, Some(budget));
        assert_eq!(loads["exact"], false, "{q}: {loads}");
        let bytes = loads["bytes"].as_u64().expect("bytes");
        assert!(bytes <= budget, "{q}: {bytes} bytes of {budget}");
        let want = reference(&read, q);
        let key: HashMap<u32, (usize, f64)> = want.iter().map(|r| (r.0, (r.1, r.2))).collect();
        let results = loads["results"].as_array().expect("results");
        assert_eq!(results.len(), index_page_size());
        // Checked holders first, then the rest; each part in score order.
        let held: Vec<Option<u64>> = results.iter().map(|r| r["phrases"].as_u64()).collect();
        let holders = held.iter().take_while(|h| h.is_some_and(|h| h > 0)).count();
        for (r, h) in results.iter().zip(&held).skip(holders) {
            assert!(h.is_none_or(|h| h == 0), "{q}: {r} after the holders");
        }
        for part in [&results[..holders], &results[holders..]] {
            let scores: Vec<f64> = part
                .iter()
                .map(|r| key[&(r["doc"].as_u64().expect("a doc") as u32)].1)
                .collect();
            assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{q}: {scores:?}");
        }
        // Every match checked holds what the reference says.
        for (r, h) in results.iter().zip(&held) {
            if let Some(h) = h {
                let doc = r["doc"].as_u64().expect("a doc") as u32;
                assert_eq!(key[&doc].0 as u64, *h, "{q}: {r}");
            }
        }
    }
}
