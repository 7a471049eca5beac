import SIPCore

extension InviteClientStateMachine {
    /// Builds the ACK for a non-2xx final response to `request` (RFC 3261 §17.1.1.3): the
    /// request's Request-URI, Call-ID, From and CSeq number (method ACK), the To of the
    /// response (with its tag), only the request's top Via, and the request's Route fields.
    ///
    /// Returns `nil` when a header cannot be copied (a malformed response); the transaction then
    /// sends no ACK and the server's Timer H ends its side.
    public static func makeACK(for request: SIPMessage, response: SIPMessage) -> SIPMessage? {
        guard let uri = request.requestURI, let topVia = request.topVia, let cseq = request.cseq,
              let from = request.value(.from), let callID = request.value(.callID),
              let to = response.value(.to) else { return nil }
        var headers: [SIPParameter] = [
            SIPParameter("Via", topVia.description),
            SIPParameter("Max-Forwards", "70"),
            SIPParameter("From", from),
            SIPParameter("To", to),
            SIPParameter("Call-ID", callID),
            SIPParameter("CSeq", SIPCSeq(cseq.sequence, .ack).description),
        ]
        for route in request.values(.route) {
            headers.append(SIPParameter("Route", route))
        }
        return try? SIPMessageBuilder.request(method: .ack, uri: uri, headers: headers)
    }
}
