import SIPCore

extension SIPDialog {
    /// Applies a response to a request this user agent sent in the dialog (RFC 3261 §12.1.2,
    /// §12.2.1.2, §13.2.2.4, §15.1.1):
    ///
    /// - a 2xx to the dialog-creating INVITE confirms an early dialog and recomputes its route
    ///   set and remote target from the 2xx (a 2xx without Contact is `.missingContact`);
    /// - a non-2xx final response to that INVITE terminates an early dialog, whatever its To
    ///   tag (§13.2.2.3: all early dialogs of the INVITE end);
    /// - a 2xx to another target-refresh request (re-INVITE, UPDATE, …) carrying a Contact
    ///   replaces the remote target; the route set never changes once confirmed (§12.2.1.2);
    /// - 481 or 408 to any request, or any final response to BYE, terminates the dialog.
    ///
    /// Provisional responses change nothing. A response for another dialog is
    /// `.dialogMismatch`; on any error the dialog is unchanged.
    public mutating func updateFromResponse(_ response: SIPMessage) throws(SIPDialogError) {
        guard !response.isRequest, let status = response.statusCode else { throw .wrongMessageKind }
        guard let cseq = response.cseq else { throw .missingHeader("CSeq") }
        guard response.callID == callID, let fromTag = response.from?.tag,
              SIPDialogID.equalsIgnoringASCIICase(fromTag, localTag) else { throw .dialogMismatch }
        guard state != .terminated else { throw .dialogTerminated }
        let answersCreatingInvite = role == .uac && cseq.method == .invite && cseq.sequence == creatingSequence
        if state == .early, answersCreatingInvite, status >= 300 {
            state = .terminated
            return
        }
        guard let toTag = response.to?.tag, SIPDialogID.equalsIgnoringASCIICase(toTag, remoteTag) else {
            throw .dialogMismatch
        }
        guard status >= 200 else { return }
        if status >= 300 {
            if status == 481 || status == 408 || cseq.method == .bye { state = .terminated }
            return
        }
        if cseq.method == .bye {
            state = .terminated
        } else if state == .early, answersCreatingInvite {
            let target = try Self.contact(of: response).uri
            let routes = try Self.recordRoutes(of: response)
            remoteTarget = target
            routeSet = routes.reversed()
            state = .confirmed
        } else if Self.targetRefreshMethods.contains(cseq.method), response.contains(.contact) {
            remoteTarget = try Self.contact(of: response).uri
        }
    }

    /// Applies a response this user agent sends to a request the peer sent in the dialog
    /// (RFC 3261 §12.1.1, §13.3.1.4): a 2xx to the dialog-creating INVITE confirms an early
    /// dialog, a non-2xx final response to it terminates the dialog; anything else changes
    /// nothing. A response for another dialog is `.dialogMismatch`.
    public mutating func updateFromSentResponse(_ response: SIPMessage) throws(SIPDialogError) {
        guard !response.isRequest, let status = response.statusCode else { throw .wrongMessageKind }
        guard let cseq = response.cseq else { throw .missingHeader("CSeq") }
        guard let sent = SIPDialogID(incoming: response),
              id.isSame(as: SIPDialogID(callID: sent.callID, localTag: sent.remoteTag, remoteTag: sent.localTag))
        else { throw .dialogMismatch }
        guard state == .early, role == .uas, cseq.method == .invite, cseq.sequence == creatingSequence,
              status >= 200 else { return }
        state = status < 300 ? .confirmed : .terminated
    }

    /// Accepts a request the peer sent in the dialog (RFC 3261 §12.2.2):
    ///
    /// - the request must match the dialog (`.dialogMismatch`, answered 481) and the dialog must
    ///   not be terminated (`.dialogTerminated`, 481);
    /// - a CSeq lower than the remote sequence number is `.cseqOutOfOrder` (answered 500);
    ///   otherwise the remote sequence number becomes the request's (ACK and CANCEL repeat
    ///   their INVITE's number and are neither checked nor counted);
    /// - a target-refresh request (re-INVITE, UPDATE, …) with a Contact replaces the remote
    ///   target (§12.2.2);
    /// - BYE terminates the dialog (§15.1.2); the UA answers it 200.
    ///
    /// On any error the dialog is unchanged. `SIPDialogError.responseStatus` gives the answer.
    public mutating func receive(_ request: SIPMessage) throws(SIPDialogError) {
        guard request.isRequest, let method = request.method else { throw .wrongMessageKind }
        guard let cseq = request.cseq, cseq.method == method else { throw .missingHeader("CSeq") }
        guard matches(request) else { throw .dialogMismatch }
        guard state != .terminated else { throw .dialogTerminated }
        if method == .ack || method == .cancel { return }
        if let remote = remoteSequence, cseq.sequence < remote {
            throw .cseqOutOfOrder(received: cseq.sequence, remote: remote)
        }
        if Self.targetRefreshMethods.contains(method), request.contains(.contact) {
            remoteTarget = try Self.contact(of: request).uri
        }
        remoteSequence = cseq.sequence
        if method == .bye { state = .terminated }
    }
}
