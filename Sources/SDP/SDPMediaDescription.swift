/// One media description: an `m=` line and the lines that follow it up to the next `m=`
/// (RFC 8866 §5, §5.14).
///
/// The `m=` line is kept both as read (`header`, for lossless serialization) and parsed
/// (`mediaLine`); assigning `mediaLine` rewrites the header.
public struct SDPMediaDescription: SDPSection, Sendable, Hashable {
    /// The parsed `m=` line. Setting it rewrites `header` (its line ending is kept).
    public var mediaLine: SDPMediaLine {
        didSet { header.value = mediaLine.description }
    }
    /// The `m=` line as read or last written.
    public private(set) var header: SDPLine
    /// The lines after the `m=` line, in wire order.
    public var lines: [SDPLine]

    /// Creates a media description from a parsed media line and the lines that follow it.
    public init(mediaLine: SDPMediaLine, lines: [SDPLine] = [], ending: SDPLineEnding = .crlf) {
        self.mediaLine = mediaLine
        header = SDPLine(.media, mediaLine.description, ending: ending)
        self.lines = lines
    }

    /// Used by the parser: keeps the header exactly as read.
    init(header: SDPLine, mediaLine: SDPMediaLine) {
        self.mediaLine = mediaLine
        self.header = header
        lines = []
    }

    /// The media type of the `m=` line (`audio`, `video`, …).
    public var media: String { mediaLine.media }

    /// The port of the `m=` line; 0 means the stream is rejected or disabled (RFC 3264 §6).
    public var port: UInt16 { mediaLine.port }

    /// The formats of the `m=` line.
    public var formats: [String] { mediaLine.formats }

    /// The `a=mid` identification tag (RFC 5888 §4).
    public var mid: String? { attributeValue("mid") }

    /// Every line of the description, the `m=` line first.
    public var allLines: [SDPLine] { [header] + lines }
}
