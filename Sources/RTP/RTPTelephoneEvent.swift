/// One RFC 4733 telephone-event payload: event code, end bit, volume and duration
/// (RFC 4733 §2.3).
public struct RTPTelephoneEvent: Sendable, Hashable {
    /// Size of the payload.
    public static let size = 4
    /// The DTMF characters for event codes 0–15 (RFC 4733 §3.2).
    static let dtmfCharacters: [Character] = Array("0123456789*#ABCD")

    /// The event code (0–9, 10 `*`, 11 `#`, 12–15 A–D for DTMF).
    public var event: UInt8
    /// The E bit: this packet reports the end of the event.
    public var isEnd: Bool
    /// The power level in −dBm0, 0–63 (RFC 4733 §2.3.4).
    public var volume: UInt8
    /// Duration since the event began, in timestamp units (RFC 4733 §2.3.5).
    public var duration: UInt16

    /// Creates an event payload.
    public init(event: UInt8, isEnd: Bool = false, volume: UInt8 = 10, duration: UInt16) {
        self.event = event
        self.isEnd = isEnd
        self.volume = volume
        self.duration = duration
    }

    /// Reads a 4-byte payload; the reserved R bit is ignored (RFC 4733 §2.3.3).
    public init(parsing payload: some Collection<UInt8>) throws(RTPParseError) {
        guard payload.count == Self.size else {
            throw RTPParseError(.invalidTelephoneEventLength(payload.count), offset: 0)
        }
        var bytes = payload.makeIterator()
        let event = bytes.next() ?? 0
        let flags = bytes.next() ?? 0
        let high = bytes.next() ?? 0
        let low = bytes.next() ?? 0
        self.init(event: event, isEnd: flags & 0x80 != 0, volume: flags & 0x3F,
                  duration: UInt16(high) << 8 | UInt16(low))
    }

    /// The event for a DTMF character `0`–`9`, `*`, `#`, `A`–`D` (lower case accepted).
    public init?(dtmf character: Character, isEnd: Bool = false, volume: UInt8 = 10, duration: UInt16 = 0) {
        let upper = Character(character.uppercased())
        guard let index = Self.dtmfCharacters.firstIndex(of: upper) else { return nil }
        self.init(event: UInt8(index), isEnd: isEnd, volume: volume, duration: duration)
    }

    /// The DTMF character for event codes 0–15.
    public var dtmfCharacter: Character? {
        event < 16 ? Self.dtmfCharacters[Int(event)] : nil
    }

    /// The payload as one big-endian word: event, E|R|volume, duration.
    public func wireValue() throws(RTPWriteError) -> UInt32 {
        guard volume <= 63 else { throw .valueOutOfRange(.volume, Int(volume)) }
        return UInt32(event) << 24 | UInt32((isEnd ? 0x80 : 0) | volume) << 16 | UInt32(duration)
    }

    /// The 4 payload bytes.
    public func encoded() throws(RTPWriteError) -> [UInt8] {
        let value = try wireValue()
        return [UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16),
                UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
    }

    /// Writes the 4 payload bytes at the start of `buffer`; returns 4.
    @discardableResult
    public func write(into buffer: UnsafeMutableRawBufferPointer) throws(RTPWriteError) -> Int {
        let value = try wireValue()
        guard buffer.count >= Self.size else { throw .bufferTooSmall(needed: Self.size, available: buffer.count) }
        buffer.rtpStore(value, at: 0)
        return Self.size
    }
}
