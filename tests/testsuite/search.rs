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
    }
    // Every character on its own: each one-character run is a token, so
    // this compares how both sides classify and normalise every code point
    // up to the end of plane 3 (and a little past it).
    let every: String = (0..0x4_0100u32)
        .filter_map(char::from_u32)
        .flat_map(|c| [c, ' '])
        .collect();
    let js = node_with_input(&["--tokens", public, "-"], &every);
    let rust = index::tokens(&every);
    let js: Vec<&str> = js
        .as_array()
        .expect("an array")
        .iter()
        .map(|t| t.as_str().expect("a string"))
        .collect();
    assert_eq!(js.len(), rust.len(), "token counts differ");
    for (j, r) in js.iter().zip(&rust) {
        assert_eq!(j, r, "the tokenizers disagree");
    }
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
}
