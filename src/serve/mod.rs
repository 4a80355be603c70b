//! `pilotsite serve`: a live preview that never dies.
//!
//! A builder thread keeps the site in memory (`live`), rebuilds it when the
//! watcher (`watch`) reports a change, and swaps in the new generation only
//! when it built; the HTTP server (axum on tokio) renders pages of the
//! current generation on request. While the content has errors, the last
//! good generation stays served and every HTML page shows an overlay with
//! the errors, in the same words as the command line. Open pages reload
//! over server-sent events after every rebuild.
//!
//! Only what the site produces is served: a request is looked up among the
//! site's output files by name, so no path can reach the disk outside them.
//! Nothing is written to disk, so a rebuild never triggers the watcher.

mod live;
mod watch;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use axum::body::Body;
use axum::http::{HeaderValue, Method, Request, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use tokio::sync::{broadcast, watch as tokio_watch};

pub use live::{Changes, Live};

use crate::diagnostics::{self, Diagnostic};
use crate::messages::{self, Language, Text};
use crate::render::Prepared;
use crate::text;
use crate::urls::percent_decode;

/// Where the reload events are served (outside the site's base path).
pub const EVENTS_PATH: &str = "/__pilotsite/events";

#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub interface: String,
    pub port: u16,
    /// Serve under this URL's path instead of at `/`.
    pub base_url: Option<String>,
    pub drafts: bool,
    pub open: bool,
    pub quiet: bool,
    /// `--lang`: the language of messages, else the site's.
    pub lang: Option<Language>,
}

/// Why `serve` could not run.
#[derive(Debug)]
pub enum ServeError {
    /// The address cannot be used (busy port, bad interface).
    Address(Text),
    Other(Text),
}

/// One successful build, served until the next one.
struct Generation {
    prepared: Prepared,
    /// Files rendered so far, by output path.
    rendered: Mutex<HashMap<String, Arc<Vec<u8>>>>,
}

/// What the server and the builder share.
struct Shared {
    root: PathBuf,
    base_path: String,
    current: RwLock<Option<Arc<Generation>>>,
    /// The errors of the latest build, as the command line prints them.
    errors: RwLock<Option<Arc<ErrorReport>>>,
    reload: broadcast::Sender<u64>,
    /// `--lang`, if given.
    lang: Option<Language>,
}

/// Errors as the overlay shows them: a title and the command line's text.
struct ErrorReport {
    lang: Language,
    title: String,
    text: String,
}

impl ErrorReport {
    fn new(diags: &[Diagnostic], root: &Path, chosen: Option<Language>) -> ErrorReport {
        let lang = messages::language_for(root, chosen);
        let errors = diags.iter().filter(|d| d.is_error()).count();
        ErrorReport {
            lang,
            title: messages::ui(lang, "serve-overlay-title", &[("errors", errors.into())]),
            text: diagnostics::render_human(diags, root, lang),
        }
    }
}

impl Shared {
    fn generation(&self) -> Option<Arc<Generation>> {
        self.current
            .read()
            .map_or_else(|e| e.into_inner().clone(), |g| g.clone())
    }

    fn errors(&self) -> Option<Arc<ErrorReport>> {
        self.errors
            .read()
            .map_or_else(|e| e.into_inner().clone(), |g| g.clone())
    }

    /// Records the outcome of a build and tells open pages to reload.
    fn publish(&self, id: u64, outcome: Result<Prepared, Vec<Diagnostic>>) {
        // The generation replaced: freed only after the reload has gone out
        // (freeing a large site takes milliseconds nobody should wait for).
        let mut retired = None;
        match outcome {
            Ok(prepared) => {
                let generation = Arc::new(Generation {
                    prepared,
                    rendered: Mutex::new(HashMap::new()),
                });
                retired = self
                    .current
                    .write()
                    .unwrap_or_else(|e| e.into_inner())
                    .replace(generation);
                *self.errors.write().unwrap_or_else(|e| e.into_inner()) = None;
            }
            Err(diags) => {
                let report = ErrorReport::new(&diags, &self.root, self.lang);
                *self.errors.write().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(report));
            }
        }
        // No open page is not an error.
        let _ = self.reload.send(id);
        drop(retired);
    }
}

fn cannot_listen(address: &str, e: &std::io::Error) -> Text {
    text!(
        "serve-cannot-listen",
        address = address,
        detail = e.to_string()
    )
}

/// Runs the server until Ctrl-C. Prints the address, and every rebuild
/// unless `quiet`.
pub fn run(options: Options) -> Result<(), ServeError> {
    let address = format!("{}:{}", options.interface, options.port);
    let addr: SocketAddr = address.parse().map_err(|_| {
        ServeError::Address(text!(
            "serve-not-an-address",
            interface = diagnostics::shorten(&options.interface)
        ))
    })?;
    // Watch before listening and before the first build, so an edit made
    // once a client can connect is never lost.
    let watcher = watch::start(&options.root).map_err(ServeError::Other)?;
    let std_listener = std::net::TcpListener::bind(addr).map_err(|e| {
        ServeError::Address(match e.kind() {
            std::io::ErrorKind::AddrInUse => text!(
                "serve-port-in-use",
                port = options.port.to_string(),
                interface = options.interface.as_str()
            ),
            _ => cannot_listen(&address, &e),
        })
    })?;
    std_listener
        .set_nonblocking(true)
        .map_err(|e| ServeError::Other(cannot_listen(&address, &e)))?;
    let host = if addr.ip().is_unspecified() {
        "127.0.0.1".to_string()
    } else {
        addr.ip().to_string()
    };
    let host = if addr.is_ipv6() {
        format!("[{host}]")
    } else {
        host
    };
    let base_url = options
        .base_url
        .clone()
        .unwrap_or_else(|| format!("http://{host}:{}/", options.port));
    let base_path = crate::content::base_path_of(&base_url)
        .map_err(|m| ServeError::Address(text!("cmd-base-url-invalid", reason = m)))?;
    let mut live = Live::new(&options.root, base_url, options.drafts);
    let (reload, _) = broadcast::channel(16);
    let shared = Arc::new(Shared {
        root: options.root.clone(),
        base_path: base_path.clone(),
        current: RwLock::new(None),
        errors: RwLock::new(None),
        reload,
        lang: options.lang,
    });

    let started = Instant::now();
    let first = live.rebuild(&Changes {
        everything: true,
        paths: Default::default(),
    });
    report(&options, &first, started, 1);
    shared.publish(1, first);

    let builder = {
        let shared = shared.clone();
        let options = options.clone();
        std::thread::Builder::new()
            .name("pilotsite-builder".into())
            .spawn(move || {
                let mut id = 1;
                while let Some(changes) = watcher.next_changes() {
                    id += 1;
                    let started = Instant::now();
                    let outcome = live.rebuild(&changes);
                    report(&options, &outcome, started, id);
                    shared.publish(id, outcome);
                }
            })
            .map_err(|e| ServeError::Other(text!("serve-cannot-start", detail = e.to_string())))?
    };

    let url = format!("http://{host}:{}{base_path}", options.port);
    if !options.quiet {
        println!(
            "{}",
            messages::ui(
                messages::language_for(&options.root, options.lang),
                "serve-serving",
                &[
                    ("root", options.root.display().to_string().into()),
                    ("url", url.as_str().into()),
                ]
            )
        );
    }
    if options.open {
        open_browser(&url, messages::language_for(&options.root, options.lang));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| ServeError::Other(text!("serve-cannot-start", detail = e.to_string())))?;
    let result = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(std_listener)
            .map_err(|e| ServeError::Other(cannot_listen(&address, &e)))?;
        let (stop_tx, stop_rx) = tokio_watch::channel(false);
        let app = {
            let shared = shared.clone();
            axum::Router::new().fallback(move |request: Request<Body>| {
                let shared = shared.clone();
                let stop = stop_rx.clone();
                async move { handle(&shared, request, stop) }
            })
        };
        let shutdown = async move {
            let _ = tokio::signal::ctrl_c().await;
            // Ends the event streams, so open connections can close.
            let _ = stop_tx.send(true);
        };
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown)
            .await
            .map_err(|e| ServeError::Other(text!("serve-stopped", detail = e.to_string())))
    });
    // The builder ends with the process; nothing it holds needs flushing.
    drop(builder);
    if !options.quiet {
        println!(
            "{}",
            messages::ui(
                messages::language_for(&options.root, options.lang),
                "serve-stopped-by-user",
                &[]
            )
        );
    }
    result
}

fn report(
    options: &Options,
    outcome: &Result<Prepared, Vec<Diagnostic>>,
    started: Instant,
    id: u64,
) {
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    match outcome {
        Ok(_) => {
            if !options.quiet {
                let lang = messages::language_for(&options.root, options.lang);
                let ms = format!("{ms:.1}");
                println!(
                    "build {id}: {}",
                    messages::ui(lang, "serve-build-ready", &[("ms", ms.into())])
                );
            }
        }
        Err(diags) => {
            let lang = messages::language_for(&options.root, options.lang);
            eprint!("{}", diagnostics::render_human(diags, &options.root, lang));
            eprintln!(
                "build {id}: {}",
                messages::ui(
                    lang,
                    "serve-build-failed",
                    &[
                        ("summary", diagnostics::summary(diags, lang).into()),
                        ("ms", format!("{ms:.1}").into()),
                    ]
                )
            );
        }
    }
}

fn open_browser(url: &str, lang: Language) {
    let (command, args) = crate::platform::browser_command();
    if let Err(e) = std::process::Command::new(command)
        .args(args)
        .arg(url)
        .spawn()
    {
        eprintln!(
            "{}",
            messages::ui(
                lang,
                "serve-no-browser",
                &[
                    ("command", command.into()),
                    ("detail", e.to_string().into()),
                    ("url", url.into())
                ]
            )
        );
    }
}

/// Every request: the event stream, or a file of the site.
fn handle(shared: &Shared, request: Request<Body>, stop: tokio_watch::Receiver<bool>) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD").into_response();
    }
    let path = request.uri().path();
    if path == EVENTS_PATH {
        return events(shared, stop);
    }
    let head = request.method() == Method::HEAD;
    let mut response = match site_path(path, &shared.base_path) {
        Lookup::File(rel) => serve_file(shared, &rel),
        Lookup::Redirect(to) => redirect(&to),
        Lookup::NotFound => not_found(shared),
    };
    if head {
        *response.body_mut() = Body::empty();
    }
    response
}

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
enum Lookup {
    /// An output file path (may not exist).
    File(String),
    Redirect(String),
    NotFound,
}

/// Maps a request path to an output file: under the base path, decoded,
/// with any `..`, `.`, backslash, NUL or encoded slash refused.
fn site_path(path: &str, base_path: &str) -> Lookup {
    if base_path != "/" && path == base_path.trim_end_matches('/') {
        return Lookup::Redirect(base_path.to_string());
    }
    let Some(rest) = path.strip_prefix(base_path) else {
        return Lookup::NotFound;
    };
    let lower = rest.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") {
        return Lookup::NotFound;
    }
    let decoded = percent_decode(rest);
    if decoded.contains('\\') || decoded.contains('\0') {
        return Lookup::NotFound;
    }
    if decoded.split('/').any(|seg| seg == ".." || seg == ".") {
        return Lookup::NotFound;
    }
    if decoded.is_empty() || decoded.ends_with('/') {
        Lookup::File(format!("{decoded}index.html"))
    } else {
        Lookup::File(decoded)
    }
}

fn redirect(to: &str) -> Response {
    let mut response = StatusCode::FOUND.into_response();
    if let Ok(v) = HeaderValue::from_str(&crate::urls::percent_encode(to)) {
        response.headers_mut().insert(header::LOCATION, v);
    }
    response
}

fn serve_file(shared: &Shared, rel: &str) -> Response {
    let Some(generation) = shared.generation() else {
        return error_page(shared);
    };
    if !generation.prepared.has_file(rel) {
        // `/counties` -> `/counties/`, as static hosts do.
        let dir = format!("{rel}/index.html");
        if !rel.contains('.') && generation.prepared.has_file(&dir) {
            return redirect(&format!("{}{rel}/", shared.base_path));
        }
        return not_found(shared);
    }
    match render_cached(&generation, rel) {
        Ok(bytes) => respond(shared, StatusCode::OK, rel, &bytes),
        Err(d) => {
            let report = ErrorReport::new(&[d], &shared.root, shared.lang);
            let page = overlay_page(&report);
            html_response(StatusCode::INTERNAL_SERVER_ERROR, page)
        }
    }
}

fn render_cached(generation: &Generation, rel: &str) -> Result<Arc<Vec<u8>>, Diagnostic> {
    let cached = generation
        .rendered
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(rel)
        .cloned();
    if let Some(bytes) = cached {
        return Ok(bytes);
    }
    let bytes = Arc::new(generation.prepared.render_file(rel)?);
    generation
        .rendered
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(rel.to_string(), bytes.clone());
    Ok(bytes)
}

fn not_found(shared: &Shared) -> Response {
    let Some(generation) = shared.generation() else {
        return error_page(shared);
    };
    match render_cached(&generation, "404.html") {
        Ok(bytes) => respond(shared, StatusCode::NOT_FOUND, "404.html", &bytes),
        Err(_) => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// Before any build has succeeded: a page with the errors only.
fn error_page(shared: &Shared) -> Response {
    let report = shared.errors().unwrap_or_else(|| {
        let lang = messages::language_for(&shared.root, shared.lang);
        Arc::new(ErrorReport {
            lang,
            title: messages::ui(lang, "serve-building", &[]),
            text: String::new(),
        })
    });
    html_response(StatusCode::SERVICE_UNAVAILABLE, overlay_page(&report))
}

fn overlay_page(report: &ErrorReport) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>pilotsite: {}</title></head><body>{}{}</body></html>",
        report.lang.code(),
        escape(&report.title),
        overlay(report),
        RELOAD_SCRIPT
    )
}

fn respond(shared: &Shared, status: StatusCode, rel: &str, bytes: &[u8]) -> Response {
    let kind = content_type(rel);
    if kind.starts_with("text/html") {
        let html = String::from_utf8_lossy(bytes);
        return html_response(status, inject(&html, shared.errors().as_deref()));
    }
    let mut response = (status, bytes.to_vec()).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

fn html_response(status: StatusCode, html: String) -> Response {
    let mut response = (status, html).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// Listens for rebuilds and reloads the page. Only ever added when serving.
const RELOAD_SCRIPT: &str = "<script>(function(){var s=new EventSource(\"/__pilotsite/events\");\
s.addEventListener(\"reload\",function(){s.close();location.reload();});})();</script>";

/// Adds the reload script, and the error overlay when there are errors,
/// before the end of the body.
fn inject(html: &str, errors: Option<&ErrorReport>) -> String {
    let mut extra = String::new();
    if let Some(report) = errors {
        extra.push_str(&overlay(report));
    }
    extra.push_str(RELOAD_SCRIPT);
    match html.rfind("</body>") {
        Some(i) => format!("{}{extra}{}", &html[..i], &html[i..]),
        None => format!("{html}{extra}"),
    }
}

fn overlay(report: &ErrorReport) -> String {
    format!(
        "<div id=\"pilotsite-errors\" lang=\"{}\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;\
background:rgba(24,24,27,.96);color:#f4f4f5;padding:2rem;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace\">\
<h2 style=\"margin:0 0 1rem;font:600 18px/1.4 system-ui,sans-serif;color:#fca5a5\">pilotsite: {}</h2>\
<pre style=\"white-space:pre-wrap;margin:0\">{}</pre></div>",
        report.lang.code(),
        escape(&report.title),
        escape(&report.text)
    )
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The event stream: one `reload` event after every rebuild.
fn events(shared: &Shared, stop: tokio_watch::Receiver<bool>) -> Response {
    let receiver = shared.reload.subscribe();
    let stream = futures_util::stream::unfold((receiver, stop), |(mut rx, mut stop)| async move {
        let data = tokio::select! {
            message = rx.recv() => match message {
                Ok(id) => id.to_string(),
                // Missed some: a reload is due all the same.
                Err(broadcast::error::RecvError::Lagged(_)) => "lagged".to_string(),
                Err(broadcast::error::RecvError::Closed) => return None,
            },
            _ = stop.changed() => return None,
        };
        let event = Event::default().event("reload").data(data);
        Some((Ok::<_, std::convert::Infallible>(event), (rx, stop)))
    });
    let mut response = Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

fn content_type(rel: &str) -> &'static str {
    let ext = Path::new(rel)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_files_or_nothing() {
        assert_eq!(site_path("/", "/"), Lookup::File("index.html".into()));
        assert_eq!(
            site_path("/counties/a/", "/"),
            Lookup::File("counties/a/index.html".into())
        );
        assert_eq!(
            site_path("/tags/%E5%9B%9B%E9%95%BF/", "/"),
            Lookup::File("tags/四长/index.html".into())
        );
        assert_eq!(
            site_path("/pilot", "/pilot/"),
            Lookup::Redirect("/pilot/".into())
        );
        assert_eq!(
            site_path("/pilot/style.css", "/pilot/"),
            Lookup::File("style.css".into())
        );
        assert_eq!(site_path("/style.css", "/pilot/"), Lookup::NotFound);
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/..%2fb",
            "/a%2F..%2F..%2Fetc",
            "/a\\b",
            "/a/./b",
            "/%00",
        ] {
            assert!(
                !matches!(site_path(bad, "/"), Lookup::File(ref f) if f.contains("..")),
                "{bad} must not reach outside"
            );
            assert_ne!(site_path(bad, "/"), Lookup::File("etc/passwd".into()));
        }
        assert_eq!(site_path("/%2e%2e/etc/passwd", "/"), Lookup::NotFound);
    }

    #[test]
    fn injection_goes_before_the_end_of_the_body() {
        let report = ErrorReport {
            lang: Language::En,
            title: "1 error".into(),
            text: "error: content/a.md:1:1: <bad>".into(),
        };
        let html = inject("<html><body><p>x</p></body></html>", Some(&report));
        assert!(html.ends_with("</script></body></html>"));
        assert!(html.contains("content/a.md:1:1: &lt;bad&gt;"));
        assert!(!inject("<body></body>", None).contains("pilotsite-errors"));
    }
}
