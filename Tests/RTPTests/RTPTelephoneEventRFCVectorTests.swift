import Testing
@testable import RTP

/// RFC 4733 telephone events: the §2.3 payload and the §2.5.1 packet sequence of one digit.
@Suite struct RTPTelephoneEventRFCVectorTests {
    @Test("RFC 4733 §2.3: event 9, E set, volume 10, duration 1600 ↔ 09 8a 06 40")
    func payload() throws {
        let bytes = RTPTestBytes.hex("09 8a 06 40")
        let event = try RTPTelephoneEvent(parsing: bytes)
        #expect(event == RTPTelephoneEvent(event: 9, isEnd: true, volume: 10, duration: 1600))
        #expect(try event.encoded() == bytes)
        #expect(try event.wireValue() == 0x098a_0640)
        var buffer = [UInt8](repeating: 0, count: 4)
        #expect(try buffer.withUnsafeMutableBytes { buffer throws(RTPWriteError) in try event.write(into: buffer) } == 4)
        #expect(buffer == bytes)
    }

    @Test("RFC 4733 §2.3.3: the R bit is ignored on receipt and sent as 0")
    func reservedBit() throws {
        let event = try RTPTelephoneEvent(parsing: RTPTestBytes.hex("0b ca 00 a0"))
        #expect(event == RTPTelephoneEvent(event: 11, isEnd: true, volume: 10, duration: 160))
        #expect(try event.encoded() == RTPTestBytes.hex("0b 8a 00 a0"))
    }

    @Test("the telephone-event packet in the corpus: marker, PT 101, digit 9 for 400 units")
    func packet() throws {
        let packet = try RTPPacketView(parsing: RTPTestBytes.telephoneEvent)
        #expect(packet.marker)
        #expect(packet.payloadType == 101)
        let event = try RTPTelephoneEvent(parsing: packet.payload)
        #expect(event == RTPTelephoneEvent(event: 9, isEnd: false, volume: 10, duration: 400))
        #expect(event.dtmfCharacter == "9")
    }

    @Test("RFC 4733 §2.3, §3.2: payloads are 4 bytes; volume is 6 bits; DTMF codes 0–15")
    func limits() {
        for count in [0, 3, 5, 8] {
            #expect(throws: RTPParseError(.invalidTelephoneEventLength(count), offset: 0)) {
                try RTPTelephoneEvent(parsing: [UInt8](repeating: 0, count: count))
            }
        }
        #expect(throws: RTPWriteError.valueOutOfRange(.volume, 64)) {
            try RTPTelephoneEvent(event: 1, volume: 64, duration: 0).encoded()
        }
        #expect(throws: RTPWriteError.bufferTooSmall(needed: 4, available: 3)) {
            var small = [UInt8](repeating: 0, count: 3)
            _ = try small.withUnsafeMutableBytes { buffer in
                try RTPTelephoneEvent(event: 1, duration: 0).write(into: buffer)
            }
        }
        #expect("0123456789*#ABCD".map { RTPTelephoneEvent(dtmf: $0)?.event } == (0...15).map { UInt8($0) })
        #expect(RTPTelephoneEvent(dtmf: "d")?.event == 15)
        #expect(RTPTelephoneEvent(dtmf: "E") == nil)
        #expect(RTPTelephoneEvent(event: 16, duration: 0).dtmfCharacter == nil)
        #expect(RTPTelephoneEvent(event: 10, duration: 0).dtmfCharacter == "*")
    }

    /// (marker, E bit, duration, timestamp offset) of each packet.
    func summary(_ sequence: RTPTelephoneEventSequence) -> [(Bool, Bool, UInt16, UInt32)] {
        sequence.packets.map { ($0.marker, $0.payload.isEnd, $0.payload.duration, $0.timestampOffset) }
    }

    @Test("RFC 4733 §5-style digit: '9' for 200 ms, 50 ms packets, 8 kHz: 400, 800, 1200, then 1600 with E three times")
    func digitNine() throws {
        let sequence = try RTPTelephoneEventSequence(event: 9, duration: .milliseconds(200),
                                                     packetInterval: .milliseconds(50), clockRate: 8000)
        let packets = summary(sequence)
        #expect(packets.map(\.0) == [true, false, false, false, false, false])
        #expect(packets.map(\.1) == [false, false, false, true, true, true])
        #expect(packets.map(\.2) == [400, 800, 1200, 1600, 1600, 1600])
        #expect(packets.allSatisfy { $0.3 == 0 })
        #expect(sequence.packets.allSatisfy { $0.payload.event == 9 && $0.payload.volume == 10 })
    }

    @Test("RFC 4733 §2.5.1: Opus-clocked events (48 kHz, 20 ms) and a duration that is not a multiple")
    func otherClocks() throws {
        let opus = try RTPTelephoneEventSequence(event: 1, volume: 7, duration: .milliseconds(100),
                                                 packetInterval: .milliseconds(20), clockRate: 48000)
        #expect(summary(opus).map(\.2) == [960, 1920, 2880, 3840, 4800, 4800, 4800])
        #expect(opus.packets.allSatisfy { $0.payload.volume == 7 })
        let uneven = try RTPTelephoneEventSequence(event: 2, duration: .milliseconds(110),
                                                   packetInterval: .milliseconds(20), clockRate: 8000, endRepetitions: 1)
        #expect(summary(uneven).map(\.2) == [160, 320, 480, 640, 800, 880])
        #expect(summary(uneven).map(\.1) == [false, false, false, false, false, true])
        let short = try RTPTelephoneEventSequence(event: 3, duration: .milliseconds(10),
                                                  packetInterval: .milliseconds(20), clockRate: 8000)
        #expect(summary(short).map(\.2) == [80, 80, 80])
        #expect(summary(short).map(\.0) == [true, false, false])
    }

    @Test("RFC 4733 §2.5.1.3: an event longer than 0xFFFF units is cut into segments")
    func segments() throws {
        let sequence = try RTPTelephoneEventSequence(event: 5, duration: .seconds(2),
                                                     packetInterval: .milliseconds(20), clockRate: 48000)
        let packets = summary(sequence)
        #expect(packets.count == 99 + 1 + 3)
        #expect(packets.filter(\.0).count == 1)
        #expect(packets.filter { $0.3 == 0 }.count == 69)
        #expect(packets[67].2 == 65280)
        #expect(packets[68] == (false, false, 0xFFFF, 0))
        #expect(packets[69] == (false, false, 705, 65535))
        #expect(packets.suffix(3).allSatisfy { $0 == (false, true, 30465, 65535) })
    }

    @Test("timing inputs that are not positive, or absurd, are typed errors")
    func timingErrors() {
        let interval = Duration.milliseconds(20)
        #expect(throws: RTPWriteError.self) {
            try RTPTelephoneEventSequence(event: 1, duration: .zero, packetInterval: interval, clockRate: 8000)
        }
        #expect(throws: RTPWriteError.self) {
            try RTPTelephoneEventSequence(event: 1, duration: .seconds(1), packetInterval: .zero, clockRate: 8000)
        }
        #expect(throws: RTPWriteError.self) {
            try RTPTelephoneEventSequence(event: 1, duration: .seconds(1), packetInterval: interval, clockRate: 0)
        }
        #expect(throws: RTPWriteError.self) {
            try RTPTelephoneEventSequence(event: 1, duration: .seconds(-1), packetInterval: interval, clockRate: 8000)
        }
        #expect(throws: RTPWriteError.self) {
            try RTPTelephoneEventSequence(event: 1, duration: .seconds(3600), packetInterval: .microseconds(10),
                                          clockRate: 8000)
        }
        #expect(throws: RTPWriteError.valueOutOfRange(.volume, 64)) {
            try RTPTelephoneEventSequence(event: 1, volume: 64, duration: .seconds(1), packetInterval: interval,
                                          clockRate: 8000)
        }
        #expect(throws: RTPWriteError.valueOutOfRange(.telephoneEventTiming, 0)) {
            try RTPTelephoneEventSequence(event: 1, duration: .seconds(1), packetInterval: interval, clockRate: 8000,
                                          endRepetitions: 0)
        }
    }
}
