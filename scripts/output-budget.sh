#!/usr/bin/env bash
# Where the bytes of a built site go, by top-level folder, per document.
#
#   scripts/output-budget.sh OUTDIR DOCUMENTS
#
# Prints a Markdown table: for each top-level folder of OUTDIR (and the
# files at its top, as "(top level)"), its files, MiB, and KB and files per
# document (KB = 1,000 bytes, as issue 22's budget counts them), then the
# total. Apparent sizes (du -b), so tmpfs and disk agree. Used by
# scripts/bench.sh; on its own for a build at hand.
set -euo pipefail
out=${1:?usage: output-budget.sh OUTDIR DOCUMENTS}
n=${2:?usage: output-budget.sh OUTDIR DOCUMENTS}
[ -d "$out" ] || { echo "no folder $out" >&2; exit 1; }
[ "$n" -gt 0 ] || { echo "DOCUMENTS must be a positive number" >&2; exit 1; }
# One line per file: its top-level folder and its size.
find "$out" -type f -printf '%P %s\n' | awk -v n="$n" '
{
    name = $1; size = $2
    top = index(name, "/") ? substr(name, 1, index(name, "/") - 1) "/" : "(top level)"
    bytes[top] += size; files[top]++
    tb += size; tf++
}
END {
    print "| folder | files | MiB | KB per document | files per document |"
    print "|---|---:|---:|---:|---:|"
    # Largest first.
    while (1) {
        best = ""; bb = -1
        for (k in bytes) if (!(k in done) && bytes[k] > bb) { best = k; bb = bytes[k] }
        if (best == "") break
        done[best] = 1
        printf "| %s | %d | %.1f | %.1f | %.2f |\n", best, files[best], bytes[best] / 1048576, bytes[best] / 1000 / n, files[best] / n
    }
    printf "| **total** | **%d** | **%.1f** | **%.1f** | **%.2f** |\n", tf, tb / 1048576, tb / 1000 / n, tf / n
}'
