/// The packets that signal one event, such as a DTMF digit (RFC 4733 §2.5.1): values only;
/// the caller sends one per packet interval with consecutive sequence numbers.
///
/// The first packet has the marker bit; each update carries the duration so far (one interval,
/// two, …); the end is reported `endRepetitions` times (RFC 4733 §2.5.1.4: three) with the
/// final duration and the E bit. Every packet of a segment has the event's start timestamp
/// (`timestampOffset` 0). An event longer than 0xFFFF timestamp units is cut into segments
/// (RFC 4733 §2.5.1.3): a segment ends with a report of 0xFFFF (no E bit) and the next starts
/// 0xFFFF units later, without the marker.
public struct RTPTelephoneEventSequence: Sendable, Hashable {
    /// One packet of the sequence.
    public struct Packet: Sendable, Hashable {
        /// The payload.
        public var payload: RTPTelephoneEvent
        /// The RTP marker bit: set on the first packet of the event only.
        public var marker: Bool
        /// Added to the event's start RTP timestamp: 0, or the start of a later segment.
        public var timestampOffset: UInt32
    }

    /// Upper bound on the number of packets, against absurd inputs.
    static let maxPackets: Int64 = 65_536

    /// The packets, in sending order.
    public let packets: [Packet]

    /// Describes an event of `duration` sent every `packetInterval` with a `clockRate` Hz RTP
    /// clock (8000 for `telephone-event/8000`, 48000 for `telephone-event/48000`);
    /// `endRepetitions` is 1–255.
    public init(event: UInt8, volume: UInt8 = 10, duration: Duration, packetInterval: Duration,
                clockRate: Int, endRepetitions: Int = 3) throws(RTPWriteError) {
        guard volume <= 63 else { throw .valueOutOfRange(.volume, Int(volume)) }
        guard clockRate > 0 else { throw .valueOutOfRange(.telephoneEventTiming, clockRate) }
        guard (1...255).contains(endRepetitions) else {
            throw .valueOutOfRange(.telephoneEventTiming, endRepetitions)
        }
        let total = try Self.timestampUnits(duration, clockRate: clockRate)
        let interval = try Self.timestampUnits(packetInterval, clockRate: clockRate)
        guard total > 0, interval > 0, total / interval + 2 + Int64(endRepetitions) <= Self.maxPackets else {
            throw .valueOutOfRange(.telephoneEventTiming, Int(clamping: total))
        }
        var packets: [Packet] = []
        var segmentStart: Int64 = 0
        func report(_ elapsed: Int64, isEnd: Bool, times: Int = 1) {
            while elapsed - segmentStart > 0xFFFF {
                packets.append(Packet(
                    payload: RTPTelephoneEvent(event: event, volume: volume, duration: 0xFFFF),
                    marker: packets.isEmpty, timestampOffset: UInt32(truncatingIfNeeded: segmentStart)))
                segmentStart += 0xFFFF
            }
            for _ in 0..<times {
                packets.append(Packet(
                    payload: RTPTelephoneEvent(event: event, isEnd: isEnd, volume: volume,
                                               duration: UInt16(elapsed - segmentStart)),
                    marker: packets.isEmpty, timestampOffset: UInt32(truncatingIfNeeded: segmentStart)))
            }
        }
        var elapsed = interval
        while elapsed < total {
            report(elapsed, isEnd: false)
            elapsed += interval
        }
        report(total, isEnd: true, times: endRepetitions)
        self.packets = packets
    }

    /// `duration` in ticks of a `clockRate` Hz clock, rounded to the nearest tick.
    static func timestampUnits(_ duration: Duration, clockRate: Int) throws(RTPWriteError) -> Int64 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0, attoseconds >= 0 else {
            throw .valueOutOfRange(.telephoneEventTiming, Int(clamping: seconds))
        }
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: Int64(clockRate))
        guard !overflow, whole < Int64(UInt32.max) else {
            throw .valueOutOfRange(.telephoneEventTiming, Int(clamping: seconds))
        }
        let product = UInt64(attoseconds).multipliedFullWidth(by: UInt64(clockRate))
        let perSecond = NTPTimestamp.attosecondsPerSecond
        guard product.high < perSecond else { throw .valueOutOfRange(.telephoneEventTiming, clockRate) }
        let (quotient, remainder) = perSecond.dividingFullWidth(product)
        return whole + Int64(quotient) + (remainder >= perSecond / 2 ? 1 : 0)
    }
}
