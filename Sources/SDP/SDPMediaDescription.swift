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

    /// Used by the parser and the answer writer: keeps the header exactly as given.
    init(header: SDPLine, mediaLine: SDPMediaLine, lines: [SDPLine]) {
        self.mediaLine = mediaLine
        self.header = header
        self.lines = lines
    }

    /// The media type of the `m=` line (`audio`, `video`, …).
    public var media: String { mediaLine.media }

    /// The port of the `m=` line; 0 means the stream is rejected or disabled (RFC 3264 §6).
    public var port: UInt16 { mediaLine.port }

    /// The formats of the `m=` line.
    public var formats: [String] { mediaLine.formats }

    /// True when the media type is `audio` (ASCII case-insensitive).
    var isAudio: Bool { SDPGrammar.withBytes(mediaLine.media) { $0.equalsIgnoringCase("audio") } }

    /// The `a=mid` identification tag (RFC 5888 §4).
    public var mid: String? { firstValue(.mid) { $0.string } }

    /// Every line of the description, the `m=` line first.
    public var allLines: [SDPLine] { [header] + lines }
}
