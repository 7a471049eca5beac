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
        guard let line = SDPGrammar.withBytes(value, { SDPMediaLine(bytes: $0) }) else { return nil }
        self = line
    }

    /// Parses the bytes of an `m=` value (one pass over the fields, then the Strings).
    init?(bytes: UnsafeBufferPointer<UInt8>) {
        var fields = SDPFields(bytes)
        guard let media = fields.next(), media.isToken, let portText = fields.next(), let proto = fields.next(),
              Self.isProto(proto) else { return nil }
        if let (port, count) = portText.split(at: 0x2F) {
            guard let portNumber = port.number(as: UInt16.self), let countNumber = count.number(as: UInt16.self)
            else { return nil }
            self.port = portNumber
            portCount = countNumber
        } else {
            guard let portNumber = portText.number(as: UInt16.self) else { return nil }
            self.port = portNumber
            portCount = nil
        }
        let formatStart = fields
        var formatCount = 0
        while let format = fields.next() {
            guard format.isToken else { return nil }
            formatCount += 1
        }
        guard formatCount > 0 else { return nil }
        var formats: [String] = []
        formats.reserveCapacity(formatCount)
        fields = formatStart
        while let format = fields.next() { formats.append(format.string) }
        self.media = media.string
        self.proto = proto.string
        self.formats = formats
    }

    /// `token *("/" token)`: tokens separated by single slashes.
    private static func isProto(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var partLength = 0
        for byte in bytes {
            if byte == 0x2F {
                if partLength == 0 { return false }
                partLength = 0
            } else {
                guard SDPByteSet.token.contains(byte) else { return false }
                partLength += 1
            }
        }
        return partLength > 0
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
