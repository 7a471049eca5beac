// Shared checks for the libFuzzer targets. Built with the same sanitizer flags as the targets.
import Glibc
import SIPCore

/// SIP_FUZZ_EXTRA=1 turns on checks that are stricter than the API contract (see Docs/FUZZING.md).
public let extraChecks: Bool = {
    guard let value = getenv("SIP_FUZZ_EXTRA") else { return false }
    return String(cString: value) == "1"
}()

/// The input bytes of one libFuzzer call.
public func fuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

/// Printable form of (the start of) an input: CR as \r, other control and non-ASCII bytes as \xNN.
public func describe(_ bytes: [UInt8]) -> String {
    let hex: [Character] = Array("0123456789abcdef")
    var text = ""
    for byte in bytes.prefix(2048) {
        switch byte {
        case 0x0D: text += "\\r"
        case 0x0A, 0x20...0x7E: text.append(Character(Unicode.Scalar(byte)))
        default: text += "\\x" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 15)])
        }
    }
    return bytes.count > 2048 ? text + "... (\(bytes.count) bytes)" : text
}

/// Runs the validator and reads every lazily parsed, typed view of the message, so that those
/// parsers run under the fuzzer too.
@inline(never)
public func exercise(_ message: SIPMessage) {
    let verdict = SIPValidator().validate(message)
    let vias = message.via
    var sink = vias.count &+ (verdict.isAccepted ? 1 : 0)
    sink &+= message.callID?.utf8.count ?? 0
    sink &+= message.cseq == nil ? 0 : 1
    sink &+= message.from == nil ? 0 : 1
    sink &+= message.to == nil ? 0 : 1
    sink &+= message.contentLength ?? 0
    withExtendedLifetime((vias, verdict, message.from, message.to, message.cseq)) {}
    if sink == Int.min { print("unreachable") }
}

/// The round-trip oracle: serializing `message` and parsing the result with `options` must give
/// a message equal to `message`. Traps (fatalError) otherwise, which libFuzzer reports as a crash.
/// With SIP_FUZZ_EXTRA=1 it also demands that serialization is a fixpoint.
public func assertRoundTrip(_ message: SIPMessage, options: SIPParserOptions, context: String) {
    let wire = message.serialized()
    let again: SIPMessage
    do {
        again = try SIPMessage(parsing: wire, options: options)
    } catch {
        fatalError("""
            \(context): re-parsing the serialized message throws \(error)
            serialized: \(describe(wire))
            """)
    }
    if again != message {
        fatalError("""
            \(context): parse(serialize(m)) != m
            serialized: \(describe(wire))
            """)
    }
    if extraChecks {
        let wire2 = again.serialized()
        if wire2 != wire {
            fatalError("""
                \(context): serialization is not a fixpoint
                first:  \(describe(wire))
                second: \(describe(wire2))
                """)
        }
    }
}
