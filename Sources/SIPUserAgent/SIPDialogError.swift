import SIPCore

/// Why a dialog could not be created, updated or used (RFC 3261 §12).
///
/// Every problem with a peer's message is one of these cases; nothing a peer sends traps.
public enum SIPDialogError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A request was expected and a response given, or the other way round.
    case wrongMessageKind
    /// A header the dialog needs (Call-ID, CSeq, From, To) is missing or malformed.
    case missingHeader(String)
    /// The From (`"From"`) or To (`"To"`) of a dialog-creating exchange has no tag (§12.1.1,
    /// §12.1.2); this stack does not build RFC 2543 dialogs without tags.
    case missingTag(header: String)
    /// A dialog-creating request or response has no Contact with a URI, or only `*`
    /// (§12.1.1, §12.1.2: the Contact gives the remote target).
    case missingContact
    /// A header the dialog state is built from (Contact, Record-Route) does not parse.
    case malformedHeader(SIPParseError)
    /// The response status does not create a dialog: 100 and final non-2xx (§12.1).
    case statusNotDialogCreating(Int)
    /// The method cannot create a dialog (ACK, CANCEL).
    case methodNotDialogCreating(SIPMethod)
    /// The response does not answer the request (Call-ID, From tag or CSeq differ).
    case responseMismatch
    /// The message belongs to another dialog (Call-ID or tags differ, §12.2.2).
    case dialogMismatch
    /// The request's CSeq is lower than the remote sequence number: the UA answers 500
    /// (RFC 3261 §12.2.2).
    case cseqOutOfOrder(received: UInt32, remote: UInt32)
    /// The dialog has ended; requests for it are answered 481 (§12.2.2).
    case dialogTerminated
    /// CANCEL is not sent within a dialog: it is built from the INVITE it cancels (§9.1).
    case notInDialog(SIPMethod)
    /// ACK was asked for but no INVITE was sent in this dialog.
    case noInviteToAcknowledge
    /// The local CSeq has reached 2³² − 1 and cannot grow (§8.1.1.5).
    case sequenceExhausted
    /// The request could not be written (a value breaks the framing).
    case build(SIPParseError)

    /// The status a UAS answers with when a received request fails `SIPDialog.receive(_:)`:
    /// 500 for an out-of-order CSeq (§12.2.2), 481 for another or ended dialog (§12.2.2),
    /// 400 for a malformed request.
    public var responseStatus: Int {
        switch self {
        case .cseqOutOfOrder: 500
        case .dialogMismatch, .dialogTerminated: 481
        default: 400
        }
    }

    /// A short English sentence naming the problem.
    public var description: String {
        switch self {
        case .wrongMessageKind: "a request was given where a response was expected, or the reverse"
        case .missingHeader(let name): "the message has no valid \(name)"
        case .missingTag(let header): "the \(header) header field has no tag"
        case .missingContact: "the dialog-creating message has no Contact URI"
        case .malformedHeader(let error): "malformed header: \(error)"
        case .statusNotDialogCreating(let status): "status \(status) does not create a dialog"
        case .methodNotDialogCreating(let method): "\(method) does not create a dialog"
        case .responseMismatch: "the response does not answer the request"
        case .dialogMismatch: "the message belongs to another dialog"
        case .cseqOutOfOrder(let received, let remote): "CSeq \(received) is lower than the remote CSeq \(remote)"
        case .dialogTerminated: "the dialog is terminated"
        case .notInDialog(let method): "\(method) is not sent within a dialog"
        case .noInviteToAcknowledge: "no INVITE was sent in this dialog"
        case .sequenceExhausted: "the local CSeq cannot grow past 4294967295"
        case .build(let error): "the request cannot be written: \(error)"
        }
    }
}
