import SIPCore
import SIPTransaction

extension SIPCallStateMachine {
    /// Starts an outgoing call (RFC 3261 §13.2.1): INVITE with From = our address + tag,
    /// To = `target`, Contact, Allow, Supported, User-Agent, the extra headers and the offer.
    mutating func dial(target: SIPURI, body: [UInt8], contentType: String, extraHeaders: [SIPParameter],
                       into actions: inout [SIPCallAction]) {
        guard direction == .outgoing, state == .initialized, invite == nil else { return }
        localBody = body
        localContentType = contentType
        var from = configuration.localAddress
        from.parameters.append(SIPParameter("tag", localTag))
        do throws(SIPParseError) {
            // The INVITE carries its branch from the start: CANCEL must repeat it (§9.1).
            let request = try SIPMessageBuilder.request(
                method: .invite, uri: target, via: viaWithBranch(), from: from, to: SIPNameAddress(uri: target),
                callID: callID, cseq: inviteSequence, contact: SIPNameAddress(uri: configuration.contact),
                extraHeaders: capabilityHeaders + extraHeaders, body: body, contentType: contentType)
            invite = request
            actions.append(.sendRequest(request))
            actions.append(.emit(.calling(invite: request)))
        } catch {
            inviteFinished = true
            finish(SIPCallEnd(state: .failed, originator: .local, cause: .internalError), into: &actions)
        }
    }

    /// Routes a response by its CSeq: the INVITE's (or a re-INVITE's), CANCEL's, BYE's, INFO's.
    mutating func receiveResponse(_ response: SIPMessage, into actions: inout [SIPCallAction]) {
        guard let cseq = response.cseq, let status = response.statusCode, response.callID == callID else { return }
        if direction == .outgoing, cseq.method == .invite, cseq.sequence == inviteSequence {
            inviteResponse(response, status: status, into: &actions)
            return
        }
        guard status >= 200, outstanding[cseq.sequence] == cseq.method else {
            if cseq.method == .invite, status >= 200, status < 300 { reacknowledge(response, into: &actions) }
            return
        }
        outstanding[cseq.sequence] = nil
        if var current = dialog {
            try? current.updateFromResponse(response)
            dialog = current
        }
        switch cseq.method {
        case .invite:
            if status < 300 {
                acknowledge(response, into: &actions)
            } else {
                actions.append(.emit(.requestFailed(method: .invite, status: status)))
            }
            if status == 481 || status == 408 { endByPeerLoss(status: status, into: &actions) }
        case .info:
            infoInFlight = false
            if status >= 300 { actions.append(.emit(.requestFailed(method: .info, status: status))) }
            if status == 481 || status == 408 {
                endByPeerLoss(status: status, into: &actions)
            } else if !pendingDigits.isEmpty, !dtmfGapArmed {
                dtmfGapArmed = true
                actions.append(.startTimer(.dtmfGap, configuration.dtmfGap))
            }
        default:
            break
        }
    }

    /// A response to our initial INVITE.
    private mutating func inviteResponse(_ response: SIPMessage, status: Int, into actions: inout [SIPCallAction]) {
        if status < 200 {
            guard !inviteFinished else { return }
            // Any provisional response, 100 included, allows a CANCEL (RFC 3261 §9.1).
            gotProvisional = true
            if cancelPending, !cancelSent { sendCancel(into: &actions) }
            guard end == nil else { return }
            if (180...189).contains(status) {
                state = .ringing
                actions.append(.emit(.remoteRinging(response)))
            }
            return
        }
        if status < 300 {
            if let ack = ackOf2xx, response.to?.tag == dialog?.remoteTag {
                // A retransmission of the 2xx: the same ACK again (RFC 3261 §13.2.2.4).
                actions.append(.sendACK(ack))
                return
            }
            inviteFinished = true
            if dialog != nil {
                // A 2xx from a second fork: acknowledge and end that dialog at once (§13.2.2.4).
                acknowledgeAndEndFork(response, into: &actions)
                return
            }
            guard let invite, var created = try? SIPDialog(uacRequest: invite, response: response,
                                                           secureTransport: false) else {
                finish(SIPCallEnd(state: .failed, originator: .remote, cause: .dialogError, statusCode: status),
                       into: &actions)
                return
            }
            guard let ack = try? created.makeRequest(method: .ack, via: viaWithBranch()) else {
                finish(SIPCallEnd(state: .failed, originator: .remote, cause: .dialogError, statusCode: status),
                       into: &actions)
                return
            }
            dialog = created
            ackOf2xx = ack
            actions.append(.sendACK(ack))
            if end != nil {
                // The 2xx crossed our CANCEL: the call is already reported canceled; end it.
                sendInDialog(.bye, headers: [Self.normalClearing], into: &actions)
                byeSent = true
                return
            }
            actions.append(.emit(.accepted(response)))
            state = .answered
            actions.append(.emit(.answered))
            sendNextDigit(into: &actions)
            return
        }
        // A final non-2xx: the transaction sent its ACK (RFC 3261 §17.1.1.3).
        inviteFinished = true
        if status == 401 || status == 407, end == nil, var session = auth, let invite,
           (try? session.handleChallenge(response)) == true {
            auth = session
            retryWithCredentials(invite, into: &actions)
            return
        }
        if end != nil { return }
        let record: SIPCallEnd
        if cancelSent && status == 487 {
            record = SIPCallEnd(state: .canceled, originator: .local, cause: .canceled, statusCode: status,
                                reason: Self.reason(of: response))
        } else {
            let cause = SIPCallCause(status: status)
            record = SIPCallEnd(state: cause == .rejected ? .rejected : .failed, originator: .remote, cause: cause,
                                statusCode: status, reason: Self.reason(of: response),
                                extensionHeaders: SIPCallEnd.extensionHeaders(of: response))
        }
        finish(record, into: &actions)
    }

    /// Sends the INVITE again with the next CSeq and credentials for the challenge (§22.2).
    private mutating func retryWithCredentials(_ previous: SIPMessage, into actions: inout [SIPCallAction]) {
        guard var session = auth, inviteSequence < UInt32.max else { return }
        inviteSequence += 1
        var request = previous
        request.removeHeaders(.via)
        request.removeHeaders(.cseq)
        do {
            try request.insert(header: "Via", value: viaWithBranch().description, at: 0)
            try request.insert(header: "CSeq", value: SIPCSeq(inviteSequence, .invite).description, at: 1)
            try session.authorize(&request)
        } catch {
            finish(SIPCallEnd(state: .failed, originator: .local, cause: .authenticationError), into: &actions)
            return
        }
        auth = session
        invite = request
        inviteFinished = false
        gotProvisional = false
        actions.append(.sendRequest(request))
    }

    /// Sends CANCEL for our INVITE (RFC 3261 §9.1): same Request-URI, Call-ID, From, To, CSeq
    /// number, the INVITE's top Via (same branch) and Route.
    mutating func sendCancel(into actions: inout [SIPCallAction]) {
        guard let invite, let uri = invite.requestURI, let topVia = invite.topVia else { return }
        var headers = [SIPParameter("Via", topVia.description), SIPParameter("Max-Forwards", "70")]
        headers += invite.routes.map { SIPParameter("Route", $0.description) }
        headers += [
            SIPParameter("From", invite.value(.from) ?? ""),
            SIPParameter("To", invite.value(.to) ?? ""),
            SIPParameter("Call-ID", callID),
            SIPParameter("CSeq", SIPCSeq(inviteSequence, .cancel).description),
        ]
        if let userAgent = configuration.userAgent { headers.append(SIPParameter("User-Agent", userAgent)) }
        guard let cancel = try? SIPMessageBuilder.request(method: .cancel, uri: uri, headers: headers) else { return }
        cancelSent = true
        cancelPending = false
        outstanding[inviteSequence] = .cancel
        actions.append(.sendRequest(cancel))
    }

    /// The ACK of a 2xx to a re-INVITE (RFC 3261 §14.1, §13.2.2.4).
    private mutating func acknowledge(_ response: SIPMessage, into actions: inout [SIPCallAction]) {
        guard var current = dialog, let ack = try? current.makeRequest(method: .ack, via: viaWithBranch()) else { return }
        dialog = current
        actions.append(.sendACK(ack))
    }

    /// A 2xx to an INVITE already answered: the ACK again (for the initial INVITE, the stored
    /// one).
    private mutating func reacknowledge(_ response: SIPMessage, into actions: inout [SIPCallAction]) {
        if let ack = ackOf2xx, response.cseq?.sequence == inviteSequence { actions.append(.sendACK(ack)) }
    }

    /// ACK and BYE for a second dialog created by a forked INVITE (RFC 3261 §13.2.2.4).
    private mutating func acknowledgeAndEndFork(_ response: SIPMessage, into actions: inout [SIPCallAction]) {
        guard let invite, var fork = try? SIPDialog(uacRequest: invite, response: response, secureTransport: false),
              let ack = try? fork.makeRequest(method: .ack, via: viaWithBranch()),
              let bye = try? fork.makeRequest(method: .bye, via: configuration.via) else { return }
        actions.append(.sendACK(ack))
        actions.append(.sendRequest(bye))
    }

    /// A request the call sent got no answer.
    mutating func requestFailed(method: SIPMethod, sequence: UInt32, timedOut: Bool,
                                into actions: inout [SIPCallAction]) {
        if direction == .outgoing, method == .invite, sequence == inviteSequence, !inviteFinished {
            inviteFinished = true
            if end != nil { return }
            let record = cancelSent
                ? SIPCallEnd(state: .canceled, originator: .local, cause: .canceled)
                : SIPCallEnd(state: .failed, originator: .local,
                             cause: timedOut ? .requestTimeout : .connectionError, statusCode: timedOut ? 408 : 503)
            finish(record, into: &actions)
            return
        }
        guard outstanding[sequence] == method else { return }
        outstanding[sequence] = nil
        if method == .info { infoInFlight = false }
        if method == .bye || method == .cancel { return }
        // No answer to an in-dialog request: the dialog is gone (RFC 3261 §12.2.1.2).
        endByPeerLoss(status: timedOut ? 408 : 503, into: &actions)
    }

    /// The peer lost the dialog (481, 408 or no answer to an in-dialog request): the call ends
    /// with `Dialog Error` or `Request Timeout`, and a BYE is tried (§12.2.1.2).
    mutating func endByPeerLoss(status: Int, into actions: inout [SIPCallAction]) {
        guard end == nil else { return }
        if state == .answered, status != 481, !byeSent {
            byeSent = sendInDialog(.bye, headers: [Self.normalClearing], into: &actions)
        }
        finish(SIPCallEnd(state: .ended, originator: .remote, cause: status == 481 ? .dialogError : .requestTimeout,
                          statusCode: status), into: &actions)
    }

    /// `Reason: Q.850;cause=16;text="Normal call clearing"` on our BYE (RFC 3326).
    static let normalClearing = SIPParameter("Reason", "Q.850;cause=16;text=\"Normal call clearing\"")
}
