import SIPCore

/// The state of one dialog at one user agent (RFC 3261 §12): a pure value, no I/O, no clock.
///
/// Create it as UAC from the INVITE sent and a 1xx-with-To-tag or 2xx response (§12.1.2,
/// `init(uacRequest:response:secureTransport:)`), or as UAS from the INVITE received and the
/// 1xx/2xx sent (§12.1.1, `init(uasRequest:response:secureTransport:localSequence:)`). Then
/// feed it the responses to our in-dialog requests (`updateFromResponse(_:)`), the requests the
/// peer sends in it (`receive(_:)`), and build requests with `makeRequest(…)` (§12.2.1.1).
public struct SIPDialog: Sendable, Hashable {
    /// The dialog's state (RFC 3261 §12).
    public enum State: Sendable, Hashable {
        /// Created by a provisional response with a To tag; may still fail (§12.1, §13.2.2.4).
        case early
        /// Confirmed by a 2xx (§12.1).
        case confirmed
        /// Ended: a non-2xx final answer to the dialog-creating INVITE, a BYE, 481 or 408.
        case terminated
    }

    /// Which side of the dialog-creating request this user agent was.
    public enum Role: Sendable, Hashable {
        /// It sent the dialog-creating request (§12.1.2).
        case uac
        /// It received the dialog-creating request (§12.1.1).
        case uas
    }

    /// Methods whose requests and 2xx responses replace the remote target (RFC 3261 §12.2,
    /// RFC 3311 §5 UPDATE, RFC 6665 §4.3 SUBSCRIBE and NOTIFY) and so carry a Contact.
    public static let targetRefreshMethods: Set<SIPMethod> = [.invite, .update, .subscribe, .notify]

    /// Early, confirmed or terminated.
    public internal(set) var state: State
    /// Whether this user agent created the dialog as UAC or UAS.
    public let role: Role
    /// Call-ID, local tag and remote tag.
    public let id: SIPDialogID
    /// Our address (URI and display name) without its tag: From of our requests.
    public let localAddress: SIPNameAddress
    /// The peer's address without its tag: To of our requests.
    public let remoteAddress: SIPNameAddress
    /// Where requests go: the peer's Contact URI, replaced by target refreshes (§12.2).
    public internal(set) var remoteTarget: SIPURI
    /// The Contact we put in target-refresh requests (§12.2.1.1); change it when our address
    /// changes, the next target refresh tells the peer.
    public var localContact: SIPNameAddress
    /// The route set, in the order the Route header lists it (§12.1.1, §12.1.2).
    public internal(set) var routeSet: [SIPNameAddress]
    /// The CSeq number of the last request we sent in the dialog; nil until the UAS sends one.
    public internal(set) var localSequence: UInt32?
    /// The CSeq number of the last request the peer sent; nil until the UAC receives one.
    public internal(set) var remoteSequence: UInt32?
    /// Whether the dialog was created over TLS with a SIPS Request-URI (§12.1.1, §12.1.2).
    public let isSecure: Bool
    /// The CSeq number our first request uses when `localSequence` is nil (§12.2.1.1).
    let initialLocalSequence: UInt32
    /// The CSeq number of the dialog-creating request (INVITE): its 2xx confirms the dialog.
    let creatingSequence: UInt32
    /// The CSeq number of the last INVITE we sent, which the ACK of its 2xx repeats (§13.2.2.4).
    var inviteSequence: UInt32?

    /// The Call-ID.
    public var callID: String { id.callID }
    /// Our tag.
    public var localTag: String { id.localTag }
    /// The peer's tag.
    public var remoteTag: String { id.remoteTag }
    /// Our URI.
    public var localURI: SIPURI { localAddress.uri }
    /// The peer's URI.
    public var remoteURI: SIPURI { remoteAddress.uri }

    /// Creates the UAC's dialog from the request we sent and a response (RFC 3261 §12.1.2):
    /// 101–199 with a To tag → early, 2xx → confirmed. The route set is the response's
    /// Record-Route reversed, the remote target its Contact URI, the local CSeq the request's
    /// and the remote CSeq empty. `secureTransport` tells whether the request went over TLS.
    public init(uacRequest request: SIPMessage, response: SIPMessage,
                secureTransport: Bool = true) throws(SIPDialogError) {
        let parts = try Self.exchange(request: request, response: response)
        guard let localTag = parts.from.tag, !localTag.isEmpty else { throw .missingTag(header: "From") }
        guard let remoteTag = response.to?.tag, !remoteTag.isEmpty else { throw .missingTag(header: "To") }
        guard response.from?.tag == localTag else { throw .responseMismatch }
        state = parts.status < 200 ? .early : .confirmed
        role = .uac
        id = SIPDialogID(callID: parts.callID, localTag: localTag, remoteTag: remoteTag)
        localAddress = Self.withoutTag(parts.from)
        remoteAddress = Self.withoutTag(parts.to)
        remoteTarget = try Self.contact(of: response).uri
        localContact = try Self.contact(of: request)
        routeSet = try Self.recordRoutes(of: response).reversed()
        localSequence = parts.cseq.sequence
        remoteSequence = nil
        isSecure = secureTransport && request.requestURI?.scheme == .sips
        initialLocalSequence = parts.cseq.sequence
        creatingSequence = parts.cseq.sequence
        inviteSequence = parts.cseq.method == .invite ? parts.cseq.sequence : nil
    }

    /// Creates the UAS's dialog from the request received and the response we send (RFC 3261
    /// §12.1.1): the route set is the request's Record-Route in order, the remote target its
    /// Contact URI, the remote CSeq the request's and the local CSeq empty; our first request
    /// uses `localSequence` (any value below 2³¹, §8.1.1.5). `secureTransport` tells whether
    /// the request arrived over TLS.
    public init(uasRequest request: SIPMessage, response: SIPMessage, secureTransport: Bool = true,
                localSequence initial: UInt32 = 1) throws(SIPDialogError) {
        let parts = try Self.exchange(request: request, response: response)
        guard let remoteTag = parts.from.tag, !remoteTag.isEmpty else { throw .missingTag(header: "From") }
        guard let localTag = response.to?.tag, !localTag.isEmpty else { throw .missingTag(header: "To") }
        state = parts.status < 200 ? .early : .confirmed
        role = .uas
        id = SIPDialogID(callID: parts.callID, localTag: localTag, remoteTag: remoteTag)
        localAddress = Self.withoutTag(parts.to)
        remoteAddress = Self.withoutTag(parts.from)
        remoteTarget = try Self.contact(of: request).uri
        localContact = try Self.contact(of: response)
        routeSet = try Self.recordRoutes(of: request)
        localSequence = nil
        remoteSequence = parts.cseq.sequence
        isSecure = secureTransport && request.requestURI?.scheme == .sips
        initialLocalSequence = initial
        creatingSequence = parts.cseq.sequence
        inviteSequence = nil
    }

    /// Whether a received message belongs to this dialog (RFC 3261 §12.2.2): same Call-ID, and
    /// for a request From tag = remote tag and To tag = local tag, for a response the reverse.
    public func matches(_ message: SIPMessage) -> Bool {
        guard let other = SIPDialogID(incoming: message) else { return false }
        return id.isSame(as: other)
    }

    // MARK: Reading the dialog-creating exchange

    struct Exchange {
        var callID: String
        var from: SIPNameAddress
        var to: SIPNameAddress
        var cseq: SIPCSeq
        var status: Int
    }

    /// Checks that `response` is a dialog-creating answer to `request` and returns the
    /// request's identifying fields.
    static func exchange(request: SIPMessage, response: SIPMessage) throws(SIPDialogError) -> Exchange {
        guard request.isRequest, !response.isRequest, let method = request.method,
              let status = response.statusCode else { throw .wrongMessageKind }
        guard method != .ack, method != .cancel else { throw .methodNotDialogCreating(method) }
        guard status > 100, status < 300 else { throw .statusNotDialogCreating(status) }
        guard let callID = request.callID else { throw .missingHeader("Call-ID") }
        guard let from = request.from else { throw .missingHeader("From") }
        guard let to = request.to else { throw .missingHeader("To") }
        guard let cseq = request.cseq, cseq.method == method else { throw .missingHeader("CSeq") }
        guard response.callID == callID, response.cseq == cseq else { throw .responseMismatch }
        return Exchange(callID: callID, from: from, to: to, cseq: cseq, status: status)
    }

    /// The first Contact of a dialog-creating message (§12.1.1, §12.1.2).
    static func contact(of message: SIPMessage) throws(SIPDialogError) -> SIPNameAddress {
        guard !message.isContactWildcard else { throw .missingContact }
        let contacts: [SIPNameAddress]
        do throws(SIPParseError) {
            contacts = try message.parsed(.contact)
        } catch {
            throw .malformedHeader(error)
        }
        guard let first = contacts.first else { throw .missingContact }
        return first
    }

    /// Every Record-Route value in order; a malformed one is an error, not a shorter route.
    static func recordRoutes(of message: SIPMessage) throws(SIPDialogError) -> [SIPNameAddress] {
        do throws(SIPParseError) {
            return try message.parsed(.recordRoute)
        } catch {
            throw .malformedHeader(error)
        }
    }

    static func withoutTag(_ address: SIPNameAddress) -> SIPNameAddress {
        var copy = address
        copy.parameters.removeAll { SIPDialogID.equalsIgnoringASCIICase($0.name, "tag") }
        return copy
    }
}
