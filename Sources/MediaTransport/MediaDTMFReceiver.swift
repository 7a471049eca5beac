import RTP

/// Turns received RFC 4733 packets into digits (RFC 4733 §2.5.2): one digit per event
/// timestamp, reported at its first end packet (the repeated ends are ignored) or, when every
/// end packet was lost, when the next event starts.
struct MediaDTMFReceiver {
    private var currentTimestamp: UInt32?
    private var currentEvent: RTPTelephoneEvent?
    private var reported = false

    /// A finished digit and its duration.
    struct Ended {
        var digit: Character
        var duration: Duration
    }

    /// Handles one event payload; returns the digit that ended with it, if any.
    mutating func receive(payload: UnsafeRawBufferPointer, timestamp: UInt32, clockRate: Int) -> Ended? {
        guard let event = try? RTPTelephoneEvent(parsing: payload) else { return nil }
        var ended: Ended?
        if timestamp != currentTimestamp {
            // A new event; the previous one ended without an end packet we saw.
            if let previous = currentEvent, !reported { ended = Self.ended(previous, clockRate: clockRate) }
            currentTimestamp = timestamp
            currentEvent = event
            reported = false
        } else {
            currentEvent = event
        }
        if event.isEnd, !reported {
            reported = true
            return Self.ended(event, clockRate: clockRate) ?? ended
        }
        return ended
    }

    private static func ended(_ event: RTPTelephoneEvent, clockRate: Int) -> Ended? {
        guard let digit = event.dtmfCharacter, clockRate > 0 else { return nil }
        let milliseconds = Int(event.duration) * 1000 / clockRate
        return Ended(digit: digit, duration: .milliseconds(milliseconds))
    }
}
