/// Builds the requests and responses a user agent sends (RFC 3261 §8.1.1, §8.2.6).
///
/// Every built message goes through the strict parser, so a value that would break the
/// framing (a CR or LF in a header value, a bad token) is a `SIPParseError`, never bytes on the wire.
public enum SIPMessageBuilder {
    /// Builds a request. `headers` are written in order after the start line; Content-Length is
    /// added (and replaced if given) to match `body`.
    public static func request(method: SIPMethod, uri: SIPURI, headers: [SIPParameter],
                               body: [UInt8] = [], contentType: String? = nil) throws(SIPParseError) -> SIPMessage {
        var text = "\(method) \(uri) SIP/2.0\r\n"
        try appendHeaders(&text, headers, body: body, contentType: contentType)
        return try SIPMessage(parsing: Array(text.utf8) + body)
    }

    /// Builds a request from the parts every request needs (RFC 3261 §8.1.1): Via with a fresh
    /// `branch`, Max-Forwards 70, From with `fromTag`, To, Call-ID, CSeq, then `extraHeaders`.
    public static func request(method: SIPMethod, uri: SIPURI, via: SIPVia, from: SIPNameAddress, to: SIPNameAddress,
                               callID: String, cseq: UInt32, contact: SIPNameAddress? = nil,
                               extraHeaders: [SIPParameter] = [], body: [UInt8] = [],
                               contentType: String? = nil) throws(SIPParseError) -> SIPMessage {
        var headers = [
            SIPParameter("Via", via.description),
            SIPParameter("Max-Forwards", "70"),
            SIPParameter("From", from.description),
            SIPParameter("To", to.description),
            SIPParameter("Call-ID", callID),
            SIPParameter("CSeq", SIPCSeq(cseq, method == .ack ? .ack : method).description),
        ]
        if let contact { headers.append(SIPParameter("Contact", contact.description)) }
        headers += extraHeaders
        return try request(method: method, uri: uri, headers: headers, body: body, contentType: contentType)
    }

    /// Builds a response to `request` (RFC 3261 §8.2.6): Via fields, From, Call-ID and CSeq are
    /// copied; To is copied with `toTag` added when it has none (not for 100); Record-Route is
    /// copied for 1xx/2xx answers to INVITE (§12.1.1); Timestamp is echoed on 100 (§8.2.6.1).
    public static func response(to request: SIPMessage, status: Int, reason: String? = nil, toTag: String? = nil,
                                headers extra: [SIPParameter] = [], body: [UInt8] = [],
                                contentType: String? = nil) throws(SIPParseError) -> SIPMessage {
        guard status >= 100, status <= 699 else { throw SIPParseError(.invalidStatusCode, offset: 0) }
        let phrase = reason ?? SIPStatus.reasonPhrase(status)
        if let bad = phrase.utf8.first(where: { $0 == 13 || $0 == 10 }) {
            throw SIPParseError(.invalidCharacter(bad), offset: 0)
        }
        var text = "SIP/2.0 \(status) \(phrase)\r\n"
        var headers: [SIPParameter] = []
        for span in request.spans {
            let name = request.text(span.lineStart..<span.nameEnd)
            let value = request.unfoldedValue(span)
            switch span.knownID {
            case SIPHeaderName.via.knownID, SIPHeaderName.from.knownID, SIPHeaderName.callID.knownID,
                 SIPHeaderName.cseq.knownID:
                headers.append(SIPParameter(name, value))
            case SIPHeaderName.to.knownID:
                var to = value
                if status > 100, let toTag, request.to?.tag == nil { to += ";tag=\(toTag)" }
                headers.append(SIPParameter(name, to))
            case SIPHeaderName.recordRoute.knownID where request.method == .invite && status < 300 && status > 100:
                headers.append(SIPParameter(name, value))
            case SIPHeaderName.timestamp.knownID where status == 100:
                headers.append(SIPParameter(name, value))
            default:
                break
            }
        }
        try appendHeaders(&text, headers + extra, body: body, contentType: contentType)
        return try SIPMessage(parsing: Array(text.utf8) + body)
    }

    /// The response a validator's rejection calls for, or nil when nothing is to be sent.
    public static func rejection(for request: SIPMessage, _ result: SIPValidationResult,
                                 toTag: String? = nil) -> SIPMessage? {
        guard let rejection = result.rejection, request.isRequest else { return nil }
        let reason = rejection.reason.utf8.count > 200 ? SIPStatus.reasonPhrase(rejection.status) : rejection.reason
        return try? response(to: request, status: rejection.status, reason: reason, toTag: toTag, headers: rejection.headers)
    }

    private static func appendHeaders(_ text: inout String, _ headers: [SIPParameter], body: [UInt8],
                                      contentType: String?) throws(SIPParseError) {
        for header in headers {
            let name = SIPHeaderName(header.name)
            if name == .contentLength || (contentType != nil && name == .contentType) { continue }
            try appendLine(&text, header.name, header.value ?? "")
        }
        if let contentType { try appendLine(&text, "Content-Type", contentType) }
        text += "Content-Length: \(body.count)\r\n\r\n"
    }

    private static func appendLine(_ text: inout String, _ name: String, _ value: String) throws(SIPParseError) {
        guard SIPCharacterClass.isToken(Array(name.utf8)) else {
            throw SIPParseError(.malformedHeaderLine, offset: text.utf8.count, header: name)
        }
        if let bad = value.utf8.first(where: { $0 == 13 || $0 == 10 || $0 == 0 }) {
            throw SIPParseError(.invalidCharacter(bad), offset: text.utf8.count, header: name)
        }
        text += "\(name): \(value)\r\n"
    }
}
