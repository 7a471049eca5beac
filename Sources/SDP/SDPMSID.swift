/// `a=msid:<stream id> [<track id>]` (RFC 8830 §2), the media stream and track of a
/// sending stream. Chromium writes `-` as the stream id when the track has no stream.
public struct SDPMSID: Sendable, Hashable, CustomStringConvertible {
    /// The MediaStream identifier (`msid-id`).
    public var streamID: String
    /// The track identifier (`msid-appdata`), when given.
    public var trackID: String?

    /// Creates an msid (RFC 8830 §2).
    public init(streamID: String, trackID: String? = nil) {
        self.streamID = streamID
        self.trackID = trackID
    }

    /// Parses the value of `a=msid` (RFC 8830 §2): one or two tokens; nil otherwise.
    public init?(parsing value: some StringProtocol) {
        guard let msid = SDPGrammar.withBytes(value, { SDPMSID(bytes: $0) }) else { return nil }
        self = msid
    }

    /// Parses the bytes of an `a=msid` value.
    init?(bytes: UnsafeBufferPointer<UInt8>) {
        guard let (stream, track) = Self.scan(bytes) else { return nil }
        streamID = stream.string
        trackID = track?.string
    }

    /// True when the bytes are a valid `a=msid` value.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { scan(bytes) != nil }

    /// One or two token fields.
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>)
        -> (stream: UnsafeBufferPointer<UInt8>, track: UnsafeBufferPointer<UInt8>?)? {
        var fields = SDPFields(bytes)
        guard let stream = fields.next(), stream.isToken else { return nil }
        guard let track = fields.next() else { return (stream, nil) }
        guard track.isToken, fields.next() == nil else { return nil }
        return (stream, track)
    }

    /// The value of `a=msid`.
    public var description: String {
        trackID.map { streamID + " " + $0 } ?? streamID
    }
}
