#!/usr/bin/env bash
# The whole test suite, the README's test command and what CI runs:
#
#   1. formatting (cargo fmt --check), Rust unit, integration and snapshot
#      tests (cargo test --release; tests/layers.rs checks the layered source
#      layout), and clippy with warnings as errors;
#   2. the demo edition (this repository's site.toml + content/) built with the
#      release binary into a temporary folder;
#   3. what the browser tests need, installed if missing: Debian's chromium,
#      a Java runtime for the Nu Html Checker, the npm packages of
#      tests/browser (npm ci; no browser download);
#   4. the Nu Html Checker (vnu) over every HTML page of the built demo:
#      any error fails the run;
#   5. the browser tests (node --test tests/browser/): pane linking, tabs on a
#      narrow screen, no console error or failed request on any page, axe-core;
#   6. TEI P5: every TEI file of the demo, of a 300-document synthetic edition
#      and of every sample telegram validated with jing against tei_all
#      (scripts/validate-tei.sh; installs Debian's jing when missing): any
#      error fails the run;
#   7. citations: every BibTeX, RIS and CSL-JSON file and the reference-manager
#      meta tags of the demo parsed with Citation.js (npm ci in tests/citations);
#      every data/<id>.json of the demo, the apparatus fixture and a synthetic
#      edition validated against downloads/document.schema.json with Ajv.
#
# Set FOLIO_SKIP_CARGO=1 to skip step 1 (when iterating on the browser tests),
# FOLIO_SITE=DIR to test an already built site instead of building the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

step() { printf '\n==> %s\n' "$*"; }

# Runs a command with a time limit (seconds), so a hang fails the run with
# its output so far instead of running into CI's 90 minutes unexplained.
limited() {
    local secs=$1 rc=0
    shift
    timeout --kill-after=30 "$secs" "$@" || rc=$?
    if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
        echo "error: \`$*\` did not finish within $secs s" >&2
    fi
    return "$rc"
}

# Installs Debian packages; needs root (CI runs as root), or sudo.
apt_install() {
    local sudo=""
    if [ "$(id -u)" != 0 ]; then
        if command -v sudo >/dev/null; then sudo="sudo"; else
            echo "error: need to install $* but not root and no sudo; install them and run again" >&2
            exit 1
        fi
    fi
    if [ -z "${apt_updated:-}" ]; then
        limited 1200 $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
        apt_updated=1
    fi
    limited 1800 $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}

if [ -z "${FOLIO_SKIP_CARGO:-}" ]; then
    step "cargo fmt --check"
    limited 300 cargo fmt --check
    step "cargo test --release --locked"
    limited 2400 cargo test --release --locked
    step "cargo clippy --release --all-targets --locked -- -D warnings"
    limited 1800 cargo clippy --release --all-targets --locked -- -D warnings
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/folio-test.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The release binary for the tests that run folio themselves (serve-reload).
export FOLIO_BIN="${FOLIO_BIN:-$repo/target/release/folio}"

limited 1200 cargo build --release --locked --quiet
if [ -z "${FOLIO_SITE:-}" ]; then
    step "building the demo edition into $work/site"
    limited 600 "$repo/target/release/folio" build --root "$repo" --output "$work/site"
    export FOLIO_SITE="$work/site"
fi

step "installing what the browser tests need"
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
java -version >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
# Fonts for the screenshots and layout checks (Debian's chromium pulls in
# fonts-liberation; DejaVu is the fallback for everything else).
[ -d /usr/share/fonts/truetype/dejavu ] || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
    apt_install "${missing[@]}"
fi
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -n1)"
echo "java: $(java -version 2>&1 | head -n1)"
echo "node: $(node --version)"
# --ignore-scripts: vnu-jar's postinstall would try to download a Java
# runtime; Debian's is used instead.
limited 900 npm ci --prefix tests/browser --ignore-scripts --no-audit --no-fund --loglevel=error

step "Nu Html Checker over every page of $FOLIO_SITE"
pages=$(find "$FOLIO_SITE" -name '*.html' | wc -l)
vnu_out="$work/vnu.txt"
if limited 900 java -jar tests/browser/node_modules/vnu-jar/build/dist/vnu.jar \
    --errors-only --skip-non-html "$FOLIO_SITE" 2>"$vnu_out"; then
    echo "vnu: $pages pages checked, 0 errors"
else
    sed "s#file:$FOLIO_SITE/##" "$vnu_out" | head -n 100
    echo "vnu: $pages pages checked, $(grep -c 'error:' "$vnu_out" || true) errors"
    exit 1
fi

step "TEI P5 (jing, tei_all) over the demo, a synthetic and the sample-telegram edition"
limited 1200 "$repo/scripts/validate-tei.sh"

step "citations parsed with Citation.js, JSON exports validated with Ajv (node --test tests/citations/)"
limited 900 npm ci --prefix tests/citations --ignore-scripts --no-audit --no-fund --loglevel=error
# The JSON Schema test also reads the apparatus fixture and a synthetic edition.
limited 300 "$repo"/target/release/folio build --root tests/fixtures/apparatus --output "$work/apparatus-json" >/dev/null 2>&1
limited 300 "$repo"/target/release/folio-synth --no-hugo --documents 120 --seed 5 "$work/synth-json" >/dev/null
limited 300 "$repo"/target/release/folio build --root "$work/synth-json" --output "$work/synth-json-site" >/dev/null 2>&1
export FOLIO_SCHEMA_SITES="$work/apparatus-json:$work/synth-json-site"
limited 600 node --test tests/citations/
# The same parsers over a German edition: its notes and types speak German,
# the fields stay standard.
cp -r tests/fixtures/apparatus "$work/apparatus-de-root"
sed -i 's/^language = .*/language = "de"/' "$work/apparatus-de-root/site.toml"
limited 300 "$repo"/target/release/folio build --root "$work/apparatus-de-root" --output "$work/apparatus-de" >/dev/null 2>&1
limited 600 env FOLIO_SITE="$work/apparatus-de" node --test tests/citations/citations.test.js

step "browser tests (node --test tests/browser/)"
# Each test file at most 5 minutes (node's default is no limit).
limited 1200 node --test --test-timeout=300000 tests/browser/

