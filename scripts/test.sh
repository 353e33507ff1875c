#!/usr/bin/env bash
# The whole test suite: Rust unit, integration and snapshot tests, then the
# browser tests (which install what they need on a fresh machine).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release --locked
