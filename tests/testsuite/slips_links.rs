//! Links as authors type them, and what rendering makes of a body and a
//! theme: each slip is an error at its own line, in both languages, or
//! renders as meant.
//!
//! - a link to a path of the site (`/counties/alpha/2017/`) that has no
//!   page; with a base path (`https://example.github.io/pilot/`), the link
//!   gets it, in `build` and `serve` alike;
//! - a link to a source file with `.MD` in capitals, or to one that is not
//!   there;
//! - a chart block in an item of a tight list, and a U+FFFC typed in text;
//! - an error in an overridden theme template, reported once, in that file;
//! - a file of static/ that a generated file would replace;
//! - a chart-block value of 4 MiB, quoted short;
//! - a broken link in a site whose content has errors, reported with them.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::SiteTest;

/// The page of the minimal fixture with `line` as its fourth line.
fn about_with(site: &SiteTest, line: &str) {
    site.write(
        "content/pages/about.md",
        &format!("---\ntitle: About\n---\n{line}\n\n## What this is\n"),
    );
}

/// The first `error:` line of `check` in `lang`.
fn first_error(site: &SiteTest, lang: &str) -> String {
    let run = site.run(&["--lang", lang, "check"]);
    run.assert_status(1);
    run.error_lines()
        .first()
        .map(|l| l.to_string())
        .unwrap_or_else(|| panic!("no error line:\n{}", run.stderr))
}

#[test]
fn a_link_to_a_path_the_site_does_not_have_is_an_error_at_its_line() {
    let site = SiteTest::fixture("minimal");
    about_with(&site, "See [基线](/counties/alpha/2017/).");
    assert_eq!(
        first_error(&site, "en"),
        "error: content/pages/about.md:4:5: link to `/counties/alpha/2017/`: \
         the site has no page at this address (did you mean `/counties/alpha/2018/`?)"
    );
    assert_eq!(
        first_error(&site, "zh-CN"),
        "error: content/pages/about.md:4:5: 链接 `/counties/alpha/2017/` \
         指向的网址在本网站上没有页面（是不是想写 `/counties/alpha/2018/`？）"
    );
    // A heading that the linked page does not have, by path as by file.
    about_with(&site, "See [基线](/counties/alpha/2018/#nowhere).");
    assert_eq!(
        first_error(&site, "en"),
        "error: content/pages/about.md:4:5: link to `/counties/alpha/2018/#nowhere`: \
         content/counties/alpha/2018.md has no heading `#nowhere`"
    );
}

#[test]
fn links_to_every_kind_of_file_the_site_has_pass() {
    let site = SiteTest::fixture("minimal");
    site.write("static/files/plan.txt", "plan");
    about_with(
        &site,
        "[a](/) [b](/counties/alpha/2018/) [c](/counties/alpha/2018) \
         [d](/counties/alpha/2018/#overview) [e](/compare/) [f](/tags/health/) \
         [g](/data/metrics.csv) [h](/files/plan.txt) [i](/about/) [j](/periods/2019-h1/) \
         [k](/counties/) [l](/search/?q=alpha) [m](/metrics/total/) [n](/style.css)",
    );
    let run = site.run(&["check"]);
    run.assert_success();
}

#[test]
fn links_to_a_path_of_the_site_get_the_base_path() {
    let site = SiteTest::fixture("minimal");
    about_with(
        &site,
        "See [基线](/counties/alpha/2018/) and [数据](/data/metrics.csv), \
         [已有前缀](/pilot/counties/beta/2018/), [外部](https://example.org/x/).",
    );
    site.run(&["build", "--base-url", "https://example.github.io/pilot/"])
        .assert_success();
    let page = site.page("about/");
    for href in [
        "href=\"/pilot/counties/alpha/2018/\"",
        "href=\"/pilot/data/metrics.csv\"",
        "href=\"/pilot/counties/beta/2018/\"",
        "href=\"https://example.org/x/\"",
    ] {
        assert!(page.contains(href), "no {href} in:\n{page}");
    }
    assert!(!page.contains("href=\"/counties/"), "{page}");

    // Without a sub-path nothing changes; and there, a link that starts
    // with `/pilot/` is a path the site does not have.
    about_with(&site, "See [基线](/counties/alpha/2018/).");
    site.build();
    assert!(
        site.page("about/")
            .contains("href=\"/counties/alpha/2018/\"")
    );
}

#[cfg(feature = "serve")]
#[test]
fn serve_puts_the_base_path_in_front_too() {
    let site = SiteTest::fixture("minimal");
    about_with(&site, "See [基线](/counties/alpha/2018/).");
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let base = format!("http://127.0.0.1:{port}/pilot/");
    let mut child = Command::new(env!("CARGO_BIN_EXE_pilotsite"))
        .arg("--root")
        .arg(site.root())
        .args(["serve", "--port", &port.to_string(), "--base-url", &base])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start pilotsite serve");
    let deadline = Instant::now() + Duration::from_secs(20);
    let page = loop {
        if let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(20)));
            let _ = write!(
                stream,
                "GET /pilot/about/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
            );
            let mut raw = Vec::new();
            let _ = stream.read_to_end(&mut raw);
            break String::from_utf8_lossy(&raw).into_owned();
        }
        if Instant::now() > deadline {
            break String::new();
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        page.contains("href=\"/pilot/counties/alpha/2018/\""),
        "{page}"
    );
}

#[test]
fn links_to_source_files_resolve_whatever_the_case_of_md() {
    let site = SiteTest::fixture("minimal");
    site.write(
        "content/counties/alpha/2019-h1.md",
        &site
            .read("content/counties/alpha/2019-h1.md")
            .replace("(2018.md)", "(2018.MD) and [乙](../beta/2018.Md)"),
    );
    site.build();
    let page = site.page("counties/alpha/2019-h1/");
    assert!(page.contains("href=\"/counties/alpha/2018/\""), "{page}");
    assert!(page.contains("href=\"/counties/beta/2018/\""), "{page}");
    assert!(!page.contains(".MD\""), "{page}");

    about_with(&site, "See [基线](../counties/beta/2017.MD).");
    assert_eq!(
        first_error(&site, "en"),
        "error: content/pages/about.md:4:5: link to `../counties/beta/2017.MD`, which does not exist"
    );
    assert_eq!(
        first_error(&site, "zh-CN"),
        "error: content/pages/about.md:4:5: 链接 `../counties/beta/2017.MD` 指向的文件不存在"
    );
}

#[test]
fn a_chart_block_in_a_tight_list_renders_and_a_typed_object_mark_stays_text() {
    let site = SiteTest::fixture("minimal");
    site.write(
        "content/pages/about.md",
        "---\ntitle: About\n---\n- first\n  ```chart\n  metric: total\n  ```\n- second\n\n\
         Pasted \u{FFFC}0\u{FFFC} from a word processor.\n\n\
         ```chart\nmetric: covered\n```\n",
    );
    site.build();
    let page = site.page("about/");
    assert!(!page.contains('\u{FFFC}'), "a mark is left:\n{page}");
    assert_eq!(page.matches("<figure").count(), 2, "{page}");
    let main = page.split("<main").nth(1).unwrap_or("");
    let item = main
        .split("<li>")
        .nth(1)
        .and_then(|rest| rest.split("</li>").next())
        .unwrap_or("");
    assert!(
        item.contains("<figure"),
        "the list item has no chart:\n{page}"
    );
    assert!(page.contains("Pasted 0 from a word processor."), "{page}");
}

#[test]
fn an_error_in_an_overridden_template_is_reported_once_where_it_is() {
    let site = SiteTest::fixture("minimal");
    let base = std::fs::read_to_string(
        crate::harness::repo_root().join("themes/default/templates/base.html"),
    )
    .expect("the built-in base.html");
    let broken = base.replacen(
        "<footer class=\"site-footer\">",
        "<footer class=\"site-footer\">{{ site.titel.x }}",
        1,
    );
    let line = broken
        .lines()
        .position(|l| l.contains("site.titel"))
        .expect("the broken line")
        + 1;
    site.write("themes/default/templates/base.html", &broken);
    for lang in ["en", "zh-CN"] {
        let run = site.run(&["--lang", lang, "check"]);
        run.assert_status(1);
        let lines = run.error_lines();
        assert_eq!(lines.len(), 1, "{}", run.stderr);
        let start = format!("error: themes/default/templates/base.html:{line}:");
        assert!(lines[0].starts_with(&start), "{}", run.stderr);
        let words = if lang == "en" {
            "template error: "
        } else {
            "模板有错："
        };
        assert!(lines[0].contains(words), "{}", run.stderr);
    }
}

#[test]
fn a_static_file_a_generated_file_would_replace_is_an_error_there() {
    let site = SiteTest::fixture("minimal");
    site.write("static/data/metrics.csv", "county,value\n");
    assert_eq!(
        first_error(&site, "en"),
        "error: static/data/metrics.csv:1:1: this file would be replaced by \
         `data/metrics.csv`, which the site makes itself"
    );
    assert_eq!(
        first_error(&site, "zh-CN"),
        "error: static/data/metrics.csv:1:1: 网站会自动生成 `data/metrics.csv`，\
         这个文件会被它替换，不会发布出去"
    );
    // Pages and the search index are the site's own too; the site's own
    // robots.txt and theme files may replace the built-in ones.
    std::fs::remove_file(site.root().join("static/data/metrics.csv")).expect("remove");
    site.write("static/counties/index.html", "<p>mine</p>");
    site.write("static/search/docs/0.json", "[]");
    site.write("static/robots.txt", "User-agent: *\n");
    site.write("static/style.css", "body{}");
    let run = site.run(&["check"]);
    run.assert_status(1);
    assert_eq!(
        run.error_lines(),
        [
            "error: static/counties/index.html:1:1: this file would be replaced by \
             `counties/index.html`, which the site makes itself",
            "error: static/search/docs/0.json:1:1: this file would be replaced by \
             `search/docs/0.json`, which the site makes itself",
        ],
        "{}",
        run.stderr
    );
}

#[test]
fn a_huge_value_is_quoted_short() {
    let site = SiteTest::fixture("minimal");
    let huge = "x".repeat(4 << 20);
    site.write(
        "content/pages/about.md",
        &format!(
            "---\ntitle: About\n---\n```chart\nmetric: {huge}\n```\n\n[a](/{huge}/) [b]({huge}.md)\n"
        ),
    );
    let started = Instant::now();
    let run = site.run(&["check"]);
    run.assert_status(1);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
    let lines = run.error_lines();
    assert_eq!(
        lines.len(),
        3,
        "{}",
        &run.stderr[..run.stderr.len().min(2000)]
    );
    for line in &lines {
        assert!(line.chars().count() < 250, "{line:.300}");
    }
    assert!(run.stderr.len() < 20_000, "{} bytes", run.stderr.len());
}

#[test]
fn a_broken_link_is_reported_with_the_content_errors() {
    let site = SiteTest::fixture("minimal");
    about_with(
        &site,
        "See [基线](@/counties/alpha/2017.md) and [b](#nowhere).",
    );
    site.write(
        "content/counties/beta/2018.md",
        &site
            .read("content/counties/beta/2018.md")
            .replacen("title:", "titel:", 1),
    );
    let run = site.run(&["check"]);
    run.assert_status(1);
    let lines = run.error_lines();
    assert_eq!(lines.len(), 3, "{}", run.stderr);
    assert!(
        lines[0].starts_with("error: content/counties/beta/2018.md:"),
        "{}",
        run.stderr
    );
    assert_eq!(
        &lines[1..],
        [
            "error: content/pages/about.md:4:5: link to `@/counties/alpha/2017.md`, which does not exist",
            "error: content/pages/about.md:4:40: link to `#nowhere`: content/pages/about.md has no heading `#nowhere`",
        ],
        "{}",
        run.stderr
    );
}
