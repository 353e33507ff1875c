#!/usr/bin/env bash
# Validates every TEI file Folio writes against TEI P5 tei_all with jing
# (Debian's `jing` package, installed when missing): the TEI of
#
#   1. the demo edition (this repository; $FOLIO_SITE when already built),
#   2. a 300-document synthetic edition (the synth generator, fixed seed),
#   3. an edition of every sample telegram (tests/fixtures/raw/*.txt and
#      tests/fixtures/telegrams-2/*.txt, with the demo's registers so that
#      mentions are tagged too),
#   4. the transcription fixture (tests/fixtures/transcription/base): the
#      editor's corrections of the parse, listed and marked,
#   5. the apparatus fixture (tests/fixtures/apparatus): references to
#      documents in and outside the edition, cited-by lists, withheld text,
#      declassification records,
#   6. the apparatus and transcription fixtures in German and French: the
#      TEI's own words (headings, header descriptions) from the strings.
#
# The schema is tests/schemas/tei_all.rng (TEI P5 4.3.0, vendored; see
# tests/schemas/README.md). Any jing error fails the run; the errors are
# printed with the file they are in. Run by scripts/test.sh; on its own:
#
#   scripts/validate-tei.sh            (builds the release binary if needed)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
schema="$repo/tests/schemas/tei_all.rng"

if ! command -v jing >/dev/null; then
    echo "jing is missing: installing Debian's jing package"
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    timeout 1200 $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
    timeout 1800 $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends jing
fi

folio="${FOLIO_BIN:-$repo/target/release/folio}"
if [ ! -x "$folio" ]; then
    cargo build --release --locked --quiet
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/folio-tei.XXXXXX")
trap 'rm -rf "$work"' EXIT

# 1. The demo edition.
demo_site="${FOLIO_SITE:-}"
if [ -z "$demo_site" ]; then
    demo_site="$work/demo"
    "$folio" build --root "$repo" --output "$demo_site" >/dev/null
fi

# 2. A 300-document synthetic edition (the dev binary folio-synth).
synth_root="$work/synth"
synth_bin="$(dirname "$folio")/folio-synth"
if [ ! -x "$synth_bin" ]; then
    cargo build --release --locked --quiet --bin folio-synth
fi
"$synth_bin" --documents 300 --seed 16 --no-hugo "$synth_root" >/dev/null
"$folio" build --root "$synth_root" --output "$work/synth-site" >/dev/null

# 3. Every sample telegram, with the demo's registers.
samples="$work/samples"
mkdir -p "$samples/content/documents" "$samples/content/registers"
cat >"$samples/site.toml" <<'EOF'
title = "Sample telegrams"
editors = ["The Folio test suite"]
license = "US Government works in the public domain."
EOF
cp tests/fixtures/raw/*.txt tests/fixtures/telegrams-2/*.txt "$samples/content/documents/"
cp content/registers/*.toml "$samples/content/registers/"
# The samples are excerpts: their parse warnings are expected, shown only on failure.
"$folio" build --root "$samples" --output "$work/samples-site" >"$work/samples.log" 2>&1 || {
    cat "$work/samples.log" >&2
    exit 1
}

# 4. The transcription fixture: corrections, interventions, excerpts.
"$folio" build --root tests/fixtures/transcription/base --output "$work/transcription-site" >"$work/tx.log" 2>&1 || {
    cat "$work/tx.log" >&2
    exit 1
}

# 5. The apparatus fixture: references, cited by, gaps, reviews.
"$folio" build --root tests/fixtures/apparatus --output "$work/apparatus-site" >"$work/ap.log" 2>&1 || {
    cat "$work/ap.log" >&2
    exit 1
}

# 6. The fixtures in German and French.
localized=()
for fixture in apparatus transcription/base; do
    for lang in de fr; do
        name="${fixture//\//-}-$lang"
        root="$work/$name-root"
        cp -r "tests/fixtures/$fixture" "$root"
        sed -i "s/^language = .*/language = \"$lang\"/" "$root/site.toml"
        grep -q "^language = \"$lang\"" "$root/site.toml" || sed -i "1i language = \"$lang\"" "$root/site.toml"
        "$folio" build --root "$root" --output "$work/$name-site" >"$work/$name.log" 2>&1 || {
            cat "$work/$name.log" >&2
            exit 1
        }
        localized+=("$work/$name-site")
    done
done

list="$work/tei-files.txt"
: >"$list"
for site in "$demo_site" "$work/synth-site" "$work/samples-site" "$work/transcription-site" "$work/apparatus-site" "${localized[@]}"; do
    # Every XML file in the TEI namespace (documents and registers).
    n=$(find "$site" -name '*.xml' -print0 | sort -z | xargs -0 -r grep -l 'xmlns="http://www.tei-c.org/ns/1.0"' |
        tee -a "$list" | wc -l)
    if [ "$n" = 0 ]; then
        echo "error: no TEI files in $site" >&2
        exit 1
    fi
    echo "TEI files in $(basename "$site"): $n"
done
total=$(wc -l <"$list")

# One JVM for all files (jing takes many); xargs keeps the command line short.
out="$work/jing.txt"
if xargs -a "$list" -d '\n' timeout 900 jing "$schema" >"$out" 2>&1; then
    echo "jing: $total files, 0 errors"
else
    sed -e "s#$work/##" "$out" | head -n 40 || true
    echo "distinct errors:"
    sed -e "s/^[^ ]*: error: //" "$out" | sort | uniq -c | sort -rn | head -n 20 || true
    echo "jing: $total files, $(grep -c ' error: ' "$out" || true) errors" >&2
    exit 1
fi
