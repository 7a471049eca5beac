/// The CSeq header value (RFC 3261 §20.16): a sequence number and the request method.
public struct SIPCSeq: Sendable, Hashable, CustomStringConvertible {
    /// The sequence number, at most 2³² − 1.
    public var sequence: UInt32
    /// The method, which must equal the request's method.
    public var method: SIPMethod

    /// Creates a CSeq value.
    public init(_ sequence: UInt32, _ method: SIPMethod) {
        self.sequence = sequence
        self.method = method
    }

    /// `sequence METHOD`
    public var description: String { writtenText }

    static func parse(_ scanner: inout SIPHeaderScanner) throws(SIPParseError) -> SIPCSeq {
        scanner.skipLWS()
        let number = try scanner.number(max: UInt64(UInt32.max), "sequence number")
        let before = scanner.index
        scanner.skipLWS()
        guard !scanner.atEnd else { throw scanner.error("expected method") }
        guard scanner.index > before else { throw scanner.error("expected white space after the sequence number") }
        let method = try scanner.token("method")
        return SIPCSeq(UInt32(number), SIPMethod(method))
    }
}
