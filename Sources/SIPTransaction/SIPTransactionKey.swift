import SIPCore

/// Identifies a transaction for matching messages to it (RFC 3261 §17.1.3, §17.2.3).
///
/// - Client keys (§17.1.3): the top Via `branch` and the CSeq method. A response matches the
///   client transaction whose request carried the same branch and method.
/// - Server keys (§17.2.3), for requests whose branch starts with the magic cookie `z9hG4bK`:
///   branch, the top Via sent-by and the method, where ACK counts as INVITE (so an ACK for a
///   non-2xx response finds its INVITE transaction) and CANCEL is its own transaction.
/// - RFC 2543 fallback (§17.2.3), for requests without the cookie: Request-URI, From tag,
///   Call-ID, CSeq number and method (ACK as INVITE), the top Via, and the To tag for methods
///   other than INVITE and ACK. The INVITE key leaves out the To tag because an ACK carries the
///   tag the server added in its response, which the INVITE did not have.
public struct SIPTransactionKey: Sendable, Hashable, CustomStringConvertible {
    /// Which side of a transaction a key names.
    public enum Role: Sendable, Hashable {
        /// A client transaction (RFC 3261 §17.1).
        case client
        /// A server transaction (RFC 3261 §17.2).
        case server
    }

    enum Storage: Sendable, Hashable {
        case branch(String, sentBy: String, method: SIPMethod)
        case legacy(requestURI: String, toTag: String, fromTag: String, callID: String, sequence: UInt32,
                    method: SIPMethod, topVia: String)
    }

    /// Client or server.
    public let role: Role
    let storage: Storage

    init(role: Role, storage: Storage) {
        self.role = role
        self.storage = storage
    }

    /// The method of the transaction the key names (INVITE for an ACK's key).
    public var method: SIPMethod {
        switch storage {
        case .branch(_, _, let method), .legacy(_, _, _, _, _, let method, _): return method
        }
    }

    /// The branch, for an RFC 3261 key; `nil` for an RFC 2543 fallback key.
    public var branch: String? {
        if case .branch(let branch, _, _) = storage { return branch }
        return nil
    }

    /// Whether this is an RFC 2543 fallback key (no magic cookie in the branch).
    public var isLegacy: Bool {
        if case .legacy = storage { return true }
        return false
    }

    /// The client transaction key of a request we send or of a response we receive (RFC 3261
    /// §17.1.3): top Via branch and CSeq method. `nil` without a top Via branch or a CSeq.
    public static func client(_ message: SIPMessage) -> SIPTransactionKey? {
        guard let branch = topVia(message)?.branch, !branch.isEmpty, let cseq = message.cseq else { return nil }
        return SIPTransactionKey(role: .client, storage: .branch(branch, sentBy: "", method: cseq.method))
    }

    /// The server transaction key of a received request (RFC 3261 §17.2.3). An ACK yields the
    /// key of the INVITE transaction it acknowledges. `nil` for a response or a request without
    /// a top Via or CSeq.
    public static func server(_ request: SIPMessage) -> SIPTransactionKey? {
        guard let method = request.method else { return nil }
        return server(request, method: method == .ack ? .invite : method)
    }

    /// The key of the INVITE server transaction a CANCEL targets (RFC 3261 §9.2): the CANCEL's
    /// own key with the method taken as INVITE. `nil` when `cancel` is not a CANCEL request.
    public static func forMatchingCancel(_ cancel: SIPMessage) -> SIPTransactionKey? {
        guard cancel.method == .cancel else { return nil }
        return server(cancel, method: .invite)
    }

    private static func server(_ request: SIPMessage, method: SIPMethod) -> SIPTransactionKey? {
        guard let top = topVia(request), let cseq = request.cseq else { return nil }
        if let branch = top.branch, branch.hasPrefix("z9hG4bK") {
            return SIPTransactionKey(role: .server, storage: .branch(branch, sentBy: top.sentBy, method: method))
        }
        guard let via = request.topVia, let uri = request.requestURIText, let callID = request.callID else { return nil }
        let invite = method == .invite
        return SIPTransactionKey(role: .server, storage: .legacy(
            requestURI: uri, toTag: invite ? "" : (request.to?.tag ?? ""), fromTag: request.from?.tag ?? "",
            callID: callID, sequence: cseq.sequence, method: method, topVia: via.description))
    }

    /// The sent-by of a Via (host lower-cased, port as given).
    static func sentBy(_ via: SIPVia) -> String {
        let host = via.host.description.lowercased()
        guard let port = via.port else { return host }
        return host + ":" + String(port)
    }

    /// A readable form for logs, e.g. `client z9hG4bK776 INVITE`.
    public var description: String {
        let side = role == .client ? "client" : "server"
        switch storage {
        case let .branch(branch, sentBy, method):
            return sentBy.isEmpty ? "\(side) \(branch) \(method)" : "\(side) \(branch) \(sentBy) \(method)"
        case let .legacy(uri, _, _, callID, sequence, method, _):
            return "\(side) rfc2543 \(uri) \(callID) \(sequence) \(method)"
        }
    }
}
