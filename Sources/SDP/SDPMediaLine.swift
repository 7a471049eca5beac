/// The `m=` line: `<media> <port>[/<number of ports>] <proto> <fmt> ...` (RFC 8866 §5.14).
public struct SDPMediaLine: Sendable, Hashable, CustomStringConvertible {
    /// The media type: `audio`, `video`, `application`, …
    public var media: String
    /// The transport port; 0 marks a rejected or disabled stream (RFC 3264 §5.1, §6).
    public var port: UInt16
    /// The number of ports after a slash, when given.
    public var portCount: UInt16?
    /// The transport protocol, e.g. `RTP/AVP` or `UDP/TLS/RTP/SAVPF`.
    public var proto: String
    /// The media formats (RTP payload types for RTP profiles), in preference order.
    public var formats: [String]

    /// Creates a media line (RFC 8866 §5.14).
    public init(media: String, port: UInt16, portCount: UInt16? = nil, proto: String, formats: [String]) {
        self.media = media
        self.port = port
        self.portCount = portCount
        self.proto = proto
        self.formats = formats
    }

    /// Parses the value of an `m=` line (RFC 8866 §5.14); nil when it does not follow the
    /// grammar (at least one format, a port that fits 16 bits, a `token *("/" token)` proto).
    public init?(parsing value: some StringProtocol) {
        let fields = SDPGrammar.fields(value)
        guard fields.count >= 4, SDPGrammar.isToken(fields[0]) else { return nil }
        if let (port, count) = SDPGrammar.splitAt(fields[1], byte: 0x2F) {
            guard let portNumber = SDPGrammar.port(port), let countNumber = SDPGrammar.number(count, as: UInt16.self)
            else { return nil }
            self.port = portNumber
            portCount = countNumber
        } else {
            guard let portNumber = SDPGrammar.port(fields[1]) else { return nil }
            self.port = portNumber
            portCount = nil
        }
        let protoParts = fields[2].utf8.split(separator: 0x2F, omittingEmptySubsequences: false)
        guard protoParts.allSatisfy({ SDPGrammar.isToken(Substring($0)) }) else { return nil }
        guard fields[3...].allSatisfy({ SDPGrammar.isToken($0) }) else { return nil }
        media = String(fields[0])
        proto = String(fields[2])
        formats = fields[3...].map(String.init)
    }

    /// The value of the `m=` line.
    public var description: String {
        var text = media + " " + String(port)
        if let portCount { text += "/" + String(portCount) }
        text += " " + proto
        for format in formats { text += " " + format }
        return text
    }
}
