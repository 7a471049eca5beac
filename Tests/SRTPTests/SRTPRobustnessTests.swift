import StackCore
import Testing
@testable import SRTP

/// Bad lengths, small buffers and garbage never crash and always throw a typed error.
@Suite struct SRTPRobustnessTests {
    typealias Support = SRTPTestSupport

    @Test("no room for the trailer → bufferTooSmall, buffer untouched", arguments: SRTPProfile.allCases)
    func bufferTooSmall(profile: SRTPProfile) throws {
        let (sender, _) = try Support.pair(profile)
        let packet = Support.rtp(sequence: 1)
        var buffer = packet + Array(repeating: 0, count: profile.rtpTagLength - 1)
        #expect(throws: SRTPError.bufferTooSmall(needed: packet.count + profile.rtpTagLength, capacity: buffer.count)) {
            _ = try buffer.withUnsafeMutableBytes { try sender.protectRTP($0, length: packet.count) }
        }
        #expect(Array(buffer.prefix(packet.count)) == packet)
        var report = Support.rtcp()
        let count = report.count
        #expect(throws: SRTPError.bufferTooSmall(needed: count + profile.rtcpTrailerLength, capacity: count)) {
            _ = try report.withUnsafeMutableBytes { try sender.protectRTCP($0, length: count) }
        }
        // A length beyond the buffer, or negative, is refused too.
        #expect(throws: SRTPError.bufferTooSmall(needed: 500, capacity: buffer.count)) {
            _ = try buffer.withUnsafeMutableBytes { try sender.protectRTP($0, length: 500) }
        }
        #expect(throws: SRTPError.bufferTooSmall(needed: 0, capacity: buffer.count)) {
            _ = try buffer.withUnsafeMutableBytes { try sender.protectRTP($0, length: -1) }
        }
        #expect(sender.statistics.otherFailures == 4)
        #expect(sender.statistics.protectedRTP == 0)
    }

    @Test("shorter than header + tag → tooShort (RFC 3550 §5.1, RFC 3711 §3.1)", arguments: SRTPProfile.allCases)
    func tooShort(profile: SRTPProfile) throws {
        let (sender, receiver) = try Support.pair(profile)
        #expect(throws: SRTPError.tooShort) { try sender.protectRTP(Array(repeating: 0x80, count: 11)) }
        #expect(throws: SRTPError.tooShort) { try sender.protectRTCP([0x81, 0xC9, 0, 1]) }
        #expect(throws: SRTPError.tooShort) { try receiver.unprotectRTP(Support.rtp(sequence: 1, payload: [])) }
        #expect(throws: SRTPError.tooShort) {
            try receiver.unprotectRTCP(Support.rtcp().prefix(8) + Array(repeating: 0, count: profile.rtcpTrailerLength - 1))
        }
        // 15 CSRCs claimed, none present; an extension whose length runs past the end.
        #expect(throws: SRTPError.tooShort) { try receiver.unprotectRTP([0x8F] + Array(repeating: 0, count: 40)) }
        var extended = Support.rtp(sequence: 1, payload: [0xBE, 0xDE, 0x00, 0x40] + Array(repeating: 0, count: 30))
        extended[0] |= 0x10
        #expect(throws: SRTPError.tooShort) { try receiver.unprotectRTP(extended) }
        #expect(throws: SRTPError.tooShort) { try sender.protectRTP(extended) }
        #expect(receiver.statistics.otherFailures == 4)
    }

    @Test("an empty buffer is refused without touching libsrtp")
    func emptyBuffer() throws {
        let (sender, receiver) = try Support.pair(.aes128CMHMACSHA1_80)
        let empty = UnsafeMutableRawBufferPointer(start: nil, count: 0)
        #expect(throws: SRTPError.bufferTooSmall(needed: 0, capacity: 0)) { try sender.protectRTP(empty, length: 0) }
        #expect(throws: SRTPError.bufferTooSmall(needed: 0, capacity: 0)) { try receiver.unprotectRTCP(empty, length: 0) }
    }

    @Test("garbage into unprotect never crashes and is always a typed failure", arguments: SRTPProfile.allCases)
    func garbage(profile: SRTPProfile) throws {
        let (sender, receiver) = try Support.pair(profile)
        var generator = SplitMix64(state: profile == .aeadAES128GCM ? 7 : 11)
        var failures = 0
        for round in 0..<3000 {
            let length = Int(generator.next() % 300)
            var bytes = generator.bytes(length)
            if round % 3 == 0, !bytes.isEmpty { bytes[0] = 0x80 | (bytes[0] & 0x3F) }  // looks like RTP v2
            do {
                _ = try receiver.unprotectRTP(bytes)
            } catch {
                failures += 1
            }
            do {
                _ = try receiver.unprotectRTCP(bytes)
            } catch {
                failures += 1
            }
        }
        #expect(failures == 6000)
        let statistics = receiver.statistics
        #expect(statistics.unprotectedRTP == 0 && statistics.unprotectedRTCP == 0)
        #expect(statistics.authenticationFailures + statistics.replayDrops + statistics.otherFailures == 6000)
        // Truncations of a genuine packet: every prefix fails cleanly, the whole packet then passes.
        let genuine = try sender.protectRTP(Support.rtp(sequence: 42))
        for cut in 0..<genuine.count {
            #expect(throws: SRTPError.self) { try receiver.unprotectRTP(Array(genuine.prefix(cut))) }
        }
        #expect(try receiver.unprotectRTP(genuine) == Support.rtp(sequence: 42))
    }
}
