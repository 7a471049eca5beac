import StackCore
import Testing
@testable import SIPCore

/// Bad input never crashes, traps or loses the round trip: minimized fuzz crashers are replayed,
/// and the RFC corpora are mutated deterministically (truncations, byte flips, splices).
@Suite("Robustness")
struct SIPRobustnessTests {
    /// The invariant the fuzzers check: a strict parse that succeeds round-trips, the validator
    /// and the typed accessors never trap, lenient parsing never traps.
    static func exercise(_ bytes: [UInt8]) {
        if let message = try? SIPMessage(parsing: bytes) {
            let again = try? SIPMessage(parsing: message.serialized())
            #expect(again == message)
            _ = SIPValidator().validate(message)
            _ = (message.via, message.from, message.to, message.cseq, message.callID, message.contacts, message.requestURI)
        }
        _ = try? SIPMessage(parsing: bytes, options: .lenient)
        _ = SIPValidator().validate(bytes: bytes, options: .lenient)
    }

    @Test("minimized fuzz crashers replay without a crash")
    func crashers() throws {
        let files = (try? FixtureLoader.files("SIP/fuzz-crashers").filter { $0.hasSuffix(".bin") }) ?? []
        for file in files {
            let bytes = try FixtureLoader.bytes("SIP/fuzz-crashers/\(file)")
            if file.hasPrefix("fuzz-sip-framer"), let first = bytes.first {
                let stream = Array(bytes.dropFirst())
                let split = Int(first) * stream.count / 255
                var framer = SIPStreamFramer()
                framer.append(stream[..<split])
                _ = try? framer.nextMessage()
                framer.append(stream[split...])
                while let m = try? framer.nextMessage() { _ = m.serialized() }
            } else {
                Self.exercise(bytes)
            }
        }
    }

    @Test("mutated RFC 4475 messages: truncation at every offset")
    func truncations() throws {
        for file in try FixtureLoader.files("SIP/rfc4475") {
            let bytes = try FixtureLoader.bytes("SIP/rfc4475/\(file)")
            for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 97)) {
                Self.exercise(Array(bytes[..<cut]))
            }
        }
    }

    @Test("mutated RFC 4475 messages: deterministic byte flips and splices")
    func flips() throws {
        var rng = SplitMix64(seed: 0x5EED_4475)
        let files = try FixtureLoader.files("SIP/rfc4475")
        let corpus = try files.map { try FixtureLoader.bytes("SIP/rfc4475/\($0)") }
        let interesting: [UInt8] = [0, 9, 10, 13, 32, 34, 37, 44, 58, 59, 60, 62, 64, 92, 127, 255]
        for round in 0..<3000 {
            var bytes = corpus[round % corpus.count]
            for _ in 0..<(1 + Int(rng.next() % 4)) where !bytes.isEmpty {
                let at = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 3 {
                case 0: bytes[at] = interesting[Int(rng.next() % UInt64(interesting.count))]
                case 1: bytes.remove(at: at)
                default:
                    let other = corpus[Int(rng.next() % UInt64(corpus.count))]
                    let from = Int(rng.next() % UInt64(other.count))
                    bytes.insert(contentsOf: other[from..<min(other.count, from + 16)], at: at)
                }
            }
            Self.exercise(bytes)
        }
    }

    @Test("a framer fed garbage reports errors and never traps")
    func framerGarbage() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<500 {
            var framer = SIPStreamFramer(limits: SIPParserLimits(maxMessageSize: 4096, maxHeaderSectionSize: 2048))
            let length = Int(rng.next() % 3000)
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            framer.append(bytes)
            while let frame = try? framer.nextFrame() { _ = frame }
        }
    }
}

