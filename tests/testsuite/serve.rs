//! `pilotsite serve`: the real binary on a free port, files edited in a
//! temporary copy of a site, reloads observed on the event stream and pages
//! fetched over HTTP with a tiny client (so request paths go out exactly as
//! written, `..` and all).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::SiteTest;

/// A running `pilotsite serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl Server {
    fn start(site: &SiteTest, extra: &[&str]) -> Server {
        Server::start_on(site, free_port(), extra)
    }

    fn start_on(site: &SiteTest, port: u16, extra: &[&str]) -> Server {
        let child = Command::new(env!("CARGO_BIN_EXE_pilotsite"))
            .arg("--root")
            .arg(site.root())
            .args(["serve", "--port", &port.to_string()])
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start pilotsite serve");
        let server = Server { child, port };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "serve did not start listening");
            std::thread::sleep(Duration::from_millis(20));
        }
        server
    }

    /// GET `path` as written; returns status and body.
    fn get(&self, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .expect("timeout");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .expect("send");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read the response");
        let text = String::from_utf8_lossy(&raw).into_owned();
        let status = text
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = text
            .split_once("\r\n\r\n")
            .map_or(String::new(), |(_, b)| b.to_string());
        (status, body)
    }

    /// Opens the reload event stream.
    fn events(&self) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        write!(
            stream,
            "GET /__pilotsite/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        )
        .expect("send");
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .expect("timeout");
        let mut events = Events {
            reader: BufReader::new(stream),
        };
        // Past the response headers.
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let mut line = String::new();
            match events.reader.read_line(&mut line) {
                Ok(_) if line == "\r\n" => break,
                Ok(0) => panic!("the event stream closed"),
                _ => assert!(Instant::now() < deadline, "no event stream headers"),
            }
        }
        events
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// Waits for the next `reload` event; panics after `secs`.
    fn reload(&mut self, secs: u64) {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let mut line = String::new();
            if let Ok(n) = self.reader.read_line(&mut line)
                && n > 0
                && line.trim_end() == "event: reload"
            {
                return;
            }
            assert!(Instant::now() < deadline, "no reload event within {secs} s");
        }
    }
}

/// Polls `path` until its body satisfies `ok` (rebuilds are asynchronous).
fn eventually(server: &Server, path: &str, ok: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let (_, body) = server.get(path);
        if ok(&body) {
            return body;
        }
        assert!(
            Instant::now() < deadline,
            "{path} never became right; last body:\n{body}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

const REPORT: &str = "content/counties/alpha/2019-h1.md";

fn report(title: &str) -> String {
    format!(
        "---\ntitle: {title}\nperiod: 2019-H1\nmetrics:\n  total: 10\n  covered: 8\n---\nBody.\n"
    )
}

#[test]
fn an_edit_reloads_open_pages_with_the_new_content() {
    let site = SiteTest::fixture("minimal");
    let server = Server::start(&site, &[]);
    let (status, page) = server.get("/counties/alpha/2019-h1/");
    assert_eq!(status, 200);
    assert!(page.contains("Alpha 2019 H1"));
    assert!(
        page.contains("/__pilotsite/events"),
        "the reload script is injected"
    );
    let mut events = server.events();
    site.write(REPORT, &report("Edited title"));
    events.reload(15);
    let (_, page) = server.get("/counties/alpha/2019-h1/");
    assert!(page.contains("Edited title"), "{page}");
    // The pages that list the report changed too.
    assert!(server.get("/counties/alpha/").1.contains("Edited title"));
    assert!(server.get("/periods/2019-h1/").1.contains("Edited title"));
}

#[test]
fn errors_show_as_an_overlay_and_the_fix_removes_it() {
    let site = SiteTest::fixture("minimal");
    let server = Server::start(&site, &[]);
    let mut events = server.events();
    site.write(
        REPORT,
        "---\ntitle: Alpha 2019 H1\nperiod: 2019-H1\nmetrics:\n  total: 10\n  covred: 8\n---\n",
    );
    events.reload(15);
    let (status, page) = server.get("/counties/alpha/");
    assert_eq!(status, 200, "the last good site stays served");
    assert!(page.contains("pilotsite-errors"), "{page}");
    assert!(
        page.contains("error: content/counties/alpha/2019-h1.md:6:3: unknown metric `covred` (did you mean `covered`?)"),
        "{page}"
    );
    assert!(
        page.contains("Alpha 2019 H1"),
        "the last good content is still shown"
    );
    site.write(REPORT, &report("Fixed"));
    events.reload(15);
    let page = server.get("/counties/alpha/").1;
    assert!(!page.contains("pilotsite-errors"), "{page}");
    assert!(page.contains("Fixed"));
}

#[test]
fn nothing_outside_the_site_is_served() {
    let site = SiteTest::fixture("minimal");
    site.write("static/ok.txt", "fine");
    let outside = tempfile::tempdir().expect("a folder outside the site");
    std::fs::write(outside.path().join("secret.txt"), "secret").expect("write");
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        site.root().join("static/secret.txt"),
    )
    .expect("symlink");
    let server = Server::start(&site, &[]);
    assert_eq!(server.get("/ok.txt"), (200, "fine".to_string()));
    for path in [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/..%2fsite.yaml",
        "/counties/..%2f..%2fsite.yaml",
        "/%2e%2e%2f%2e%2e%2fetc/passwd",
        "/..%5csite.yaml",
        "/static/ok.txt",
        "/site.yaml",
        "/content/_index.md",
        "/secret.txt",
    ] {
        let (status, body) = server.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(
            !body.contains("secret") && !body.contains("title: Minimal"),
            "{path} leaked"
        );
    }
}

#[test]
fn serves_under_the_base_url_path() {
    let site = SiteTest::fixture("minimal");
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}/pilot/");
    let server = Server::start_on(&site, port, &["--base-url", &base]);
    let (status, page) = server.get("/pilot/");
    assert_eq!(status, 200);
    assert!(page.contains("href=\"/pilot/counties/\""));
    assert_eq!(server.get("/pilot/counties/alpha/").0, 200);
    assert_eq!(server.get("/counties/alpha/").0, 404);
}

#[test]
fn a_busy_port_is_a_clear_error() {
    let site = SiteTest::fixture("minimal");
    let taken = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port().to_string();
    let run = site.run(&["serve", "--port", &port]);
    run.assert_status(2);
    assert!(
        run.stderr
            .contains(&format!("port {port} on 127.0.0.1 is already in use")),
        "{}",
        run.stderr
    );
}

#[test]
fn it_survives_what_editors_do_and_ends_on_the_final_state() {
    let site = SiteTest::fixture("minimal");
    let server = Server::start(&site, &[]);
    // A half-written file, editor temp files, an empty file.
    site.write(REPORT, "---\ntitle: Half");
    site.write(
        "content/counties/alpha/.2019-h1.md.swp",
        "binary junk \u{0}",
    );
    site.write("content/counties/alpha/4913", "");
    site.write("content/counties/alpha/2019-h1.md~", "backup");
    site.write("content/counties/beta/empty.md", "");
    std::thread::sleep(Duration::from_millis(200));
    std::fs::remove_file(site.root().join("content/counties/beta/empty.md")).expect("remove");
    // A new folder with files written at once.
    site.write(
        "content/counties/gamma/_index.md",
        "---\nname: Gamma\npilot: false\n---\n",
    );
    site.write(
        "content/counties/gamma/2018.md",
        "---\ntitle: Gamma 2018\nperiod: 2018\nmetrics:\n  total: 3\n---\n",
    );
    // A burst of 100 saves in about a second.
    for i in 0..100 {
        site.write(REPORT, &report(&format!("Save {i}")));
        std::thread::sleep(Duration::from_millis(10));
    }
    let page = eventually(&server, "/counties/alpha/2019-h1/", |b| {
        b.contains("Save 99")
    });
    assert!(!page.contains("pilotsite-errors"), "{page}");
    eventually(&server, "/counties/gamma/", |b| b.contains("Gamma 2018"));
    // Still alive and well.
    assert_eq!(server.get("/").0, 200);
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_it_cleanly() {
    let site = SiteTest::fixture("minimal");
    let mut server = Server::start(&site, &[]);
    let _events = server.events();
    let status = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .expect("send SIGINT");
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = server.child.try_wait().expect("wait") {
            assert!(status.success(), "exit status {status}");
            break;
        }
        assert!(Instant::now() < deadline, "serve did not stop on Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn slow_clients_do_not_block_others() {
    let site = SiteTest::fixture("minimal");
    let server = Server::start(&site, &[]);
    // Fifty clients that send half a request and then stall.
    let stalled: Vec<TcpStream> = (0..50)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
            write!(s, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n").expect("send half a request");
            s
        })
        .collect();
    let started = Instant::now();
    let (status, body) = server.get("/counties/");
    assert_eq!(status, 200);
    assert!(body.contains("Alpha"));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "a normal request waited behind stalled ones"
    );
    drop(stalled);
}
