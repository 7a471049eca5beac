// sdp-bench: the SDP module next to Sofia-SIP's SDP parser, on the audio offer headless
// Chromium sends (Fixtures/SDP/chromium-offer.sdp), measured side by side in one run.
//
// Output (one line per benchmark; ratio = ours / peer):
//   sdp-parse: ours X ns/offer, peer Y ns/offer (sofia-sip), ratio Z
//   sdp-parse+negotiate: ours X ns/offer, peer Y ns/offer (sofia-sip parse only), ratio Z
// The second line adds our RFC 3264 answer (codec choice, ICE/DTLS parameters, the answer
// SDP built and serialized) to the parse; Sofia has no offer/answer engine, so its figure is
// the parse alone and the ratio shows what negotiation costs on top.
// Options: --rounds N (default 9), --warmup N (default 2), --round-ms N (default 40).
import BenchSupport
import CSofiaBench
import Glibc
import SDP

let options = BenchOptions(CommandLine.arguments, name: "sdp-bench")
func fail(_ message: String) -> Never { BenchSupport.fail("sdp-bench", message) }
func measure(_ body: (Int) -> Void) -> Double { options.measure(body) }

func readFile(_ path: String) -> [UInt8]? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        if n == 0 { break }
        bytes.append(contentsOf: chunk[0..<n])
    }
    return bytes
}

let root = String(#filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(4).joined(separator: "/"))
let path = root + "/Fixtures/SDP/chromium-offer.sdp"
guard let offerBytes = readFile(path) else { fail("cannot read \(path)") }

var local = SDPLocalMedia()
local.ice = SDPICEParameters(usernameFragment: "abcd", password: "0123456789abcdefghijkl")
local.fingerprints = [SDPFingerprint(hashFunction: "sha-256", bytes: Array(repeating: 0xAB, count: 32))]
local.ssrc = 0x1234_5678
local.cname = "benchcname"

// Sanity: both parse it, ours negotiates it.
guard (try? SDPSession(parsing: offerBytes)) != nil else { fail("ours cannot parse \(path)") }
let sofiaCheck = offerBytes.withUnsafeBufferPointer { bytes in
    bytes.withMemoryRebound(to: CChar.self) { sofia_sdp_parse_ns($0.baseAddress, $0.count, 1) }
}
guard sofiaCheck >= 0 else { fail("sofia cannot parse \(path)") }
do {
    _ = try SDPOfferAnswer.makeAnswer(to: try SDPSession(parsing: offerBytes), local: local)
} catch {
    fail("ours cannot answer the offer: \(error)")
}

#if DEBUG
print("# WARNING: debug build; numbers are meaningless. Use: swift run -c release --package-path Benchmarks sdp-bench")
#endif
print("# sdp-bench: Chromium's audio offer (\(offerBytes.count) bytes); \(options.warmup) warm-up + \(options.rounds) rounds of ~\(options.roundMs) ms, median")

let oursParse = measure { count in
    for _ in 0..<count { blackHole(try? SDPSession(parsing: offerBytes)) }
}
let peerParse = measure { count in
    let ns = offerBytes.withUnsafeBufferPointer { bytes in
        bytes.withMemoryRebound(to: CChar.self) { sofia_sdp_parse_ns($0.baseAddress, $0.count, Int32(count)) }
    }
    blackHole(ns)
}
let oursNegotiate = measure { count in
    for _ in 0..<count {
        guard let offer = try? SDPSession(parsing: offerBytes),
              let (answer, negotiated) = try? SDPOfferAnswer.makeAnswer(to: offer, local: local) else { continue }
        blackHole(answer.serialized())
        blackHole(negotiated)
    }
}
print("sdp-parse: ours \(format(oursParse)) ns/offer, peer \(format(peerParse)) ns/offer (sofia-sip), ratio \(format(oursParse / peerParse, decimals: 2))")
print("sdp-parse+negotiate: ours \(format(oursNegotiate)) ns/offer, peer \(format(peerParse)) ns/offer (sofia-sip parse only), ratio \(format(oursNegotiate / peerParse, decimals: 2))")
