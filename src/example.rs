//! `init` and `new report`: writing new content from what the binary carries.
//! The example site is the repository's own site.yaml, content/ and map/
//! (the county boundaries site.yaml's `map:` names), embedded at compile
//! time so `init` always writes a site that builds.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rust_embed::RustEmbed;

use crate::content::{self, Kind, Language};
use crate::diagnostics::{Diagnostic, shorten};
use crate::messages::Text;
use crate::output::io_reason;
use crate::text;

#[derive(RustEmbed)]
#[folder = "content/"]
#[exclude = ".*"]
struct ExampleContent;

/// The example's county boundaries, with their licence and source.
#[derive(RustEmbed)]
#[folder = "map/"]
#[exclude = ".*"]
struct ExampleMap;

const EXAMPLE_SITE_YAML: &str = include_str!("../site.yaml");
const GITIGNORE: &str = "/public/\n";
/// This repository's own publishing workflow. It builds the pilotsite of the
/// commit it runs on; a new site's copy installs a released one instead.
const PAGES_WORKFLOW: &str = include_str!("../.github/workflows/pages.yml");
/// The step of `PAGES_WORKFLOW` (in each job) that `INSTALL_STEPS` replaces.
const INSTALL_FROM_SOURCE: &str =
    "      - name: Install pilotsite\n        run: cargo install --locked --path .\n";
/// Put before `jobs:`: the release a new site installs and where it comes
/// from (`@VERSION@` and `@REPOSITORY@` are filled in).
const RELEASE_ENV: &str = r#"env:
  # The pilotsite release this site is built with, downloaded from
  # $PILOTSITE_REPOSITORY/releases/download/v$PILOTSITE_VERSION/ (GitHub,
  # Gitea and Forgejo all serve release files there). A fork or a mirror of
  # pilotsite changes only PILOTSITE_REPOSITORY.
  PILOTSITE_VERSION: "@VERSION@"
  PILOTSITE_REPOSITORY: @REPOSITORY@

"#;
/// The install steps of a new site's workflow: the release's Linux binary,
/// verified against the release's SHA256SUMS and cached; when it cannot be
/// downloaded or does not match, built from the release tag's source. It is
/// never installed from crates.io.
const INSTALL_STEPS: &str = r#"      # The release binary, checked against the release's SHA256SUMS, or when
      # it cannot be downloaded or does not match, built from the tag's source.
      - name: Cache pilotsite
        uses: actions/cache@v4
        with:
          path: ~/.pilotsite
          key: pilotsite-${{ runner.os }}-${{ env.PILOTSITE_VERSION }}-${{ env.PILOTSITE_REPOSITORY }}
      - name: Install pilotsite
        shell: bash
        run: |
          set -euo pipefail
          root="$HOME/.pilotsite"
          if [ ! -x "$root/bin/pilotsite" ]; then
            name="pilotsite-v$PILOTSITE_VERSION-x86_64-unknown-linux-musl"
            url="$PILOTSITE_REPOSITORY/releases/download/v$PILOTSITE_VERSION"
            tmp="$(mktemp -d)"
            if ! curl --fail --silent --show-error --location --retry 3 \
                   --output "$tmp/$name.tar.gz" "$url/$name.tar.gz" ||
               ! curl --fail --silent --show-error --location --retry 3 \
                   --output "$tmp/SHA256SUMS" "$url/SHA256SUMS"; then
              echo "::warning::could not download pilotsite v$PILOTSITE_VERSION from $url; building it from source"
            else
              expected="$(awk -v f="$name.tar.gz" '$2 == f || $2 == "*" f { print $1 }' "$tmp/SHA256SUMS")"
              actual="$(sha256sum "$tmp/$name.tar.gz" | cut -d ' ' -f 1)"
              if [ -z "$expected" ]; then
                echo "::warning::SHA256SUMS has no SHA-256 checksum for $name.tar.gz; building pilotsite from source"
              elif [ "$expected" != "$actual" ]; then
                echo "::warning::the SHA-256 checksum of $name.tar.gz does not match SHA256SUMS; building pilotsite from source"
              else
                tar -xzf "$tmp/$name.tar.gz" -C "$tmp" "$name/pilotsite"
                mkdir -p "$root/bin"
                mv "$tmp/$name/pilotsite" "$root/bin/pilotsite"
              fi
            fi
            rm -rf "$tmp"
            if [ ! -x "$root/bin/pilotsite" ]; then
              cargo install --locked --git "$PILOTSITE_REPOSITORY" --tag "v$PILOTSITE_VERSION" --root "$root" pilotsite
            fi
          fi
          echo "$root/bin" >> "$GITHUB_PATH"
"#;

/// The GitHub Pages workflow `init` writes: this repository's, with the
/// pilotsite release that wrote the site installed in place of the source.
pub fn pages_workflow() -> String {
    let env = RELEASE_ENV
        .replace("@VERSION@", env!("CARGO_PKG_VERSION"))
        .replace("@REPOSITORY@", env!("CARGO_PKG_REPOSITORY"));
    PAGES_WORKFLOW
        .replacen("\njobs:\n", &format!("\n{env}jobs:\n"), 1)
        .replace(INSTALL_FROM_SOURCE, INSTALL_STEPS)
}

/// The files of an embedded folder, sorted, under `folder`.
fn embedded<E: RustEmbed>(folder: &str) -> Vec<(String, Vec<u8>)> {
    let mut names: Vec<String> = E::iter().map(|n| n.to_string()).collect();
    names.sort();
    names
        .into_iter()
        .filter_map(|name| E::get(&name).map(|f| (format!("{folder}/{name}"), f.data.to_vec())))
        .collect()
}

/// Writes the example site into `dir`, which must be missing or empty.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Text> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|e| cannot("cmd-cannot-read", dir, &e))?;
        if entries.next().is_some() {
            return Err(text!("init-not-empty", path = dir.display().to_string()));
        }
    }
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("site.yaml".into(), EXAMPLE_SITE_YAML.as_bytes().to_vec()),
        (".gitignore".into(), GITIGNORE.as_bytes().to_vec()),
        (
            ".github/workflows/pages.yml".into(),
            pages_workflow().into_bytes(),
        ),
    ];
    if let Ok(config) = content::parse_config("site.yaml", EXAMPLE_SITE_YAML) {
        files.push((
            crate::schema::FILE_NAME.into(),
            crate::schema::to_string(&config).into_bytes(),
        ));
    }
    files.extend(embedded::<ExampleContent>("content"));
    files.extend(embedded::<ExampleMap>("map"));
    let mut written = Vec::new();
    for (rel, bytes) in files {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| cannot("cmd-cannot-create-folder", parent, &e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| cannot("cmd-cannot-write", &path, &e))?;
        written.push(path);
    }
    Ok(written)
}

/// Why `new report` could not write.
#[derive(Debug)]
pub enum NewReportError {
    /// The site itself has errors.
    Content(Vec<Diagnostic>),
    /// The arguments name something that is not there, or the file exists.
    Usage(Text),
}

/// `cannot <do> <path>: <why>`, the verb being `key`'s.
pub fn cannot(key: &'static str, path: &Path, e: &std::io::Error) -> Text {
    Text::new(key)
        .arg("path", path.display().to_string())
        .arg("reason", io_reason(e))
}

/// Writes `content/counties/<county>/<period>.md` listing every input metric
/// as null. Returns the site-relative path written.
pub fn new_report(root: &Path, county: &str, period: &str) -> Result<String, NewReportError> {
    let text =
        crate::files::read_text(root, "site.yaml").map_err(|d| NewReportError::Content(vec![d]))?;
    let config = content::parse_config("site.yaml", &text).map_err(NewReportError::Content)?;
    let Some(p) = config.period_index(period).or_else(|| {
        config
            .periods
            .iter()
            .position(|x| x.id.eq_ignore_ascii_case(period))
    }) else {
        let ids: Vec<&str> = config.periods.iter().map(|p| p.id.as_str()).collect();
        return Err(NewReportError::Usage(text!(
            "new-report-unknown-period",
            period = shorten(period),
            periods = ids.join(", ")
        )));
    };
    let period = &config.periods[p];
    let profile = format!("content/counties/{county}/_index.md");
    if !content::is_slug_id(county) || !root.join(&profile).is_file() {
        return Err(NewReportError::Usage(text!(
            "new-report-unknown-county",
            county = shorten(county),
            profile = shorten(&profile)
        )));
    }
    let name = crate::files::read_text(root, &profile)
        .ok()
        .and_then(|t| {
            t.lines().find_map(|l| {
                l.strip_prefix("name:")
                    .map(|n| n.trim().trim_matches('"').to_string())
            })
        })
        .unwrap_or_else(|| county.to_string());
    let rel = format!("content/counties/{county}/{}.md", period.slug());
    let path = root.join(&rel);
    if path.exists() {
        return Err(NewReportError::Usage(text!(
            "new-report-exists",
            path = rel
        )));
    }
    // The first line points editors at the schema that `pilotsite schema
    // --output report.schema.json` keeps at the site root; to YAML it is a comment.
    let mut s = format!("---\n{}\n", crate::schema::modeline());
    let title = match config.language {
        Language::ZhCn => format!("{name}{}工作报告", period.label),
        Language::En => format!("{name}: report for {}", period.label),
    };
    let _ = writeln!(s, "title: {}", yaml_string(&title));
    let _ = writeln!(s, "period: {}", yaml_string(&period.id));
    s.push_str("# date: YYYY-MM-DD\nauthors: []\ntags: []\nmetrics:\n");
    for m in config.metrics.iter().filter(|m| m.derived.is_none()) {
        let mut comment = m.display_label(config.language).to_string();
        if let Some(u) = &m.unit {
            let _ = write!(comment, "（{u}）");
        }
        if m.kind == Kind::Bool {
            comment.push_str(" true/false");
        }
        if m.required {
            comment.push_str(match config.language {
                Language::ZhCn => " 必填",
                Language::En => " required",
            });
        }
        let _ = writeln!(s, "  {}: null  # {comment}", m.id);
    }
    s.push_str("---\n\n");
    let headings = match config.language {
        Language::ZhCn => [
            "基本情况",
            "工作进展",
            "主要做法",
            "典型案例",
            "存在问题",
            "下一步打算",
        ],
        Language::En => [
            "Overview",
            "Progress",
            "Approach",
            "Case study",
            "Problems",
            "Next steps",
        ],
    };
    for h in headings {
        let _ = write!(s, "## {h}\n\n");
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| NewReportError::Usage(cannot("cmd-cannot-create-folder", parent, &e)))?;
    }
    std::fs::write(&path, s)
        .map_err(|e| NewReportError::Usage(cannot("cmd-cannot-write", Path::new(&rel), &e)))?;
    Ok(rel)
}

/// A YAML double-quoted string.
fn yaml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}
