//! Measures `pilotsite serve`'s edit-to-reload latency: the time from
//! writing one report to the `reload` event reaching an open page.
//!
//! ```text
//! cargo build --release
//! cargo run --release --example reload_latency -- SITE_DIR [RUNS]
//! ```
//!
//! It starts the release binary (`target/release/pilotsite`) on a free port
//! against SITE_DIR, which it edits (use a copy), listens on the event
//! stream like a browser does, then RUNS times (default 30) rewrites one
//! report with a new title, taking the time just before the write and when
//! the event arrives, and checks the page then shows the new title. Prints
//! the median, 90th percentile, minimum and maximum.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio, exit};
use std::time::{Duration, Instant};

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    exit(1);
}

struct Serve(Child);

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The release binary beside this example's own folder.
fn binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_else(|e| fail(&format!("cannot find myself: {e}")));
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .unwrap_or_else(|| fail("unexpected layout of target/"));
    let bin = dir.join("pilotsite");
    if !bin.is_file() {
        fail(&format!(
            "{} not found: run `cargo build --release` first",
            bin.display()
        ));
    }
    bin
}

/// The first report file of the site (sorted), and its text.
fn first_report(site: &Path) -> (PathBuf, String) {
    let counties = site.join("content/counties");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&counties)
        .unwrap_or_else(|e| fail(&format!("{}: {e}", counties.display())))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "md") && !p.ends_with("_index.md"))
            .collect();
        files.sort();
        if let Some(file) = files.into_iter().next() {
            let text = std::fs::read_to_string(&file)
                .unwrap_or_else(|e| fail(&format!("{}: {e}", file.display())));
            return (file, text);
        }
    }
    fail("the site has no report")
}

fn get(port: u16, path: &str) -> String {
    let mut s =
        TcpStream::connect(("127.0.0.1", port)).unwrap_or_else(|e| fail(&format!("connect: {e}")));
    let _ = write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    );
    let mut body = String::new();
    let _ = s.read_to_string(&mut body);
    body
}

fn main() {
    let mut args = std::env::args().skip(1);
    let site = PathBuf::from(
        args.next()
            .unwrap_or_else(|| fail("usage: reload_latency SITE_DIR [RUNS]")),
    );
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(30);
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| fail(&format!("no free port: {e}")));
    let _serve = Serve(
        Command::new(binary())
            .arg("--root")
            .arg(&site)
            .args(["--quiet", "serve", "--port", &port.to_string()])
            .stdout(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| fail(&format!("cannot start pilotsite serve: {e}"))),
    );
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if started.elapsed() > Duration::from_secs(120) {
            fail("serve did not start");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    println!(
        "first build and listening: {:.0} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );

    let mut stream =
        TcpStream::connect(("127.0.0.1", port)).unwrap_or_else(|e| fail(&format!("connect: {e}")));
    let _ = write!(
        stream,
        "GET /__pilotsite/events HTTP/1.1\r\nHost: x\r\n\r\n"
    );
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap_or_else(|e| fail(&e.to_string()));
    let mut events = BufReader::new(stream);
    let mut line = String::new();
    while events.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
        line.clear();
    }

    let (file, original) = first_report(&site);
    let url = {
        let rel = file.strip_prefix(site.join("content")).unwrap_or(&file);
        let stem = rel.with_extension("");
        format!("/{}/", stem.to_string_lossy().to_lowercase())
    };
    let mut times = Vec::with_capacity(runs);
    let mut extra_events = 0;
    for run in 0..runs {
        let title = format!("latency run {run}");
        let text = original.replacen("title: ", &format!("title: {title} "), 1);
        // Let the previous rebuild settle, as between a person's saves, and
        // drop any event it sent late.
        let _ = events
            .get_ref()
            .set_read_timeout(Some(Duration::from_millis(150)));
        while events.read_line(&mut line).is_ok_and(|n| n > 0) {
            if line.trim_end() == "event: reload" {
                extra_events += 1;
            }
            line.clear();
        }
        line.clear();
        let _ = events
            .get_ref()
            .set_read_timeout(Some(Duration::from_secs(10)));
        let t0 = Instant::now();
        std::fs::write(&file, &text).unwrap_or_else(|e| fail(&format!("{}: {e}", file.display())));
        // The first reload after which the page shows the edit (a save that
        // the watcher sees in two steps may cause two rebuilds).
        loop {
            line.clear();
            match events.read_line(&mut line) {
                Ok(0) | Err(_) => fail("no reload event showed the edit within 10 s"),
                Ok(_) if line.trim_end() == "event: reload" => {
                    let at = t0.elapsed();
                    if get(port, &url).contains(&title) {
                        times.push(at.as_secs_f64() * 1000.0);
                        break;
                    }
                    extra_events += 1;
                }
                Ok(_) => {}
            }
        }
    }
    std::fs::write(&file, &original).unwrap_or_else(|e| fail(&format!("{}: {e}", file.display())));
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
    println!(
        "edit to reload over {runs} edits of {}: median {:.1} ms, p90 {:.1} ms, min {:.1} ms, max {:.1} ms ({extra_events} extra reloads)",
        file.display(),
        pct(0.5),
        pct(0.9),
        times[0],
        times[times.len() - 1]
    );
}
