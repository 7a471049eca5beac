import Testing
@testable import SRTP

/// Round trips, failures and their counters, and the replay window (RFC 3711 §3.3, §3.4).
@Suite struct SRTPSessionTests {
    typealias Support = SRTPTestSupport

    @Test("RTP round trip keeps the header and adds exactly the tag (RFC 3711 §3.1)",
          arguments: SRTPProfile.allCases)
    func rtpRoundTrip(profile: SRTPProfile) throws {
        let (sender, receiver) = try Support.pair(profile)
        for sequence in UInt16(1000)..<1010 {
            let packet = Support.rtp(sequence: sequence)
            let protected = try sender.protectRTP(packet)
            #expect(protected.count == packet.count + profile.rtpTagLength)
            #expect(Array(protected.prefix(12)) == Array(packet.prefix(12)))
            #expect(Array(protected[12..<packet.count]) != Array(packet[12...]))
            #expect(try receiver.unprotectRTP(protected) == packet)
        }
        #expect(sender.statistics.protectedRTP == 10)
        #expect(receiver.statistics.unprotectedRTP == 10)
    }

    @Test("RTCP round trip adds E flag, index and tag (RFC 3711 §3.4)", arguments: SRTPProfile.allCases)
    func rtcpRoundTrip(profile: SRTPProfile) throws {
        let (sender, receiver) = try Support.pair(profile)
        for index in 1...3 {
            let packet = Support.rtcp()
            let protected = try sender.protectRTCP(packet)
            #expect(protected.count == packet.count + profile.rtcpTrailerLength)
            #expect(Array(protected.prefix(8)) == Array(packet.prefix(8)))
            let trailer = profile.rtcpTrailerLength - 4
            let indexOffset = profile == .aeadAES128GCM ? protected.count - 4 : protected.count - trailer - 4
            #expect(Array(protected[indexOffset..<indexOffset + 4]) == [0x80, 0, 0, UInt8(index)])
            #expect(try receiver.unprotectRTCP(protected) == packet)
        }
        #expect(sender.statistics.protectedRTCP == 3)
        #expect(receiver.statistics.unprotectedRTCP == 3)
    }

    @Test("in-place protect writes nothing past length + tag", arguments: SRTPProfile.allCases)
    func protectStaysInsideTrailer(profile: SRTPProfile) throws {
        let (sender, receiver) = try Support.pair(profile)
        let packet = Support.rtp(sequence: 7)
        var buffer = packet + Array(repeating: 0xEE, count: 200)
        let length = try buffer.withUnsafeMutableBytes { try sender.protectRTP($0, length: packet.count) }
        #expect(length == packet.count + profile.rtpTagLength)
        #expect(buffer[length...].allSatisfy { $0 == 0xEE })
        let rtpLength = try buffer.withUnsafeMutableBytes { try receiver.unprotectRTP($0, length: length) }
        #expect(Array(buffer[..<rtpLength]) == packet)

        let report = Support.rtcp()
        var rtcpBuffer = report + Array(repeating: 0xEE, count: 200)
        let rtcpLength = try rtcpBuffer.withUnsafeMutableBytes { try sender.protectRTCP($0, length: report.count) }
        #expect(rtcpLength == report.count + profile.rtcpTrailerLength)
        #expect(rtcpBuffer[rtcpLength...].allSatisfy { $0 == 0xEE })
    }

    @Test("a tampered payload or tag fails authentication and is counted (RFC 3711 §3.3 step 5)",
          arguments: SRTPProfile.allCases)
    func tamperedPacket(profile: SRTPProfile) throws {
        let (sender, receiver) = try Support.pair(profile)
        var protected = try sender.protectRTP(Support.rtp(sequence: 1))
        protected[20] ^= 0x01
        #expect(throws: SRTPError.authenticationFailed) { try receiver.unprotectRTP(protected) }
        var tag = try sender.protectRTP(Support.rtp(sequence: 2))
        tag[tag.count - 1] ^= 0x80
        #expect(throws: SRTPError.authenticationFailed) { try receiver.unprotectRTP(tag) }
        var report = try sender.protectRTCP(Support.rtcp())
        report[10] ^= 0x40
        #expect(throws: SRTPError.authenticationFailed) { try receiver.unprotectRTCP(report) }
        #expect(receiver.statistics.authenticationFailures == 3)
        #expect(receiver.statistics.unprotectedRTP == 0)
        // The untouched packet after the failures still decrypts.
        #expect(try receiver.unprotectRTP(try sender.protectRTP(Support.rtp(sequence: 3))).count == 172)
    }

    @Test("a replayed packet is refused and counted (RFC 3711 §3.3.2)", arguments: SRTPProfile.allCases)
    func replayedPacket(profile: SRTPProfile) throws {
        let (sender, receiver) = try Support.pair(profile)
        let first = try sender.protectRTP(Support.rtp(sequence: 5000))
        let second = try sender.protectRTP(Support.rtp(sequence: 5001))
        _ = try receiver.unprotectRTP(first)
        _ = try receiver.unprotectRTP(second)
        #expect(throws: SRTPError.replayed) { try receiver.unprotectRTP(first) }
        let report = try sender.protectRTCP(Support.rtcp())
        _ = try receiver.unprotectRTCP(report)
        #expect(throws: SRTPError.replayed) { try receiver.unprotectRTCP(report) }
        #expect(receiver.statistics.replayDrops == 2)
        #expect(receiver.statistics.unprotectedRTP == 2)
    }

    @Test("packets reordered inside the window decrypt; one behind it is refused (RFC 3711 §3.3.2)")
    func replayWindow() throws {
        let (sender, receiver) = try Support.pair(.aes128CMHMACSHA1_80)
        let packets = try (UInt16(0)..<1200).map { try sender.protectRTP(Support.rtp(sequence: $0)) }
        _ = try receiver.unprotectRTP(packets[1199])
        _ = try receiver.unprotectRTP(packets[1000])  // 199 behind: inside 1024
        #expect(throws: SRTPError.replayed) { try receiver.unprotectRTP(packets[100]) }  // 1099 behind
        #expect(receiver.statistics.replayDrops == 1)
    }

    @Test("sequence 65535 → 0 increments the ROC and keeps decrypting (RFC 3711 §3.3.1)",
          arguments: SRTPProfile.allCases)
    func rolloverCounter(profile: SRTPProfile) throws {
        let (sender, receiver) = try Support.pair(profile)
        var sequence: UInt16 = 65530
        for _ in 0..<12 {
            let packet = Support.rtp(sequence: sequence, payload: Array(repeating: 0x5A, count: 40))
            let protected = try sender.protectRTP(packet)
            #expect(try receiver.unprotectRTP(protected) == packet)
            sequence &+= 1
        }
        #expect(sequence == 6)
        #expect(receiver.statistics.unprotectedRTP == 12)
        // After the wrap the same sequence number with ROC 1 is a different packet: a stale
        // capture of it with ROC 0 must not authenticate.
        let (otherSender, _) = try Support.pair(profile)
        let stale = try otherSender.protectRTP(Support.rtp(sequence: 6, payload: Array(repeating: 0x5A, count: 40)))
        #expect(throws: SRTPError.authenticationFailed) { try receiver.unprotectRTP(stale) }
    }

    @Test("wrong key or salt length is a typed error", arguments: SRTPProfile.allCases)
    func wrongKeyLength(profile: SRTPProfile) {
        #expect(throws: SRTPError.invalidKeyLength(expected: 16, actual: 15)) {
            _ = try SRTPSession(profile: profile, direction: .outbound, masterKey: Array(repeating: 1, count: 15),
                                masterSalt: Array(repeating: 2, count: profile.saltLength))
        }
        #expect(throws: SRTPError.invalidKeyLength(expected: profile.saltLength, actual: 13)) {
            _ = try SRTPSession(profile: profile, direction: .inbound, masterKey: Array(repeating: 1, count: 16),
                                masterSalt: Array(repeating: 2, count: 13))
        }
    }

    @Test("each session serves its own direction only (RFC 3711 §3.2.3)")
    func wrongDirection() throws {
        let (sender, receiver) = try Support.pair(.aeadAES128GCM)
        #expect(throws: SRTPError.wrongDirection(.inbound)) { try receiver.protectRTP(Support.rtp(sequence: 1)) }
        let protected = try sender.protectRTP(Support.rtp(sequence: 1))
        #expect(throws: SRTPError.wrongDirection(.outbound)) { try sender.unprotectRTP(protected) }
        #expect(sender.statistics.otherFailures == 1)
        #expect(receiver.statistics.otherFailures == 1)
    }

    @Test("many SSRCs share one session (ssrc_any_inbound / ssrc_any_outbound)")
    func manySources() throws {
        let (sender, receiver) = try Support.pair(.aes128CMHMACSHA1_80)
        for ssrc in UInt32(1)...20 {
            let packet = Support.rtp(sequence: 1, ssrc: ssrc)
            #expect(try receiver.unprotectRTP(try sender.protectRTP(packet)) == packet)
        }
    }
}
