// media-bench: the media path next to the C libraries it wraps, measured side by side in one
// run, then whole calls on one core and their heap.
//
//   srtp-gcm, srtp-aescm      SRTPSession protect+unprotect vs libsrtp2 srtp_protect/srtp_unprotect
//   opus-encode+decode[-c5]   OpusEncoder+OpusDecoder vs opus_encode/opus_decode, same settings
//   calls-per-core-opus|pcmu  loopback DTLS-SRTP calls (two MediaEngines each) one thread carries
//                             at 20 ms with < 1 % of packets late (in memory, no sockets);
//                             -opus-c5/-opus-c0 at lower Opus complexity, -pcmu-rtp without SRTP
//   memory-per-call-opus|pcmu heap per MediaEngine (one call end), codec state excluded
//
// Output, one line per benchmark (the format `make bench` relies on):
//   name: ours X unit, peer Y unit (peer name), ratio Z        (ratio = ours / peer)
// For calls and memory the "peer" is the goal from the issue (not measured). Lines starting
// with "#" are commentary.
//
// Options: --rounds N (9), --warmup N (2), --round-ms N (40) for srtp/opus; --filter TEXT (only
// benchmarks whose name contains TEXT); --trial-ms N (2500: measured time per calls trial);
// --search-s N (50: time budget of the PCMU calls-per-core search, set-up included),
// --opus-search-s N (25: the same for each of the three Opus searches); --memory-calls N (100).
import AudioPipeline
import BenchSupport
import DTLS
import Glibc
import SDP

var benchArguments = [CommandLine.arguments[0]]
var filter: String?
var trialMs = 2500, searchSeconds = 50.0, opusSearchSeconds = 25.0, memoryCalls = 100
do {
    var iterator = CommandLine.arguments.dropFirst().makeIterator()
    while let argument = iterator.next() {
        switch argument {
        case "--filter": filter = iterator.next()
        case "--trial-ms": trialMs = Int(iterator.next() ?? "") ?? trialMs
        case "--search-s": searchSeconds = Double(iterator.next() ?? "") ?? searchSeconds
        case "--opus-search-s": opusSearchSeconds = Double(iterator.next() ?? "") ?? opusSearchSeconds
        case "--memory-calls": memoryCalls = Int(iterator.next() ?? "") ?? memoryCalls
        default:
            benchArguments.append(argument)
            if argument.hasPrefix("--"), let value = iterator.next() { benchArguments.append(value) }
        }
    }
}
let options = BenchOptions(benchArguments, name: "media-bench")
@MainActor func selected(_ name: String) -> Bool { filter.map { name.contains($0) } ?? true }

print("# media-bench: one thread; srtp/opus: \(options.warmup) warm-up + \(options.rounds) rounds of ~\(options.roundMs) ms, ours and the C library alternating, median")
#if DEBUG
print("# WARNING: debug build; numbers are meaningless. Use: swift run -c release --package-path Benchmarks media-bench")
#endif
let started = monotonicNs()

if selected("srtp-gcm") { srtpBench(name: "srtp-gcm", profile: .aeadAES128GCM, options: options) }
if selected("srtp-aescm") { srtpBench(name: "srtp-aescm", profile: .aes128CMHMACSHA1_80, options: options) }
if selected("opus-encode+decode") {
    opusBench(name: "opus-encode+decode", complexity: 10, bitrate: 32_000, options: options)
}
if selected("opus-encode+decode-c5") {
    opusBench(name: "opus-encode+decode-c5", complexity: 5, bitrate: 32_000, options: options)
}

let certificates: (DTLSCertificate, DTLSCertificate)
do {
    certificates = (try DTLSCertificate.generate(), try DTLSCertificate.generate())
} catch {
    fail("media-bench", "DTLSCertificate.generate: \(error)")
}

if selected("memory-per-call-pcmu") {
    memoryPerCall(name: "memory-per-call-pcmu", codec: .pcmu, count: memoryCalls,
                  aCertificate: certificates.0, bCertificate: certificates.1)
}
if selected("memory-per-call-opus") {
    memoryPerCall(name: "memory-per-call-opus", codec: .opus, count: memoryCalls,
                  aCertificate: certificates.0, bCertificate: certificates.1)
}
if ["calls-per-core-opus", "calls-per-core-opus-c5", "calls-per-core-opus-c0", "calls-per-core-pcmu", "calls-per-core-pcmu-rtp"].contains(where: selected) {
    print("# calls-per-core: a call = two MediaEngines (DTLS client and server, shared certificates, real handshake, SRTP AEAD-AES-128-GCM), each a ToneSource into a NullAudioSink at the codec rate; datagrams cross in memory (no sockets); one thread, fixed 20 ms ticks, \(trialMs) ms measured per N after 10 warm-up ticks")
    // What the test signal costs (sin per sample): part of every call's CPU below.
    for rate in [48_000, 8_000] {
        let tone = ToneSource(frequency: 440, sampleRate: rate)
        var frame = [Int16](repeating: 0, count: rate / 50)
        let start = monotonicNs()
        for _ in 0..<2_000 { _ = frame.withUnsafeMutableBufferPointer { tone.read(into: $0) } }
        print("# calls-per-core: ToneSource.read at \(rate / 1000) kHz: \(format(Double(monotonicNs() - start) / 2_000 / 1000, decimals: 1)) us per 20 ms frame (each call reads two)")
    }
    if selected("calls-per-core-opus") {
        print("# calls-per-core-opus: Opus \(CallSettings.opusBitrate / 1000) kbit/s, FEC on, complexity 10 (MediaStreamParameters.opusComplexity's default)")
        callsPerCore(name: "calls-per-core-opus",
                     pool: CallPool(codec: .opus, aCertificate: certificates.0, bCertificate: certificates.1),
                     goal: 250, trialMs: trialMs, budgetSeconds: opusSearchSeconds)
    }
    if selected("calls-per-core-opus-c5") {
        print("# calls-per-core-opus-c5: the same calls with complexity 5 on both encoders (MediaStreamParameters.opusComplexity)")
        callsPerCore(name: "calls-per-core-opus-c5",
                     pool: CallPool(codec: .opus, aCertificate: certificates.0, bCertificate: certificates.1, opusComplexity: 5),
                     goal: 250, trialMs: trialMs, budgetSeconds: opusSearchSeconds)
    }
    if selected("calls-per-core-opus-c0") {
        print("# calls-per-core-opus-c0: the same calls with complexity 0 (libopus' cheapest) forced on both encoders")
        callsPerCore(name: "calls-per-core-opus-c0",
                     pool: CallPool(codec: .opus, aCertificate: certificates.0, bCertificate: certificates.1, opusComplexity: 0),
                     goal: 250, trialMs: trialMs, budgetSeconds: opusSearchSeconds)
    }
    if selected("calls-per-core-pcmu") && filter != "calls-per-core-pcmu-rtp" {
        callsPerCore(name: "calls-per-core-pcmu",
                     pool: CallPool(codec: .pcmu, aCertificate: certificates.0, bCertificate: certificates.1),
                     goal: 2_500, trialMs: trialMs, budgetSeconds: searchSeconds)
    }
    if selected("calls-per-core-pcmu-rtp") {
        print("# calls-per-core-pcmu-rtp: the same PCMU calls in plain RTP/AVP (no DTLS, no SRTP): what the engine costs without libsrtp")
        callsPerCore(name: "calls-per-core-pcmu-rtp",
                     pool: CallPool(codec: .pcmu, aCertificate: certificates.0, bCertificate: certificates.1, plainRTP: true),
                     goal: 2_500, trialMs: trialMs, budgetSeconds: opusSearchSeconds)
    }
}
print("# media-bench: \(format(Double(monotonicNs() - started) / 1e9, decimals: 0)) s")
