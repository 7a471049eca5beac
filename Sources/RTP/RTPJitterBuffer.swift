/// An adaptive playout buffer for one audio stream: puts packets back into sequence order and
/// hands out one frame per playout tick, with a delay that follows the network's jitter
/// (RFC 3550 §5.1 sequence numbers and timestamps, §6.4.1 and Appendix A.8 interarrival jitter).
///
/// Pure and deterministic: arrival times are passed in, converted by the owner to the stream's
/// RTP clock, and the buffer never reads a clock. Storage is allocated once in `init` (a ring of
/// `capacity` slots of `maxPayloadSize` bytes); ``insert(payload:sequenceNumber:timestamp:marker:arrival:)``
/// copies the payload into its slot and ``pop(_:)`` lends it to a closure, so neither allocates.
///
/// Playout is in sequence-number order, one packet of `frameSamples` timestamp units per tick:
/// - playout starts when ``targetDelay`` frames are buffered (or the oldest packet has waited
///   that many ticks); a missing packet is ``RTPJitterBufferFrame/missing(nextPayload:)``, with
///   the next packet's payload when it is already here (for Opus FEC);
/// - a packet whose slot was already played or concealed is dropped as late, a copy of a
///   buffered or played one as a duplicate;
/// - when the buffer runs dry it waits again for ``targetDelay`` frames; lost packets before the
///   first new one are skipped rather than concealed, since silence was played meanwhile; a
///   talkspurt start (marker bit or timestamp gap, RFC 3551 §4.1) is a pause, not an underrun;
/// - a sequence jump beyond `resyncThreshold` frames (a restart) starts over instead of
///   concealing every frame in between; a packet more than `capacity` frames ahead drops the
///   oldest ones.
///
/// The target delay is one frame plus three interarrival jitter estimates, clamped to the
/// configured bounds; it grows at once (by the lateness of a late packet, by one frame on an
/// underrun) and shrinks by one frame after each calm `adaptationPeriod`. The actual delay
/// follows: a tick is held back (``RTPJitterBufferFrame/empty``) to grow it, and a frame is
/// discarded after a period with more than the target buffered to shrink it.
///
/// Not `Sendable`: one owner (an event loop) calls it; `body` must not call back into the buffer.
public final class RTPJitterBuffer {
    /// The configuration in use (``RTPJitterBufferConfiguration/normalized``).
    public let configuration: RTPJitterBufferConfiguration
    /// The ring of slots, `capacity` long; the packet with extended number `n` lives at `n mod capacity`.
    let slots: UnsafeMutableBufferPointer<RTPJitterBufferSlot>
    /// Payload bytes: slot `i` owns `i * maxPayloadSize ..< (i + 1) * maxPayloadSize`.
    let storage: UnsafeMutableRawBufferPointer
    /// Interarrival jitter of the accepted and late packets (RFC 3550 Appendix A.8).
    var jitter = RTPJitterEstimator()
    /// Counters (``statistics`` adds the current delay).
    var counters = RTPJitterBufferStatistics()

    /// The playout delay aimed at, in frames, within the configured bounds.
    public internal(set) var targetDelay: Int
    /// The delay the jitter estimate asks for, in frames.
    var desiredDelay: Int
    /// Whether a packet was accepted since the start, the last reset or the last resync.
    var hasReference = false
    /// The highest extended sequence number accepted.
    var highest: Int64 = 0
    /// The extended sequence number the next tick plays.
    var nextPlayout: Int64 = 0
    /// Whether frames are being played (false while buffering or after running dry).
    var isPlaying = false
    /// Whether a frame was played or passed since the last start: the playout point is fixed.
    var hasPlayed = false
    /// The extended sequence number and timestamp of the last packet played.
    var lastPlayedIndex: Int64 = 0
    var lastPlayedTimestamp: UInt32 = 0
    /// Set when the buffer ran dry during playout; the next accepted packet tells whether that
    /// was an underrun or a pause between talkspurts.
    var awaitingResume = false
    /// Ticks spent buffering with at least one packet waiting.
    var waitedTicks = 0
    /// Ticks that may still be held back to grow the delay to the target.
    var holdBudget = 0
    /// Consecutive ticks with the jitter estimate asking for less than the target.
    var calmTicks = 0
    /// Consecutive ticks with more than the target buffered.
    var excessTicks = 0
    /// The sequence number that confirms a jump: the successor of the last out-of-range packet.
    var pendingJump: UInt16?

    /// A buffer with its storage allocated for `configuration` (normalized first).
    public init(_ configuration: RTPJitterBufferConfiguration) {
        let settings = configuration.normalized
        self.configuration = settings
        slots = .allocate(capacity: settings.capacity)
        slots.initialize(repeating: RTPJitterBufferSlot())
        storage = .allocate(byteCount: settings.capacity * settings.maxPayloadSize, alignment: 16)
        storage.initializeMemory(as: UInt8.self, repeating: 0)
        targetDelay = settings.minimumDelay
        desiredDelay = settings.minimumDelay
    }

    deinit {
        slots.deallocate()
        storage.deallocate()
    }

    /// The counters, with the current delay.
    public var statistics: RTPJitterBufferStatistics {
        var result = counters
        result.currentDelay = currentDelay
        return result
    }

    /// Frames buffered from the playout point to the highest packet received.
    var currentDelay: Int { hasReference ? Int(max(highest - nextPlayout + 1, 0)) : 0 }

    /// Inserts one packet's payload (RFC 3550 §5.1 fields) with its arrival time in the stream's
    /// RTP clock units (the owner converts its clock). Returns false when the packet is dropped:
    /// too late, a duplicate, too big, or a sequence jump not confirmed yet — each is counted.
    @discardableResult
    public func insert(payload: UnsafeRawBufferPointer, sequenceNumber: UInt16, timestamp: UInt32,
                       marker: Bool, arrival: UInt64) -> Bool {
        guard payload.count <= configuration.maxPayloadSize else {
            counters.oversized += 1
            return false
        }
        guard hasReference else {
            startOver(at: sequenceNumber)
            return accept(payload, index: highest, timestamp: timestamp, marker: marker, arrival: arrival)
        }
        let delta = Int64(Int16(bitPattern: sequenceNumber &- UInt16(truncatingIfNeeded: highest)))
        if abs(delta) > Int64(configuration.resyncThreshold) {
            guard marker || pendingJump == sequenceNumber else {
                pendingJump = sequenceNumber &+ 1
                counters.outOfRange += 1
                return false
            }
            counters.resets += 1
            startOver(at: sequenceNumber)
            return accept(payload, index: highest, timestamp: timestamp, marker: marker, arrival: arrival)
        }
        pendingJump = nil
        let index = highest + delta
        let capacity = Int64(configuration.capacity)
        let slot = slots[position(of: index)]
        if slot.index == index && (slot.state == .buffered || slot.state == .played) {
            counters.duplicates += 1
            return false
        }
        if index < nextPlayout {
            guard !hasPlayed && highest - index < capacity else {
                counters.late += 1
                jitter.update(rtpTimestamp: timestamp, arrival: UInt32(truncatingIfNeeded: arrival))
                calmTicks = 0
                raiseTarget(to: targetDelay + Int(min(nextPlayout - index, capacity)))
                return false
            }
            // Reordered ahead of the first packet, before anything played: start earlier.
            nextPlayout = index
        } else if index - nextPlayout >= capacity {
            makeRoom(for: index)
        }
        return accept(payload, index: index, timestamp: timestamp, marker: marker, arrival: arrival)
    }

    /// Stores an accepted packet at `index` and updates the jitter, the target and the
    /// underrun classification.
    private func accept(_ payload: UnsafeRawBufferPointer, index: Int64, timestamp: UInt32,
                        marker: Bool, arrival: UInt64) -> Bool {
        let place = position(of: index)
        let offset = place * configuration.maxPayloadSize
        if let source = payload.baseAddress, payload.count > 0, let target = storage.baseAddress {
            (target + offset).copyMemory(from: source, byteCount: payload.count)
        }
        slots[place] = RTPJitterBufferSlot(state: .buffered, index: index, timestamp: timestamp,
                                           marker: marker, length: payload.count)
        highest = max(highest, index)
        counters.inserted += 1
        if awaitingResume {
            awaitingResume = false
            if !isTalkspurtStart(index: index, timestamp: timestamp, marker: marker) {
                counters.underruns += 1
                calmTicks = 0
                raiseTarget(to: targetDelay + 1)
            }
        }
        jitter.update(rtpTimestamp: timestamp, arrival: UInt32(truncatingIfNeeded: arrival))
        let frame = configuration.frameSamples
        let wanted = 1 + (3 * Int(jitter.jitter) + frame / 2) / frame
        desiredDelay = min(max(wanted, configuration.minimumDelay), configuration.maximumDelay)
        raiseTarget(to: desiredDelay)
        return true
    }

    /// Whether the packet after the buffer ran dry starts a new talkspurt: the marker bit, or a
    /// timestamp more than one frame past the one its sequence number implies (RFC 3551 §4.1).
    private func isTalkspurtStart(index: Int64, timestamp: UInt32, marker: Bool) -> Bool {
        if marker { return true }
        let frames = UInt32(truncatingIfNeeded: index - lastPlayedIndex)
        let expected = lastPlayedTimestamp &+ frames &* UInt32(configuration.frameSamples)
        return Int64(Int32(bitPattern: timestamp &- expected)) >= Int64(configuration.frameSamples)
    }

    /// Raises the target to `frames` (at most the maximum) and allows as many ticks to be held.
    func raiseTarget(to frames: Int) {
        let value = min(frames, configuration.maximumDelay)
        guard value > targetDelay else { return }
        holdBudget += value - targetDelay
        targetDelay = value
        calmTicks = 0
    }

    /// Drops the oldest frames so that `index` fits in the ring, then moves the playout point to
    /// the first packet still buffered.
    private func makeRoom(for index: Int64) {
        let first = index - Int64(configuration.capacity) + 1
        while nextPlayout < index && (nextPlayout < first || !slots[position(of: nextPlayout)].holds(nextPlayout)) {
            let place = position(of: nextPlayout)
            if slots[place].holds(nextPlayout) { counters.overflows += 1 }
            slots[place].state = .passed
            slots[place].index = nextPlayout
            nextPlayout += 1
        }
        hasPlayed = true
    }

    /// Forgets every packet and the jitter history; counters and the target delay stay.
    /// Call it when the stream's SSRC changes.
    public func reset() {
        counters.resets += 1
        clear()
    }

    /// Empties the ring and the stream state.
    func clear() {
        for place in slots.indices { slots[place] = RTPJitterBufferSlot() }
        jitter.reset()
        hasReference = false
        isPlaying = false
        hasPlayed = false
        awaitingResume = false
        waitedTicks = 0
        holdBudget = 0
        calmTicks = 0
        excessTicks = 0
        pendingJump = nil
    }

    /// Starts the stream again at `sequenceNumber`, the next packet to play.
    private func startOver(at sequenceNumber: UInt16) {
        clear()
        hasReference = true
        // Extended numbers start one cycle up so early reordering never goes negative.
        highest = Int64(sequenceNumber) + 65_536
        nextPlayout = highest
    }

    /// The ring position of extended sequence number `index`.
    func position(of index: Int64) -> Int {
        let capacity = Int64(configuration.capacity)
        return Int((index % capacity + capacity) % capacity)
    }
}
