//! Full-text search: the index written in Rust, queried by the theme's
//! `search.js` in node (`tests/search_query.mjs`), so both halves are tested
//! together, and the two tokenizers are checked to agree.
//!
//! These tests need `node` (the test command installs Node tools anyway)
//! and pass (CI has node).

use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::harness::{SiteTest, repo_root};

use pilotsite::search as index;

use index::Doc;

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
    for (rel, text) in index::index(docs) {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folders");
        std::fs::write(path, text).expect("write an index file");
    }
    std::fs::copy(
        repo_root().join("themes/default/static/search.js"),
        dir.join("search.js"),
    )
    .expect("copy search.js");
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
/// entry of every shard, with document numbers and positions large enough
/// to take several characters each.
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
    // One long document: positions past 100,000.
    let long: Vec<String> = (0..40_000).map(|i| format!("w{}", i % 50)).collect();
    docs.push(doc("/long/", "村级科协", "", &long.join(" ")));
    write_site(dir.path(), &docs);
    let mut entries = 0;
    for entry in std::fs::read_dir(dir.path().join("search/index")).expect("the shards") {
        let path = entry.expect("a shard").path();
        let rel = format!(
            "search/index/{}",
            path.file_name().and_then(|n| n.to_str()).expect("a name")
        );
        let shard: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read a shard"))
                .expect("a shard is JSON");
        let js = node(&["--postings", dir.path().to_str().expect("UTF-8"), &rel]);
        for (token, postings) in shard.as_object().expect("an object") {
            let rust: Vec<(u32, bool, Vec<u64>)> =
                index::decode_postings(postings.as_str().expect("a string"))
                    .expect("postings")
                    .into_iter()
                    .map(|p| (p.doc, p.in_title, p.positions))
                    .collect();
            assert!(!rust.is_empty(), "{token}");
            let js: Vec<(u32, bool, Vec<u64>)> =
                serde_json::from_value(js[token].clone()).expect("decoded postings");
            assert_eq!(js, rust, "{token}");
            entries += 1;
        }
    }
    assert!(entries > 2_000, "{entries}");
    let w49 = index::index(&docs)
        .into_iter()
        .filter(|(path, _)| path.starts_with("search/index/"))
        .find_map(|(_, text)| {
            let shard: Value = serde_json::from_str(&text).expect("a shard is JSON");
            shard["w49"].as_str().map(str::to_string)
        })
        .expect("w49's postings");
    let long = index::decode_postings(&w49).expect("postings");
    let last = long.last().expect("a posting");
    assert_eq!(last.doc, 2_200);
    assert!(last.positions.last() > Some(&100_000), "{last:?}");
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
        // What the query loads: meta, docs and the shards of its tokens.
        let meta: Value = serde_json::from_str(
            &std::fs::read_to_string(public.join("search/meta.json")).expect("meta"),
        )
        .expect("meta.json");
        let shards = meta["shards"].as_u64().expect("shard count") as u32;
        let mut files: Vec<String> = vec!["search/meta.json".into(), "search/docs.json".into()];
        for t in index::tokens(word) {
            files.push(format!("search/index/{}.json", index::shard_of(&t, shards)));
        }
        files.sort();
        files.dedup();
        let bytes: u64 = files
            .iter()
            .map(|f| std::fs::metadata(public.join(f)).map_or(0, |m| m.len()))
            .sum();
        assert!(bytes <= 300 * 1024, "{word} loads {bytes} bytes");
    }
    assert!(query(&public, "/pilot/", "量子引力").is_empty());

    // Excerpts keep a report's headings apart from the text around them,
    // and do not end on one.
    let docs: Value = serde_json::from_str(
        &std::fs::read_to_string(public.join("search/docs.json")).expect("docs.json"),
    )
    .expect("docs.json is JSON");
    let excerpts: Vec<&str> = docs
        .as_array()
        .expect("an array")
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
