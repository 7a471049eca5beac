#!/usr/bin/env bash
# Build and run the libFuzzer targets of the SIP stack. See Docs/FUZZING.md.
#
#   Fuzz/run.sh TARGET SECONDS [libFuzzer flags...]   fuzz for SECONDS (e.g. fuzz-sip-message 300)
#   Fuzz/run.sh replay TARGET FILE...                 run the target once on each FILE (exit 0 = no crash)
#   Fuzz/run.sh minimize TARGET CRASH_FILE [SECONDS]  minimize a crash input and store it in
#                                                     Fixtures/SIP/fuzz-crashers/
#   Fuzz/run.sh build                                 only build (release, fuzzer + address sanitizer)
#
# TARGET is fuzz-sip-message, fuzz-sip-framer, fuzz-sdp, fuzz-stun, fuzz-rtp, fuzz-dtls, fuzz-media, fuzz-wav, fuzz-capture or fuzz-conform. The working corpus lives in Fuzz/corpus-work/<corpus>/
# (seeded from Fuzz/Corpus/<corpus>/, git-ignored, kept between runs); crash, leak, timeout and
# slow-unit inputs go to Fuzz/artifacts/. Environment:
#   SWIFT_BUILD_LOCK  lock file every swift command is serialized on (default /tmp/swift-build.lock)
#   SIP_FUZZ_EXTRA=1  also check the stricter, non-contract properties (see Docs/FUZZING.md)
set -euo pipefail

FUZZ_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT_DIR=$(cd "$FUZZ_DIR/.." && pwd)
LOCK=${SWIFT_BUILD_LOCK:-/tmp/swift-build.lock}
# Both flags are needed, each in exactly this form (Docs/FUZZING.md, "Build traps"):
#  --sanitize=fuzzer               stops SwiftPM from renaming the entry point, so libFuzzer's main runs;
#  -Xswiftc -sanitize=fuzzer,address  one comma-separated flag: two -sanitize= flags drop the coverage.
BUILD_FLAGS=(-c release --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld --package-path "$FUZZ_DIR")

export SWIFT_BACKTRACE=enable=no   # otherwise ASan reports the Swift backtracer instead of the trap

usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

locked() {
    if command -v flock >/dev/null 2>&1; then flock "$LOCK" "$@"; else "$@"; fi
}

corpus_name() {
    case "$1" in
        fuzz-sip-message) echo sip-message ;;
        fuzz-sip-framer) echo sip-framer ;;
        fuzz-sdp) echo sdp ;;
        fuzz-stun) echo stun ;;
        fuzz-rtp) echo rtp ;;
        fuzz-dtls) echo dtls ;;
        fuzz-media) echo media ;;
        fuzz-wav) echo wav ;;
        fuzz-capture) echo capture ;;
        fuzz-conform) echo conform ;;
        *) echo "unknown target: $1 (fuzz-sip-message, fuzz-sip-framer, fuzz-sdp, fuzz-stun, fuzz-rtp, fuzz-dtls, fuzz-media, fuzz-wav, fuzz-capture or fuzz-conform)" >&2; exit 2 ;;
    esac
}

max_len() {
    case "$1" in
        fuzz-sip-message) echo 4096 ;;
        fuzz-sip-framer) echo 6000 ;;
        fuzz-sdp) echo 8192 ;;
        fuzz-stun) echo 2048 ;;
        fuzz-rtp) echo 2048 ;;
        fuzz-dtls) echo 8192 ;;
        fuzz-media) echo 8192 ;;
        fuzz-wav) echo 4096 ;;
        fuzz-capture) echo 8192 ;;
        fuzz-conform) echo 8192 ;;
    esac
}

build() {
    # SwiftPM's cached plan for this nested package misses files added to the root package.
    rm -f "$FUZZ_DIR/.build/release.yaml"
    echo "== swift build ${BUILD_FLAGS[*]}" >&2
    locked swift build "${BUILD_FLAGS[@]}" >&2
    BIN_DIR=$(locked swift build "${BUILD_FLAGS[@]}" --show-bin-path)
}

binary() {
    local bin="$BIN_DIR/$1"
    [[ -x "$bin" ]] || { echo "no binary $bin" >&2; exit 1; }
    echo "$bin"
}

cmd=${1:-}
case "$cmd" in
    ""|-h|--help) usage ;;
    build) build; echo "binaries in $BIN_DIR" ;;
    replay)
        [[ $# -ge 3 ]] || usage
        target=$2; shift 2; corpus_name "$target" >/dev/null
        build; bin=$(binary "$target")
        status=0
        for f in "$@"; do
            if "$bin" -runs=1 "$f" >/dev/null 2>"$FUZZ_DIR/.replay.log"; then
                echo "ok       $f"
            else
                status=1; echo "CRASH    $f"; grep -E 'Fatal error|ERROR:|SUMMARY' "$FUZZ_DIR/.replay.log" | head -5 | sed 's/^/         /'
            fi
        done
        rm -f "$FUZZ_DIR/.replay.log"
        exit $status ;;
    minimize)
        [[ $# -ge 3 ]] || usage
        target=$2; crash=$3; seconds=${4:-60}; corpus_name "$target" >/dev/null
        build; bin=$(binary "$target")
        mkdir -p "$FUZZ_DIR/artifacts" "$ROOT_DIR/Fixtures/SIP/fuzz-crashers"
        minimized="$FUZZ_DIR/artifacts/$target-minimized-$(basename "$crash")"
        "$bin" -minimize_crash=1 -max_total_time="$seconds" -exact_artifact_path="$minimized" "$crash" \
            > "$FUZZ_DIR/artifacts/minimize.log" 2>&1 || true
        [[ -s "$minimized" ]] || minimized=$crash   # nothing smaller found: keep the original
        if "$bin" -runs=1 "$minimized" >/dev/null 2>&1; then
            echo "$minimized does not crash (any more); not stored" >&2; exit 1
        fi
        sum=$(sha1sum "$minimized" | cut -c1-12)
        dest="$ROOT_DIR/Fixtures/SIP/fuzz-crashers/$target-$sum.bin"
        cp "$minimized" "$dest"
        echo "minimized crash ($(wc -c < "$crash") -> $(wc -c < "$dest") bytes): $dest" ;;
    fuzz-sip-message|fuzz-sip-framer|fuzz-sdp|fuzz-stun|fuzz-rtp|fuzz-dtls|fuzz-media|fuzz-wav|fuzz-capture|fuzz-conform)
        [[ $# -ge 2 ]] || usage
        target=$1; seconds=$2; shift 2
        corpus=$(corpus_name "$target")
        build; bin=$(binary "$target")
        work="$FUZZ_DIR/corpus-work/$corpus"
        mkdir -p "$work" "$FUZZ_DIR/artifacts"
        cp -n "$FUZZ_DIR/Corpus/$corpus/"* "$work/" 2>/dev/null || true
        log="$FUZZ_DIR/artifacts/$target.log"
        before=$(ls "$FUZZ_DIR/artifacts" | sort)
        echo "== $bin, ${seconds}s, corpus $work ($(ls "$work" | wc -l) files), log $log" >&2
        set +e
        dict=()
        [[ -f "$FUZZ_DIR/$corpus.dict" ]] && dict=(-dict="$FUZZ_DIR/$corpus.dict")
        [[ "$target" == fuzz-sip-* ]] && dict=(-dict="$FUZZ_DIR/sip.dict")
        "$bin" -max_total_time="$seconds" -timeout=10 -max_len="$(max_len "$target")" \
            "${dict[@]}" -artifact_prefix="$FUZZ_DIR/artifacts/$target-" \
            -print_final_stats=1 "$@" "$work" 2>&1 | tee "$log" | grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)|^Done|ERROR|Fatal error|Swift runtime failure|Test unit written' || true
        status=${PIPESTATUS[0]}
        set -e
        execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)
        cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1)
        echo "executions: ${execs:-?}  (${cov:-cov: ?}, corpus now $(ls "$work" | wc -l) files)"
        new=$(comm -13 <(echo "$before") <(ls "$FUZZ_DIR/artifacts" | sort) | grep -vE '\.log$' || true)
        if [[ -n "$new" ]]; then
            for f in $new; do echo "crash file: $FUZZ_DIR/artifacts/$f"; done
            echo "minimize with: Fuzz/run.sh minimize $target <crash file>"
        fi
        if [[ $status -ne 0 ]]; then echo "fuzzer exit status $status (a finding)"; fi
        exit $status ;;
    *) usage ;;
esac
