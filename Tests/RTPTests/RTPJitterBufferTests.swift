import Testing
@testable import RTP

/// Playout order of ``RTPJitterBuffer``: exact pop sequences for given insert patterns.
///
/// Pop results are written `p<seq>` (a packet, payload checked), `m<seq>` (missing, with the
/// next packet's payload), `m` (missing, nothing next) and `e` (empty).
@Suite struct RTPJitterBufferTests {
    @Test("in order: buffering until the target, then one packet per tick, then empty")
    func inOrder() {
        let harness = JitterHarness()
        #expect(harness.run([[1], [2], [3], [4], [], []]) == ["e", "p1", "p2", "p3", "p4", "e"])
        let statistics = harness.buffer.statistics
        #expect(statistics.inserted == 4 && statistics.played == 4)
        #expect(statistics.lost == 0 && statistics.late == 0 && statistics.underruns == 0)
        #expect(harness.buffer.targetDelay == 2)
    }

    @Test("playout starts when targetDelay frames are buffered, or the first has waited that long")
    func startsAtTarget() {
        let harness = JitterHarness(minimumDelay: 3)
        #expect(harness.run([[10], [11], [12], [13]]) == ["e", "e", "p10", "p11"])
        let lone = JitterHarness(minimumDelay: 3)
        #expect(lone.run([[10], [], [], []]) == ["e", "e", "p10", "e"])
        let empty = JitterHarness()
        #expect(empty.run([[], [], []]) == ["e", "e", "e"])
        #expect(empty.buffer.statistics.underruns == 0)
    }

    @Test("reordered by one: played in sequence, nothing lost")
    func reorderByOne() {
        let harness = JitterHarness()
        #expect(harness.run([[1], [3], [2], [4], [5], []]) == ["e", "p1", "p2", "p3", "p4", "p5"])
        #expect(harness.buffer.statistics.lost == 0)
        #expect(harness.buffer.statistics.late == 0)
    }

    @Test("reordered before playout started: the earlier packet starts the stream")
    func reorderBeforeStart() {
        let harness = JitterHarness()
        #expect(harness.run([[2], [1], [3], []]) == ["e", "p1", "p2", "p3"])
    }

    @Test("reordered by two: absorbed with a delay of three frames")
    func reorderByTwo() {
        let harness = JitterHarness(minimumDelay: 3)
        #expect(harness.run([[1], [2], [4], [5], [3], [6], [7]]) == ["e", "e", "p1", "p2", "p3", "p4", "p5"])
        #expect(harness.buffer.statistics.lost == 0)
    }

    @Test("late: concealed with the next payload, dropped and counted when it comes, target grows")
    func latePacket() {
        let harness = JitterHarness()
        #expect(harness.run([[1], [2], [4], [5]]) == ["e", "p1", "p2", "m4"])
        #expect(!harness.insert(3))
        #expect(harness.buffer.targetDelay == 3)
        #expect(harness.pop() == "e")
        #expect(harness.run([[6], [7], []]) == ["p4", "p5", "p6"])
        let statistics = harness.buffer.statistics
        #expect(statistics.late == 1 && statistics.lost == 1 && statistics.recoverable == 1)
        #expect(statistics.held == 1)
    }

    @Test("loss of one with the next packet buffered: missing(nextPayload:) carries it")
    func lossWithNext() {
        let harness = JitterHarness()
        #expect(harness.run([[1], [2], [4], [5], [6], []]) == ["e", "p1", "p2", "m4", "p4", "p5"])
        #expect(harness.buffer.statistics.lost == 1)
        #expect(harness.buffer.statistics.recoverable == 1)
    }

    @Test("loss of two: the first missing frame has nothing next, the second has the next packet")
    func lossWithoutNext() {
        let harness = JitterHarness()
        #expect(harness.run([[1], [2], [5], [6], [7], []]) == ["e", "p1", "p2", "m", "m5", "p5"])
        #expect(harness.buffer.statistics.lost == 2)
        #expect(harness.buffer.statistics.recoverable == 1)
    }

    @Test("duplicates: of a buffered packet and of a played one, both dropped and counted")
    func duplicates() {
        let harness = JitterHarness()
        #expect(harness.run([[1], [2]]) == ["e", "p1"])
        #expect(!harness.insert(2))
        #expect(!harness.insert(1))
        #expect(harness.run([[3], [4], []]) == ["p2", "p3", "p4"])
        let statistics = harness.buffer.statistics
        #expect(statistics.duplicates == 2 && statistics.late == 0 && statistics.inserted == 4)
    }

    @Test("oversized payloads are dropped and counted")
    func oversized() {
        let buffer = RTPJitterBuffer(RTPJitterBufferConfiguration(clockRate: 8000, frameSamples: 160, maxPayloadSize: 4))
        let big = [UInt8](repeating: 1, count: 5)
        #expect(!big.withUnsafeBytes { buffer.insert(payload: $0, sequenceNumber: 1, timestamp: 0, marker: false, arrival: 0) })
        #expect(buffer.statistics.oversized == 1)
        #expect(buffer.pop { $0.isPacket } == false)
    }

    @Test("the configuration is normalized: capacity, delays and sizes clamped")
    func normalization() {
        let odd = RTPJitterBufferConfiguration(clockRate: 0, frameSamples: 0, minimumDelay: 20, maximumDelay: 50,
                                               capacity: 8, maxPayloadSize: 0, resyncThreshold: 0, adaptationPeriod: 0)
        let normalized = odd.normalized
        #expect(normalized.capacity == 8 && normalized.maximumDelay == 7 && normalized.minimumDelay == 7)
        #expect(normalized.frameSamples == 1 && normalized.clockRate == 1 && normalized.maxPayloadSize == 1)
        #expect(normalized.resyncThreshold == 1 && normalized.adaptationPeriod == 1)
        #expect(RTPJitterBuffer(odd).targetDelay == 7)
        #expect(RTPJitterBufferConfiguration.opus.frameSamples == 960)
    }
}

/// Drives one buffer tick by tick: arrival = tick × frameSamples, timestamps from the sequence
/// number, payload = the sequence number (big-endian) and one more byte.
final class JitterHarness {
    let buffer: RTPJitterBuffer
    let frameSamples: Int
    let sequenceBase: UInt16
    let timestampBase: UInt32
    var tick: UInt64 = 0
    /// Added to every timestamp: the silence of the pauses so far.
    var timestampOffset: UInt32 = 0

    init(minimumDelay: Int = 2, maximumDelay: Int = 10, capacity: Int = 16, frameSamples: Int = 160,
         adaptationPeriod: Int = 50, sequenceBase: UInt16 = 1, timestampBase: UInt32 = 0) {
        buffer = RTPJitterBuffer(RTPJitterBufferConfiguration(
            clockRate: frameSamples * 50, frameSamples: frameSamples, minimumDelay: minimumDelay,
            maximumDelay: maximumDelay, capacity: capacity, adaptationPeriod: adaptationPeriod))
        self.frameSamples = frameSamples
        self.sequenceBase = sequenceBase
        self.timestampBase = timestampBase
    }

    /// The timestamp of `sequence` in a stream without pauses.
    func timestamp(_ sequence: UInt16) -> UInt32 {
        timestampBase &+ timestampOffset &+ UInt32(sequence &- sequenceBase) &* UInt32(frameSamples)
    }

    @discardableResult
    func insert(_ sequence: UInt16, marker: Bool = false, timestamp: UInt32? = nil, arrival: UInt64? = nil) -> Bool {
        let bytes: [UInt8] = [UInt8(sequence >> 8), UInt8(sequence & 0xFF), 0xAB]
        return bytes.withUnsafeBytes {
            buffer.insert(payload: $0, sequenceNumber: sequence, timestamp: timestamp ?? self.timestamp(sequence),
                          marker: marker, arrival: arrival ?? tick * UInt64(frameSamples))
        }
    }

    func pop() -> String {
        defer { tick += 1 }
        return buffer.pop { frame -> String in
            switch frame {
            case .packet(let payload, let sequence, let timestamp, _):
                let valid = payload.count == 3 && Self.number(payload) == sequence && timestamp == self.timestamp(sequence)
                return valid ? "p\(sequence)" : "bad\(sequence)"
            case .missing(let next):
                guard let next else { return "m" }
                return "m\(Self.number(next))"
            case .empty:
                return "e"
            }
        }
    }

    /// For each tick: insert the listed packets, then pop.
    func run(_ schedule: [[UInt16]]) -> [String] {
        schedule.map { sequences in
            for sequence in sequences { insert(sequence) }
            return pop()
        }
    }

    static func number(_ payload: UnsafeRawBufferPointer) -> UInt16 {
        payload.count >= 2 ? UInt16(payload[0]) << 8 | UInt16(payload[1]) : 0xFFFF
    }
}
