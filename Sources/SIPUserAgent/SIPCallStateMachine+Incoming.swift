import SIPCore
import SIPTransaction

extension SIPCallStateMachine {
    /// A new INVITE (RFC 3261 §13.3.1): 180 Ringing with our tag and Contact at once (JsSIP
    /// answers 180 automatically), the early dialog, `ringing`, the no-answer timer, `incoming`.
    mutating func receiveInvite(_ request: SIPMessage, key: SIPTransactionKey, into actions: inout [SIPCallAction]) {
        guard direction == .incoming, inviteKey == nil else { return }
        invite = request
        inviteKey = key
        guard let ringing = response(to: request, status: 180,
                                     headers: [SIPParameter("Contact", SIPNameAddress(uri: configuration.contact).description)])
        else {
            refuseMalformed(request, key: key, into: &actions)
            return
        }
        guard let early = try? SIPDialog(uasRequest: request, response: ringing, secureTransport: false) else {
            refuseMalformed(request, key: key, into: &actions)
            return
        }
        dialog = early
        actions.append(.respond(ringing, to: key))
        state = .ringing
        noAnswerArmed = true
        actions.append(.startTimer(.noAnswer, configuration.noAnswerTimeout))
        actions.append(.emit(.incoming(invite: request)))
    }

    /// An INVITE we cannot hold a dialog for (no Contact, no From tag): 400, and the call fails.
    private mutating func refuseMalformed(_ request: SIPMessage, key: SIPTransactionKey,
                                          into actions: inout [SIPCallAction]) {
        if let bad = response(to: request, status: 400, reason: "Bad Request (no dialog can be made)") {
            actions.append(.respond(bad, to: key))
        }
        finish(SIPCallEnd(state: .failed, originator: .remote, cause: .dialogError, statusCode: 400), into: &actions)
    }

    /// Answers the incoming call with a 2xx carrying `body` (RFC 3261 §13.3.1.4).
    mutating func answer(body: [UInt8], contentType: String, into actions: inout [SIPCallAction]) {
        guard direction == .incoming, state == .ringing, end == nil, let invite, let key = inviteKey else { return }
        var headers = [SIPParameter("Contact", SIPNameAddress(uri: configuration.contact).description)]
        headers += capabilityHeaders
        guard let ok = response(to: invite, status: 200, headers: headers, body: body, contentType: contentType) else {
            return
        }
        localBody = body
        localContentType = contentType
        if var current = dialog {
            try? current.updateFromSentResponse(ok)
            dialog = current
        }
        stopNoAnswerTimer(into: &actions)
        okResponse = ok
        answered2xxSent = true
        awaitingACK = true
        actions.append(.respond(ok, to: key))
        actions.append(.emit(.accepted(ok)))
        if !configuration.reliableTransport {
            okInterval = configuration.timers.t1
            actions.append(.startTimer(.okRetransmit, okInterval))
        }
        actions.append(.startTimer(.ackWait, configuration.timers.t1 * 64))
    }

    /// Refuses the incoming call with `status` (486 for reject, 480 for a hangup while ringing,
    /// 488 for an offer that cannot be answered: `Bad Media Description`).
    mutating func refuse(status: Int, into actions: inout [SIPCallAction]) {
        guard direction == .incoming, state == .ringing || state == .ignored, !answered2xxSent,
              let invite, let key = inviteKey else { return }
        if let final = response(to: invite, status: status) { actions.append(.respond(final, to: key)) }
        stopNoAnswerTimer(into: &actions)
        if var current = dialog {
            current.state = .terminated
            dialog = current
        }
        let record = status == 488 || status == 606
            ? SIPCallEnd(state: .failed, originator: .local, cause: .badMediaDescription, statusCode: status)
            : SIPCallEnd(state: .rejected, originator: .local, cause: .rejected, statusCode: status)
        finish(record, into: &actions)
    }

    /// Stops alerting: state `ignored`, no response; the no-answer timer still answers 408.
    mutating func ignore(into actions: inout [SIPCallAction]) {
        guard direction == .incoming, state == .ringing, !answered2xxSent else { return }
        end = SIPCallEnd(state: .ignored, originator: .local, cause: .ignored)
        state = .ignored
        actions.append(.emit(.ignored))
    }

    /// The ACK for our 2xx (RFC 3261 §13.3.1.4): the call is answered (or, for a re-INVITE's
    /// 2xx, nothing changes).
    mutating func receiveACK(_ ack: SIPMessage, into actions: inout [SIPCallAction]) {
        guard awaitingACK, let cseq = ack.cseq, cseq.sequence == (okResponse?.cseq?.sequence ?? 0) else { return }
        awaitingACK = false
        actions.append(.cancelTimer(.okRetransmit))
        actions.append(.cancelTimer(.ackWait))
        if var current = dialog {
            try? current.receive(ack)
            dialog = current
        }
        guard state == .ringing, end == nil else { return }
        state = .answered
        actions.append(.emit(.answered))
        sendNextDigit(into: &actions)
    }

    /// Ends the call from our side: CANCEL or BYE (outgoing), 480 or BYE (incoming).
    mutating func hangup(into actions: inout [SIPCallAction]) {
        switch (direction, state) {
        case (.outgoing, .initialized), (.outgoing, .ringing):
            guard end == nil else { return }
            if gotProvisional { sendCancel(into: &actions) } else { cancelPending = true }
            finish(SIPCallEnd(state: .canceled, originator: .local, cause: .canceled), into: &actions)
        case (.incoming, .ringing) where answered2xxSent:
            // Answered but not yet acknowledged: BYE after the ACK would be right; the dialog
            // exists (confirmed by our 2xx), so the BYE may go now (RFC 3261 §15).
            byeSent = sendInDialog(.bye, headers: [Self.normalClearing], into: &actions)
            finish(SIPCallEnd(state: .ended, originator: .local, cause: .terminated), into: &actions)
        case (.incoming, .ringing), (.incoming, .ignored):
            refuse(status: 480, into: &actions)
        case (_, .answered):
            guard end == nil, !byeSent else { return }
            byeSent = sendInDialog(.bye, headers: [Self.normalClearing], into: &actions)
            finish(SIPCallEnd(state: .ended, originator: .local, cause: .terminated), into: &actions)
        default:
            break
        }
    }

    /// A call timer fired.
    mutating func timerFired(_ timer: SIPCallTimer, into actions: inout [SIPCallAction]) {
        switch timer {
        case .noAnswer:
            guard noAnswerArmed else { return }
            noAnswerArmed = false
            guard !answered2xxSent, let invite, let key = inviteKey else { return }
            if let timeout = response(to: invite, status: 408, reason: "Request Timeout") {
                actions.append(.respond(timeout, to: key))
            }
            if var current = dialog {
                current.state = .terminated
                dialog = current
            }
            // An ignored call ends silently (its event was `ignored`).
            if end == nil {
                finish(SIPCallEnd(state: .failed, originator: .local, cause: .noAnswer, statusCode: 408), into: &actions)
            }
        case .okRetransmit:
            guard awaitingACK, let ok = okResponse, let key = inviteKey else { return }
            actions.append(.respond(ok, to: key))
            okInterval = min(okInterval * 2, configuration.timers.t2)
            actions.append(.startTimer(.okRetransmit, okInterval))
        case .ackWait:
            guard awaitingACK else { return }
            awaitingACK = false
            actions.append(.cancelTimer(.okRetransmit))
            // No ACK in 64·T1: confirm and end the session with BYE (RFC 3261 §13.3.1.4).
            if end == nil {
                byeSent = sendInDialog(.bye, headers: [Self.normalClearing], into: &actions)
                finish(SIPCallEnd(state: .failed, originator: .local, cause: .noACK), into: &actions)
            }
        case .dtmfGap:
            dtmfGapArmed = false
            sendNextDigit(into: &actions)
        }
    }

    private mutating func stopNoAnswerTimer(into actions: inout [SIPCallAction]) {
        if noAnswerArmed {
            noAnswerArmed = false
            actions.append(.cancelTimer(.noAnswer))
        }
    }
}
