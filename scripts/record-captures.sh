#!/usr/bin/env bash
# Records the sip-replay fixtures (Fixtures/captures/*.pcapng) with dumpcap on lo while a real
# Kamailio, baresip and plivo-phone place the calls described in
# Tests/InteropTests/CaptureFixtureRecorder.swift. Needs root (or dumpcap's capture capability).
#
#   scripts/record-captures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
LOCK=${SWIFT_BUILD_LOCK:-/tmp/swift-build.lock}
flock "$LOCK" swift build --build-tests
RECORD_CAPTURES=1 flock "$LOCK" swift test --skip-build --filter CaptureFixtureRecorder
chmod 644 Fixtures/captures/*.pcapng
ls -la Fixtures/captures
