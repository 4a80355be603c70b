//! A benchmark corpus for pilotsite: a complete, valid site of any size.
//!
//! ```text
//! cargo run --release --example corpus -- --reports 10000 --out /tmp/c10k [--seed 1]
//! cargo run --release -- --root /tmp/c10k check
//! cargo run --release -- --root /tmp/c10k build
//! ```
//!
//! It writes `site.yaml` and `content/` into the output folder, which must be
//! missing or empty: N/20 counties (about a third of them pilots), each with
//! a profile and one report for each of 20 periods ("2016" as the baseline,
//! then half-years "2016-H2" to "2025-H2"). The schema has 22 metrics in four
//! categories with every kind, a `ratio_of` and a `sum_of` metric, a number
//! that can be negative, a `better: lower` metric and required metrics;
//! about 3% of the optional values are null. Report bodies are 3-6 KB of
//! Chinese prose built from sentence templates and the report's own numbers,
//! with headings, a list, a table, bold text (including `**注意：**正文`) and
//! links to the county's earlier reports.
//!
//! The output depends only on the arguments: the same arguments give
//! byte-identical files (a self-written splitmix64 generator, no hash-map
//! order). Exit status: 0 done, 1 a file could not be written, 2 bad usage or
//! a non-empty output folder.

use std::collections::BTreeSet;
use std::fmt::{self, Write as _};
use std::fs::{self, File};
use std::io::{self, BufWriter, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Every county reports once for each of these many periods, unless
/// `--periods` says fewer.
const PERIODS: usize = 20;
/// The smallest corpus still has a pilot and a control county.
const MIN_COUNTIES: usize = 2;
/// Report bodies are padded to a random size in this range (bytes); the
/// longest filler sentence keeps them under 6,000.
const BODY_TARGET: (i64, i64) = (3_200, 5_600);
/// Chance (per mille) that an optional metric is null in a report.
const NULL_PER_MILLE: u64 = 30;
/// Padding sentences go into the first four sections of a report body.
const PADDED_SECTIONS: u64 = 4;

const USAGE: &str = "\
usage: cargo run --release --example corpus -- --reports N --out DIR [--periods P] [--seed S]

  --reports N  number of reports: N/P counties with one report per period
               (rounded up to a multiple of P, at least 2P)
  --periods P  periods per county, 2 to 20 (default 20): the baseline 2016,
               then half-years from 2016-H2
  --out DIR    the site folder to write; must be missing or empty
  --seed S     random seed (default 1); the same arguments give the same files";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args = match parse_args(&args) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if let Err(message) = check_out_dir(&args.out) {
        eprintln!("error: {message}");
        return ExitCode::from(2);
    }
    let reports = round_reports(args.reports, args.periods);
    if reports != args.reports {
        eprintln!(
            "note: --reports {} rounded up to {reports}: each county has one report \
             for each of the {} periods, and there are at least {MIN_COUNTIES} counties",
            args.reports, args.periods
        );
    }
    let started = Instant::now();
    let mut out = Output::new(&args.out);
    match generate(&mut out, reports, args.periods, args.seed) {
        Ok(stats) => {
            print_summary(&args.out, &out, &stats, started);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

// ---------------------------------------------------------------------------
// Command line and output

struct Args {
    reports: usize,
    periods: usize,
    out: PathBuf,
    seed: u64,
}

/// The parsed arguments, `None` for `--help`.
fn parse_args(args: &[String]) -> Result<Option<Args>, String> {
    let (mut reports, mut out, mut seed, mut periods) = (None, None, 1, PERIODS);
    let mut i = 0;
    while i < args.len() {
        let flag = args[i].as_str();
        match flag {
            "-h" | "--help" => return Ok(None),
            "--reports" | "--out" | "--seed" | "--periods" => {}
            _ => return Err(format!("unexpected argument `{flag}`")),
        }
        let value = args
            .get(i + 1)
            .ok_or_else(|| format!("`{flag}` needs a value"))?;
        match flag {
            "--reports" => reports = Some(parse_number(flag, value)?),
            "--out" => out = Some(PathBuf::from(value)),
            "--periods" => periods = parse_number(flag, value)?,
            _ => seed = parse_number(flag, value)?,
        }
        i += 2;
    }
    if !(2..=PERIODS).contains(&periods) {
        return Err(format!(
            "`--periods` must be 2 to {PERIODS}, found `{periods}`"
        ));
    }
    Ok(Some(Args {
        reports: reports.ok_or("`--reports N` is required")?,
        periods,
        out: out.ok_or("`--out DIR` is required")?,
        seed,
    }))
}

fn parse_number<T: std::str::FromStr>(flag: &str, value: &str) -> Result<T, String> {
    value
        .parse()
        .map_err(|_| format!("`{flag}` needs a whole number >= 0, found `{value}`"))
}

/// A report count that fills whole counties, with at least two counties.
fn round_reports(requested: usize, periods: usize) -> usize {
    requested
        .max(MIN_COUNTIES * periods)
        .next_multiple_of(periods)
}

/// The output folder must be missing or empty.
fn check_out_dir(dir: &Path) -> Result<(), String> {
    let shown = dir.display();
    match fs::read_dir(dir) {
        Ok(mut entries) => match entries.next() {
            None => Ok(()),
            Some(_) => Err(format!(
                "{shown} is not empty; give a missing or empty folder"
            )),
        },
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(_) if dir.exists() && !dir.is_dir() => Err(format!(
            "{shown} exists and is not a folder; give a missing or empty folder"
        )),
        Err(e) => Err(format!("{shown}: {e}")),
    }
}

/// A file or folder that could not be written.
#[derive(Debug)]
struct WriteError {
    path: PathBuf,
    source: io::Error,
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.source)
    }
}

/// Writes files under the output folder and counts them.
struct Output {
    root: PathBuf,
    files: usize,
    bytes: u64,
}

impl Output {
    fn new(root: &Path) -> Self {
        Output {
            root: root.to_path_buf(),
            files: 0,
            bytes: 0,
        }
    }

    /// Creates `rel` (a `/`-separated folder path) and its parents.
    fn dir(&self, rel: &str) -> Result<(), WriteError> {
        let path = self.root.join(rel);
        fs::create_dir_all(&path).map_err(|source| WriteError { path, source })
    }

    /// Writes `text` to `rel` (a `/`-separated file path).
    fn file(&mut self, rel: &str, text: &str) -> Result<(), WriteError> {
        let path = self.root.join(rel);
        let written = File::create(&path).and_then(|file| {
            let mut writer = BufWriter::with_capacity(64 * 1024, file);
            writer.write_all(text.as_bytes())?;
            writer.flush()
        });
        written.map_err(|source| WriteError { path, source })?;
        self.files += 1;
        self.bytes += text.len() as u64;
        Ok(())
    }
}

/// What was generated, for the closing message.
#[derive(Default)]
struct Stats {
    counties: usize,
    pilots: usize,
    periods: usize,
    reports: usize,
    nulls: usize,
    body_min: usize,
    body_max: usize,
    body_total: usize,
}

impl Stats {
    fn add_body(&mut self, bytes: usize) {
        self.body_min = if self.reports == 0 {
            bytes
        } else {
            self.body_min.min(bytes)
        };
        self.body_max = self.body_max.max(bytes);
        self.body_total += bytes;
        self.reports += 1;
    }
}

fn print_summary(dir: &Path, out: &Output, stats: &Stats, started: Instant) {
    println!(
        "wrote {} files ({:.1} MB) to {} in {:.2}s",
        out.files,
        out.bytes as f64 / 1e6,
        dir.display(),
        started.elapsed().as_secs_f64()
    );
    println!(
        "{} counties ({} pilot, {} control), {} periods, {} reports, {} null values; \
         report bodies {}-{} bytes, mean {}",
        stats.counties,
        stats.pilots,
        stats.counties - stats.pilots,
        stats.periods,
        stats.reports,
        stats.nulls,
        stats.body_min,
        stats.body_max,
        stats.body_total / stats.reports.max(1)
    );
}

// ---------------------------------------------------------------------------
// Randomness

/// splitmix64: small, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A whole number in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// A whole number in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// True with probability `per_mille` / 1000.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    /// One of `words`.
    fn word(&mut self, words: &[&'static str]) -> &'static str {
        words[self.below(words.len() as u64) as usize]
    }

    /// `count` distinct indices below `n`, in ascending order.
    fn subset(&mut self, n: usize, count: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        for i in 0..count.min(n) {
            let j = i + self.below((n - i) as u64) as usize;
            all.swap(i, j);
        }
        all.truncate(count.min(n));
        all.sort_unstable();
        all
    }
}

// ---------------------------------------------------------------------------
// Periods

struct Period {
    /// "2016", "2016-H2", ...
    id: String,
    /// The report's file name without `.md`: the id lower-cased.
    stem: String,
    /// 2016年上半年
    name: String,
    /// The label in site.yaml: the name, marked as the baseline for the first.
    label: String,
    /// How the end of the period is written in prose: 2016年6月底.
    end_cn: String,
    /// The end of the period as a date, for sources: 2016-06-30.
    end_date: String,
    year: i64,
    half: i64,
}

/// "2016" (the first half of 2016, the baseline), then "2016-H2" … "2025-H2".
fn periods(count: usize) -> Vec<Period> {
    (0..count as i64)
        .map(|i| {
            let (year, half) = (2016 + i / 2, 1 + i % 2);
            let id = if i == 0 {
                year.to_string()
            } else {
                format!("{year}-H{half}")
            };
            let name = format!("{year}年{}半年", if half == 1 { "上" } else { "下" });
            let label = if i == 0 {
                format!("{name}（基线）")
            } else {
                name.clone()
            };
            let (end_cn, end_date) = if half == 1 {
                (format!("{year}年6月底"), format!("{year}-06-30"))
            } else {
                (format!("{year}年底"), format!("{year}-12-31"))
            };
            Period {
                stem: id.to_lowercase(),
                id,
                name,
                label,
                end_cn,
                end_date,
                year,
                half,
            }
        })
        .collect()
}

/// A report's publication date: in the month or two after its period.
fn publication_date(period: &Period, rng: &mut Rng) -> String {
    let (year, month) = if period.half == 1 {
        (period.year, rng.range(7, 8))
    } else {
        (period.year + 1, rng.range(1, 2))
    };
    format!("{year}-{month:02}-{:02}", rng.range(1, 28))
}

// ---------------------------------------------------------------------------
// The metric schema

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Count,
    Number,
    Ratio,
    Money,
    Bool,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Count => "count",
            Kind::Number => "number",
            Kind::Ratio => "ratio",
            Kind::Money => "money",
            Kind::Bool => "bool",
        }
    }

    /// Values are kept as whole numbers: money in cents (of 万元), ratios in
    /// thousandths, bools as 0 and 1.
    fn scale(self) -> i64 {
        match self {
            Kind::Money => 100,
            Kind::Ratio => 1000,
            _ => 1,
        }
    }
}

#[derive(Clone, Copy)]
enum Derive {
    /// Typed into reports.
    Input,
    RatioOf(usize, usize),
    SumOf(usize, usize),
}

struct Metric {
    id: &'static str,
    label: &'static str,
    label_en: &'static str,
    kind: Kind,
    unit: &'static str,
    better: &'static str,
    category: &'static str,
    required: bool,
    bounds: Option<(i64, i64)>,
    derive: Derive,
    description: &'static str,
}

impl Metric {
    const fn new(id: &'static str, label: &'static str, kind: Kind) -> Self {
        Metric {
            id,
            label,
            label_en: "",
            kind,
            unit: "",
            better: "",
            category: "",
            required: false,
            bounds: None,
            derive: Derive::Input,
            description: "",
        }
    }

    const fn category(self, category: &'static str) -> Self {
        Metric { category, ..self }
    }

    const fn en(self, label_en: &'static str) -> Self {
        Metric { label_en, ..self }
    }

    const fn unit(self, unit: &'static str) -> Self {
        Metric { unit, ..self }
    }

    const fn better(self, better: &'static str) -> Self {
        Metric { better, ..self }
    }

    const fn required(self) -> Self {
        Metric {
            required: true,
            ..self
        }
    }

    /// Bounds in display units (万元 for money).
    const fn bounds(self, min: i64, max: i64) -> Self {
        Metric {
            bounds: Some((min, max)),
            ..self
        }
    }

    const fn derived(self, derive: Derive) -> Self {
        Metric { derive, ..self }
    }

    const fn about(self, description: &'static str) -> Self {
        Metric {
            description,
            ..self
        }
    }

    fn is_input(&self) -> bool {
        matches!(self.derive, Derive::Input)
    }
}

// Positions in METRICS.
const TOWNSHIP_TOTAL: usize = 0;
const TOWNSHIP_SAST: usize = 1;
const VILLAGE_TOTAL: usize = 3;
const VILLAGE_SAST: usize = 4;
const SOCIETIES: usize = 6;
const ENTERPRISE_SAST: usize = 7;
const MEMBERS: usize = 8;
const MEMBER_CHANGE: usize = 9;
const LEADERS: usize = 10;
const VOLUNTEERS: usize = 11;
const SATISFACTION: usize = 12;
const LECTURES: usize = 13;
const CLINICS: usize = 14;
const YOUTH: usize = 16;
const AGRI_TRAINING: usize = 17;
const BUDGET: usize = 18;
const POLICY: usize = 19;
const STAFF: usize = 20;
const GAPS: usize = 21;
const METRIC_COUNT: usize = 22;

use Kind::{Bool, Count, Money, Number, Ratio};

// The four categories, in display order.
const COVERAGE: &str = "覆盖力";
const COHESION: &str = "凝聚力";
const INFLUENCE: &str = "影响力";
const CAPACITY: &str = "发展力";

static METRICS: [Metric; METRIC_COUNT] = [
    Metric::new("township_total", "乡镇（街道）总数", Count)
        .category(COVERAGE)
        .en("Townships and subdistricts")
        .unit("个")
        .better("neutral")
        .required()
        .bounds(1, 60)
        .about("报告期末所辖乡镇和街道的总数，是乡镇科协覆盖率的分母。"),
    Metric::new("township_sast_count", "已建科协的乡镇（街道）数", Count)
        .category(COVERAGE)
        .en("Townships with a science association")
        .unit("个")
        .required()
        .bounds(0, 60)
        .about("报告期末已按章程成立科协组织的乡镇（街道）数，不超过乡镇（街道）总数。"),
    Metric::new("township_sast_coverage", "乡镇（街道）科协覆盖率", Ratio)
        .category(COVERAGE)
        .en("Township coverage")
        .derived(Derive::RatioOf(TOWNSHIP_SAST, TOWNSHIP_TOTAL))
        .about("已建科协的乡镇（街道）数除以乡镇（街道）总数，由系统计算。"),
    Metric::new("village_total", "村（社区）总数", Count)
        .category(COVERAGE)
        .en("Villages and communities")
        .unit("个")
        .better("neutral")
        .bounds(1, 2000)
        .about("报告期末所辖行政村和社区的总数。"),
    Metric::new("village_sast_count", "已建科协的村（社区）数", Count)
        .category(COVERAGE)
        .en("Villages with a science association")
        .unit("个")
        .bounds(0, 2000)
        .about("报告期末已建立科协或科普小组的村和社区数。"),
    Metric::new("village_sast_coverage", "村（社区）科协覆盖率", Ratio)
        .category(COVERAGE)
        .en("Village coverage")
        .derived(Derive::RatioOf(VILLAGE_SAST, VILLAGE_TOTAL))
        .about("已建科协的村（社区）数除以村（社区）总数，由系统计算。"),
    Metric::new("county_society_count", "县级学会数", Count)
        .category(COVERAGE)
        .en("County-level learned societies")
        .unit("个")
        .bounds(0, 200)
        .about("在县科协业务指导下登记的县级学会、协会、研究会数。"),
    Metric::new("enterprise_sast_count", "企业（园区）科协数", Count)
        .category(COVERAGE)
        .en("Enterprise and park associations")
        .unit("个")
        .bounds(0, 1000)
        .about("报告期末已成立的企业科协和园区科协数。"),
    Metric::new("individual_members", "个人会员数", Count)
        .category(COHESION)
        .en("Individual members")
        .unit("人")
        .bounds(0, 200_000)
        .about("县、乡、村三级科协组织登记的个人会员总数。"),
    Metric::new("member_net_change", "个人会员净增数", Number)
        .category(COHESION)
        .en("Net change in members")
        .unit("人")
        .bounds(-20_000, 50_000)
        .about("本期个人会员数减去上期个人会员数，可以为负。"),
    Metric::new(
        "county_sichang_leaders",
        "任县科协（副）主席的“四长”人数",
        Count,
    )
    .category(COHESION)
    .en("Four heads as county chair or vice-chair")
    .unit("人")
    .bounds(0, 50)
    .about(
        "医院院长、中小学校长、农技站站长、科技型企业负责人中，在县科协担任主席或副主席的人数。",
    ),
    Metric::new("volunteer_count", "科普志愿者人数", Count)
        .category(COHESION)
        .en("Science volunteers")
        .unit("人")
        .bounds(0, 50_000)
        .about("在县科协登记的科普志愿者人数。"),
    Metric::new("public_satisfaction", "群众对科协工作满意度", Ratio)
        .category(COHESION)
        .en("Public satisfaction")
        .about("抽样调查中对科协工作表示满意的群众所占比例。"),
    Metric::new("health_lectures", "健康讲堂场次", Count)
        .category(INFLUENCE)
        .en("Health lectures")
        .unit("场")
        .bounds(0, 5000)
        .about("报告期内由医院院长牵头组织的健康讲堂场次。"),
    Metric::new("free_clinics", "健康义诊场次", Count)
        .category(INFLUENCE)
        .en("Free clinics")
        .unit("场")
        .bounds(0, 5000)
        .about("报告期内组织的健康义诊场次。"),
    Metric::new("health_activities", "医疗卫生类活动场次", Count)
        .category(INFLUENCE)
        .en("Health activities")
        .unit("场")
        .derived(Derive::SumOf(LECTURES, CLINICS))
        .about("健康讲堂与健康义诊场次之和，由系统计算。"),
    Metric::new("youth_competitions", "青少年科技竞赛次数", Count)
        .category(INFLUENCE)
        .en("Youth science competitions")
        .unit("次")
        .bounds(0, 500)
        .about("报告期内由中小学校长牵头组织或承办的青少年科技竞赛次数。"),
    Metric::new("agri_training_person_times", "农业技术培训人次", Count)
        .category(INFLUENCE)
        .en("Farm training attendances")
        .unit("人次")
        .bounds(0, 500_000)
        .about("报告期内农技推广站负责人牵头开展的农业技术培训人次。"),
    Metric::new("annual_budget", "县科协年度工作经费", Money)
        .category(CAPACITY)
        .en("Annual budget")
        .unit("万元")
        .bounds(0, 10_000)
        .about("当年财政安排给县科协的工作经费，不含人员工资。"),
    Metric::new("county_policy_doc", "出台基层科协建设专门文件", Bool)
        .category(CAPACITY)
        .en("County policy document issued")
        .about("截至报告期末，县委或县政府是否已出台专门文件。对比时按已出台的县所占比例计算。"),
    Metric::new("staff_in_post", "县科协在岗工作人员数", Count)
        .category(CAPACITY)
        .en("Staff in post")
        .unit("人")
        .bounds(0, 100)
        .about("报告期末县科协机关实际在岗的工作人员数。"),
    Metric::new("four_gaps_remaining", "尚存“四缺”项数", Count)
        .category(CAPACITY)
        .en("Remaining four gaps")
        .unit("项")
        .better("lower")
        .bounds(0, 4)
        .about("编制、经费、场所、人员四项中仍然欠缺的项数（0 至 4）。"),
];

/// One report's values, scaled as `Kind::scale` says; derived ones stay `None`.
type Values = [Option<i64>; METRIC_COUNT];

/// A value as written in YAML.
fn yaml_value(kind: Kind, value: Option<i64>) -> String {
    match (kind, value) {
        (_, None) => "null".to_string(),
        (Kind::Bool, Some(v)) => (v != 0).to_string(),
        (Kind::Ratio, Some(v)) => format!("{}.{:03}", v / 1000, v % 1000),
        (Kind::Money, Some(v)) => money(v),
        (_, Some(v)) => v.to_string(),
    }
}

/// Cents of 万元 as a short decimal: 135, 135.5, 135.25.
fn money(cents: i64) -> String {
    match cents % 100 {
        0 => (cents / 100).to_string(),
        c if c % 10 == 0 => format!("{}.{}", cents / 100, c / 10),
        c => format!("{}.{c:02}", cents / 100),
    }
}

/// `part / whole` as a percentage with one decimal: 87.3%.
fn percent(part: i64, whole: i64) -> String {
    let per_mille = (part * 1000 + whole / 2) / whole.max(1);
    format!("{}.{}%", per_mille / 10, per_mille % 10)
}

fn site_yaml(periods: &[Period], counties: usize, reports: usize, seed: u64) -> String {
    let mut y = String::with_capacity(8 * 1024);
    y.push_str("# Generated by examples/corpus.rs: a benchmark corpus, not real data.\n");
    y.push_str("title: 试点工作报告基准语料\n");
    let _ = writeln!(
        y,
        "description: {counties}个县（市、区）、{}个报告期共{reports}份报告的生成数据（随机种子{seed}），用于测试和性能评估，非官方统计。",
        periods.len()
    );
    y.push_str("base_url: /\nlanguage: zh-CN\ntheme: default\n");
    y.push_str("labels:\n  county: 县（市、区）\n  pilot: 试点地区\n  control: 非试点地区\n");
    y.push_str("periods:\n");
    for p in periods {
        let _ = writeln!(y, "  - id: \"{}\"\n    label: {}", p.id, p.label);
    }
    let _ = writeln!(y, "baseline: \"{}\"", periods[0].id);
    y.push_str("metrics:\n");
    for m in &METRICS {
        metric_yaml(m, &mut y);
    }
    y
}

fn metric_yaml(m: &Metric, y: &mut String) {
    let _ = writeln!(y, "  - id: {}\n    label: {}", m.id, m.label);
    if !m.label_en.is_empty() {
        let _ = writeln!(y, "    label_en: {}", m.label_en);
    }
    let _ = writeln!(y, "    kind: {}", m.kind.name());
    if !m.unit.is_empty() {
        let _ = writeln!(y, "    unit: {}", m.unit);
    }
    if !m.better.is_empty() {
        let _ = writeln!(y, "    better: {}", m.better);
    }
    let _ = writeln!(y, "    category: {}", m.category);
    if m.required {
        y.push_str("    required: true\n");
    }
    if let Some((min, max)) = m.bounds {
        let _ = writeln!(y, "    min: {min}\n    max: {max}");
    }
    match m.derive {
        Derive::Input => {}
        Derive::RatioOf(a, b) => {
            let _ = writeln!(y, "    ratio_of: [{}, {}]", METRICS[a].id, METRICS[b].id);
        }
        Derive::SumOf(a, b) => {
            let _ = writeln!(y, "    sum_of: [{}, {}]", METRICS[a].id, METRICS[b].id);
        }
    }
    let _ = writeln!(y, "    description: {}", m.description);
}

// ---------------------------------------------------------------------------
// Counties and their figures over time

struct County {
    id: String,
    name: String,
    pilot: bool,
    pilot_since: Option<&'static str>,
    code: Option<String>,
    order: usize,
}

const SYLLABLES: &[&str] = &[
    "东", "台", "射", "阳", "滨", "海", "阜", "宁", "建", "湖", "响", "水", "丰", "盐", "都", "亭",
    "清", "河", "安", "泰", "兴", "华", "新", "平", "江", "山", "石", "桥", "龙", "凤", "云", "溪",
    "南", "北", "西", "林", "沙", "洲", "长", "乐", "永", "和", "富", "嘉", "金", "坛", "溧", "宜",
    "兰", "陵", "昌", "邑", "沭", "灌", "涟", "洪", "泽", "盱", "眙", "仪", "征", "高", "邮", "宝",
    "应", "如", "皋", "启", "通", "崇", "川", "句", "容", "扬", "靖", "姜", "堰", "睢", "邳", "沛",
];

/// A county name of varied length, ending in 县, 市 or 区, unused so far.
fn county_name(rng: &mut Rng, taken: &mut BTreeSet<String>) -> String {
    let mut attempt = 0;
    loop {
        let syllables = match rng.below(100) {
            0..=7 => 1,
            8..=79 => 2,
            80..=95 => 3,
            _ => 4,
        } + attempt / 20;
        let mut name: String = (0..syllables).map(|_| rng.word(SYLLABLES)).collect();
        name.push_str(if syllables == 1 {
            "县"
        } else {
            rng.word(&["县", "市", "区"])
        });
        if taken.insert(name.clone()) {
            return name;
        }
        attempt += 1;
    }
}

fn make_counties(count: usize, periods: &[Period], rng: &mut Rng) -> Vec<County> {
    let mut taken = BTreeSet::new();
    (0..count)
        .map(|i| {
            let pilot = match i {
                0 => true,
                1 => false,
                _ => rng.chance(333),
            };
            // A start the site has no period for (2017-H1 with two periods)
            // becomes the baseline; the draw stays, so the default corpus
            // is unchanged.
            let pilot_since = pilot.then(|| {
                let since = rng.word(&["2016", "2016", "2016-H2", "2017-H1"]);
                if periods.iter().any(|p| p.id == since) {
                    since
                } else {
                    "2016"
                }
            });
            County {
                id: format!("c{:04}", i + 1),
                name: county_name(rng, &mut taken),
                pilot,
                pilot_since,
                code: (i < 9999).then(|| format!("32{:04}", i + 1)),
                order: i + 1,
            }
        })
        .collect()
}

/// The stock figures of one county, carried from period to period.
struct Trend {
    township_total: i64,
    township_sast: i64,
    village_total: i64,
    village_sast: i64,
    societies: i64,
    enterprise: i64,
    members: i64,
    leaders: i64,
    volunteers: i64,
    satisfaction: i64,
    budget: i64,
    policy: bool,
    staff: i64,
    gaps: i64,
}

impl Trend {
    fn new(rng: &mut Rng) -> Self {
        let township_total = rng.range(6, 40);
        let village_total = rng.range(80, 1200);
        Trend {
            township_total,
            township_sast: township_total * rng.range(20, 90) / 100,
            village_total,
            village_sast: village_total * rng.range(5, 60) / 100,
            societies: rng.range(10, 80),
            enterprise: rng.range(5, 80),
            members: rng.range(2_000, 60_000),
            leaders: rng.range(0, 3),
            volunteers: rng.range(100, 3_000),
            satisfaction: rng.range(600, 900),
            budget: rng.range(30, 500) * 100 + rng.range(0, 9) * 10,
            policy: rng.chance(100),
            staff: rng.range(3, 30),
            gaps: rng.range(1, 4),
        }
    }

    /// Moves the stocks on by one period; pilots grow faster. Returns the
    /// net change in members.
    fn advance(&mut self, rng: &mut Rng, pilot: bool) -> i64 {
        let boost = i64::from(pilot);
        if rng.chance(30) {
            self.township_total = (self.township_total + rng.range(-1, 1)).max(1);
        }
        self.township_sast =
            (self.township_sast + rng.range(0, 1 + 2 * boost)).min(self.township_total);
        if rng.chance(30) {
            self.village_total = (self.village_total + rng.range(-5, 5)).max(1);
        }
        let village_step = self.village_total / if pilot { 15 } else { 40 };
        self.village_sast =
            (self.village_sast + rng.range(-1, village_step.max(1))).clamp(0, self.village_total);
        self.societies += rng.range(0, 2 + boost);
        self.enterprise += rng.range(0, 3 + 2 * boost);
        let before = self.members;
        let change = if rng.chance(150) {
            rng.range(-1_000, -50)
        } else {
            rng.range(-200, 1_500 + 1_000 * boost)
        };
        self.members = (self.members + change).max(0);
        if rng.chance(100 + 300 * boost as u64) {
            self.leaders += 1;
        }
        self.volunteers += rng.range(-20, 150 + 150 * boost);
        self.satisfaction = (self.satisfaction + rng.range(-25, 25 + 10 * boost)).clamp(400, 990);
        self.budget += rng.range(-50, 150 + 250 * boost) * 10;
        self.policy |= rng.chance(80 + 170 * boost as u64);
        self.staff = (self.staff + rng.range(-1, 1)).max(1);
        if rng.chance(100 + 200 * boost as u64) {
            self.gaps = (self.gaps - 1).max(0);
        }
        self.members - before
    }
}

/// The values of one report: the stocks after `advance`, fresh flows for the
/// period, bounds applied and some optional values blanked.
fn period_values(trend: &mut Trend, rng: &mut Rng, pilot: bool) -> Values {
    let member_change = trend.advance(rng, pilot);
    let boost = i64::from(pilot);
    let mut v: Values = [None; METRIC_COUNT];
    v[TOWNSHIP_TOTAL] = Some(trend.township_total);
    v[TOWNSHIP_SAST] = Some(trend.township_sast);
    v[VILLAGE_TOTAL] = Some(trend.village_total);
    v[VILLAGE_SAST] = Some(trend.village_sast);
    v[SOCIETIES] = Some(trend.societies);
    v[ENTERPRISE_SAST] = Some(trend.enterprise);
    v[MEMBERS] = Some(trend.members);
    v[MEMBER_CHANGE] = Some(member_change);
    v[LEADERS] = Some(trend.leaders);
    v[VOLUNTEERS] = Some(trend.volunteers);
    v[SATISFACTION] = Some(trend.satisfaction);
    v[LECTURES] = Some(rng.range(5, 100 + 100 * boost));
    v[CLINICS] = Some(rng.range(2, 60 + 60 * boost));
    v[YOUTH] = Some(rng.range(0, 20 + 20 * boost));
    v[AGRI_TRAINING] = Some(rng.range(500, 30_000 + 30_000 * boost));
    v[BUDGET] = Some(trend.budget);
    v[POLICY] = Some(i64::from(trend.policy));
    v[STAFF] = Some(trend.staff);
    v[GAPS] = Some(trend.gaps);
    for (value, m) in v.iter_mut().zip(&METRICS) {
        if let (Some(x), Some((min, max))) = (value.as_mut(), m.bounds) {
            *x = (*x).clamp(min * m.kind.scale(), max * m.kind.scale());
        }
        if m.is_input() && !m.required && rng.chance(NULL_PER_MILLE) {
            *value = None;
        }
    }
    v
}

// ---------------------------------------------------------------------------
// Words and sentence templates

const WHO: &[&str] = &[
    "县科协",
    "镇（街道）科协",
    "村级科协",
    "县级学会",
    "农技协",
    "企业科协",
    "科普志愿服务队",
    "乡镇卫生院",
    "中小学科技辅导员队伍",
    "农技推广站",
    "园区科协",
    "社区科普小组",
];
const TOPIC: &[&str] = &[
    "健康科普",
    "农业技术培训",
    "青少年科技教育",
    "创新方法推广",
    "基层组织建设",
    "科普阵地建设",
    "科普志愿服务",
    "会员发展",
    "科技助农",
    "应急科普",
    "防灾减灾宣传",
    "老年人智能技术培训",
    "反诈骗知识宣传",
    "食品安全科普",
];
const WAY: &[&str] = &[
    "以“四长”为纽带",
    "依托新时代文明实践站",
    "借助网格化管理",
    "结合乡村振兴重点工作",
    "通过“科协+”联动模式",
    "利用微信公众号和短视频平台",
    "采取“点单式”服务",
    "按照“一村一策”的思路",
    "发挥学会专家的智力优势",
];
const RESULT: &[&str] = &[
    "群众参与热情明显提高",
    "基层科协的凝聚力进一步增强",
    "科普服务覆盖面持续扩大",
    "组织运行更加规范",
    "得到当地群众的普遍好评",
    "形成了一批可复制的经验",
    "活动的针对性和实效性有所提升",
    "基层干部对科协工作的认识明显加深",
];
const PLACE: &[&str] = &[
    "村便民服务中心",
    "镇文化站",
    "社区党群服务中心",
    "乡村学校少年宫",
    "现代农业园区",
    "田间地头",
    "镇卫生院",
    "企业车间",
    "农家书屋",
    "村卫生室",
];
const PEOPLE: &[&str] = &[
    "村医",
    "小学教师",
    "种养大户",
    "返乡创业青年",
    "退休科技工作者",
    "农技员",
    "企业技术骨干",
    "网格员",
    "家庭农场主",
    "乡村医生",
];
const PROBLEM: &[&str] = &[
    "部分村级科协活动不够经常",
    "兼职人员精力有限",
    "经费保障渠道较为单一",
    "年轻会员比例偏低",
    "部分活动场所条件较差",
    "与相关部门的协作机制尚不完善",
    "信息报送不够及时",
    "个别乡镇科协存在“挂牌多、活动少”的现象",
    "科普资源在城乡之间分布不均",
    "企业参与的积极性还不够高",
];
const PLAN: &[&str] = &[
    "完善基层科协工作考核办法",
    "推动工作经费列入财政预算",
    "加强基层科协骨干培训",
    "拓展线上科普阵地",
    "建立季度工作例会制度",
    "开展村级科协规范化建设评议",
    "扩大“四长”在基层科协中的覆盖面",
    "整合学会和企业的科普资源",
    "做好典型经验的总结和推广",
];
const ACT: &[&str] = &["开展", "组织", "举办", "推进"];
const TIME: &[&str] = &["报告期内", "本期以来", "近一个季度", "本期初"];
const CROP: &[&str] = &[
    "西瓜",
    "葡萄",
    "稻麦",
    "蔬菜",
    "蚕桑",
    "水产",
    "食用菌",
    "中药材",
    "茶叶",
    "花卉苗木",
];
const ROLE: &[&str] = &["医院院长", "中小学校长", "农技站站长", "科技型企业负责人"];
const REGION: &[&str] = &[
    "沿海平原",
    "里下河地区",
    "丘陵地带",
    "城市近郊",
    "湖荡地区",
    "运河沿线",
    "省界地区",
];
const TAGS: &[&str] = &[
    "组织建设",
    "四长",
    "医疗卫生",
    "农技推广",
    "青少年科技",
    "四缺",
    "科普宣传",
    "企业创新",
    "志愿服务",
    "乡村振兴",
];
const TITLE_ENDINGS: &[&str] = &[
    "“四+一”试点工作进展",
    "基层科协建设情况报告",
    "科协工作半年报",
];

/// General sentences, used to pad bodies to their target size.
const FILLERS: &[&str] = &[
    "{who}{way}，围绕{topic}开展了{few}次专题活动，{result}。",
    "在{place}，{who}组织{people}和{people}结对，把{topic}送到群众身边，{result}。",
    "针对{crop}生产中的技术难题，{who}邀请{some}名专家开展现场指导，累计服务农户{many}户。",
    "本期{who}还{act}了{topic}“进村入户”活动，覆盖{some}个村（社区），{result}。",
    "从实际效果看，{topic}与{topic}相互结合，{result}，这也为下一步工作打下了基础。",
    "{time}，{who}在{place}举办{topic}培训班{few}期，参训{people}{many}人次。",
    "我们坚持{way}，推动{topic}工作常态化，{result}。",
    "{who}建立了“月有计划、季有活动、年有总结”的工作机制，{result}。",
    "部分乡镇还将{topic}纳入年度重点工作，由{role}牵头，每月至少开展{few}次活动。",
    "在推进过程中，{who}注重发挥{people}的作用，先后吸纳{some}名{people}加入科协组织。",
    "据统计，本期通过{topic}直接受益的群众约{many}人次，其中{people}占相当比例。",
    "{who}与{who}签订合作协议，共同{act}{topic}活动，{result}。",
    "为解决科普服务“最后一公里”问题，{who}在{place}设立科普服务点{few}个，安排专人值守。",
    "围绕{crop}产业，{who}组建了技术服务小分队，开展{topic}{some}场次，{result}。",
    "{role}带头参加基层科协活动，全年计划开展{topic}{some}场，目前已完成过半。",
    "通过{way}，{who}把{topic}与群众的实际需求结合起来，{result}。",
    "各乡镇（街道）之间开展了{topic}经验交流，{few}个乡镇在会上作了发言。",
    "{who}还编印了{topic}方面的宣传资料{many}份，在{place}和{place}免费发放。",
    "在集中宣传周期间，{who}共设立咨询台{few}处，解答群众咨询{many}人次。",
    "{who}注重总结提炼，形成了{topic}工作的{few}条具体做法，并在全县推广。",
];

/// Short clauses for the “一是、二是、三是” paragraph.
const MEASURES: &[&str] = &[
    "{way}，推动{topic}落到实处",
    "建立{who}与{who}的日常联系机制",
    "把{topic}纳入乡镇（街道）年度考核",
    "选派{people}担任村级科协联络员",
    "整合{place}等阵地资源，常态化开展{topic}",
    "由{role}牵头，每季度研究一次{topic}工作",
    "对{people}开展{topic}专题培训",
];

/// The 典型案例 stories.
const STORIES: &[&str] = &[
    "{village}的科协成立后，{people}在走访中发现一户{crop}专业户因技术问题连续两年减产。村科协随即联系{who}，请{people}上门查看、现场讲解，并安排专人跟踪指导。当年该户产量明显回升，周边{few}户也主动前来请教，村科协的威信由此建立起来。",
    "{village}地处偏远，老年人多，就医不便。镇卫生院院长担任镇科协兼职副主席后，每月带队到村里开展一次健康讲堂和义诊，累计服务群众{many}人次。一位患有高血压的老人在义诊中被及时发现病情变化，转诊后得到有效治疗，家属专程送来感谢信。",
    "{village}小学在校长带动下成立了青少年科技兴趣小组，{people}和退休科技工作者轮流担任辅导员。兴趣小组的学生在县青少年科技竞赛中获得{few}个奖项，学校也因此被评为县级科普示范学校。",
    "一家科技型企业负责人担任县科协副主席后，牵头在{place}举办创新方法培训，组织企业技术骨干围绕生产中的实际问题开展攻关。培训中形成的{few}项改进方案已在企业落地，年节约成本约{some}万元。",
    "{village}的科协把{topic}与乡村振兴结合起来，组织{people}成立{crop}专业协会，统一技术标准、统一品牌销售。协会成立一年来，会员由最初的{few}户发展到{some}户，户均增收明显，带动了周边村的积极性。",
    "{village}的网格员在日常巡查中发现，不少老人接到过可疑电话。村科协随即联系派出所民警和{people}，在{place}连续举办{few}场反诈骗知识讲座，并把典型案例编成顺口溜张贴在村口。此后该村再未发生电信诈骗案件。",
];

/// Appends `template` with each `{slot}` filled: a number, a village name
/// or a word from the slot's list, never the same word twice in one template.
fn fill(template: &str, rng: &mut Rng, out: &mut String) {
    let mut used: Vec<&'static str> = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let slot = &rest[start + 1..];
        let Some(end) = slot.find('}') else {
            out.push_str(&rest[start..]);
            return;
        };
        let name = &slot[..end];
        match slot_words(name) {
            Some(words) => {
                let word = distinct_word(words, &used, rng);
                used.push(word);
                out.push_str(word);
            }
            None => fill_special(name, rng, out),
        }
        rest = &slot[end + 1..];
    }
    out.push_str(rest);
}

/// A word from `words` not in `used`, if a few tries find one.
fn distinct_word(words: &[&'static str], used: &[&str], rng: &mut Rng) -> &'static str {
    let mut word = rng.word(words);
    for _ in 0..8 {
        if !used.contains(&word) {
            break;
        }
        word = rng.word(words);
    }
    word
}

fn slot_words(slot: &str) -> Option<&'static [&'static str]> {
    Some(match slot {
        "who" => WHO,
        "topic" => TOPIC,
        "way" => WAY,
        "result" => RESULT,
        "place" => PLACE,
        "people" => PEOPLE,
        "problem" => PROBLEM,
        "plan" => PLAN,
        "act" => ACT,
        "crop" => CROP,
        "role" => ROLE,
        "time" => TIME,
        _ => return None,
    })
}

/// Numbers and village names; an unknown slot is kept as written, so a
/// typo in a template shows in the output.
fn fill_special(slot: &str, rng: &mut Rng, out: &mut String) {
    match slot {
        "few" => push_number(out, rng.range(2, 9)),
        "some" => push_number(out, rng.range(10, 60)),
        "many" => push_number(out, rng.range(100, 900)),
        "village" => village_name(rng, out),
        _ => {
            out.push('{');
            out.push_str(slot);
            out.push('}');
        }
    }
}

fn push_number(out: &mut String, n: i64) {
    let _ = write!(out, "{n}");
}

fn village_name(rng: &mut Rng, out: &mut String) {
    out.push_str(rng.word(SYLLABLES));
    out.push_str(rng.word(SYLLABLES));
    out.push_str(rng.word(&["村", "村", "社区"]));
}

/// A filled template as a new string.
fn filled(template: &str, rng: &mut Rng) -> String {
    let mut s = String::with_capacity(template.len() * 2);
    fill(template, rng, &mut s);
    s
}

// ---------------------------------------------------------------------------
// County profiles

fn profile(county: &County, trend: &Trend, rng: &mut Rng) -> String {
    let mut t = String::with_capacity(1024);
    let _ = writeln!(t, "---\nname: {}\npilot: {}", county.name, county.pilot);
    if let Some(since) = county.pilot_since {
        let _ = writeln!(t, "pilot_since: \"{since}\"");
    }
    if let Some(code) = &county.code {
        let _ = writeln!(t, "code: \"{code}\"");
    }
    let _ = writeln!(t, "order: {}\n---", county.order);
    let _ = write!(
        t,
        "{}位于{}，辖{}个乡镇（街道）、约{}个村（社区）。",
        county.name,
        rng.word(REGION),
        trend.township_total,
        trend.village_total / 10 * 10
    );
    fill(
        "当地{crop}、{crop}等特色产业较有规模，{who}基础较好。\n\n",
        rng,
        &mut t,
    );
    if county.pilot {
        let _ = write!(t, "{}科协是“四+一”**试点单位**之一，", county.name);
        fill(
            "试点以{topic}和{topic}为主要抓手，{way}推进基层科协建设。\n",
            rng,
            &mut t,
        );
    } else {
        let _ = writeln!(
            t,
            "{}作为**非试点地区**，按统一口径报送本地基层科协的变化，供对比参考。",
            county.name
        );
    }
    t
}

// ---------------------------------------------------------------------------
// Reports

/// What a report is written from.
struct ReportContext<'a> {
    county: &'a County,
    periods: &'a [Period],
    /// This report's period, an index into `periods`.
    index: usize,
    /// The values of this county's reports so far, this one last.
    history: &'a [Values],
}

impl ReportContext<'_> {
    fn period(&self) -> &Period {
        &self.periods[self.index]
    }

    fn now(&self, metric: usize) -> Option<i64> {
        self.history[self.index][metric]
    }

    fn previous(&self, metric: usize) -> Option<i64> {
        self.index
            .checked_sub(1)
            .and_then(|i| self.history[i][metric])
    }

    /// `@/counties/<id>/<file>.md` for an earlier period of this county.
    fn link(&self, index: usize) -> String {
        format!(
            "@/counties/{}/{}.md",
            self.county.id, self.periods[index].stem
        )
    }
}

fn report(ctx: &ReportContext, rng: &mut Rng) -> (String, usize) {
    let body = body(ctx, rng);
    let mut text = front_matter(ctx, rng);
    text.push_str(&body);
    (text, body.len())
}

fn front_matter(ctx: &ReportContext, rng: &mut Rng) -> String {
    let (county, period) = (ctx.county, ctx.period());
    let mut t = String::with_capacity(2048);
    let ending = if ctx.index == 0 {
        "基线情况报告"
    } else {
        rng.word(TITLE_ENDINGS)
    };
    let _ = writeln!(t, "---\ntitle: {}{}{ending}", county.name, period.name);
    let _ = writeln!(t, "period: \"{}\"", period.id);
    let _ = writeln!(t, "date: {}", publication_date(period, rng));
    let _ = write!(t, "authors: [{}科协", county.name);
    if rng.chance(300) {
        let _ = write!(
            t,
            ", {}科协{}",
            county.name,
            rng.word(&["组宣部", "办公室", "科普部", "学会部"])
        );
    }
    let _ = writeln!(t, "]\nsummary: {}", summary(ctx, rng));
    let tag_count = rng.range(1, 3) as usize;
    let tags: Vec<&str> = rng
        .subset(TAGS.len(), tag_count)
        .into_iter()
        .map(|i| TAGS[i])
        .collect();
    let _ = writeln!(t, "tags: [{}]\nmetrics:", tags.join(", "));
    for (m, value) in METRICS.iter().zip(&ctx.history[ctx.index]) {
        if m.is_input() {
            let _ = writeln!(t, "  {}: {}", m.id, yaml_value(m.kind, *value));
        }
    }
    sources(ctx, rng, &mut t);
    t.push_str("---\n");
    t
}

/// Where two of the reported figures come from.
fn sources(ctx: &ReportContext, rng: &mut Rng, t: &mut String) {
    const CANDIDATES: &[(usize, &str)] = &[
        (VILLAGE_SAST, "科协组宣部统计"),
        (MEMBERS, "科协会员管理系统导出"),
        (LECTURES, "卫健委与科协联合统计"),
        (AGRI_TRAINING, "农业农村局培训台账"),
        (BUDGET, "财政局预算批复"),
        (YOUTH, "教育局与科协联合统计"),
    ];
    t.push_str("sources:\n");
    for i in rng.subset(CANDIDATES.len(), 2) {
        let (metric, origin) = CANDIDATES[i];
        let _ = writeln!(
            t,
            "  {}: {}{origin}，{}",
            METRICS[metric].id,
            ctx.county.name,
            ctx.period().end_date
        );
    }
}

/// One sentence with the report's headline figures.
fn summary(ctx: &ReportContext, rng: &mut Rng) -> String {
    let mut s = String::with_capacity(256);
    let (total, sast) = (ctx.now(TOWNSHIP_TOTAL), ctx.now(TOWNSHIP_SAST));
    if let (Some(total), Some(sast)) = (total, sast) {
        let _ = write!(s, "乡镇（街道）科协覆盖率{}", percent(sast, total));
    }
    let mut clauses = Vec::new();
    if let (Some(v), Some(t)) = (ctx.now(VILLAGE_SAST), ctx.now(VILLAGE_TOTAL)) {
        clauses.push(format!("村（社区）科协{v}个，覆盖率{}", percent(v, t)));
    }
    if let Some(n) = ctx.now(LECTURES) {
        clauses.push(format!("开展健康讲堂{n}场"));
    }
    if let Some(n) = ctx.now(AGRI_TRAINING) {
        clauses.push(format!("农业技术培训{n}人次"));
    }
    if let Some(n) = ctx.now(MEMBERS) {
        clauses.push(format!("个人会员{n}人"));
    }
    for i in rng.subset(clauses.len(), 2) {
        s.push('，');
        s.push_str(&clauses[i]);
    }
    s.push('。');
    s
}

/// A `##` section: its blocks (paragraphs, a list, a table) and the
/// paragraph that padding sentences go into.
struct Section {
    heading: &'static str,
    blocks: Vec<String>,
    padding: String,
}

impl Section {
    fn new(heading: &'static str) -> Self {
        Section {
            heading,
            blocks: Vec::new(),
            padding: String::new(),
        }
    }

    /// The bytes this section takes in the body.
    fn size(&self) -> usize {
        let padding = if self.padding.is_empty() {
            0
        } else {
            self.padding.len() + 2
        };
        "## \n\n".len()
            + self.heading.len()
            + self.blocks.iter().map(|b| b.len() + 2).sum::<usize>()
            + padding
    }

    fn render(&self, out: &mut String) {
        let _ = write!(out, "## {}\n\n", self.heading);
        for block in self.blocks.iter().chain(Some(&self.padding)) {
            if !block.is_empty() {
                out.push_str(block);
                out.push_str("\n\n");
            }
        }
    }
}

fn body(ctx: &ReportContext, rng: &mut Rng) -> String {
    let mut sections = [
        basics(ctx, rng),
        progress(ctx, rng),
        practices(ctx, rng),
        case_study(rng),
        problems(ctx, rng),
        next_steps(ctx, rng),
    ];
    let target = rng.range(BODY_TARGET.0, BODY_TARGET.1) as usize;
    let mut size: usize = sections.iter().map(Section::size).sum();
    while size < target {
        // Padding goes into the descriptive sections, not problems and plans.
        let section = &mut sections[rng.below(PADDED_SECTIONS) as usize];
        let before = section.size();
        fill(rng.word(FILLERS), rng, &mut section.padding);
        size += section.size() - before;
    }
    let mut out = String::with_capacity(size);
    for section in &sections {
        section.render(&mut out);
    }
    out.pop(); // one newline at the end, not two
    out
}

fn basics(ctx: &ReportContext, rng: &mut Rng) -> Section {
    let mut s = Section::new("基本情况");
    let mut p = String::with_capacity(1024);
    let period = ctx.period();
    if let (Some(total), Some(sast)) = (ctx.now(TOWNSHIP_TOTAL), ctx.now(TOWNSHIP_SAST)) {
        if total == sast {
            let _ = write!(
                p,
                "截至{}，{}{total}个乡镇（街道）全部建立科协组织，实现全覆盖。",
                period.end_cn, ctx.county.name
            );
        } else {
            let _ = write!(
                p,
                "截至{}，{}{total}个乡镇（街道）中已有{sast}个建立科协组织，覆盖率{}。",
                period.end_cn,
                ctx.county.name,
                percent(sast, total)
            );
        }
    }
    p.push_str(&village_sentence(ctx));
    let stocks = [
        ("县级学会", SOCIETIES, "个"),
        ("企业（园区）科协", ENTERPRISE_SAST, "个"),
        ("个人会员", MEMBERS, "人"),
        ("科普志愿者", VOLUNTEERS, "人"),
    ];
    let parts: Vec<String> = stocks
        .iter()
        .filter_map(|&(label, metric, unit)| ctx.now(metric).map(|n| format!("{label}{n}{unit}")))
        .collect();
    if !parts.is_empty() {
        let _ = write!(p, "全县现有{}。", parts.join("，"));
    }
    p.push_str(&links(ctx, rng));
    s.blocks.push(p);
    s
}

fn village_sentence(ctx: &ReportContext) -> String {
    let (Some(sast), Some(total)) = (ctx.now(VILLAGE_SAST), ctx.now(VILLAGE_TOTAL)) else {
        return "村（社区）科协的数据本期正在核实，暂未列入。".to_string();
    };
    let change = match ctx.previous(VILLAGE_SAST).map(|before| sast - before) {
        None => String::new(),
        Some(0) => "，与上期持平".to_string(),
        Some(d) if d > 0 => format!("，比上期增加{d}个"),
        Some(d) => format!("，因区划调整比上期减少{}个", -d),
    };
    format!(
        "村（社区）科协{sast}个，占{total}个村（社区）的{}{change}。",
        percent(sast, total)
    )
}

/// One or two links to this county's earlier reports (none for the first).
fn links(ctx: &ReportContext, rng: &mut Rng) -> String {
    let Some(previous) = ctx.index.checked_sub(1) else {
        return "本期为基线期，以下数据作为此后各期比较的基准。".to_string();
    };
    let mut s = format!(
        "上期情况见[{}报告]({})。",
        ctx.periods[previous].name,
        ctx.link(previous)
    );
    if previous > 0 && rng.chance(600) {
        let earlier = rng.below(previous as u64) as usize;
        let _ = write!(
            s,
            "与[{}的报告]({})相比，",
            ctx.periods[earlier].name,
            ctx.link(earlier)
        );
        let before = ctx.history[earlier][TOWNSHIP_SAST];
        match (before, ctx.now(TOWNSHIP_SAST)) {
            (Some(b), Some(n)) if n > b => {
                let _ = write!(s, "已建科协的乡镇（街道）增加了{}个。", n - b);
            }
            _ => s.push_str("乡镇（街道）科协数量基本稳定，工作重心已转向规范运行。"),
        }
    }
    s
}

fn progress(ctx: &ReportContext, rng: &mut Rng) -> Section {
    let mut s = Section::new("工作进展");
    s.blocks.push(filled(
        "本期各级科协{way}，重点推进{topic}和{topic}工作，主要进展如下：",
        rng,
    ));
    let mut items: Vec<String> = [
        health_item(ctx),
        ctx.now(YOUTH).map(|n| {
            format!(
                "- **青少年科技教育**：举办青少年科技竞赛{n}次，{}。",
                filled("{result}", rng)
            )
        }),
        ctx.now(AGRI_TRAINING).map(|n| {
            format!(
                "- **农技推广**：开展农业技术培训{n}人次，重点围绕{}和{}等特色产业。",
                rng.word(CROP),
                rng.word(CROP)
            )
        }),
        ctx.now(LEADERS).map(|n| match n {
            0 => "- **“四长”进科协**：“四长”尚无人担任县科协主席、副主席，推荐工作正在进行。"
                .to_string(),
            n => format!("- **“四长”进科协**：“四长”任县科协主席、副主席{n}人。"),
        }),
        member_item(ctx),
        ctx.now(POLICY).map(|p| {
            if p != 0 {
                "- **政策保障**：县委、县政府已出台加强基层科协建设的专门文件。".to_string()
            } else {
                "- **政策保障**：专门文件尚未出台，起草工作正在推进。".to_string()
            }
        }),
    ]
    .into_iter()
    .flatten()
    .collect();
    let keep = rng.range(4, 6) as usize;
    while items.len() > keep {
        items.remove(rng.below(items.len() as u64) as usize);
    }
    s.blocks.push(items.join("\n"));
    s
}

fn health_item(ctx: &ReportContext) -> Option<String> {
    let (lectures, clinics) = (ctx.now(LECTURES)?, ctx.now(CLINICS)?);
    let total = lectures + clinics;
    let change = match (ctx.previous(LECTURES), ctx.previous(CLINICS)) {
        (Some(a), Some(b)) if total > a + b => format!("，比上期增加{}场", total - a - b),
        (Some(a), Some(b)) if total < a + b => format!("，比上期减少{}场", a + b - total),
        _ => String::new(),
    };
    Some(format!(
        "- **健康科普**：开展健康讲堂{lectures}场、健康义诊{clinics}场，合计{total}场{change}。"
    ))
}

fn member_item(ctx: &ReportContext) -> Option<String> {
    let change = ctx.now(MEMBER_CHANGE)?;
    Some(if change >= 0 {
        format!("- **会员发展**：个人会员净增{change}人，新会员以基层一线人员为主。")
    } else {
        format!(
            "- **会员发展**：个人会员减少{}人，主要是部分外出务工人员未再登记。",
            -change
        )
    })
}

fn practices(ctx: &ReportContext, rng: &mut Rng) -> Section {
    let mut s = Section::new("主要做法");
    // What, who leads it, and the figure that shows it (`#` is the number).
    let rows = [
        ("健康讲堂进村", "乡镇卫生院院长", LECTURES, "讲堂#场"),
        ("科技竞赛进校园", "中小学校长", YOUTH, "竞赛#次"),
        ("农技培训到田头", "农技站站长", AGRI_TRAINING, "培训#人次"),
        (
            "创新方法进企业",
            "科技型企业负责人",
            ENTERPRISE_SAST,
            "企业科协#个",
        ),
        (
            "村级科协“建管用”",
            "镇科协秘书长",
            VILLAGE_SAST,
            "村级科协#个",
        ),
    ];
    let mut table = String::from("| 做法 | 牵头人 | 本期情况 |\n|---|---|---|");
    let row_count = rng.range(3, 4) as usize;
    for i in rng.subset(rows.len(), row_count) {
        let (what, who, metric, figure) = rows[i];
        let status = match ctx.now(metric) {
            Some(n) => figure.replace('#', &n.to_string()),
            None => "暂未统计".to_string(),
        };
        let _ = write!(table, "\n| {what} | {who} | {status} |");
    }
    s.blocks.push(table);
    let mut p = String::with_capacity(512);
    for (i, ordinal) in ["一是", "二是", "三是"].iter().enumerate() {
        let _ = write!(p, "**{ordinal}**");
        fill(rng.word(MEASURES), rng, &mut p);
        p.push(if i == 2 { '。' } else { '；' });
    }
    s.blocks.push(p);
    s
}

fn case_study(rng: &mut Rng) -> Section {
    let mut s = Section::new("典型案例");
    s.blocks.push(filled(rng.word(STORIES), rng));
    s
}

fn problems(ctx: &ReportContext, rng: &mut Rng) -> Section {
    let mut s = Section::new("存在问题");
    let mut p = filled("**注意：**{problem}，{problem}。", rng);
    match ctx.now(GAPS) {
        Some(0) => p.push_str("编制、经费、场所、人员“四缺”问题已基本解决。"),
        Some(n) => {
            let _ = write!(p, "编制、经费、场所、人员“四缺”中仍有{n}项未解决。");
        }
        None => {}
    }
    if let (Some(staff), Some(budget)) = (ctx.now(STAFF), ctx.now(BUDGET)) {
        let _ = write!(
            p,
            "县科协在岗工作人员{staff}人，年度工作经费{}万元，",
            money(budget)
        );
        p.push_str(if budget < 100 * 100 {
            "与承担的任务相比仍显不足。"
        } else {
            "保障水平有所提高，但使用效益还需提升。"
        });
    }
    if let Some(sat) = ctx.now(SATISFACTION) {
        let _ = write!(p, "群众对科协工作的满意度为{}，", percent(sat, 1000));
        p.push_str(if sat >= 850 {
            "总体较高。"
        } else {
            "仍有提升空间。"
        });
    }
    s.blocks.push(p);
    s
}

fn next_steps(ctx: &ReportContext, rng: &mut Rng) -> Section {
    let mut s = Section::new("下一步打算");
    let when = ctx
        .periods
        .get(ctx.index + 1)
        .map_or("下一阶段", |next| next.name.as_str());
    let mut p = format!("{when}，{}科协将", ctx.county.name);
    fill("{plan}，{plan}，并{plan}。", rng, &mut p);
    s.blocks.push(p);
    s
}

// ---------------------------------------------------------------------------
// The whole site

fn generate(
    out: &mut Output,
    reports: usize,
    period_count: usize,
    seed: u64,
) -> Result<Stats, WriteError> {
    let periods = periods(period_count);
    let mut rng = Rng(seed);
    let counties = make_counties(reports / period_count, &periods, &mut rng);
    let mut stats = Stats {
        counties: counties.len(),
        pilots: counties.iter().filter(|c| c.pilot).count(),
        periods: periods.len(),
        ..Stats::default()
    };
    out.dir("content/pages")?;
    out.file(
        "site.yaml",
        &site_yaml(&periods, counties.len(), reports, seed),
    )?;
    out.file("content/_index.md", &home(&stats, seed))?;
    out.file("content/pages/about.md", ABOUT)?;
    for county in &counties {
        // Each county has its own stream, so a county's files do not depend
        // on how much randomness the ones before it used.
        let mut county_rng = Rng(rng.next_u64());
        write_county(out, county, &periods, &mut county_rng, &mut stats)?;
    }
    Ok(stats)
}

fn write_county(
    out: &mut Output,
    county: &County,
    periods: &[Period],
    rng: &mut Rng,
    stats: &mut Stats,
) -> Result<(), WriteError> {
    let dir = format!("content/counties/{}", county.id);
    out.dir(&dir)?;
    let mut trend = Trend::new(rng);
    out.file(&format!("{dir}/_index.md"), &profile(county, &trend, rng))?;
    let mut history: Vec<Values> = Vec::with_capacity(periods.len());
    for (index, period) in periods.iter().enumerate() {
        let values = period_values(&mut trend, rng, county.pilot);
        stats.nulls += METRICS
            .iter()
            .zip(&values)
            .filter(|(m, v)| m.is_input() && v.is_none())
            .count();
        history.push(values);
        let ctx = ReportContext {
            county,
            periods,
            index,
            history: &history,
        };
        let (text, body_bytes) = report(&ctx, rng);
        out.file(&format!("{dir}/{}.md", period.stem), &text)?;
        stats.add_body(body_bytes);
    }
    Ok(())
}

fn home(stats: &Stats, seed: u64) -> String {
    format!(
        "---\ntitle: 试点工作报告基准语料\ndescription: 由 examples/corpus.rs 生成的测试数据，非官方统计。\n---\n\
         本站由 `examples/corpus.rs` 按随机种子{seed}生成，共有{}个县（市、区），其中试点地区{}个，\
         每个县在{}个报告期各有一份报告。报告中的指标覆盖凝聚力、影响力、覆盖力和发展力四个方面，\
         用于检验和评估站点生成器在大规模内容下的正确性与速度。\n\n\
         **请注意**：本站所有数字、地名和案例均为随机生成的示例数据，不代表任何单位的真实工作情况。\n",
        stats.counties, stats.pilots, stats.periods
    )
}

const ABOUT: &str = "---
title: 关于本语料
description: 生成数据的说明。
---
本语料由 `examples/corpus.rs` 生成，用来测试 pilotsite 在大量报告下的表现。

- 每个县（市、区）有一份简介和每个报告期一份报告；
- 约三分之一的县为试点地区；
- 约3%的非必填指标为空值（null），覆盖率和活动合计由系统计算；
- 报告正文由句子模板和报告本身的数字拼成，只求读起来像样。

同样的参数总是生成逐字节相同的文件。
";
