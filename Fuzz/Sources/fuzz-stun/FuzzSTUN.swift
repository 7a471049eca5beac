// libFuzzer target for the STUN codec (RFC 8489), one message per input (as one UDP datagram).
//
// Oracle (a crash = a finding):
//   * decoding never traps, from an array, from a slice that does not start at index 0 and from
//     a raw pointer, and all three agree;
//   * whenever decoding succeeds: isProbablySTUN is true (for first bytes 0-3, RFC 7983); encode succeeds; decode(encode(m)) == m;
//     encode(decode(encode(m))) == encode(m);
//   * reading every accessor, verifying integrity (with short-term, long-term MD5 and SHA-256
//     keys) and the fingerprint on arbitrary input never traps;
//   * re-encoding the message with MESSAGE-INTEGRITY(-SHA256) and FINGERPRINT added (when it has
//     none of those already) gives bytes that decode and verify with the same key.
//
// This file must not be called main.swift: libFuzzer provides main().
import FuzzSupport
import STUN

private let shortTermKey = STUNIntegrityKey.shortTerm(password: "VOkJxbRl1RmTxUk/WvJxBt")
private let longTermKey = STUNIntegrityKey.longTerm(
    username: "\u{30DE}\u{30C8}\u{30EA}\u{30C3}\u{30AF}\u{30B9}", realm: "example.org", password: "TheMatrIX")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSTUN(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    let probablySTUN = STUNMessage.isProbablySTUN(bytes)
    _ = try? STUNMessageHeader(decoding: bytes)

    let fromArray = Result { () throws(STUNDecodingError) in try STUNMessage(decoding: bytes) }
    let shifted = [0x5A] + bytes
    let fromSlice = Result { () throws(STUNDecodingError) in try STUNMessage(decoding: shifted[1...]) }
    let fromPointer = bytes.withUnsafeBytes { buffer in
        Result { () throws(STUNDecodingError) in try STUNMessage(decoding: buffer) }
    }
    if !sameOutcome(fromArray, fromSlice) || !sameOutcome(fromArray, fromPointer) {
        fatalError("array, slice and pointer decoding disagree on \(describe(bytes))")
    }
    guard case .success(let message) = fromArray else { return 0 }
    // RFC 7983 gives STUN the first bytes 0-3 only (methods up to 0x0FF); RFC 8489 decodes all.
    if !probablySTUN && bytes[0] <= 3 {
        fatalError("decoded but isProbablySTUN is false: \(describe(bytes))")
    }
    exercise(message)

    let wire: [UInt8]
    do {
        wire = try message.encoded()
    } catch {
        fatalError("a decoded message does not encode (\(error)): \(describe(bytes))")
    }
    let again: STUNMessage
    do {
        again = try STUNMessage(decoding: wire)
    } catch {
        fatalError("re-decoding the encoded message throws \(error)\nencoded: \(describe(wire))")
    }
    if again != message {
        fatalError("decode(encode(m)) != m\ninput: \(describe(bytes))\nencoded: \(describe(wire))")
    }
    if (try? again.encoded()) != wire {
        fatalError("encoding is not a fixpoint: \(describe(wire))")
    }
    checkSignedRoundTrip(message)
    return 0
}

/// Whether two decoding outcomes are the same message or the same error.
private func sameOutcome(_ lhs: Result<STUNMessage, STUNDecodingError>,
                         _ rhs: Result<STUNMessage, STUNDecodingError>) -> Bool {
    switch (lhs, rhs) {
    case (.success(let a), .success(let b)): return a == b
    case (.failure(let a), .failure(let b)): return a == b
    default: return false
    }
}

/// Reads every accessor and runs every verification; none may trap.
@inline(never)
private func exercise(_ message: STUNMessage) {
    var sink = message.significantAttributes.count
    sink &+= message.unknownComprehensionRequiredAttributes.count
    sink &+= message.unknownAttributesResponse() == nil ? 0 : 1
    sink &+= message.description.utf8.count
    sink &+= message.username?.utf8.count ?? 0
    sink &+= message.xorMappedAddress?.description.utf8.count ?? 0
    sink &+= message.mappedAddress?.description.utf8.count ?? 0
    sink &+= message.alternateServer?.description.utf8.count ?? 0
    sink &+= message.errorCode?.description.utf8.count ?? 0
    sink &+= message.unknownAttributes?.count ?? 0
    sink &+= (message.realm?.utf8.count ?? 0) &+ (message.nonce?.utf8.count ?? 0)
    sink &+= message.software?.utf8.count ?? 0
    sink &+= Int(truncatingIfNeeded: message.priority ?? 0) &+ (message.useCandidate ? 1 : 0)
    sink &+= Int(truncatingIfNeeded: (message.iceControlled ?? 0) &+ (message.iceControlling ?? 0))
    sink &+= Int(truncatingIfNeeded: message.fingerprint ?? 0)
    for key in [shortTermKey, longTermKey] {
        sink &+= (try? message.verifyIntegrity(key: key)) == nil ? 0 : 1
    }
    sink &+= (try? message.verifyFingerprint()) == nil ? 0 : 1
    if let response = message.unknownAttributesResponse(), (try? response.encoded()) == nil {
        fatalError("the 420 response to a decoded request does not encode")
    }
    if sink == Int.min { print("unreachable") }
}

/// Adds integrity and fingerprint to a decoded message's attributes and checks they verify.
private func checkSignedRoundTrip(_ message: STUNMessage) {
    let protected: Set<STUNAttributeType> = [.messageIntegrity, .messageIntegritySHA256, .fingerprint]
    guard !message.attributes.contains(where: { protected.contains($0.type) }) else { return }
    for algorithm in STUNIntegrityAlgorithm.allCases {
        let signed: [UInt8]
        do {
            signed = try message.encoded(integrityKey: shortTermKey, integrity: [algorithm], fingerprint: true)
        } catch {
            fatalError("signing a decoded message fails: \(error)")
        }
        do {
            let decoded = try STUNMessage(decoding: signed)
            guard try decoded.verifyIntegrity(key: shortTermKey) == algorithm else {
                fatalError("verified with the wrong algorithm: \(describe(signed))")
            }
            try decoded.verifyFingerprint()
        } catch {
            fatalError("a message signed here does not verify (\(error)): \(describe(signed))")
        }
    }
}
