#!/usr/bin/env python3
"""A real WebRTC peer (aiortc or headless Chromium) driven by JSON lines, for interop tests: ICE,
DTLS-SRTP and two-way audio (a sine tone each way, optional RFC 4733 DTMF).

Run with the peers' venv from the repository root (see README.md next to this file):

  .venv-peers/bin/python Fixtures/webrtc/webrtc_peer.py --peer aiortc [--tone HZ] [--codec opus|pcmu|any]
  .venv-peers/bin/python Fixtures/webrtc/webrtc_peer.py --peer chromium [--tone HZ] [--codec C] [--dtmf DIGITS]

  --tone HZ      the peer sends a continuous sine of HZ (880) at 0.3 of full scale
  --codec C      only this audio codec (+ telephone-event) is offered, accepted and sent (any)
  --dtmf DIGITS  Chromium: sent with RTCDTMFSender.insertDTMF 0.5 s after connectionState
                 "connected" (100 ms tones, 70 ms gaps); aiortc has no DTMF sender

Protocol (one JSON object per line; SDP text in JSON strings, CRLFs escaped):

  stdout {"ready": {...}}                      the peer is up (versions)
  stdin  {"role": "answer", "offer": SDP}      the peer answers that offer:
  stdout {"answer": SDP, "gathering": G}         after its ICE gathering completed (G "complete";
                                                 "quiet" for Chromium, see ChromiumPeer.start)
  stdin  {"role": "offer"}                     the peer makes an offer:
  stdout {"offer": SDP, "gathering": G}          the same
  stdin  {"answer": SDP}                         the answer to it
  stdout {"ice": STATE}                        every iceConnectionState change, only after the
                                               SDP line above (earlier ones are held back):
                                               checking, connected, completed, failed, ...
  stdout {"pair": {"local": "IP:PORT", "remote": "IP:PORT"}}
                                               the peer's selected pair, once connected
  stdout {"connection": STATE}                 connectionState changes (ICE + DTLS; DTLS never
                                               completes against a peer without DTLS)
  stdout {"error_detail": TEXT}                after {"connection": "failed"}: why (e.g. "DTLS
                                               handshake failed (fingerprint mismatch)"); also
                                               when the peer rejects the other side's SDP
  stdout {"dtmf_sent": {"digits": D}}          Chromium: --dtmf played out
  stdout {"dtmf_unsupported": true}            aiortc with --dtmf; Chromium on {"report": "dtmf"}
  stdin  {"report": "checks"}                  afterwards, any number of times:
  stdout {"checks": [{"local": "IP:PORT", "remote": "IP:PORT", "state": S, ...}, ...]}
                                               the peer's candidate pairs that sent or got checks
  stdin  {"report": "audio"}                   what the peer heard:
  stdout {"audio": {"frequency": F, "rms_dbfs": R, "seconds": S, "codec": C}}
                                               F: strongest frequency 100-4000 Hz in the last
                                               second (null below -80 dBFS), R its RMS level,
                                               S seconds received so far, C "opus", "PCMU", ...
  stdin  {"report": "dtmf"}                    aiortc: the RFC 4733 events received:
  stdout {"dtmf": {"digits": "123", "events": [{"digit", "duration", "end", "volume", "clockRate"}]}}
  stdin  {"report": "stats"}                   audio RTP counters:
  stdout {"stats": {"packetsSent", "bytesSent", "packetsReceived", "bytesReceived", "packetsLost",
                    "jitter" (s), "codec", "sendCodec", ...}}
  stdout {"error": TEXT}                       something failed; the driver then exits 1

The driver exits when stdin closes, after --timeout seconds (30), or on SIGTERM/SIGINT, and
always stops what it started (Chromium by pid, its temporary profile removed). Chromium runs in a
process group of its own and gets SIGKILL from the kernel if the driver dies (PR_SET_PDEATHSIG).

Loopback only. Every SDP handed out or taken in keeps only `a=candidate` lines on 127.0.0.1.
aiortc: aioice gathers on 127.0.0.1 only (real-peers.md §4 patch) and has no STUN server (its
default would be stun.l.google.com). Chromium: --allow-loopback-in-peer-connection and
--disable-features=WebRtcHideLocalIpsWithMdns (real-peers.md §3), no ICE servers, and its IPv4
UDP sockets confined to 127.0.0.1 (the candidate filter alone does not stop its eth0 socket from
checking a 127.0.0.1 candidate; see ChromiumPeer.start); DevTools on 127.0.0.1 on a port
Chromium picks (DevToolsActivePort); the page is a file:// URL.
"""
import argparse
import array
import asyncio
import cmath
import collections
import fractions
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

LOOPBACK = "127.0.0.1"
TONE_AMPLITUDE = 0.3        # of full scale


def emit(obj):
    sys.stdout.write(json.dumps(obj, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def log(*parts):
    now = time.time()
    print(time.strftime("%H:%M:%S", time.localtime(now)) + f".{int(now % 1 * 1000):03d}", *parts, file=sys.stderr, flush=True)


def loopback_only(sdp):
    """Drops every a=candidate line whose connection address is not 127.0.0.1."""
    eol = "\r\n" if "\r\n" in sdp else "\n"
    kept = []
    for line in sdp.split(eol):
        if line.startswith("a=candidate:"):
            fields = line.split(" ")
            if len(fields) < 5 or fields[4] != LOOPBACK:
                continue
        kept.append(line)
    return eol.join(kept)


class StatePrinter:
    """Prints {"ice": …} and friends, holding them back until the SDP line went out."""

    def __init__(self):
        self.released = False
        self.held = []

    def __call__(self, obj):
        if self.released:
            emit(obj)
        else:
            self.held.append(obj)

    def release(self):
        self.released = True
        for obj in self.held:
            emit(obj)
        self.held = []


# MARK: audio analysis (no numpy in the venv: a pure-Python FFT, on demand only)

ANALYSIS_RATE = 16000           # what the last second is resampled to before the FFT
SCAN_LOW, SCAN_HIGH = 100.0, 4000.0
SILENCE_DBFS = -80.0            # below this no frequency is reported


def fft(values):
    """In-place iterative radix-2 FFT of a list of complex numbers (length a power of 2)."""
    n = len(values)
    j = 0
    for i in range(1, n):
        bit = n >> 1
        while j & bit:
            j ^= bit
            bit >>= 1
        j |= bit
        if i < j:
            values[i], values[j] = values[j], values[i]
    length = 2
    while length <= n:
        half = length // 2
        twiddles = [cmath.exp(-2j * math.pi * k / length) for k in range(half)]
        for start in range(0, n, length):
            for k in range(half):
                u = values[start + k]
                v = values[start + k + half] * twiddles[k]
                values[start + k] = u + v
                values[start + k + half] = u - v
        length *= 2
    return values


def dominant_frequency(samples, rate):
    """The strongest frequency in SCAN_LOW..SCAN_HIGH Hz of `samples` (floats): Hann window,
    zero-padded FFT (bins <= 1 Hz for 1 s), Gaussian interpolation of the peak (~0.1 Hz on a
    clean tone)."""
    count = len(samples)
    if count < 64:
        return None
    size = 1
    while size < max(count, rate):      # at least `rate` points: bins of <= 1 Hz
        size *= 2
    window = [0.5 - 0.5 * math.cos(2 * math.pi * i / (count - 1)) for i in range(count)]
    values = [complex(samples[i] * window[i]) for i in range(count)] + [0j] * (size - count)
    spectrum = fft(values)
    low = max(1, int(SCAN_LOW * size / rate))
    high = min(size // 2 - 2, int(SCAN_HIGH * size / rate) + 1)
    magnitudes = [abs(spectrum[k]) for k in range(low - 1, high + 2)]
    peak = max(range(1, len(magnitudes) - 1), key=lambda k: magnitudes[k])
    a, b, c = (math.log(max(magnitudes[peak + d], 1e-12)) for d in (-1, 0, 1))
    denominator = a - 2 * b + c
    delta = 0.5 * (a - c) / denominator if denominator != 0 else 0.0
    return (low - 1 + peak + delta) * rate / size


def rms_dbfs(samples):
    """RMS of float samples (full scale 1.0) in dBFS, floored at -120."""
    if not samples:
        return None
    rms = math.sqrt(sum(x * x for x in samples) / len(samples))
    return round(max(20 * math.log10(rms), -120.0) if rms > 0 else -120.0, 2)


class AudioRecorder:
    """What an aiortc peer heard: every decoded frame, converted to mono s16 at its own rate;
    keeps the last ~1.2 s and counts the total duration."""

    KEEP_SECONDS = 1.2

    def __init__(self):
        self.chunks = collections.deque()     # (rate, bytes of mono s16)
        self.kept = 0.0                       # seconds in chunks
        self.seconds = 0.0                    # seconds received in total
        self.resamplers = {}

    def add(self, frame):
        import av
        rate = frame.sample_rate
        if frame.format.name == "s16" and frame.layout.name == "mono":
            converted = [frame]
        else:
            resampler = self.resamplers.get(rate)
            if resampler is None:
                resampler = self.resamplers[rate] = av.AudioResampler(format="s16", layout="mono", rate=rate)
            converted = resampler.resample(frame)
        for out in converted:
            data = bytes(out.planes[0])[:out.samples * 2]
            self.chunks.append((rate, data))
            duration = out.samples / rate
            self.kept += duration
            self.seconds += duration
        while self.chunks and self.kept - len(self.chunks[0][1]) / 2 / self.chunks[0][0] >= self.KEEP_SECONDS:
            rate0, data0 = self.chunks.popleft()
            self.kept -= len(data0) / 2 / rate0

    def last_second(self):
        """The last <= 1 s at the newest chunk's rate, as s16 bytes, and that rate."""
        if not self.chunks:
            return b"", None
        rate = self.chunks[-1][0]
        parts, need = [], rate * 2
        for chunk_rate, data in reversed(self.chunks):
            if chunk_rate != rate or need <= 0:
                break
            parts.append(data[-need:])
            need -= len(parts[-1])
        return b"".join(reversed(parts)), rate

    def analyse(self):
        import av
        data, rate = self.last_second()
        result = {"frequency": None, "rms_dbfs": None, "seconds": round(self.seconds, 3)}
        if not data:
            return result
        pcm = array.array("h")
        pcm.frombytes(data)
        level = rms_dbfs([x / 32768 for x in pcm])
        result["rms_dbfs"] = level
        if level is None or level < SILENCE_DBFS or len(pcm) < rate // 10:
            return result
        if rate > ANALYSIS_RATE:          # fewer points for the FFT; the scan stops at 4 kHz
            frame = av.AudioFrame(format="s16", layout="mono", samples=len(pcm))
            frame.planes[0].update(data)
            frame.sample_rate = rate
            frame.pts = 0
            frame.time_base = fractions.Fraction(1, rate)
            resampler = av.AudioResampler(format="s16", layout="mono", rate=ANALYSIS_RATE)
            pcm = array.array("h")
            for out in resampler.resample(frame) + resampler.resample(None):
                pcm.frombytes(bytes(out.planes[0])[:out.samples * 2])
            rate = ANALYSIS_RATE
        frequency = dominant_frequency([x / 32768 for x in pcm], rate)
        result["frequency"] = None if frequency is None else round(frequency, 1)
        return result


DTMF_DIGITS = "0123456789*#ABCD"


class DtmfCollector:
    """RFC 4733 telephone-event packets as received: one event per (SSRC, RTP timestamp), so
    the repeated packets of an event and its three end packets collapse into one digit."""

    def __init__(self):
        self.events = []
        self.by_key = {}

    def add(self, packet, clock_rate):
        payload = packet.payload
        if len(payload) < 4:
            return
        code, flags, duration = payload[0], payload[1], (payload[2] << 8) | payload[3]
        key = (packet.ssrc, packet.timestamp)
        event = self.by_key.get(key)
        if event is None:
            event = {"digit": DTMF_DIGITS[code] if code < 16 else f"event{code}", "duration": 0,
                     "end": False, "volume": flags & 0x3F, "clockRate": clock_rate}
            self.by_key[key] = event
            self.events.append(event)
        event["duration"] = max(event["duration"], duration)
        event["end"] = event["end"] or bool(flags & 0x80)

    def report(self):
        return {"digits": "".join(e["digit"] for e in self.events if len(e["digit"]) == 1),
                "events": [dict(e) for e in self.events]}


# MARK: aiortc

TELEPHONE_EVENT_PAYLOAD_TYPES = {8000: 126, 48000: 110}    # Chromium's numbers; dynamic anyway


def patch_aiortc():
    """aiortc 1.16 changes, done once: (1) telephone-event/8000 and /48000 in its audio codecs,
    so it offers and accepts them (it has no DTMF sender; they are only received); (2) codec
    preferences matched by clock rate too; (3) a hook in
    RTCRtpReceiver._handle_rtp_packet (a receiver's `_peer_hook`) that sees every RTP packet
    first and keeps telephone-event packets away from the audio jitter buffer and decoder (the
    decoder thread would die on a codec it has no decoder for)."""
    from aiortc import codecs
    from aiortc.rtcrtpparameters import RTCRtpCodecParameters
    from aiortc.rtcrtpreceiver import RTCRtpReceiver

    if getattr(RTCRtpReceiver, "_webrtc_peer_patched", False):
        return
    audio = codecs.CODECS["audio"]
    for rate, payload_type in TELEPHONE_EVENT_PAYLOAD_TYPES.items():
        if not any(c.mimeType.lower() == "audio/telephone-event" and c.clockRate == rate for c in audio):
            audio.append(RTCRtpCodecParameters(mimeType="audio/telephone-event", clockRate=rate, channels=1,
                                               payloadType=payload_type, parameters={"0-15": None}))
    # aiortc's filter_preferred_codecs matches a preference by mimeType and fmtp only, so
    # telephone-event/48000 was taken for the /8000 entry (listed twice); also match clockRate.
    # It runs on every negotiated codec list (offer, answer, remote description).
    from aiortc import rtcpeerconnection
    from aiortc.codecs import is_rtx

    def filter_preferred_codecs(codecs_, preferred):
        # telephone-event (or rtx) alone is no audio codec: then nothing is in common, and
        # setRemoteDescription fails ("Failed to set remote audio description send parameters")
        # instead of aiortc sending audio with telephone-event as its codec.
        if preferred:
            codecs_ = filter_by_preference(codecs_, preferred)
        if all(is_rtx(c) or c.name.lower() == "telephone-event" for c in codecs_):
            return []
        return codecs_

    def filter_by_preference(codecs_, preferred):
        rtx_enabled = any(is_rtx(p) for p in preferred)
        filtered = []
        for pref in (p for p in preferred if not is_rtx(p)):
            for codec in codecs_:
                if (codec.mimeType.lower() == pref.mimeType.lower() and codec.clockRate == pref.clockRate
                        and codec.parameters == pref.parameters):
                    filtered.append(codec)
                    if rtx_enabled:
                        filtered += [r for r in codecs_ if is_rtx(r) and r.parameters.get("apt") == codec.payloadType][:1]
                    break
        return filtered

    rtcpeerconnection.filter_preferred_codecs = filter_preferred_codecs
    original = RTCRtpReceiver._handle_rtp_packet

    async def handle_rtp_packet(self, packet, arrival_time_ms):
        hook = getattr(self, "_peer_hook", None)
        if hook is not None and hook(self, packet):
            return
        await original(self, packet, arrival_time_ms)

    RTCRtpReceiver._handle_rtp_packet = handle_rtp_packet
    RTCRtpReceiver._webrtc_peer_patched = True


def codec_preferences(kind, codec):
    """RTCRtpCodecCapability list for setCodecPreferences: only `codec` (opus, pcmu) plus
    telephone-event; None for "any"."""
    from aiortc import RTCRtpSender

    if codec == "any":
        return None
    capabilities = RTCRtpSender.getCapabilities(kind).codecs
    chosen = [c for c in capabilities if c.name.lower() == codec]
    events = [c for c in capabilities if c.name.lower() == "telephone-event"]
    if not chosen:
        raise RuntimeError(f"aiortc has no {codec} codec")
    return chosen + events


def make_tone_track(hz, amplitude=0.3, rate=48000, ptime=0.020):
    """An aiortc audio MediaStreamTrack: a continuous sine of `hz` at `amplitude` of full scale,
    20 ms s16 mono 48 kHz av.AudioFrames, pts in samples (time_base 1/48000), paced in real
    time like aiortc's AudioStreamTrack."""
    import av
    from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

    class Tone(MediaStreamTrack):
        kind = "audio"

        def __init__(self):
            super().__init__()
            self.samples = int(rate * ptime)
            self.pts = 0
            self.started = None
            self.step = 2 * math.pi * hz / rate
            self.peak = amplitude * 32767

        async def recv(self):
            if self.readyState != "live":
                raise MediaStreamError
            if self.started is None:
                self.started = time.time()
            else:
                wait = self.started + self.pts / rate - time.time()
                if wait > 0:
                    await asyncio.sleep(wait)
            first = self.pts
            pcm = array.array("h", (int(round(self.peak * math.sin(self.step * (first + i)))) for i in range(self.samples)))
            frame = av.AudioFrame(format="s16", layout="mono", samples=self.samples)
            frame.planes[0].update(pcm.tobytes())
            frame.sample_rate = rate
            frame.pts = first
            frame.time_base = fractions.Fraction(1, rate)
            self.pts += self.samples
            return frame

    return Tone()


class DtlsFailureLog:
    """Remembers aiortc's DTLS failure reasons (debug messages of aiortc.rtcdtlstransport such
    as "x DTLS handshake failed (fingerprint mismatch)"), for {"error_detail": …}."""

    def __init__(self):
        import logging

        class Handler(logging.Handler):
            def emit(handler, record):
                try:
                    message = record.getMessage()
                except Exception:  # noqa: BLE001
                    return
                if "x DTLS" in message and "failed" in message:    # "RTCDtlsTransport(client) x DTLS handshake failed (…)"
                    self.last = message.split(" x ", 1)[1]

        self.last = None
        self.logger = logging.getLogger("aiortc.rtcdtlstransport")
        if self.logger.level == logging.NOTSET or self.logger.level > logging.DEBUG:
            self.logger.setLevel(logging.DEBUG)     # it only logs per state change, not per packet
        self.handler = Handler(level=logging.DEBUG)
        self.logger.addHandler(self.handler)


class AiortcPeer:
    def __init__(self, report, args):
        self.report = report
        self.args = args
        self.pc = None
        self.transceiver = None
        self.recorder = AudioRecorder()
        self.dtmf = DtmfCollector()
        self.tasks = []
        self.received_codec = None
        self.received_bytes = 0
        self.failure_reported = False
        self.dtls_log = None

    async def start(self):
        import aioice.ice
        import aiortc

        # aioice leaves 127.0.0.1 out of its host candidates; gather on loopback only.
        aioice.ice.get_host_addresses = lambda use_ipv4=True, use_ipv6=False: [LOOPBACK]
        patch_aiortc()
        self.dtls_log = DtlsFailureLog()
        from aiortc import RTCConfiguration, RTCPeerConnection

        # No ICE servers: aiortc's default is stun.l.google.com:19302.
        self.pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        pc = self.pc

        @pc.on("iceconnectionstatechange")
        def on_ice():
            state = pc.iceConnectionState
            self.report({"ice": state})
            if state in ("connected", "completed"):
                self.report_pair()

        @pc.on("connectionstatechange")
        def on_connection():
            self.report({"connection": pc.connectionState})
            if pc.connectionState == "failed":
                self.report_failure(self.failure_detail())

        @pc.on("track")
        def on_track(track):
            if track.kind == "audio":
                self.tasks.append(asyncio.ensure_future(self.record(track)))

        return {"peer": "aiortc", "aiortc": aiortc.__version__, "aioice": aioice.__version__}

    def failure_detail(self):
        if self.dtls_log is not None and self.dtls_log.last:
            return self.dtls_log.last
        if self.pc is not None and self.pc.iceConnectionState == "failed":
            return "ICE failed"
        return "connectionState failed"

    def report_failure(self, detail):
        if not self.failure_reported:
            self.failure_reported = True
            self.report({"error_detail": detail})

    async def record(self, track):
        from aiortc.mediastreams import MediaStreamError
        try:
            while True:
                self.recorder.add(await track.recv())
        except MediaStreamError:
            pass
        except asyncio.CancelledError:
            raise
        except Exception as e:  # noqa: BLE001
            log("aiortc: recording stopped:", repr(e))

    def on_rtp(self, receiver, packet):
        """RTCRtpReceiver hook: True = packet consumed (telephone-event)."""
        codec = receiver._RTCRtpReceiver__codecs.get(packet.payload_type)
        if codec is None:
            return False
        if codec.name.lower() != "telephone-event":
            self.received_codec = codec.name
            self.received_bytes += len(packet.payload)
            return False
        self.dtmf.add(packet, codec.clockRate)
        self.received_bytes += len(packet.payload)
        try:   # still counted in the receiver's RTCP statistics (or its gaps count as lost)
            from aiortc.rtcrtpreceiver import StreamStatistics
            streams = receiver._RTCRtpReceiver__remote_streams
            if packet.ssrc not in streams:
                streams[packet.ssrc] = StreamStatistics(codec.clockRate)
            streams[packet.ssrc].add(packet)
        except Exception as e:  # noqa: BLE001
            log("aiortc: telephone-event statistics:", repr(e))
        return True

    def add_transceiver(self):
        self.transceiver = self.pc.addTransceiver(make_tone_track(self.args.tone), direction="sendrecv")
        self.transceiver.receiver._peer_hook = self.on_rtp
        preferences = codec_preferences("audio", self.args.codec)
        if preferences:
            self.transceiver.setCodecPreferences(preferences)

    def report_pair(self):
        try:   # private API: the aioice Connection's nominated pair of component 1
            connection = self.pc.getTransceivers()[0].sender.transport.transport._connection
            pair = connection._nominated.get(1)
            if pair is not None:
                self.report({"pair": {"local": f"{pair.local_candidate.host}:{pair.local_candidate.port}",
                                      "remote": f"{pair.remote_candidate.host}:{pair.remote_candidate.port}"}})
        except Exception as e:  # noqa: BLE001 - informational only
            log("aiortc: no pair:", repr(e))

    async def checks(self):
        connection = self.pc.getTransceivers()[0].sender.transport.transport._connection
        return [{"local": f"{p.local_candidate.host}:{p.local_candidate.port}",
                 "remote": f"{p.remote_candidate.host}:{p.remote_candidate.port}",
                 "state": p.state.name.lower(), "nominated": p.nominated}
                for p in connection._check_list]

    async def answer(self, offer):
        from aiortc import RTCSessionDescription

        # The transceiver exists before the offer is applied, so that it takes the offered audio
        # m-line (sendrecv) with its codec preferences already set.
        self.add_transceiver()
        await self.pc.setRemoteDescription(RTCSessionDescription(loopback_only(offer), "offer"))
        await self.pc.setLocalDescription(await self.pc.createAnswer())   # returns after gathering
        return loopback_only(self.pc.localDescription.sdp), "complete"

    async def offer(self):
        self.add_transceiver()
        await self.pc.setLocalDescription(await self.pc.createOffer())    # returns after gathering
        return loopback_only(self.pc.localDescription.sdp), "complete"

    async def accept(self, answer):
        from aiortc import RTCSessionDescription

        await self.pc.setRemoteDescription(RTCSessionDescription(loopback_only(answer), "answer"))

    def after_exchange(self):
        if self.args.dtmf:
            self.report({"dtmf_unsupported": True})   # aiortc has no DTMF sender

    def codec_name(self):
        if self.received_codec:
            return self.received_codec
        codecs = [c for c in (self.transceiver._codecs if self.transceiver else [])
                  if c.name.lower() not in ("telephone-event", "rtx")]
        return codecs[0].name if codecs else None

    async def audio(self):
        return {**self.recorder.analyse(), "codec": self.codec_name()}

    async def dtmf_report(self):
        return {"dtmf": self.dtmf.report()}

    async def stats(self):
        out = {}
        report = await self.pc.getStats()
        for s in report.values():
            kind = getattr(s, "kind", None)
            if s.type == "outbound-rtp" and kind == "audio":
                out["packetsSent"] = s.packetsSent
                out["bytesSent"] = s.bytesSent
            elif s.type == "inbound-rtp" and kind == "audio":
                out["packetsReceived"] = s.packetsReceived
                out["packetsLost"] = s.packetsLost
                rate = next((c.clockRate for c in (self.transceiver._codecs if self.transceiver else [])
                             if c.name == self.codec_name()), None)
                out["jitter"] = round(s.jitter / rate, 6) if rate else s.jitter
            elif s.type == "remote-inbound-rtp" and kind == "audio":
                out["remotePacketsLost"] = s.packetsLost
        out["bytesReceived"] = self.received_bytes
        out["codec"] = self.codec_name()
        sending = [c for c in (self.transceiver._codecs if self.transceiver else [])
                   if c.name.lower() not in ("telephone-event", "rtx")]
        out["sendCodec"] = sending[0].name if sending else None   # aiortc sends its first codec
        return out

    async def close(self):
        for task in self.tasks:
            task.cancel()
        if self.pc is not None:
            try:
                await asyncio.wait_for(self.pc.close(), 5)
            except Exception as e:  # noqa: BLE001
                log("aiortc close:", repr(e))
        if self.dtls_log is not None:
            self.dtls_log.logger.removeHandler(self.dtls_log.handler)


# MARK: Chromium

PAGE = r"""<!doctype html>
<html><head><meta charset="utf-8"><title>webrtc peer</title></head><body><script>
"use strict";
const CONFIG = /*CONFIG*/;
let pc = null;
function report(obj) { window.__report(JSON.stringify(obj)); }
function loopbackOnly(sdp) {
  return sdp.split("\r\n").filter(l => !l.startsWith("a=candidate:") || l.split(" ")[4] === "127.0.0.1").join("\r\n");
}
// Resolves "complete" at iceGatheringState "complete". With the eth0 UDP socket denied (see
// ChromiumPeer.start) an offerer's gathering never completes, so it also resolves "quiet" once a
// 127.0.0.1 UDP host candidate is there and no candidate came for QUIET_MS.
const QUIET_MS = 1000;
function gathered(pc) {
  return new Promise(resolve => {
    let loopback = false, timer = null;
    const check = () => {
      if (pc.iceGatheringState === "complete") { clearTimeout(timer); resolve("complete"); }
    };
    pc.addEventListener("icegatheringstatechange", check);
    pc.addEventListener("icecandidate", e => {
      if (e.candidate && e.candidate.address === "127.0.0.1" && e.candidate.protocol === "udp") loopback = true;
      clearTimeout(timer);
      if (loopback) timer = setTimeout(() => resolve("quiet"), QUIET_MS);
    });
    check();
  });
}
async function reportPair() {
  const stats = await pc.getStats();
  let pairId = null;
  stats.forEach(s => { if (s.type === "transport" && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId; });
  const pair = pairId && stats.get(pairId);
  if (!pair) return;
  const local = stats.get(pair.localCandidateId), remote = stats.get(pair.remoteCandidateId);
  report({pair: {local: local.address + ":" + local.port, remote: remote.address + ":" + remote.port}});
}
async function reportChecks() {   // every pair that sent or answered a check: which addresses talked
  const stats = await pc.getStats();
  const pairs = [];
  stats.forEach(s => {
    if (s.type !== "candidate-pair" || !(s.requestsSent || s.requestsReceived || s.responsesSent)) return;
    const l = stats.get(s.localCandidateId), r = stats.get(s.remoteCandidateId);
    pairs.push({local: l.address + ":" + l.port, remote: r.address + ":" + r.port, protocol: l.protocol,
                state: s.state, nominated: !!s.nominated, requestsSent: s.requestsSent,
                requestsReceived: s.requestsReceived});
  });
  return pairs;
}
// --- audio: what the page sends (a WebAudio sine) and what it hears ---------------------------
let audioContext = null, toneStream = null, player = null;
const heard = {rate: 0, ring: null, write: 0, filled: 0, total: 0, via: null, started: false};
async function startAudio() {
  audioContext = new AudioContext();
  await audioContext.resume();                       // needs --autoplay-policy=no-user-gesture-required
  const oscillator = new OscillatorNode(audioContext, {type: "sine", frequency: CONFIG.tone});
  const gain = new GainNode(audioContext, {gain: CONFIG.amplitude});
  const destination = new MediaStreamAudioDestinationNode(audioContext, {channelCount: 1});
  oscillator.connect(gain).connect(destination);
  oscillator.start();
  toneStream = destination.stream;
}
function keep(samples, rate) {                        // the last second, mono float
  // Before its first packet a remote track renders digital silence: not counted as heard.
  if (!heard.started && !samples.some(x => x !== 0)) return;
  heard.started = true;
  if (heard.rate !== rate) { heard.rate = rate; heard.ring = new Float32Array(rate); heard.write = 0; heard.filled = 0; }
  for (let i = 0; i < samples.length; i++) {
    heard.ring[heard.write] = samples[i];
    heard.write = (heard.write + 1) % heard.ring.length;
  }
  heard.filled = Math.min(heard.ring.length, heard.filled + samples.length);
  heard.total += samples.length / rate;
}
async function recordTrack(track) {
  // A remote WebRTC track carries audio only while an element plays it: Chromium's receive
  // side is pulled by the audio output of a media element. Without one a
  // MediaStreamTrackProcessor gets no frames at all and WebAudio gets digital silence (checked
  // with Chromium 156 headless). So it also plays in an <audio> element, at volume 0 (`muted`
  // worked too). Headless Chromium has no sound card here; it renders to a fake output.
  const stream = new MediaStream([track]);
  player = document.createElement("audio");
  player.srcObject = stream;
  player.volume = 0;
  document.body.appendChild(player);
  player.play().catch(e => report({log: "audio element: " + e}));
  if (typeof MediaStreamTrackProcessor === "function") {
    heard.via = "MediaStreamTrackProcessor";
    const reader = new MediaStreamTrackProcessor({track}).readable.getReader();
    for (;;) {
      const {value, done} = await reader.read();
      if (done) break;
      const samples = new Float32Array(value.numberOfFrames);
      value.copyTo(samples, {planeIndex: 0, format: "f32-planar"});
      keep(samples, value.sampleRate);
      value.close();
    }
  } else {
    heard.via = "ScriptProcessorNode";
    const source = audioContext.createMediaStreamSource(stream);
    const processor = audioContext.createScriptProcessor(4096, 1, 1);
    processor.onaudioprocess = e => keep(e.inputBuffer.getChannelData(0), audioContext.sampleRate);
    source.connect(processor);
    processor.connect(audioContext.destination);       // a ScriptProcessor runs only when connected
  }
}
function fft(re, im) {                                 // in place, radix 2
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j |= bit;
    if (i < j) { [re[i], re[j]] = [re[j], re[i]]; [im[i], im[j]] = [im[j], im[i]]; }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const angle = -2 * Math.PI / len, half = len >> 1;
    for (let start = 0; start < n; start += len) {
      for (let k = 0; k < half; k++) {
        const wr = Math.cos(angle * k), wi = Math.sin(angle * k);
        const a = start + k, b = a + half;
        const vr = re[b] * wr - im[b] * wi, vi = re[b] * wi + im[b] * wr;
        re[b] = re[a] - vr; im[b] = im[a] - vi; re[a] += vr; im[a] += vi;
      }
    }
  }
}
function analyse() {            // the same analysis as the driver's dominant_frequency/rms_dbfs
  const result = {frequency: null, rms_dbfs: null, seconds: Math.round(heard.total * 1000) / 1000};
  const count = heard.filled, rate = heard.rate;
  if (count === 0) return result;
  const samples = new Float32Array(count);
  for (let i = 0; i < count; i++) samples[i] = heard.ring[(heard.write - count + i + heard.ring.length) % heard.ring.length];
  let power = 0;
  for (const x of samples) power += x * x;
  const rms = Math.sqrt(power / count);
  result.rms_dbfs = Math.round(100 * (rms > 0 ? Math.max(20 * Math.log10(rms), -120) : -120)) / 100;
  if (result.rms_dbfs < -80 || count < rate / 10) return result;
  let size = 1;
  while (size < Math.max(count, rate)) size <<= 1;
  const re = new Float64Array(size), im = new Float64Array(size);
  for (let i = 0; i < count; i++) re[i] = samples[i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / (count - 1)));
  fft(re, im);
  const low = Math.max(1, Math.floor(100 * size / rate)), high = Math.min(size / 2 - 2, Math.floor(4000 * size / rate) + 1);
  const magnitude = k => Math.hypot(re[k], im[k]);
  let peak = low;
  for (let k = low; k <= high; k++) if (magnitude(k) > magnitude(peak)) peak = k;
  const [a, b, c] = [-1, 0, 1].map(d => Math.log(Math.max(magnitude(peak + d), 1e-12)));
  const denominator = a - 2 * b + c;
  const delta = denominator !== 0 ? 0.5 * (a - c) / denominator : 0;
  result.frequency = Math.round(10 * (peak + delta) * rate / size) / 10;
  return result;
}
function codecOf(stats, type) {   // "opus", "PCMU", … of the audio inbound-rtp or outbound-rtp
  let codec = null;
  stats.forEach(s => {
    if (s.type === type && s.kind === "audio" && s.codecId && stats.get(s.codecId))
      codec = stats.get(s.codecId).mimeType.split("/")[1];
  });
  return codec;
}
async function receivedCodec(stats) { return codecOf(stats, "inbound-rtp"); }
async function reportAudio() {
  const result = analyse();
  result.codec = await receivedCodec(await pc.getStats());
  result.via = heard.via;
  return result;
}
async function reportStats() {
  const stats = await pc.getStats();
  const out = {};
  stats.forEach(s => {
    if (s.type === "outbound-rtp" && s.kind === "audio") { out.packetsSent = s.packetsSent; out.bytesSent = s.bytesSent; }
    if (s.type === "inbound-rtp" && s.kind === "audio") {
      out.packetsReceived = s.packetsReceived; out.bytesReceived = s.bytesReceived;
      out.packetsLost = s.packetsLost; out.jitter = s.jitter;
    }
    if (s.type === "remote-inbound-rtp" && s.kind === "audio") out.remotePacketsLost = s.packetsLost;
  });
  out.codec = codecOf(stats, "inbound-rtp");
  out.sendCodec = codecOf(stats, "outbound-rtp");
  return out;
}
function preferCodecs() {       // --codec: only that codec (+ telephone-event) on every audio transceiver
  if (CONFIG.codec === "any") return;
  const capabilities = RTCRtpReceiver.getCapabilities("audio").codecs;
  const chosen = capabilities.filter(c => c.mimeType.toLowerCase() === "audio/" + CONFIG.codec);
  const events = capabilities.filter(c => c.mimeType.toLowerCase() === "audio/telephone-event");
  if (!chosen.length) throw new Error("no " + CONFIG.codec + " codec in " + JSON.stringify(capabilities.map(c => c.mimeType)));
  pc.getTransceivers().forEach(t => { if (t.receiver.track.kind === "audio") t.setCodecPreferences([...chosen, ...events]); });
}
// Chromium 156 as answerer: setCodecPreferences shapes the answer (and so what it receives), but
// its sender still picks the offer's first codec (the offerer's opus although the answer lists
// only PCMU). So the sender is also pinned to the chosen codec with RTCRtpEncodingParameters.codec.
async function pinSendCodec() {
  if (CONFIG.codec === "any") return;
  for (const sender of pc.getSenders()) {
    if (!sender.track || sender.track.kind !== "audio") continue;
    const parameters = sender.getParameters();
    const codec = (parameters.codecs || []).find(c => c.mimeType.toLowerCase() === "audio/" + CONFIG.codec);
    if (!codec || !parameters.encodings || !parameters.encodings.length) continue;
    parameters.encodings.forEach(e => { e.codec = {mimeType: codec.mimeType, clockRate: codec.clockRate, channels: codec.channels}; });
    try {
      await sender.setParameters(parameters);
    } catch (e) {
      // Already sending the only negotiated codec (e.g. opus when the offer had opus first).
      console.log("pinSendCodec: " + e);
    }
  }
}
let dtmfStarted = false;
function sendDtmf() {           // --dtmf: RFC 4733 through the sender's RTCDTMFSender, once connected
  if (!CONFIG.dtmf || dtmfStarted) return;
  dtmfStarted = true;
  setTimeout(() => {
    const sender = pc.getSenders().find(s => s.track && s.track.kind === "audio");
    const dtmf = sender && sender.dtmf;
    if (!dtmf || !dtmf.canInsertDTMF) { report({dtmf_unsupported: true}); return; }
    dtmf.addEventListener("tonechange", e => { if (e.tone === "") report({dtmf_sent: {digits: CONFIG.dtmf}}); });
    dtmf.insertDTMF(CONFIG.dtmf, CONFIG.dtmfDuration, CONFIG.dtmfGap);
  }, CONFIG.dtmfDelay);
}
let failureReported = false;
function reportFailure(detail) {
  if (failureReported) return;
  failureReported = true;
  report({error_detail: detail});
}
function watchDtls() {          // RTCDtlsTransport "error" (dtls-failure, fingerprint-failure)
  pc.getSenders().forEach(s => {
    const transport = s.transport;
    if (!transport || transport.__watched) return;
    transport.__watched = true;
    transport.addEventListener("error", e => {
      const error = e.error || {};
      reportFailure(("DTLS " + (error.errorDetail || "") + " " + (error.message || "")).trim());
    });
    transport.addEventListener("statechange", () => { if (transport.state === "failed") setTimeout(() => reportFailure("DTLS failed"), 100); });
  });
}
async function makePeerConnection() {
  pc = new RTCPeerConnection({iceServers: []});
  pc.addEventListener("iceconnectionstatechange", () => {
    const state = pc.iceConnectionState;
    report({ice: state});
    if (state === "connected" || state === "completed") reportPair().catch(e => report({log: String(e)}));
  });
  pc.addEventListener("connectionstatechange", () => {
    report({connection: pc.connectionState});
    if (pc.connectionState === "connected") sendDtmf();
    if (pc.connectionState === "failed") setTimeout(() => reportFailure(pc.iceConnectionState === "failed" ? "ICE failed" : "connectionState failed"), 200);
  });
  pc.addEventListener("track", e => { if (e.track.kind === "audio") recordTrack(e.track).catch(err => report({log: "recorder: " + err})); });
  await startAudio();
  toneStream.getTracks().forEach(t => pc.addTrack(t, toneStream));   // the sine: sendrecv
}
async function runAnswer(offer) {
  await makePeerConnection();
  await pc.setRemoteDescription({type: "offer", sdp: loopbackOnly(offer)});
  preferCodecs();
  const done = gathered(pc);       // listening before gathering starts
  await pc.setLocalDescription(await pc.createAnswer());
  await pinSendCodec();
  const gathering = await done;
  watchDtls();
  return {sdp: loopbackOnly(pc.localDescription.sdp), gathering};
}
async function runOffer() {
  await makePeerConnection();
  preferCodecs();
  const done = gathered(pc);
  await pc.setLocalDescription(await pc.createOffer());
  const gathering = await done;
  watchDtls();
  return {sdp: loopbackOnly(pc.localDescription.sdp), gathering};
}
async function applyAnswer(answer) {
  await pc.setRemoteDescription({type: "answer", sdp: loopbackOnly(answer)});
  return pc.signalingState;
}
window.__pageReady = true;
</script></body></html>
"""

CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
    "--disable-dev-shm-usage", "--disable-extensions", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--metrics-recording-only",
    "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
    "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
    "--allow-loopback-in-peer-connection",               # without it Chromium never gathers 127.0.0.1
    "--disable-features=WebRtcHideLocalIpsWithMdns",     # raw IPs instead of .local names
    "--allow-file-access-from-files", "--disable-crash-reporter",
    "--autoplay-policy=no-user-gesture-required",        # AudioContext and <audio> start without a click
]


class DevTools:
    """A minimal Chrome DevTools protocol client over one page's WebSocket."""

    def __init__(self, ws, on_event):
        self.ws = ws
        self.on_event = on_event
        self.next_id = 0
        self.pending = {}
        self.reader = asyncio.ensure_future(self._read())

    async def _read(self):
        try:
            async for raw in self.ws:
                message = json.loads(raw)
                if "id" in message:
                    future = self.pending.pop(message["id"], None)
                    if future is not None and not future.done():
                        future.set_result(message)
                else:
                    self.on_event(message.get("method"), message.get("params", {}))
        except Exception as e:  # noqa: BLE001
            log("devtools reader ended:", repr(e))
        finally:
            for future in self.pending.values():
                if not future.done():
                    future.set_exception(RuntimeError("DevTools connection closed"))
            self.pending = {}

    async def call(self, method, timeout=20, **params):
        self.next_id += 1
        future = asyncio.get_running_loop().create_future()
        self.pending[self.next_id] = future
        await self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        message = await asyncio.wait_for(future, timeout)
        if "error" in message:
            raise RuntimeError(f"{method}: {message['error']}")
        return message.get("result", {})

    async def evaluate(self, expression, timeout=20):
        result = await self.call("Runtime.evaluate", timeout=timeout, expression=expression,
                                 awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise RuntimeError(f"page: {text}")
        return result.get("result", {}).get("value")

    async def close(self):
        self.reader.cancel()
        try:
            await self.ws.close()
        except Exception:  # noqa: BLE001
            pass


def become_subreaper():
    """prctl(PR_SET_CHILD_SUBREAPER): Chromium's helpers, orphaned when it exits, become this
    driver's children, so close() can reap them instead of leaving zombies for PID 1."""
    import ctypes
    ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)


def reap_children(timeout):
    """Waits (up to `timeout` s) until this driver has no child processes left."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return True
        if pid == 0:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.02)


def die_with_parent():
    """In the child before exec: SIGKILL when the parent dies (prctl PR_SET_PDEATHSIG)."""
    import ctypes
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)


def ephemeral_port_start():
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def non_loopback_ipv4_addresses():
    """This host's IPv4 addresses outside 127/8 (e.g. eth0's 192.0.2.2)."""
    import ifaddr   # an aioice dependency, so in the venv
    found = []
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            if isinstance(ip.ip, str) and not ip.ip.startswith("127.") and ip.ip not in found:
                found.append(ip.ip)
    return found


def reserve_loopback_only_udp_port():
    """A UDP port P free on 127.0.0.1, with P held (bound, never used) on every other IPv4
    address of the host: with WebRTC limited to P..P, Chromium can open its UDP socket on
    127.0.0.1 only. Returns (P, the holding sockets)."""
    import random
    import socket
    others = non_loopback_ipv4_addresses()
    high = max(ephemeral_port_start() - 1, 12000)
    for _ in range(200):
        port = random.randrange(10000, high)  # below the ephemeral range: no port-0 bind gets it
        held = []
        try:
            for address in others + [LOOPBACK]:
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                held.append(s)
                s.bind((address, port))
        except OSError:
            for s in held:
                s.close()
            continue
        held.pop().close()                           # 127.0.0.1:P is for Chromium
        return port, held
    raise RuntimeError("no UDP port free on every IPv4 address")


class ChromiumPeer:
    def __init__(self, report, args):
        self.report = report
        self.args = args
        self.binary = args.chromium
        self.work_dir = args.work_dir
        self.proc = None
        self.folder = None
        self.devtools = None
        self.holders = []

    def http_json(self, url):
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))   # never a proxy
        with opener.open(url, timeout=2) as response:
            return json.load(response)

    async def start(self):
        import websockets

        self.folder = tempfile.mkdtemp(prefix="webrtc-peer-chromium-", dir=self.work_dir)
        profile = os.path.join(self.folder, "profile")
        os.makedirs(os.path.join(profile, "Default"))
        # Chromium opens one UDP socket per network (lo, eth0, ...) and pairs each with every
        # remote candidate of the same family, so without this its eth0 socket (192.0.2.2)
        # would send checks to our 127.0.0.1 candidate and get answers and triggered checks
        # back at 192.0.2.2, and could even be nominated. The candidate filter cannot stop that
        # (it only edits what is signalled). So: WebRTC's UDP port range (the WebRtcUdpPortRange
        # policy's pref, in the fresh profile) is one port P, and P is held on every IPv4
        # address but 127.0.0.1: the only IPv4 UDP socket Chromium can open is 127.0.0.1:P.
        self.udp_port, self.holders = reserve_loopback_only_udp_port()
        with open(os.path.join(profile, "Default", "Preferences"), "w") as f:
            json.dump({"webrtc": {"udp_port_range": f"{self.udp_port}-{self.udp_port}"}}, f)
        page = os.path.join(self.folder, "peer.html")
        config = {"tone": self.args.tone, "amplitude": TONE_AMPLITUDE, "codec": self.args.codec,
                  "dtmf": self.args.dtmf or "", "dtmfDuration": 100, "dtmfGap": 70, "dtmfDelay": 500}
        with open(page, "w") as f:
            f.write(PAGE.replace("/*CONFIG*/", json.dumps(config)))
        become_subreaper()
        stderr = open(os.path.join(self.folder, "chromium.log"), "w")
        # A session (and process group) of its own, so that its helpers can be stopped with it;
        # killed by the kernel if this driver dies first (its helpers then follow it).
        self.proc = subprocess.Popen([self.binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr,
                                     start_new_session=True, preexec_fn=die_with_parent)
        stderr.close()
        log("chromium pid", self.proc.pid)
        # Chromium picks the DevTools port itself and writes it to DevToolsActivePort.
        active = os.path.join(profile, "DevToolsActivePort")
        port = None
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                with open(active) as f:
                    first = f.readline().strip()
                if first.isdigit():
                    port = int(first)
                    break
            except OSError:
                pass
            await asyncio.sleep(0.05)
        if port is None:
            raise RuntimeError("chromium DevTools did not come up: " + self.log_tail())
        version = self.http_json(f"http://127.0.0.1:{port}/json/version")
        page_target = None
        while time.monotonic() < deadline and page_target is None:
            page_target = next((t for t in self.http_json(f"http://127.0.0.1:{port}/json/list")
                                if t.get("type") == "page"), None)
            if page_target is None:
                await asyncio.sleep(0.05)
        if page_target is None:
            raise RuntimeError("chromium has no page target")
        ws = await websockets.connect(page_target["webSocketDebuggerUrl"], max_size=None, proxy=None)
        self.devtools = DevTools(ws, self.on_event)
        await self.devtools.call("Runtime.enable")
        await self.devtools.call("Runtime.addBinding", name="__report")
        await self.devtools.call("Page.navigate", url="file://" + page)
        while time.monotonic() < deadline:
            ready = await self.devtools.evaluate("window.__pageReady === true && typeof window.__report === 'function'")
            if ready:
                break
            await asyncio.sleep(0.05)
        else:
            raise RuntimeError("the page did not load")
        return {"peer": "chromium", "browser": version.get("Browser"), "devtoolsPort": port,
                "udpPort": self.udp_port}

    def on_event(self, method, params):
        if method == "Runtime.bindingCalled" and params.get("name") == "__report":
            try:
                self.report(json.loads(params.get("payload", "{}")))
            except ValueError:
                log("bad report:", params.get("payload"))
        elif method == "Runtime.exceptionThrown":
            log("page exception:", json.dumps(params.get("exceptionDetails", {}))[:500])
        elif method == "Runtime.consoleAPICalled":
            log("page console:", " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))

    async def answer(self, offer):
        result = await self.devtools.evaluate(f"runAnswer({json.dumps(offer)})")
        return result["sdp"], result["gathering"]

    async def offer(self):
        result = await self.devtools.evaluate("runOffer()")
        return result["sdp"], result["gathering"]

    async def accept(self, answer):
        state = await self.devtools.evaluate(f"applyAnswer({json.dumps(answer)})")
        log("chromium signalingState after the answer:", state)

    async def checks(self):
        return await self.devtools.evaluate("reportChecks()")

    def after_exchange(self):
        pass                                         # the page sends --dtmf once connected

    async def audio(self):
        result = await self.devtools.evaluate("reportAudio()")
        log("chromium: audio recorded with", result.pop("via", None))
        return result

    async def dtmf_report(self):
        return {"dtmf_unsupported": True}            # Chromium exposes no received RFC 4733 events

    async def stats(self):
        return await self.devtools.evaluate("reportStats()")

    def log_tail(self):
        try:
            with open(os.path.join(self.folder, "chromium.log")) as f:
                return "".join(f.readlines()[-20:])
        except OSError:
            return "(no chromium log)"

    async def close(self):
        if self.devtools is not None:
            try:
                await asyncio.wait_for(self.devtools.evaluate("pc && pc.close(), true", timeout=3), 4)
            except Exception:  # noqa: BLE001
                pass
            await self.devtools.close()
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.terminate()                # by pid
                try:
                    self.proc.wait(5)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(5)
            # Helpers (zygote, renderer, crashpad) left over in its process group (id = its pid).
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            if not reap_children(3):                 # the group's helpers, reparented to us
                log("chromium: helpers still running after 3 s")
        for s in self.holders:
            s.close()
        self.holders = []
        if self.folder is not None:
            for _ in range(20):                      # a helper may still be writing into the profile
                shutil.rmtree(self.folder, ignore_errors=True)
                if not os.path.exists(self.folder):
                    break
                await asyncio.sleep(0.05)


# MARK: main

async def read_json(reader):
    while True:
        line = await reader.readline()
        if not line:
            return None                              # stdin closed
        line = line.strip()
        if line:
            return json.loads(line)


def describe(error):
    return f"{type(error).__name__}: {error}"


async def session(args, reader, report):
    peer = AiortcPeer(report, args) if args.peer == "aiortc" else ChromiumPeer(report, args)
    try:
        emit({"ready": await peer.start()})
        message = await read_json(reader)
        if message is None:
            return 0
        started = time.monotonic()
        if message.get("role") == "answer":
            try:
                answer, gathering = await peer.answer(message["offer"])
            except Exception as e:  # noqa: BLE001 - e.g. an offer it cannot take: no answer, exit 1
                report.release()
                emit({"connection": "failed"})
                emit({"error_detail": describe(e)})
                raise
            emit({"answer": answer, "gathering": gathering})
        elif message.get("role") == "offer":
            offer, gathering = await peer.offer()
            emit({"offer": offer, "gathering": gathering})
            report.release()
            reply = await read_json(reader)
            if reply is None:
                return 0
            try:
                await peer.accept(reply["answer"])
            except Exception as e:  # noqa: BLE001 - a rejected answer: report it, keep running
                report({"connection": "failed"})
                report({"error_detail": describe(e)})
        else:
            emit({"error": f"unknown message {message!r}"})
            return 1
        report.release()
        peer.after_exchange()
        log(f"{args.peer}: SDP exchange done after {time.monotonic() - started:.3f} s")
        while True:                                  # until stdin closes
            message = await read_json(reader)
            if message is None:
                return 0
            what = message.get("report")
            if what == "checks":
                emit({"checks": await peer.checks()})
            elif what == "audio":
                emit({"audio": await peer.audio()})
            elif what == "dtmf":
                emit(await peer.dtmf_report())
            elif what == "stats":
                emit({"stats": await peer.stats()})
            else:
                log("ignored:", json.dumps(message))
    finally:
        await peer.close()


def dtmf_digits(text):
    """--dtmf: RTCDTMFSender.insertDTMF's alphabet (0-9, A-D, *, #, and ',' for a 2 s pause)."""
    if not text or any(c not in "0123456789ABCDabcd*#," for c in text):
        raise argparse.ArgumentTypeError(f"not DTMF digits: {text!r}")
    return text.upper()


async def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--peer", choices=["aiortc", "chromium"], required=True)
    parser.add_argument("--timeout", type=float, default=30, help="exit after this many seconds (30)")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--tone", type=float, default=880,
                        help="the outgoing audio: a continuous sine of this many Hz at 0.3 of full scale (880)")
    parser.add_argument("--codec", choices=["opus", "pcmu", "any"], default="any",
                        help="offer/accept only this audio codec (plus telephone-event) (any)")
    parser.add_argument("--dtmf", metavar="DIGITS", type=dtmf_digits,
                        help="send these digits as RFC 4733 events once connected (Chromium only; "
                             "aiortc reports dtmf_unsupported)")
    parser.add_argument("--verbose", action="store_true", help="aiortc/aioice debug log on stderr")
    parser.add_argument("--work-dir", help="where Chromium's temporary folder goes (default: $TMPDIR); "
                                           "the caller may remove it after a kill -9")
    args = parser.parse_args()

    if args.verbose or os.environ.get("WEBRTC_PEER_VERBOSE"):
        import logging
        logging.basicConfig(level=logging.DEBUG, stream=sys.stderr,
                            format="%(asctime)s.%(msecs)03d %(name)s %(message)s", datefmt="%H:%M:%S")
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=1 << 20)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    task = asyncio.ensure_future(session(args, reader, StatePrinter()))
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, task.cancel)    # clean up (Chromium, temp folder), then exit
    try:
        return await asyncio.wait_for(task, args.timeout)
    except asyncio.TimeoutError:
        log(f"timeout after {args.timeout} s")
        return 2
    except asyncio.CancelledError:
        return 3
    except Exception as e:  # noqa: BLE001
        emit({"error": f"{type(e).__name__}: {e}"})
        return 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
