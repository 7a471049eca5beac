/// Playout: one frame per tick, and the delay adaptation that runs with it (RFC 3550 §6.4.1).
extension RTPJitterBuffer {
    /// What a playing tick does besides playing the head.
    private enum Adjustment {
        /// Play the head.
        case none
        /// Hold the tick back (answer `.empty`) to let the buffer grow to the target.
        case hold
        /// Drop the head frame and play the next, to shrink the delay by one frame.
        case discard
    }

    /// Hands the next frame to `body`; call it once per playout tick (every `frameSamples`
    /// timestamp units of audio). Payload pointers are valid only inside `body`, which must not
    /// call back into the buffer.
    public func pop<R>(_ body: (RTPJitterBufferFrame) throws -> R) rethrows -> R {
        guard hasReference else { return try body(.empty) }
        if !isPlaying {
            guard readyToPlay() else { return try body(.empty) }
            isPlaying = true
            waitedTicks = 0
            holdBudget = 0
            excessTicks = 0
        }
        guard nextPlayout <= highest else {
            // Ran dry: buffer again; the next packet tells an underrun from a pause.
            isPlaying = false
            awaitingResume = true
            waitedTicks = 0
            return try body(.empty)
        }
        switch adjustment() {
        case .none:
            break
        case .hold:
            counters.held += 1
            return try body(.empty)
        case .discard:
            let place = position(of: nextPlayout)
            if slots[place].holds(nextPlayout) { counters.discarded += 1 }
            slots[place].state = .passed
            slots[place].index = nextPlayout
            nextPlayout += 1
        }
        return try playHead(body)
    }

    /// While buffering: whether playout may start. Before the first frame of a stream, the
    /// playout point is the lowest packet received; after running dry, the point moves past
    /// lost packets to the first one buffered. Ready when `targetDelay` frames are buffered from
    /// there, or the first one has waited `targetDelay` ticks.
    private func readyToPlay() -> Bool {
        var first = nextPlayout
        while first <= highest && !slots[position(of: first)].holds(first) { first += 1 }
        guard first <= highest else {
            waitedTicks = 0
            return false
        }
        waitedTicks += 1
        while nextPlayout < first {
            let place = position(of: nextPlayout)
            slots[place].state = .passed
            slots[place].index = nextPlayout
            nextPlayout += 1
        }
        return currentDelay >= targetDelay || waitedTicks >= targetDelay
    }

    /// Adapts the target and decides whether this tick holds, discards or plays.
    private func adjustment() -> Adjustment {
        let period = configuration.adaptationPeriod
        if desiredDelay < targetDelay {
            calmTicks += 1
            if calmTicks >= period {
                targetDelay -= 1
                calmTicks = 0
            }
        } else {
            calmTicks = 0
        }
        let delay = currentDelay
        if delay >= targetDelay {
            holdBudget = 0
        } else if holdBudget > 0 {
            holdBudget -= 1
            excessTicks = 0
            return .hold
        }
        excessTicks = delay > targetDelay ? excessTicks + 1 : 0
        guard excessTicks >= period else { return .none }
        excessTicks = 0
        return .discard
    }

    /// Plays the frame at the playout point: its packet, or a missing frame with the next
    /// packet's payload when that one is buffered.
    private func playHead<R>(_ body: (RTPJitterBufferFrame) throws -> R) rethrows -> R {
        let index = nextPlayout
        let place = position(of: index)
        nextPlayout += 1
        hasPlayed = true
        let slot = slots[place]
        if slot.holds(index) {
            slots[place].state = .played
            counters.played += 1
            lastPlayedIndex = index
            lastPlayedTimestamp = slot.timestamp
            return try body(.packet(payload: payload(at: place, length: slot.length),
                                    sequenceNumber: UInt16(truncatingIfNeeded: index),
                                    timestamp: slot.timestamp, marker: slot.marker))
        }
        slots[place].state = .passed
        slots[place].index = index
        counters.lost += 1
        let nextPlace = position(of: index + 1)
        guard slots[nextPlace].holds(index + 1) else { return try body(.missing(nextPayload: nil)) }
        counters.recoverable += 1
        return try body(.missing(nextPayload: payload(at: nextPlace, length: slots[nextPlace].length)))
    }

    /// The stored payload of ring position `place`.
    private func payload(at place: Int, length: Int) -> UnsafeRawBufferPointer {
        let start = place * configuration.maxPayloadSize
        return UnsafeRawBufferPointer(rebasing: storage[start..<(start + length)])
    }
}
