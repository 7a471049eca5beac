// stun-bench: the STUN module next to libre's STUN codec (the library baresip is built on),
// measured side by side in one run, on an ICE connectivity check (Binding request with
// USERNAME, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE, MESSAGE-INTEGRITY, FINGERPRINT).
//
// Output, one line per benchmark (the format `make bench` relies on):
//   name: ours X ns/msg, peer Y ns/msg (libre), ratio Z        (ratio = ours / peer)
// Lines starting with "#" are commentary. Before measuring, each side decodes and verifies
// the other's bytes (so both encode the same, valid message).
//
// Options: --rounds N (default 9), --warmup N (default 2), --round-ms N (default 40).
import BenchSupport
import CLibreBench
import STUN

let options = BenchOptions(CommandLine.arguments, name: "stun-bench")
func fail(_ message: String) -> Never { BenchSupport.fail("stun-bench", message) }
func measure(_ body: (Int) -> Void) -> Double { options.measure(body) }
func formatRatio(_ value: Double) -> String { format(value, decimals: 2) }

let username = "bbbb:aaaa"
let password = "bbbbbbbbbbbbbbbbbbbbbb"
let key = STUNIntegrityKey.shortTerm(password: password)
let keyBytes = Array(password.utf8)
let tieBreaker: UInt64 = 0x0102_0304_0506_0708

func ourCheck(_ id: STUNTransactionID) -> STUNMessage {
    STUNMessage(.request, method: .binding, transactionID: id, attributes: [
        .username(username), .priority(1_862_270_975), .iceControlling(tieBreaker), .useCandidate,
    ])
}

// Cross-check: libre's bytes verify with ours, and ours with libre.
var libreBytes = [UInt8](repeating: 0, count: 512)
var libreLength = 0
let written = username.withCString { name in
    keyBytes.withUnsafeBufferPointer { keyPointer in
        libreBytes.withUnsafeMutableBufferPointer { out in
            libre_stun_encode_checks(1, name, keyPointer.baseAddress, keyPointer.count, out.baseAddress, out.count, &libreLength)
        }
    }
}
guard written > 0 else { fail("libre could not encode a check") }
let libreMessage = Array(libreBytes.prefix(libreLength))
do {
    let decoded = try STUNMessage(decoding: libreMessage)
    try decoded.verifyIntegrity(key: key)
    try decoded.verifyFingerprint()
    guard decoded.username == username, decoded.useCandidate, decoded.iceControlling == tieBreaker else {
        fail("libre's check decodes to different values: \(decoded)")
    }
} catch {
    fail("libre's check does not verify with ours: \(error)")
}
var ourBytes: [UInt8] = []
do {
    try ourCheck(.random()).encode(into: &ourBytes, integrityKey: key, fingerprint: true)
} catch {
    fail("cannot encode ours: \(error)")
}
let libreVerified = ourBytes.withUnsafeBufferPointer { bytes in
    keyBytes.withUnsafeBufferPointer { keyPointer in
        libre_stun_decode_verify(1, bytes.baseAddress, bytes.count, keyPointer.baseAddress, keyPointer.count)
    }
}
guard libreVerified == 1 else { fail("our check does not verify with libre") }
print("# stun-bench: ICE check of \(ourBytes.count) bytes (libre: \(libreMessage.count)); \(options.warmup) warm-up + \(options.rounds) rounds of ~\(options.roundMs) ms, median")

#if DEBUG
print("# WARNING: debug build; numbers are meaningless. Use: swift run -c release --package-path Benchmarks stun-bench")
#endif

// Encode: build the message and encode it with integrity and fingerprint into a reused buffer.
var buffer: [UInt8] = []
buffer.reserveCapacity(256)
let idHigh = UInt32(0x0102_0304)
let oursEncode = measure { count in
    for i in 0..<count {
        let message = ourCheck(STUNTransactionID(high: idHigh, low: UInt64(i)))
        try? message.encode(into: &buffer, integrityKey: key, fingerprint: true)
    }
    blackHole(buffer)
}
let peerEncode = measure { count in
    let total = username.withCString { name in
        keyBytes.withUnsafeBufferPointer { keyPointer in
            libre_stun_encode_checks(Int32(count), name, keyPointer.baseAddress, keyPointer.count, nil, 0, nil)
        }
    }
    blackHole(total)
}
print("stun-encode-check: ours \(format(oursEncode)) ns/msg, peer \(format(peerEncode)) ns/msg (libre), ratio \(formatRatio(oursEncode / peerEncode))")

// Decode + MESSAGE-INTEGRITY + FINGERPRINT check of the same received message.
let received = libreMessage
let oursDecode = measure { count in
    var passed = 0
    for _ in 0..<count {
        guard let message = try? STUNMessage(decoding: received) else { continue }
        if (try? message.verifyIntegrity(key: key)) != nil, (try? message.verifyFingerprint()) != nil { passed += 1 }
    }
    blackHole(passed)
}
let peerDecode = measure { count in
    let passed = received.withUnsafeBufferPointer { bytes in
        keyBytes.withUnsafeBufferPointer { keyPointer in
            libre_stun_decode_verify(Int32(count), bytes.baseAddress, bytes.count, keyPointer.baseAddress, keyPointer.count)
        }
    }
    blackHole(passed)
}
print("stun-decode-verify: ours \(format(oursDecode)) ns/msg, peer \(format(peerDecode)) ns/msg (libre), ratio \(formatRatio(oursDecode / peerDecode))")
