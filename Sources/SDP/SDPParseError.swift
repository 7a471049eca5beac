/// A typed error from parsing a session description (RFC 8866 §5, §9), with the 1-based
/// number of the line where the problem was found.
public struct SDPParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem was found.
    public enum Kind: Sendable, Hashable {
        /// The input is empty.
        case emptyInput
        /// The first line is not a `v=` line (RFC 8866 §5.1).
        case missingVersion
        /// The `v=` value is not `0` (RFC 8866 §5.1).
        case unsupportedVersion(String)
        /// The session section has no `o=` line (RFC 8866 §5.2).
        case missingOrigin
        /// A line is empty (RFC 8866 §5 allows no blank lines).
        case emptyLine
        /// A line does not start with a type letter followed by `=` (RFC 8866 §5).
        case malformedLine
        /// A byte not allowed in SDP text: NUL, or a CR that does not end the line (RFC 8866 §9).
        case invalidCharacter(UInt8)
        /// The line is not valid UTF-8 (RFC 8866 §5: UTF-8 unless `a=charset` says otherwise;
        /// other character sets are not supported).
        case invalidUTF8
        /// A line that may appear once per section appears again (`v=`, `o=`, `s=`, `c=`).
        case duplicateLine(SDPLineType)
        /// A session-only line (`v=`, `o=`, `s=`, `u=`, `e=`, `p=`, `t=`, `r=`, `z=`) inside a
        /// media section (RFC 8866 §5 ordering).
        case misplacedLine(SDPLineType)
        /// The value of a known line type does not follow its grammar (`o=`, `c=`, `b=`, `t=`,
        /// `m=`; RFC 8866 §5.2–§5.14).
        case malformedValue(SDPLineType)
        /// The value of a known attribute does not follow its grammar (the name is given).
        case malformedAttribute(String)
    }

    /// What went wrong.
    public var kind: Kind
    /// The 1-based number of the offending line (0 when the input is empty).
    public var line: Int

    /// Creates an error.
    public init(_ kind: Kind, line: Int) {
        self.kind = kind
        self.line = line
    }

    /// A short English description naming the line.
    public var description: String {
        let what: String
        switch kind {
        case .emptyInput: what = "empty session description"
        case .missingVersion: what = "the first line is not v="
        case .unsupportedVersion(let value): what = "unsupported version v=\(value)"
        case .missingOrigin: what = "no o= line"
        case .emptyLine: what = "empty line"
        case .malformedLine: what = "not a <type>=<value> line"
        case .invalidCharacter(let byte): what = "invalid byte 0x" + SDPGrammar.hex(byte)
        case .invalidUTF8: what = "invalid UTF-8"
        case .duplicateLine(let type): what = "duplicate \(type)= line"
        case .misplacedLine(let type): what = "\(type)= line inside a media section"
        case .malformedValue(let type): what = "malformed \(type)= line"
        case .malformedAttribute(let name): what = "malformed a=\(name) attribute"
        }
        return "SDP line \(line): \(what)"
    }
}
