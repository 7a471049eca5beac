import SIPCore
import SIPTransaction

extension SIPCallStateMachine {
    /// A request for this call: CANCEL of the incoming INVITE (RFC 3261 §9.2) or a request in
    /// the dialog (§12.2.2: BYE §15.1.2, INFO RFC 6086, re-INVITE §14.2, OPTIONS §11).
    mutating func receiveRequest(_ request: SIPMessage, key: SIPTransactionKey, into actions: inout [SIPCallAction]) {
        guard let method = request.method else { return }
        if method == .cancel {
            receiveCancel(request, key: key, into: &actions)
            return
        }
        guard var current = dialog else {
            reply(request, key: key, status: 481, into: &actions)
            return
        }
        do throws(SIPDialogError) {
            try current.receive(request)
        } catch {
            reply(request, key: key, status: error.responseStatus, into: &actions)
            return
        }
        dialog = current
        switch method {
        case .bye:
            reply(request, key: key, status: 200, into: &actions)
            receiveBye(request, into: &actions)
        case .info:
            reply(request, key: key, status: 200, into: &actions)
            guard end == nil else { return }
            if let type = request.contentType?.mediaType,
               let dtmf = SIPDTMFRelay.parse(contentType: type, body: request.body) {
                actions.append(.emit(.dtmfReceived(tone: dtmf.tone, duration: dtmf.duration)))
            } else {
                actions.append(.emit(.infoReceived(request)))
            }
        case .invite:
            receiveReinvite(request, key: key, into: &actions)
        case .options:
            reply(request, key: key, status: 200, headers: capabilityHeaders, into: &actions)
        default:
            let allow = configuration.allow.map(\.rawValue).joined(separator: ",")
            reply(request, key: key, status: 405, headers: [SIPParameter("Allow", allow)], into: &actions)
        }
    }

    /// CANCEL (RFC 3261 §9.2): 200 to the CANCEL; when it targets our unanswered INVITE, 487
    /// to the INVITE and the call is canceled by the peer.
    private mutating func receiveCancel(_ cancel: SIPMessage, key: SIPTransactionKey,
                                        into actions: inout [SIPCallAction]) {
        guard direction == .incoming, let inviteKey, SIPTransactionKey.forMatchingCancel(cancel) == inviteKey else {
            reply(cancel, key: key, status: 481, into: &actions)
            return
        }
        reply(cancel, key: key, status: 200, into: &actions)
        guard !answered2xxSent, state == .ringing || state == .ignored, let invite else { return }
        if let terminated = response(to: invite, status: 487) { actions.append(.respond(terminated, to: inviteKey)) }
        if noAnswerArmed {
            noAnswerArmed = false
            actions.append(.cancelTimer(.noAnswer))
        }
        if var current = dialog {
            current.state = .terminated
            dialog = current
        }
        finish(SIPCallEnd(state: .canceled, originator: .remote, cause: .canceled, reason: Self.reason(of: cancel)),
               into: &actions)
    }

    /// BYE from the peer (RFC 3261 §15.1.2): the call ends (`ended`, or canceled when it came
    /// before our 2xx).
    private mutating func receiveBye(_ bye: SIPMessage, into actions: inout [SIPCallAction]) {
        awaitingACK = false
        actions.append(.cancelTimer(.okRetransmit))
        actions.append(.cancelTimer(.ackWait))
        guard end == nil else { return }
        if direction == .incoming, !answered2xxSent, let invite, let key = inviteKey {
            if let terminated = response(to: invite, status: 487) { actions.append(.respond(terminated, to: key)) }
            if noAnswerArmed {
                noAnswerArmed = false
                actions.append(.cancelTimer(.noAnswer))
            }
            finish(SIPCallEnd(state: .canceled, originator: .remote, cause: .canceled, reason: Self.reason(of: bye)),
                   into: &actions)
            return
        }
        finish(SIPCallEnd(state: .ended, originator: .remote, cause: .terminated, reason: Self.reason(of: bye)),
               into: &actions)
    }

    /// A re-INVITE (RFC 3261 §14.2): 491 while our own re-INVITE is pending, else 200 with our
    /// current session description and Contact.
    private mutating func receiveReinvite(_ request: SIPMessage, key: SIPTransactionKey,
                                          into actions: inout [SIPCallAction]) {
        if outstanding.values.contains(.invite) {
            reply(request, key: key, status: 491, into: &actions)
            return
        }
        guard end == nil, state == .answered else {
            reply(request, key: key, status: end == nil ? 500 : 481,
                  headers: end == nil ? [SIPParameter("Retry-After", "1")] : [], into: &actions)
            return
        }
        var headers = [SIPParameter("Contact", SIPNameAddress(uri: configuration.contact).description)]
        headers += capabilityHeaders
        guard let ok = response(to: request, status: 200, headers: headers, body: localBody,
                                contentType: localBody.isEmpty ? nil : localContentType) else { return }
        actions.append(.respond(ok, to: key))
        actions.append(.emit(.reinvited(request)))
    }

    /// Sends the next queued DTMF digit in an INFO, when the call is answered and no INFO or
    /// gap is pending.
    mutating func sendNextDigit(into actions: inout [SIPCallAction]) {
        guard state == .answered, end == nil, !infoInFlight, !dtmfGapArmed, !pendingDigits.isEmpty else { return }
        let digit = pendingDigits.removeFirst()
        if sendInDialog(.info, body: SIPDTMFRelay.body(digit: digit), contentType: SIPDTMFRelay.contentType,
                        into: &actions) {
            infoInFlight = true
        }
    }

    /// Sends a re-INVITE with a new session description (RFC 3261 §14.1); refused while
    /// another INVITE of ours is pending.
    mutating func sendReinvite(body: [UInt8], contentType: String, into actions: inout [SIPCallAction]) {
        guard state == .answered, end == nil, !outstanding.values.contains(.invite) else { return }
        if sendInDialog(.invite, body: body, contentType: contentType, headers: capabilityHeaders, into: &actions) {
            localBody = body
            localContentType = contentType
        }
    }

    /// Answers `request` with `status` through its server transaction.
    func reply(_ request: SIPMessage, key: SIPTransactionKey, status: Int, headers: [SIPParameter] = [],
               into actions: inout [SIPCallAction]) {
        if let answer = response(to: request, status: status, headers: headers) {
            actions.append(.respond(answer, to: key))
        }
    }
}
