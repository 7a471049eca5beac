import Testing
@testable import AudioCodecs

/// G.711 against the ITU-T formulas, every code of both laws (ITU-T G.711 §2, Tables 1 and 2).
@Suite struct G711Tests {
    /// µ-law reconstruction from the standard's segment form: code bits inverted, magnitude
    /// (2m + 33)·2^e − 33 in 14-bit units, ×4 for 16-bit; sign bit 0 = negative.
    static func muLawReference(_ byte: UInt8) -> Int16 {
        let code = Int(~byte)
        let magnitude = ((2 * (code & 0x0F) + 33) * (1 << ((code >> 4) & 7)) - 33) * 4
        return Int16(code & 0x80 != 0 ? -magnitude : magnitude)
    }

    /// A-law reconstruction: even bits inverted, magnitude 2m + 1 (segment 0) or
    /// (2m + 33)·2^(e−1) in 13-bit units, ×8 for 16-bit; sign bit 1 = positive.
    static func aLawReference(_ byte: UInt8) -> Int16 {
        let code = Int(byte ^ 0x55)
        let exponent = (code >> 4) & 7
        let mantissa = code & 0x0F
        let magnitude = (exponent == 0 ? 2 * mantissa + 1 : (2 * mantissa + 33) * (1 << (exponent - 1))) * 8
        return Int16(code & 0x80 != 0 ? magnitude : -magnitude)
    }

    @Test("all 256 decode values match the ITU-T formulas", arguments: G711Law.allCases)
    func decodeTable(law: G711Law) {
        for byte in UInt8.min...UInt8.max {
            let expected = law == .muLaw ? Self.muLawReference(byte) : Self.aLawReference(byte)
            #expect(G711.decode(byte, law: law) == expected, "code 0x\(String(byte, radix: 16))")
        }
    }

    @Test("known code pairs (G.711 Tables 2a, 1a)")
    func knownPairs() {
        #expect(G711.decode(0x00, law: .muLaw) == -32124)
        #expect(G711.decode(0x80, law: .muLaw) == 32124)
        #expect(G711.decode(0xFF, law: .muLaw) == 0)
        #expect(G711.decode(0x7F, law: .muLaw) == 0)
        #expect(G711.decode(0xD5, law: .aLaw) == 8)
        #expect(G711.decode(0x55, law: .aLaw) == -8)
        #expect(G711.decode(0xAA, law: .aLaw) == 32256)
        #expect(G711.decode(0x2A, law: .aLaw) == -32256)
        #expect(G711.encode(0, law: .muLaw) == 0xFF)
        #expect(G711.encode(0, law: .aLaw) == 0xD5)
        #expect(G711.encode(.max, law: .muLaw) == 0x80)
        #expect(G711.encode(.min, law: .muLaw) == 0x00)
        #expect(G711.encode(.max, law: .aLaw) == 0xAA)
        #expect(G711.encode(.min, law: .aLaw) == 0x2A)
        #expect(G711Law.muLaw.payloadType == 0)
        #expect(G711Law.aLaw.payloadType == 8)
    }

    @Test("encode(decode(x)) == x for every code but µ-law's negative zero 0x7F", arguments: G711Law.allCases)
    func roundTrip(law: G711Law) {
        for byte in UInt8.min...UInt8.max {
            let again = G711.encode(G711.decode(byte, law: law), law: law)
            if law == .muLaw && byte == 0x7F {
                #expect(again == 0xFF)  // −0 and +0 both decode to 0, which encodes as +0
            } else {
                #expect(again == byte, "code 0x\(String(byte, radix: 16))")
            }
        }
    }

    @Test("quantisation of every 16-bit sample is monotonic and within half a step", arguments: G711Law.allCases)
    func quantisation(law: G711Law) {
        var previous = Int.min
        for sample in Int16.min...Int16.max {
            let value = Int(G711.decode(G711.encode(sample, law: law), law: law))
            #expect(value >= previous)
            previous = value
            let magnitude = abs(Int(sample))
            if magnitude <= 32000 {
                // Step in segment e is 2^(e+3) (µ-law) or 2^(e+3) above A-law segment 1: ≤ |x|/16 + 16.
                let bound = magnitude / 16 + 16
                if abs(value - Int(sample)) > bound {
                    Issue.record("sample \(sample) → \(value)")
                    return
                }
            }
        }
    }

    @Test("frames: 160 samples ↔ 160 bytes; short buffers are typed errors", arguments: G711Law.allCases)
    func frames(law: G711Law) throws {
        let encoder = G711Encoder(law: law)
        #expect(encoder.samplesPerFrame == 160 && encoder.rtpClockRate == 8000 && encoder.sampleRate == 8000)
        let signal = TestSignals.sine(frequency: 440, rate: 8000, count: 160)
        let payload = try encoder.encode(signal)
        #expect(payload == signal.map { G711.encode($0, law: law) })
        let decoder = G711Decoder(law: law)
        let pcm = try decoder.decode(payload)
        #expect(pcm == payload.map { G711.decode($0, law: law) })
        #expect(throws: AudioCodecError.bufferTooSmall) { _ = try encoder.encode(Array(signal.prefix(159))) }
        #expect(throws: AudioCodecError.bufferTooSmall) { _ = try encoder.encode(signal, maximumPayloadSize: 100) }
        #expect(throws: AudioCodecError.bufferTooSmall) { _ = try decoder.decode(payload, maximumSamples: 100) }
        #expect(G711Encoder(law: law, samplesPerFrame: 80).samplesPerFrame == 80)
    }
}
