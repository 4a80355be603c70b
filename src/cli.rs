//! The command line, one struct per command (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "pilotsite",
    version,
    about = "Static sites for pilot-programme reporting: county reports, validated metrics, pilot vs control comparisons."
)]
pub struct Cli {
    /// The site folder (where site.yaml is).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Print errors only.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more: the time each build stage took.
    #[arg(long, short, global = true)]
    pub verbose: bool,
    /// The language of messages: zh-CN or en. Default: the site's `language`, or LANG when site.yaml cannot be read.
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<Lang>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Write a new site with the example content into DIR (new or empty).
    Init(InitArgs),
    /// Write a skeleton for new content.
    #[command(subcommand)]
    New(NewCommand),
    /// Build the site into the output folder.
    Build(BuildArgs),
    /// Validate everything and check every internal link, writing nothing.
    Check(CheckArgs),
    /// Say what a message's code (such as PS301) means and how to fix it.
    Explain(ExplainArgs),
    /// Write the JSON Schema of report front matter, for editors to check reports as they are typed.
    Schema(SchemaArgs),
    /// Write the fill-in workbook of one period (.xlsx), one row per county, for Excel or WPS.
    Form(FormArgs),
    /// Read a filled-in form (xlsx, xls, ods or CSV) into the reports of its period, checking every cell first.
    Import(ImportArgs),
    /// Build and serve the site, rebuilding and reloading pages on every change.
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
}

#[cfg(feature = "serve")]
#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The port to listen on.
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on; 0.0.0.0 makes the preview reachable from other machines.
    #[arg(long, short, default_value = "127.0.0.1")]
    pub interface: String,
    /// Open the site in a browser.
    #[arg(long)]
    pub open: bool,
    /// Serve under this URL's path (e.g. https://example.github.io/pilot/ serves at /pilot/), as the published site will be.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Include reports and pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// Where to create the site.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

#[derive(Subcommand, Debug)]
pub enum NewCommand {
    /// A report skeleton for a county and period, listing every input metric as null.
    Report(NewReportArgs),
}

#[derive(Args, Debug)]
pub struct NewReportArgs {
    /// The county id (its folder name under content/counties/).
    pub county: String,
    /// The period id, as in site.yaml (e.g. 2019-H1).
    pub period: String,
}

#[derive(Args, Debug)]
pub struct BuildArgs {
    /// Output folder, relative to the site root.
    #[arg(long, short, default_value = "public", value_name = "DIR")]
    pub output: PathBuf,
    /// Use this base URL instead of site.yaml's (e.g. https://example.github.io/pilot/).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Include reports and pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// How to print problems. Default: human, or github when GITHUB_ACTIONS=true.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Check drafts as if they were published.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The filled-in form: .xlsx, .xls, .ods or .csv (relative to the current folder).
    pub file: PathBuf,
    /// The period the figures are for. Default: the one the form carries; a CSV needs it.
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// List the reports and figures that would change, writing nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// How to print problems. Default: human, or github when GITHUB_ACTIONS=true.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
}

#[derive(Args, Debug)]
pub struct SchemaArgs {
    /// Write the schema to this file (relative to the site root; parent folders are created) instead of printing it. Report skeletons expect report.schema.json.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct FormArgs {
    /// The period: its id as in site.yaml (e.g. 2019-H1), or its label.
    pub period: String,
    /// Write the workbook to this file (relative to the site root; parent folders are created). Default: form-<period>.xlsx.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// A one-row form for this county only (its id, the folder name under content/counties/).
    #[arg(long, value_name = "ID")]
    pub county: Option<String>,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The code, as printed after `pilotsite explain` in a message's help line.
    pub code: String,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    #[value(name = "zh-CN", alias = "zh", alias = "zh-cn")]
    ZhCn,
    #[value(name = "en")]
    En,
}

impl From<Lang> for pilotsite::messages::Language {
    fn from(lang: Lang) -> Self {
        match lang {
            Lang::ZhCn => pilotsite::messages::Language::ZhCn,
            Lang::En => pilotsite::messages::Language::En,
        }
    }
}

impl Cli {
    /// The language of messages (SPEC 4.3): `--lang`, else the site's.
    pub fn language(&self) -> pilotsite::messages::Language {
        pilotsite::messages::language_for(&self.root, self.lang.map(Into::into))
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Github,
    Json,
}
