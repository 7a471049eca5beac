# The commands a newcomer needs: `make test` (and `make demo` once it exists).
# Every target does real work; see README.md.

SHELL := /bin/bash
export PATH := /opt/swift/usr/bin:$(PATH)

SWIFT ?= swift
FUZZ_SECONDS ?= 60

# Debian packages the build and the tests need, by the pkg-config name that proves them present.
PC_PACKAGES  := openssl libsrtp2 opus libpulse speexdsp libpcap
APT_PACKAGES := pkg-config libssl-dev libsrtp2-dev libopus-dev libpulse-dev libspeexdsp-dev libpcap-dev
# The benchmarks also link their peers: Sofia-SIP's SIP and SDP parsers, libre's STUN codec
# (media-bench's peers, libsrtp2 and libopus, are already in the build's packages).
BENCH_PC     := sofia-sip-ua libre
BENCH_APT    := libsofia-sip-ua-dev libre-dev

.PHONY: deps bench-deps peer-deps build test demo arch-check docs-check bench fuzz clean

define apt_install
	missing=""; \
	command -v pkg-config >/dev/null 2>&1 || missing="yes"; \
	for pc in $(1); do pkg-config --exists $$pc 2>/dev/null || missing="yes"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing: $(2)"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $(2); \
	else echo "deps: all present ($(1))"; fi
endef

deps:
	@$(call apt_install,$(PC_PACKAGES),$(APT_PACKAGES))

bench-deps: deps
	@$(call apt_install,$(BENCH_PC),$(BENCH_APT))

# Real peers for Tests/InteropTests (Docs/TESTING.md): Kamailio with its WebSocket module,
# baresip with its modules (a SIP UA with opus, Fixtures/baresip), coturn (STUN servers) and
# headless Chromium, python3-venv for aiortc (pip-installed into .venv-peers, git-ignored), and
# PulseAudio with pactl (Tests/AudioDevicesTests run a user daemon on a unix socket).
# If any is missing the whole list is installed (apt leaves the ones already present as they are).
PEER_APT := kamailio kamailio-websocket-modules baresip baresip-core coturn chromium python3-venv python3-pip tshark \
            pulseaudio pulseaudio-utils
PEER_VENV := .venv-peers
PEER_PIP  := aiortc==1.16.0 websockets==17.4

peer-deps:
	@missing=""; \
	if command -v kamailio >/dev/null 2>&1 && ls /usr/lib/*/kamailio/modules/websocket.so >/dev/null 2>&1; then \
	  echo "peer-deps: kamailio and its websocket module present"; \
	else missing="$$missing kamailio"; fi; \
	if command -v baresip >/dev/null 2>&1 && [ -d /usr/lib/baresip/modules ]; then \
	  echo "peer-deps: baresip and its modules present"; \
	else missing="$$missing baresip"; fi; \
	if command -v turnserver >/dev/null 2>&1; then echo "peer-deps: coturn present"; else missing="$$missing coturn"; fi; \
	if command -v chromium >/dev/null 2>&1; then echo "peer-deps: chromium present"; else missing="$$missing chromium"; fi; \
	if command -v pulseaudio >/dev/null 2>&1 && command -v pactl >/dev/null 2>&1; then echo "peer-deps: pulseaudio present"; else missing="$$missing pulseaudio"; fi; \
	if python3 -m venv --help >/dev/null 2>&1; then :; else missing="$$missing python3-venv"; fi; \
	if command -v tshark >/dev/null 2>&1 && command -v dumpcap >/dev/null 2>&1; then echo "peer-deps: tshark present"; else missing="$$missing tshark"; fi; \
	if [ -n "$$missing" ]; then \
	  echo "missing:$$missing; installing: $(PEER_APT)"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $(PEER_APT); \
	fi
	@if $(PEER_VENV)/bin/python -c "import aiortc, aioice, websockets" >/dev/null 2>&1; then \
	  echo "peer-deps: aiortc and websockets present in $(PEER_VENV)"; \
	else \
	  echo "installing $(PEER_PIP) into $(PEER_VENV)"; \
	  python3 -m venv $(PEER_VENV) && $(PEER_VENV)/bin/pip install -q $(PEER_PIP); \
	fi

build: deps
	$(SWIFT) build 2>&1 | tee .build-log.txt
	@! grep -E '^/.*/(Sources|Tests)/.*: warning:' .build-log.txt || { echo "warnings in project sources"; exit 1; }

# The whole stack offline in one process: the embedded edge, two clients calling each other
# (ring, answer, DTMF both ways, mute, hangup), an event timeline, the call quality and the WAV
# files of what each side heard (in demo-output/).
demo: deps
	$(SWIFT) build --product plivo-demo
	$(SWIFT) run --skip-build plivo-demo --out demo-output

docs-check:
	scripts/check-docs.sh

arch-check:
	scripts/check-architecture.sh
	scripts/check-architecture.sh --self-test

# The suites measuring real-time audio, run after the others, one at a time (see test:), with
# the suites that run tshark (seconds of CPU each), which would starve the audio of the parallel run,
# and the sip-conform suites that check retransmission intervals to ±150 ms (Timer G) and a
# late answer against a 500 ms bound.
REALTIME_AUDIO_TESTS := PlivoClientCallAudioTests|PlivoClientNoiseReductionTests|PlivoLocalEdgeTests|PlivoPhoneShellPulseAudioTests|PulseAudioStreamTests|CallTonePlaybackDaemonTests|SIPReplayFixtureTests|SIPReplayCommandTests|PlivoPhoneAudioFeatureTests|SIPConformUASTests|SIPConformBrokenTargetTests

test: deps peer-deps arch-check
	$(SWIFT) build --build-tests 2>&1 | tee .build-log.txt
	@! grep -E '^/.*/(Sources|Tests)/.*: warning:' .build-log.txt || { echo "warnings in project sources"; exit 1; }
	scripts/check-docs.sh
	@# Three runs: the unit tests (many saturate both cores with synchronous work: DTLS handshakes,
	@# codecs, robustness loops), then the tests against real peers and daemons, whose timers
	@# run in real time and must not queue behind that work on the 2-thread concurrency pool.
	$(SWIFT) test --skip-build --skip '^(InteropTests|AudioDevicesTests)\.'
	$(SWIFT) test --skip-build --filter '^(InteropTests|AudioDevicesTests)\.' --skip '$(REALTIME_AUDIO_TESTS)'
	@# Then, one suite at a time, the tests that measure real-time audio end to end (echo
	@# cancellation on PulseAudio streams, noise levels, the echo number's tone): with every peer
	@# of the run above competing for 2 cores the playout glitches and their figures mean nothing.
	$(SWIFT) test --skip-build --no-parallel --filter '$(REALTIME_AUDIO_TESTS)'

# The nested package's cached build plan does not notice files added to the root package's
# targets; dropping the plan (not the build) makes SwiftPM re-plan in about a second.
bench: bench-deps peer-deps
	rm -f Benchmarks/.build/release.yaml
	$(SWIFT) run -c release --package-path Benchmarks sip-bench
	$(SWIFT) run -c release --package-path Benchmarks transaction-bench
	$(SWIFT) run -c release --package-path Benchmarks sdp-bench
	$(SWIFT) run -c release --package-path Benchmarks stun-bench
	$(SWIFT) run -c release --package-path Benchmarks ice-bench
	$(SWIFT) run -c release --package-path Benchmarks media-bench
	$(SWIFT) run -c release --package-path Benchmarks sdk-bench
	$(SWIFT) run -c release --package-path Benchmarks capture-bench
	$(SWIFT) run -c release --package-path Benchmarks conform-bench

fuzz: deps
	Fuzz/run.sh fuzz-sip-message $(FUZZ_SECONDS)
	Fuzz/run.sh fuzz-sip-framer $(FUZZ_SECONDS)
	Fuzz/run.sh fuzz-sdp $(FUZZ_SECONDS)
	Fuzz/run.sh fuzz-stun $(FUZZ_SECONDS)
	Fuzz/run.sh fuzz-rtp $(FUZZ_SECONDS)
	Fuzz/run.sh fuzz-dtls $(FUZZ_SECONDS)
	Fuzz/run.sh fuzz-media $(FUZZ_SECONDS)
	Fuzz/run.sh fuzz-wav $(FUZZ_SECONDS)
	Fuzz/run.sh fuzz-capture $(FUZZ_SECONDS)
	Fuzz/run.sh fuzz-conform $(FUZZ_SECONDS)

clean:
	rm -rf .build Benchmarks/.build Fuzz/.build .build-log.txt
