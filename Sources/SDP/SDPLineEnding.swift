/// How one SDP line ended on the wire (RFC 8866 §5: CRLF, with a lone LF tolerated).
///
/// Kept per line so that serializing a parsed session gives back the bytes that were read.
public enum SDPLineEnding: Sendable, Hashable {
    /// CR LF, the form RFC 8866 §5 requires.
    case crlf
    /// A lone LF, which RFC 8866 §5 asks parsers to accept.
    case lf
    /// No line ending: the last line of an input that does not end with one.
    case none

    /// The bytes of this ending.
    public var bytes: [UInt8] {
        switch self {
        case .crlf: [0x0D, 0x0A]
        case .lf: [0x0A]
        case .none: []
        }
    }

    /// The number of bytes of this ending.
    var count: Int {
        switch self {
        case .crlf: 2
        case .lf: 1
        case .none: 0
        }
    }

    /// Appends the bytes of this ending to `out`.
    @inline(__always) func write(to out: inout [UInt8]) {
        switch self {
        case .crlf:
            out.append(0x0D)
            out.append(0x0A)
        case .lf: out.append(0x0A)
        case .none: break
        }
    }
}
