import Testing
@testable import RTP

/// Stream-level events of ``RTPJitterBuffer``: wrap-around, jumps, talkspurts, underruns,
/// overflow and reset (RFC 3550 §5.1, Appendix A.1; RFC 3551 §4.1).
@Suite struct RTPJitterBufferStreamTests {
    @Test("sequence 65535 → 0 and timestamp 2^32 wrap-around play straight through")
    func wrapAround() {
        let harness = JitterHarness(sequenceBase: 65_533, timestampBase: 0xFFFF_FE00)
        #expect(harness.timestamp(1) < harness.timestamp(0))
        #expect(harness.run([[65_533], [65_534], [0], [65_535], [1], [2], []])
                == ["e", "p65533", "p65534", "p65535", "p0", "p1", "p2"])
        let statistics = harness.buffer.statistics
        #expect(statistics.lost == 0 && statistics.late == 0 && statistics.outOfRange == 0)
    }

    @Test("a sequence jump beyond the threshold: dropped once, then the stream starts over")
    func jumpResyncs() {
        let harness = JitterHarness()
        #expect(harness.run([[1], [2], [3], [4]]) == ["e", "p1", "p2", "p3"])
        #expect(!harness.insert(1000))
        #expect(harness.pop() == "p4")
        #expect(harness.insert(1001))
        #expect(harness.pop() == "e")
        #expect(harness.insert(1002))
        #expect(harness.pop() == "p1001")
        let statistics = harness.buffer.statistics
        #expect(statistics.outOfRange == 1 && statistics.resets == 1 && statistics.lost == 0)
    }

    @Test("a jump with the marker bit starts over at once; a stray far packet is only dropped")
    func markedJump() {
        let harness = JitterHarness()
        #expect(harness.run([[1], [2], [3]]) == ["e", "p1", "p2"])
        #expect(!harness.insert(40_000))
        #expect(harness.insert(4))
        #expect(harness.insert(30_000, marker: true))
        #expect(harness.pop() == "e")
        #expect(harness.insert(30_001))
        #expect(harness.pop() == "p30000")
        #expect(harness.buffer.statistics.resets == 1 && harness.buffer.statistics.outOfRange == 1)
    }

    @Test("a pause between talkspurts (DTX): empty ticks, then buffering again, not an underrun")
    func talkspurt() {
        let harness = JitterHarness()
        #expect(harness.run([[1], [2], [3], [], [], []]) == ["e", "p1", "p2", "p3", "e", "e"])
        // 100 frames of silence: sequence numbers go on, the timestamp jumps with the clock.
        #expect((0..<97).map { _ in harness.pop() }.allSatisfy { $0 == "e" })
        harness.timestampOffset = 16_000
        harness.insert(4, marker: true)
        #expect(harness.pop() == "e")
        harness.insert(5)
        #expect(harness.pop() == "p4")
        #expect(harness.buffer.statistics.underruns == 0)
        #expect(harness.buffer.targetDelay == 2)
    }

    @Test("an underrun inside a talkspurt is counted once and grows the target by one frame")
    func underrun() {
        let harness = JitterHarness()
        #expect(harness.run([[1], [2], [3], [], [], [4], [5], [6], [7]])
                == ["e", "p1", "p2", "p3", "e", "e", "e", "p4", "p5"])
        #expect(harness.buffer.statistics.underruns == 1)
        #expect(harness.buffer.targetDelay == 3)
    }

    @Test("lost packets while the buffer was dry are skipped, not concealed, on resuming")
    func skipAfterDry() {
        let harness = JitterHarness()
        #expect(harness.run([[1], [2], [], [], [5], [6], [7]]) == ["e", "p1", "p2", "e", "e", "e", "p5"])
        #expect(harness.buffer.statistics.lost == 0)
        #expect(!harness.insert(3))
        #expect(harness.buffer.statistics.late == 1)
    }

    @Test("overflow: a packet more than the capacity ahead drops the oldest")
    func overflow() {
        let harness = JitterHarness(capacity: 8)
        for sequence in UInt16(1)...10 {
            #expect(harness.insert(sequence, arrival: UInt64(harness.timestamp(sequence))))
        }
        #expect(harness.buffer.statistics.overflows == 2)
        #expect(harness.buffer.statistics.currentDelay == 8)
        #expect(!harness.insert(2))
        let pops = (0..<9).map { _ in harness.pop() }
        #expect(pops == ["p3", "p4", "p5", "p6", "p7", "p8", "p9", "p10", "e"])
    }

    @Test("overflow across a gap moves the playout point to the first packet still buffered")
    func overflowRealigns() {
        let harness = JitterHarness(capacity: 8)
        for sequence: UInt16 in [1, 2, 12] { harness.insert(sequence, arrival: UInt64(harness.timestamp(sequence))) }
        #expect(harness.buffer.statistics.overflows == 2)
        #expect(harness.buffer.statistics.currentDelay == 1)
        #expect([harness.pop(), harness.pop(), harness.pop()] == ["e", "p12", "e"])
    }

    @Test("reset: everything buffered is forgotten, counters and target stay")
    func reset() {
        let harness = JitterHarness()
        #expect(harness.run([[1], [2], [3]]) == ["e", "p1", "p2"])
        harness.buffer.reset()
        #expect(harness.pop() == "e")
        #expect(harness.buffer.statistics.currentDelay == 0)
        #expect(harness.run([[500], [501], [502]]) == ["e", "p500", "p501"])
        let statistics = harness.buffer.statistics
        #expect(statistics.resets == 1 && statistics.played == 4 && statistics.inserted == 6)
    }
}
