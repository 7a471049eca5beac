extension SIPMessage {
    /// The bytes of the first field named `name`, exactly as in the message: not unfolded, with
    /// the white space around the value trimmed (RFC 3261 §7.3.1). `nil` when there is no such
    /// field.
    ///
    /// For byte-level fast paths (transaction matching reads the top Via and the CSeq this way,
    /// RFC 3261 §17.1.3, §17.2.3) that hand anything unusual to the typed parsers. The slice
    /// shares the message's storage: no copy.
    public func rawFirstValue(_ name: SIPHeaderName) -> ArraySlice<UInt8>? {
        for span in spans where matches(span, name) {
            return storage[span.valueStart..<span.valueEnd]
        }
        return nil
    }

    /// The method bytes of a request's start line (case-sensitive, RFC 3261 §7.1); `nil` for a
    /// response. The slice shares the message's storage: no copy.
    public var rawMethod: ArraySlice<UInt8>? {
        guard case .request(let method, _, _) = startLine else { return nil }
        return storage[method]
    }
}
