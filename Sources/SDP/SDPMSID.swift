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
        let fields = SDPGrammar.fields(value)
        guard (1...2).contains(fields.count), fields.allSatisfy({ SDPGrammar.isToken($0) }) else { return nil }
        streamID = String(fields[0])
        trackID = fields.count == 2 ? String(fields[1]) : nil
    }

    /// The value of `a=msid`.
    public var description: String {
        trackID.map { streamID + " " + $0 } ?? streamID
    }
}
