import SIPCore

extension SIPDialog {
    /// Builds a request within the dialog (RFC 3261 §12.2.1.1) and advances the local CSeq.
    ///
    /// - Request-URI and Route: with an empty route set, or when the first route carries `lr`
    ///   (loose routing), the Request-URI is the remote target and Route lists the route set;
    ///   otherwise (strict routing) the Request-URI is the first route's URI and Route lists the
    ///   rest of the route set followed by the remote target. Parameters not allowed in a
    ///   Request-URI (`method`, URI headers; §19.1.1) are removed from it.
    /// - From = local address + local tag, To = remote address + remote tag, Call-ID.
    /// - CSeq = local CSeq + 1 (the first request of a UAS uses its initial value); ACK
    ///   repeats the number of the last INVITE sent in the dialog (§13.2.2.4) and does not
    ///   advance it. CANCEL is not an in-dialog request: it copies the INVITE it cancels (§9.1),
    ///   so it is `.notInDialog`.
    /// - Max-Forwards 70; Contact = `localContact` for target-refresh methods
    ///   (`targetRefreshMethods`); `extraHeaders` after them; Content-Length from `body`.
    ///
    /// `via` is written as given: the transaction layer owns the branch (§8.1.1.7, §17.1).
    /// On any error the dialog is unchanged.
    public mutating func makeRequest(method: SIPMethod, via: SIPVia, body: [UInt8] = [],
                                     contentType: String? = nil,
                                     extraHeaders: [SIPParameter] = []) throws(SIPDialogError) -> SIPMessage {
        guard state != .terminated else { throw .dialogTerminated }
        guard method != .cancel else { throw .notInDialog(method) }
        let sequence: UInt32
        if method == .ack {
            guard let invite = inviteSequence else { throw .noInviteToAcknowledge }
            sequence = invite
        } else if let last = localSequence {
            guard last < .max else { throw .sequenceExhausted }
            sequence = last + 1
        } else {
            sequence = initialLocalSequence
        }
        let (uri, routes) = requestTarget()
        var headers = [SIPParameter("Via", via.description), SIPParameter("Max-Forwards", "70")]
        headers += routes.map { SIPParameter("Route", $0.description) }
        var from = localAddress
        from.parameters.append(SIPParameter("tag", localTag))
        var to = remoteAddress
        to.parameters.append(SIPParameter("tag", remoteTag))
        headers += [
            SIPParameter("From", from.description),
            SIPParameter("To", to.description),
            SIPParameter("Call-ID", callID),
            SIPParameter("CSeq", SIPCSeq(sequence, method).description),
        ]
        if Self.targetRefreshMethods.contains(method) {
            headers.append(SIPParameter("Contact", localContact.description))
        }
        headers += extraHeaders
        let request: SIPMessage
        do throws(SIPParseError) {
            request = try SIPMessageBuilder.request(method: method, uri: uri, headers: headers, body: body,
                                                   contentType: contentType)
        } catch {
            throw .build(error)
        }
        if method != .ack {
            localSequence = sequence
            if method == .invite { inviteSequence = sequence }
        }
        return request
    }

    /// The Request-URI and Route values of the next request (RFC 3261 §12.2.1.1): loose
    /// routing when the route set is empty or its first entry has `lr`, strict otherwise.
    public func requestTarget() -> (requestURI: SIPURI, routes: [SIPNameAddress]) {
        guard let first = routeSet.first else { return (Self.requestURIForm(remoteTarget), []) }
        if first.uri.parameter("lr") != nil {
            return (Self.requestURIForm(remoteTarget), routeSet)
        }
        return (Self.requestURIForm(first.uri), Array(routeSet.dropFirst()) + [SIPNameAddress(uri: remoteTarget)])
    }

    /// The URI without the parts a Request-URI may not carry (RFC 3261 §19.1.1 table:
    /// `method` and headers).
    static func requestURIForm(_ uri: SIPURI) -> SIPURI {
        var copy = uri
        copy.parameters.removeAll { SIPDialogID.equalsIgnoringASCIICase($0.name, "method") }
        copy.headers = []
        return copy
    }
}
