/// Builds the requests and responses a user agent sends (RFC 3261 §8.1.1, §8.2.6).
///
/// Messages are assembled byte by byte with their spans (no text is re-parsed); anything that
/// would break the framing (a CR, LF or NUL in a header value, a bad token, white space in the
/// Request-URI) is a `SIPParseError`, never bytes on the wire.
public enum SIPMessageBuilder {
    /// Builds a request. `headers` are written in order after the start line; Content-Length is
    /// added (and replaced if given) to match `body`.
    public static func request(method: SIPMethod, uri: SIPURI, headers: [SIPParameter],
                               body: [UInt8] = [], contentType: String? = nil) throws(SIPParseError) -> SIPMessage {
        var assembler = try SIPMessageAssembler(method: method, uri: uri, capacity: 512 + body.count)
        try appendHeaders(&assembler, headers, contentType: contentType)
        return assembler.finish(body: body)
    }

    /// Builds a request from the parts every request needs (RFC 3261 §8.1.1): Via with a fresh
    /// `branch`, Max-Forwards 70, From with `fromTag`, To, Call-ID, CSeq, then `extraHeaders`.
    public static func request(method: SIPMethod, uri: SIPURI, via: SIPVia, from: SIPNameAddress, to: SIPNameAddress,
                               callID: String, cseq: UInt32, contact: SIPNameAddress? = nil,
                               extraHeaders: [SIPParameter] = [], body: [UInt8] = [],
                               contentType: String? = nil) throws(SIPParseError) -> SIPMessage {
        // The typed values are written straight into the message (no intermediate Strings).
        var assembler = try SIPMessageAssembler(method: method, uri: uri, capacity: 512 + body.count)
        try assembler.knownHeader("Via", .via, via)
        try assembler.knownHeader("Max-Forwards", .maxForwards, text: "70")
        try assembler.knownHeader("From", .from, from)
        try assembler.knownHeader("To", .to, to)
        try assembler.knownHeader("Call-ID", .callID, text: callID)
        try assembler.knownHeader("CSeq", .cseq, SIPCSeq(cseq, method))
        if let contact { try assembler.knownHeader("Contact", .contact, contact) }
        try appendHeaders(&assembler, extraHeaders, contentType: contentType)
        return assembler.finish(body: body)
    }

    /// Builds a response to `request` (RFC 3261 §8.2.6): Via fields, From, Call-ID and CSeq are
    /// copied; To is copied with `toTag` added when it has none (not for 100); Record-Route is
    /// copied for 1xx/2xx answers to INVITE (§12.1.1); Timestamp is echoed on 100 (§8.2.6.1).
    public static func response(to request: SIPMessage, status: Int, reason: String? = nil, toTag: String? = nil,
                                headers extra: [SIPParameter] = [], body: [UInt8] = [],
                                contentType: String? = nil) throws(SIPParseError) -> SIPMessage {
        guard status >= 100, status <= 699 else { throw SIPParseError(.invalidStatusCode, offset: 0) }
        var assembler = try SIPMessageAssembler(status: status, reason: reason ?? SIPStatus.reasonPhrase(status),
                                                capacity: request.storage.count / 2 + 256 + body.count)
        for span in request.spans {
            switch span.knownID {
            case SIPHeaderName.via.knownID, SIPHeaderName.from.knownID, SIPHeaderName.callID.knownID,
                 SIPHeaderName.cseq.knownID:
                assembler.copy(span, from: request)
            case SIPHeaderName.to.knownID:
                if status > 100, let toTag, !mayHaveTag(span, in: request) || request.to?.tag == nil {
                    guard toTag.utf8.allSatisfy(SIPCharacterClass.isToken), !toTag.isEmpty else {
                        throw SIPParseError(.invalidHeaderValue("tag is not a token"), offset: 0, header: "To")
                    }
                    assembler.copy(span, from: request, tag: toTag)
                } else {
                    assembler.copy(span, from: request)
                }
            case SIPHeaderName.recordRoute.knownID where request.method == .invite && status < 300 && status > 100:
                assembler.copy(span, from: request)
            case SIPHeaderName.timestamp.knownID where status == 100:
                assembler.copy(span, from: request)
            default:
                break
            }
        }
        try appendHeaders(&assembler, extra, contentType: contentType)
        return assembler.finish(body: body)
    }

    /// The response a validator's rejection calls for, or nil when nothing is to be sent.
    public static func rejection(for request: SIPMessage, _ result: SIPValidationResult,
                                 toTag: String? = nil) -> SIPMessage? {
        guard let rejection = result.rejection, request.isRequest else { return nil }
        let reason = rejection.reason.utf8.count > 200 ? SIPStatus.reasonPhrase(rejection.status) : rejection.reason
        return try? response(to: request, status: rejection.status, reason: reason, toTag: toTag, headers: rejection.headers)
    }

    /// False when the field's bytes do not even contain "tag" (any case), so that the usual
    /// untagged To of a new request is not fully parsed just to learn it has no tag.
    private static func mayHaveTag(_ span: SIPFieldSpan, in message: SIPMessage) -> Bool {
        let value = message.storage[span.valueStart..<span.valueEnd]
        var i = value.startIndex
        while i + 2 < value.endIndex {
            if value[i] | 0x20 == 116, value[i + 1] | 0x20 == 97, value[i + 2] | 0x20 == 103 { return true }
            i += 1
        }
        return false
    }

    private static func appendHeaders(_ assembler: inout SIPMessageAssembler, _ headers: [SIPParameter],
                                      contentType: String?) throws(SIPParseError) {
        for header in headers {
            // Content-Length is always computed; a given Content-Type yields to `contentType`.
            if SIPText.equalsIgnoringCase(header.name, "Content-Length") || SIPText.equalsIgnoringCase(header.name, "l")
                || (contentType != nil && (SIPText.equalsIgnoringCase(header.name, "Content-Type")
                                           || SIPText.equalsIgnoringCase(header.name, "c"))) { continue }
            try assembler.header(header.name, header.value ?? "")
        }
        if let contentType { try assembler.header("Content-Type", contentType) }
    }
}
