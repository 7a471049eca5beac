#!/usr/bin/env bash
# Builds the PlivoSDK DocC catalog against the module's public symbol graph with warnings as
# errors: a broken ``Symbol`` or <doc:Article> link, in an article or a /// comment, fails.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
swift package dump-symbol-graph --minimum-access-level public > "$work/dump.log" 2>&1 || { cat "$work/dump.log"; exit 1; }
mkdir -p "$work/graphs"
cp .build/*/symbolgraph/PlivoSDK.symbols.json .build/*/symbolgraph/PlivoSDK@*.symbols.json "$work/graphs/" 2>/dev/null || true
[ -f "$work/graphs/PlivoSDK.symbols.json" ] || { echo "check-docs: no PlivoSDK symbol graph"; exit 1; }
docc convert Sources/PlivoSDK/PlivoSDK.docc --additional-symbol-graph-dir "$work/graphs" \
    --fallback-display-name PlivoSDK --fallback-bundle-identifier com.plivo.swift.sdk \
    --output-path "$work/PlivoSDK.doccarchive" --warnings-as-errors
echo "check-docs: ok ($(find "$work/PlivoSDK.doccarchive/data/documentation" -name '*.json' | wc -l) pages)"
