#!/usr/bin/env bash
# Search benchmark: generates a synthetic catalog (100 000 items by default)
# straight into a search index, no database, and reports the build time, the
# index's memory, and search and suggestion latency over a fixed query mix.
# The figures in docs/benchmarks.md ("Search") come from this script.
#
#   bash bench/search.sh            # 100 000 items
#   bash bench/search.sh 20000      # another size
#   ROUNDS=200 bash bench/search.sh # more repetitions of the query mix
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
n=${1:-100000}
rounds=${ROUNDS:-100}
bin=$(mktemp -d "${TMPDIR:-/tmp}/tongban-bench.XXXXXX")
trap 'rm -rf "$bin"' EXIT

go build -o "$bin/catalog-gen" ./bench/catalog-gen
echo "machine: $(nproc) CPU, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB"
"$bin/catalog-gen" -n "$n" -bench -rounds "$rounds"
