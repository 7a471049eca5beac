import RTP

/// The RFC 4733 events still to send for queued DTMF digits, one packet per 20 ms tick
/// (RFC 4733 §2.5.1): a digit's updates, its end packet three times, then a gap of audio.
struct MediaDTMFSender {
    private var digits: [UInt8] = []
    private var packets: [RTPTelephoneEventSequence.Packet] = []
    private var index = 0
    private var eventStart: UInt32 = 0
    private var gapTicks = 0
    private var gapLength = 3
    private var scale: (numerator: UInt32, denominator: UInt32) = (1, 1)
    private var sequenceDuration: Duration = .milliseconds(100)
    private var eventClockRate = 8_000

    /// Whether digits are queued or being sent.
    var isActive: Bool { !digits.isEmpty || index < packets.count }

    /// Queues digits (`0-9*#A-D`); false when one is not a DTMF character (nothing is queued).
    mutating func enqueue(_ text: String, clockRate: Int, streamClockRate: Int, duration: Duration, gap: Duration) -> Bool {
        var codes: [UInt8] = []
        for character in text {
            guard let event = RTPTelephoneEvent(dtmf: character) else { return false }
            codes.append(event.event)
        }
        digits.append(contentsOf: codes)
        eventClockRate = clockRate
        sequenceDuration = duration
        scale = (UInt32(max(1, streamClockRate)), UInt32(max(1, clockRate)))
        gapLength = max(1, Int(gap / .milliseconds(20)))
        return true
    }

    /// The event packet to send at this tick, or nil to send audio (idle or in a gap).
    mutating func next(currentTimestamp: UInt32) -> (RTPTelephoneEvent, UInt32, Bool)? {
        if index < packets.count {
            let packet = packets[index]
            index += 1
            if index == packets.count { gapTicks = gapLength }
            let offset = packet.timestampOffset &* scale.numerator / scale.denominator
            return (packet.payload, eventStart &+ offset, packet.marker)
        }
        if gapTicks > 0 {
            gapTicks -= 1
            return nil
        }
        guard !digits.isEmpty else { return nil }
        let code = digits.removeFirst()
        guard let sequence = try? RTPTelephoneEventSequence(event: code, duration: sequenceDuration,
                                                            packetInterval: .milliseconds(20),
                                                            clockRate: eventClockRate) else { return nil }
        packets = sequence.packets
        index = 0
        eventStart = currentTimestamp
        return next(currentTimestamp: currentTimestamp)
    }
}
