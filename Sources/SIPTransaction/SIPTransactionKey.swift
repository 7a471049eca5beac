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
///
/// RFC 3261 keys are compact: branch, sent-by and method are kept as bytes (inline up to 64
/// bytes, no allocation and no reference counting), known methods as a one-byte code, and the
/// hash is computed once when the key is made. Keys are read from the message bytes by a scan
/// (``SIPTransactionKey/topVia(_:)``) that hands anything unusual to the `SIPCore` parsers.
public struct SIPTransactionKey: Sendable, Hashable, CustomStringConvertible {
    /// Which side of a transaction a key names.
    public enum Role: Sendable, Hashable {
        /// A client transaction (RFC 3261 §17.1).
        case client
        /// A server transaction (RFC 3261 §17.2).
        case server
    }

    enum Storage: Sendable, Hashable {
        /// Branch, sent-by and (for a method without a code) the method bytes, ≤ 64 bytes.
        case inline(InlineID)
        /// The same, longer than 64 bytes.
        case spilled(SpilledID)
        case legacy(requestURI: String, toTag: String, fromTag: String, callID: String, sequence: UInt32,
                    method: SIPMethod, topVia: String)
    }

    /// Client or server.
    public let role: Role
    /// The whole key for an inline RFC 3261 key; for the others only the hash.
    let inline: InlineID
    /// Spilled and RFC 2543 keys; `nil` for inline keys (so copying one is a plain copy).
    let boxed: Boxed?

    /// Holds the keys that do not fit inline.
    final class Boxed: Sendable {
        let storage: Storage

        init(_ storage: Storage) { self.storage = storage }
    }

    init(role: Role, storage: Storage) {
        self.role = role
        switch storage {
        case .inline(let id):
            inline = id
            boxed = nil
        case .spilled(let id):
            inline = InlineID(hash: id.hash)
            boxed = Boxed(storage)
        case .legacy:
            inline = InlineID(hash: 0)
            boxed = Boxed(storage)
        }
    }

    var storage: Storage {
        if let boxed { return boxed.storage }
        return .inline(inline)
    }

    /// The method of the transaction the key names (INVITE for an ACK's key).
    public var method: SIPMethod {
        switch storage {
        case .inline(let id): return id.withBytes { Self.method(code: id.methodCode, bytes: $0, id.methodRange) }
        case .spilled(let id): return id.bytes.withUnsafeBufferPointer {
            Self.method(code: id.methodCode, bytes: $0, id.methodRange)
        }
        case .legacy(_, _, _, _, _, let method, _): return method
        }
    }

    /// The branch, for an RFC 3261 key; `nil` for an RFC 2543 fallback key.
    public var branch: String? {
        switch storage {
        case .inline(let id): return id.withBytes { String(decoding: $0[id.branchRange], as: UTF8.self) }
        case .spilled(let id): return String(decoding: id.bytes[id.branchRange], as: UTF8.self)
        case .legacy: return nil
        }
    }

    /// The top Via sent-by of a server key (host lower-cased, `:port` when given); empty for a
    /// client key and `nil` for an RFC 2543 fallback key.
    var sentBy: String? {
        switch storage {
        case .inline(let id): return id.withBytes { String(decoding: $0[id.sentByRange], as: UTF8.self) }
        case .spilled(let id): return String(decoding: id.bytes[id.sentByRange], as: UTF8.self)
        case .legacy: return nil
        }
    }

    /// Whether this is an RFC 2543 fallback key (no magic cookie in the branch).
    public var isLegacy: Bool {
        if case .legacy = storage { return true }
        return false
    }

    /// The client transaction key of a request we send or of a response we receive (RFC 3261
    /// §17.1.3): top Via branch and CSeq method. `nil` without a top Via branch or a CSeq.
    public static func client(_ message: SIPMessage) -> SIPTransactionKey? {
        guard let via = message.rawFirstValue(.via) else { return nil }
        return via.withUnsafeBufferPointer { viaBytes -> SIPTransactionKey? in
            if let scan = scanTopVia(viaBytes) {
                guard let branch = scan.branch, !branch.isEmpty else { return nil }
                return withCSeqMethod(message) { method in
                    make(role: .client, branch: UnsafeBufferPointer(rebasing: viaBytes[branch]),
                         host: UnsafeBufferPointer(start: nil, count: 0), port: nil, method: method)
                }
            }
            // Not the common shape: the parser decides.
            guard let top = parsedTopVia(message), var branch = top.branch, !branch.isEmpty else { return nil }
            return branch.withUTF8 { branchBytes in
                withCSeqMethod(message) { method in
                    make(role: .client, branch: branchBytes, host: UnsafeBufferPointer(start: nil, count: 0),
                         port: nil, method: method)
                }
            }
        }
    }

    /// The server transaction key of a received request (RFC 3261 §17.2.3). An ACK yields the
    /// key of the INVITE transaction it acknowledges. `nil` for a response or a request without
    /// a top Via or CSeq.
    public static func server(_ request: SIPMessage) -> SIPTransactionKey? {
        guard let method = request.rawMethod else { return nil }
        return method.withUnsafeBufferPointer { bytes in
            let code = SIPTransactionMethodCode.code(bytes)
            if code == SIPTransactionMethodCode.ack {
                return server(request, method: MethodID(code: SIPTransactionMethodCode.invite))
            }
            return server(request, method: MethodID(code: code, bytes: bytes))
        }
    }

    /// The key of the INVITE server transaction a CANCEL targets (RFC 3261 §9.2): the CANCEL's
    /// own key with the method taken as INVITE. `nil` when `cancel` is not a CANCEL request.
    public static func forMatchingCancel(_ cancel: SIPMessage) -> SIPTransactionKey? {
        guard let method = cancel.rawMethod,
              method.withUnsafeBufferPointer({ SIPTransactionMethodCode.code($0) }) == SIPTransactionMethodCode.cancel
        else { return nil }
        return server(cancel, method: MethodID(code: SIPTransactionMethodCode.invite))
    }

    /// The server key for `method` (already mapped: ACK as INVITE). `method.bytes` is only
    /// read during the call.
    static func server(_ request: SIPMessage, method: MethodID) -> SIPTransactionKey? {
        guard let via = request.rawFirstValue(.via), hasValidCSeq(request) else { return nil }
        let outcome = via.withUnsafeBufferPointer { viaBytes -> ServerScan in
            guard let scan = scanTopVia(viaBytes) else { return .unusual }
            guard let branch = scan.branch, isRFC3261(UnsafeBufferPointer(rebasing: viaBytes[branch])) else {
                return .legacy
            }
            return .key(make(role: .server, branch: UnsafeBufferPointer(rebasing: viaBytes[branch]),
                             host: UnsafeBufferPointer(rebasing: viaBytes[scan.host]), port: scan.port,
                             method: method))
        }
        switch outcome {
        case .key(let key):
            return key
        case .legacy:
            return legacy(request, method: method)
        case .unusual:
            // Not the common shape: the parser decides.
            guard let top = parsedTopVia(request) else { return nil }
            guard var branch = top.branch, branch.hasPrefix("z9hG4bK") else { return legacy(request, method: method) }
            var sentBy = sentBy(top)
            return branch.withUTF8 { branchBytes in
                sentBy.withUTF8 { sentByBytes in
                    make(role: .server, branch: branchBytes, host: sentByBytes, port: nil, method: method)
                }
            }
        }
    }

    private enum ServerScan {
        case key(SIPTransactionKey)
        case legacy
        case unusual
    }

    /// The RFC 2543 key (RFC 3261 §17.2.3) when the top Via branch lacks the magic cookie.
    private static func legacy(_ request: SIPMessage, method: MethodID) -> SIPTransactionKey? {
        guard let cseq = request.cseq, let via = request.topVia, let uri = request.requestURIText,
              let callID = request.callID else { return nil }
        let invite = method.code == SIPTransactionMethodCode.invite
        let name = method.code != 0
            ? SIPTransactionMethodCode.known[Int(method.code) - 1]
            : SIPMethod(String(decoding: method.bytes, as: UTF8.self))
        return SIPTransactionKey(role: .server, storage: .legacy(
            requestURI: uri, toTag: invite ? "" : (request.to?.tag ?? ""), fromTag: request.from?.tag ?? "",
            callID: callID, sequence: cseq.sequence, method: name, topVia: via.description))
    }

    /// Whether the bytes start with the magic cookie `z9hG4bK` (RFC 3261 §8.1.1.7).
    private static func isRFC3261(_ branch: UnsafeBufferPointer<UInt8>) -> Bool {
        guard branch.count >= 7 else { return false }
        return branch[0] == 0x7A && branch[1] == 0x39 && branch[2] == 0x68 && branch[3] == 0x47
            && branch[4] == 0x34 && branch[5] == 0x62 && branch[6] == 0x4B
    }

    /// The sent-by of a Via (host lower-cased, port as given).
    static func sentBy(_ via: SIPVia) -> String {
        let host = via.host.description.lowercased()
        guard let port = via.port else { return host }
        return host + ":" + String(port)
    }

    private static func method(code: UInt8, bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> SIPMethod {
        if code != 0 { return SIPTransactionMethodCode.known[Int(code) - 1] }
        return SIPMethod(String(decoding: bytes[range], as: UTF8.self))
    }

    /// A readable form for logs, e.g. `client z9hG4bK776 INVITE`.
    public var description: String {
        let side = role == .client ? "client" : "server"
        switch storage {
        case .inline, .spilled:
            let branch = self.branch ?? "", sentBy = self.sentBy ?? ""
            return sentBy.isEmpty ? "\(side) \(branch) \(method)" : "\(side) \(branch) \(sentBy) \(method)"
        case let .legacy(uri, _, _, callID, sequence, method, _):
            return "\(side) rfc2543 \(uri) \(callID) \(sequence) \(method)"
        }
    }

    public static func == (lhs: SIPTransactionKey, rhs: SIPTransactionKey) -> Bool {
        guard lhs.role == rhs.role, lhs.inline == rhs.inline else { return false }
        if lhs.boxed === rhs.boxed { return true }
        guard let a = lhs.boxed, let b = rhs.boxed else { return false }
        return a.storage == b.storage
    }

    public func hash(into hasher: inout Hasher) {
        if let boxed, case .legacy = boxed.storage {
            hasher.combine(role)
            hasher.combine(boxed.storage)
        } else {
            hasher.combine(inline.hash)
        }
    }
}
