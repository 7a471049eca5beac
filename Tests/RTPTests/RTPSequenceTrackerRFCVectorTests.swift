import Testing
@testable import RTP

/// RFC 3550 Appendix A.1 (source validation, sequence extension) and A.3 (loss) on concrete
/// sequences.
@Suite struct RTPSequenceTrackerRFCVectorTests {
    /// A tracker fed `sequences`, with the updates it returned.
    func track(_ sequences: [UInt16]) -> (RTPSequenceTracker, [RTPSequenceTracker.Update]) {
        var tracker = RTPSequenceTracker()
        let updates = sequences.map { tracker.update($0) }
        return (tracker, updates)
    }

    @Test("A.1: MIN_SEQUENTIAL = 2, the first packet is probation and the second starts the count")
    func probation() {
        let (tracker, updates) = track([100, 101, 102])
        #expect(updates == [.probation, .inOrder(extendedSequence: 101), .inOrder(extendedSequence: 102)])
        #expect(tracker.isValid)
        #expect(tracker.baseSequence == 101)
        #expect(tracker.received == 2)
        #expect(tracker.expectedPackets == 2)
        #expect(tracker.cumulativeLost == 0)
    }

    @Test("A.1: a non-sequential packet during probation starts probation over")
    func probationReset() {
        let (tracker, updates) = track([100, 102, 103])
        #expect(updates == [.probation, .probation, .inOrder(extendedSequence: 103)])
        #expect(tracker.baseSequence == 103)
        #expect(tracker.expectedPackets == 1)
        var none = RTPSequenceTracker()
        #expect(none.expectedPackets == 0)
        #expect(none.update(7) == .probation)
        #expect(!none.isValid)
        #expect(none.takeIntervalLoss().expected == 0)
    }

    @Test("A.1: wrap-around at 65535 counts a cycle; the extended number keeps rising")
    func wrapAround() {
        let (tracker, updates) = track([65533, 65534, 65535, 0, 1])
        #expect(updates == [.probation, .inOrder(extendedSequence: 65534), .inOrder(extendedSequence: 65535),
                            .inOrder(extendedSequence: 65536), .inOrder(extendedSequence: 65537)])
        #expect(tracker.cycles == 65536)
        #expect(tracker.extendedHighestSequence == 65537)
        #expect(tracker.expectedPackets == 4)
        #expect(tracker.received == 4)
        #expect(tracker.cumulativeLost == 0)
    }

    @Test("A.1: a packet from before the wrap arriving late keeps its own extended number")
    func lateAcrossWrap() {
        var (tracker, _) = track([65532, 65533, 65535, 0, 1])
        #expect(tracker.update(65534) == .lateOrDuplicate(extendedSequence: 65534))
        #expect(tracker.extendedHighestSequence == 65537)
        #expect(tracker.expectedPackets == 5)
        #expect(tracker.received == 5)
        #expect(tracker.cumulativeLost == 0)
    }

    @Test("A.1/A.3: a reordered packet is counted, so nothing is lost")
    func reordered() {
        var (tracker, updates) = track([10, 11, 12, 14, 13])
        #expect(updates.last == .lateOrDuplicate(extendedSequence: 13))
        #expect(tracker.expectedPackets == 4)
        #expect(tracker.received == 4)
        let loss = tracker.takeIntervalLoss()
        #expect(loss == .init(expected: 4, received: 4, lost: 0, fractionLost: 0, cumulativeLost: 0))
    }

    @Test("A.1/A.3: a duplicate is counted too: loss goes negative, the fraction stays 0")
    func duplicate() {
        var (tracker, updates) = track([10, 11, 12, 12])
        #expect(updates.last == .lateOrDuplicate(extendedSequence: 12))
        #expect(tracker.expectedPackets == 2)
        #expect(tracker.received == 3)
        #expect(tracker.cumulativeLost == -1)
        #expect(tracker.takeIntervalLoss() == .init(expected: 2, received: 3, lost: -1, fractionLost: 0, cumulativeLost: -1))
    }

    @Test("A.3: a gap is loss; fraction = lost × 256 / expected per interval, cumulative across")
    func lossIntervals() {
        var (tracker, _) = track([10, 11, 12, 15])
        #expect(tracker.takeIntervalLoss() == .init(expected: 5, received: 3, lost: 2, fractionLost: 102, cumulativeLost: 2))
        _ = tracker.update(16)
        _ = tracker.update(17)
        #expect(tracker.takeIntervalLoss() == .init(expected: 2, received: 2, lost: 0, fractionLost: 0, cumulativeLost: 2))
        _ = tracker.update(21)
        #expect(tracker.takeIntervalLoss() == .init(expected: 4, received: 1, lost: 3, fractionLost: 192, cumulativeLost: 5))
        #expect(tracker.takeIntervalLoss() == .init(expected: 0, received: 0, lost: 0, fractionLost: 0, cumulativeLost: 5))
    }

    @Test("A.1: a jump past MAX_DROPOUT is dropped; the next sequential packet re-syncs (restart)")
    func restartAfterLargeJump() {
        var (tracker, _) = track([10, 11, 12])
        #expect(tracker.update(5000) == .largeJump)
        #expect(tracker.badSequence == 5001)
        #expect(tracker.maxSequence == 12)
        #expect(tracker.update(5001) == .restarted(extendedSequence: 5001))
        #expect(tracker.baseSequence == 5001)
        #expect(tracker.received == 1)
        #expect(tracker.expectedPackets == 1)
        #expect(tracker.update(5002) == .inOrder(extendedSequence: 5002))
        #expect(tracker.takeIntervalLoss() == .init(expected: 2, received: 2, lost: 0, fractionLost: 0, cumulativeLost: 0))
    }

    @Test("A.1: a lone large jump is ignored and the stream continues; a jump of 2999 is loss")
    func largeJumpIgnored() {
        var (tracker, _) = track([10, 11, 12])
        #expect(tracker.update(40000) == .largeJump)
        #expect(tracker.update(13) == .inOrder(extendedSequence: 13))
        #expect(tracker.update(13 + 2999) == .inOrder(extendedSequence: 3012))
        #expect(tracker.update(3012 + 3000) == .largeJump)
        // MAX_MISORDER (100) or more behind is a large jump too (udelta <= 65536 - 100).
        #expect(tracker.update(3012 - 100) == .largeJump)
        #expect(tracker.update(3012 - 99) == .lateOrDuplicate(extendedSequence: 2913))
        #expect(tracker.cumulativeLost == 2998 - 1)
    }

    @Test("A.3: cumulative loss clamps at 0x7FFFFF")
    func clamp() {
        var tracker = RTPSequenceTracker()
        var sequence: UInt16 = 0
        _ = tracker.update(sequence)
        sequence &+= 1
        _ = tracker.update(sequence)
        for _ in 0..<3000 {
            sequence &+= 2999
            _ = tracker.update(sequence)
        }
        #expect(tracker.expectedPackets == 1 + 3000 * 2999)
        #expect(tracker.cumulativeLost == 0x7F_FFFF)
        #expect(tracker.takeIntervalLoss().fractionLost == 255)
    }

    @Test("MIN_SEQUENTIAL 0 and 1 validate at once")
    func minSequential() {
        for minimum in [0, 1] {
            for first: UInt16 in [500, 0] {
                var tracker = RTPSequenceTracker(minSequential: minimum)
                #expect(tracker.update(first) == .inOrder(extendedSequence: UInt32(first)))
                #expect(tracker.cycles == 0)
                #expect(tracker.expectedPackets == 1)
                #expect(tracker.received == 1)
                #expect(tracker.update(first &+ 1) == .inOrder(extendedSequence: UInt32(first) + 1))
            }
        }
    }
}
