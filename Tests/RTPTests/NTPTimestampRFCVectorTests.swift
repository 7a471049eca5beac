import Testing
@testable import RTP

/// NTP timestamps and the LSR/DLSR round trip of RFC 3550 §6.4.1, Figure 2.
@Suite struct NTPTimestampRFCVectorTests {
    /// RFC 3550 Figure 2: the SR left at 10 Nov 1995 11:33:25.125 UTC = 3024992005.125 s.
    static let senderReportTime: Duration = .seconds(3_024_992_005) + .milliseconds(125)

    @Test("RFC 3550 §6.4.1 Figure 2: ntp_sec 0xb44db705, ntp_frac 0x20000000, LSR 0xb7052000")
    func figure2Timestamp() {
        let timestamp = NTPTimestamp(sinceNTPEpoch: Self.senderReportTime)
        #expect(timestamp.rawValue == 0xb44d_b705_2000_0000)
        #expect(timestamp.seconds == 0xb44d_b705)
        #expect(timestamp.fraction == 0x2000_0000)
        #expect(timestamp.compact == 0xb705_2000)
        #expect(timestamp.sinceNTPEpoch == Self.senderReportTime)
        #expect(timestamp.description == "b44db705:20000000")
        // The same instant from the Unix epoch: 816003205.125 s after 1970.
        let fromUnix = NTPTimestamp(.seconds(816_003_205) + .milliseconds(125), sinceEpoch: NTPTimestamp.unixEpoch)
        #expect(fromUnix == timestamp)
    }

    @Test("RFC 3550 §6.4.1 Figure 2: A 0xb7108000 − LSR 0xb7052000 − DLSR 0x00054000 = 0x00062000 (6.125 s)")
    func figure2RoundTrip() throws {
        #expect(RTCPReportBlock.roundTripCompact(arrival: 0xb710_8000, lastSenderReport: 0xb705_2000,
                                                 delaySinceLastSenderReport: 0x0005_4000) == 0x0006_2000)
        let block = RTCPReportBlock(ssrc: 1, fractionLost: 0, cumulativeLost: 0, extendedHighestSequence: 0, jitter: 0,
                                    lastSenderReport: 0xb705_2000, delaySinceLastSenderReport: 0x0005_4000)
        // A = 46864.500 s into the day's seconds field: 0xb44d_b710 : 0x8000_0000.
        let arrival = NTPTimestamp(seconds: 0xb44d_b710, fraction: 0x8000_0000)
        #expect(arrival.compact == 0xb710_8000)
        #expect(block.roundTripTime(arrival: arrival) == .seconds(6) + .milliseconds(125))
        #expect(NTPTimestamp.duration(compact: 0x0005_4000) == .milliseconds(5250))
        #expect(NTPTimestamp.compact(.milliseconds(5250)) == 0x0005_4000)
    }

    @Test("§6.4.1: no SR yet (LSR 0) is no RTT; a slightly negative result is 0; wrap-around is fine")
    func roundTripEdges() {
        #expect(RTCPReportBlock.roundTripCompact(arrival: 5, lastSenderReport: 0, delaySinceLastSenderReport: 0) == nil)
        #expect(RTCPReportBlock.roundTripCompact(arrival: 100, lastSenderReport: 90, delaySinceLastSenderReport: 11) == 0)
        #expect(RTCPReportBlock.roundTripCompact(arrival: 0x0000_1000, lastSenderReport: 0xFFFF_F000,
                                                 delaySinceLastSenderReport: 0x0000_1000) == 0x1000)
    }

    @Test("fractions convert both ways exactly where binary allows, truncated elsewhere")
    func fractions() {
        #expect(NTPTimestamp(sinceNTPEpoch: .milliseconds(500)).rawValue == 0x8000_0000)
        #expect(NTPTimestamp(sinceNTPEpoch: .milliseconds(1)).fraction == 4_294_967)
        #expect(NTPTimestamp(sinceNTPEpoch: .seconds(1) - .nanoseconds(1)).rawValue == 0xFFFF_FFFB)
        // 2^32 s after 1900 is era 1: the seconds field wraps to 0 (February 2036).
        #expect(NTPTimestamp(sinceNTPEpoch: .seconds(1 << 32) + .milliseconds(250)).rawValue == 0x4000_0000)
        #expect(NTPTimestamp(sinceNTPEpoch: .milliseconds(-500)).rawValue == 0xFFFF_FFFF_8000_0000)
        #expect(NTPTimestamp.compact(.zero) == 0)
        #expect(NTPTimestamp.compact(.seconds(-3)) == 0)
        #expect(NTPTimestamp.compact(.seconds(70_000)) == .max)
        #expect(NTPTimestamp.duration(compact: 0xFFFF_FFFF) < .seconds(65536))
        // NTP → Duration → NTP is exact (the Duration is rounded up to the attosecond).
        for raw: UInt64 in [1, 0xFFFF_FFFF, 0x1234_5678_9abc_def0, .max] {
            let timestamp = NTPTimestamp(rawValue: raw)
            #expect(NTPTimestamp(sinceNTPEpoch: timestamp.sinceNTPEpoch) == timestamp)
        }
    }

    @Test("receiver statistics produce the report block: A.1, A.3, A.8 and LSR/DLSR together")
    func receiverStatistics() throws {
        var statistics = RTPReceiverStatistics(ssrc: 0x5566_7788)
        let arrivals: [(UInt16, UInt32, UInt32)] = [
            (100, 0, 1000), (101, 160, 1170), (102, 320, 1320), (104, 640, 1650), (103, 480, 1500),
        ]
        var updates: [RTPSequenceTracker.Update] = []
        for (sequence, timestamp, arrival) in arrivals {
            updates.append(statistics.packetReceived(sequenceNumber: sequence, rtpTimestamp: timestamp, arrival: arrival))
        }
        #expect(updates == [.probation, .inOrder(extendedSequence: 101), .inOrder(extendedSequence: 102),
                            .inOrder(extendedSequence: 104), .lateOrDuplicate(extendedSequence: 103)])
        #expect(statistics.makeReportBlock(now: NTPTimestamp(rawValue: 0)) != nil)
        var fresh = RTPReceiverStatistics(ssrc: 1)
        #expect(fresh.makeReportBlock(now: NTPTimestamp(rawValue: 0)) == nil)

        var second = RTPReceiverStatistics(ssrc: 0x5566_7788)
        for (sequence, timestamp, arrival) in arrivals.prefix(4) {
            second.packetReceived(sequenceNumber: sequence, rtpTimestamp: timestamp, arrival: arrival)
        }
        second.senderReportReceived(NTPTimestamp(rawValue: 0xb44d_b705_2000_0000),
                                    arrival: NTPTimestamp(seconds: 0xb44d_b70a, fraction: 0))
        let made = second.makeReportBlock(now: NTPTimestamp(seconds: 0xb44d_b70a, fraction: 0x4000_0000))
        let block = try #require(made)
        // Transits 1010, 1000, 1010 after the first valid packet: |D| = 10, 10 → 10, 19.
        #expect(block == RTCPReportBlock(ssrc: 0x5566_7788, fractionLost: 64, cumulativeLost: 1,
                                         extendedHighestSequence: 104, jitter: 1, lastSenderReport: 0xb705_2000,
                                         delaySinceLastSenderReport: 0x0000_4000))
    }
}
