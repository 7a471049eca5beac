import SIPCore
import SIPUserAgent

/// What a client knows about one call, to make the seed's CallInfo (seed "CallInfo
/// object": callUUID, direction, src, dest, state, extraHeaders, reason, protocol, code,
/// originator).
package struct CallRecord: Sendable {
    /// The Call-ID (the controller's handle).
    package let callID: String
    /// `X-Calluuid` from the server when it sends one, else the Call-ID.
    package var callUUID: String
    /// Outgoing or incoming.
    package let direction: SIPCallStateMachine.Direction
    /// Outgoing: our address of record; incoming: the caller (From URI user, or the URI).
    package let source: String
    /// Outgoing: the destination as dialled; incoming: our address of record.
    package let destination: String
    /// The X-PH- headers that passed the seed's filter (sent on, or received with, the INVITE).
    package let extraHeaders: [SIPParameter]
    /// The seed's state.
    package var state: SIPCallState = .initialized
    /// `X-Plivo-Stir-Verification` of an incoming call.
    package var stirShakenState = ""
    /// How it ended, once it has.
    package var end: SIPCallEnd?

    /// The record of an outgoing call.
    package init(outgoing callID: String, from ourAOR: SIPURI, to destination: String, extraHeaders: [SIPParameter]) {
        self.callID = callID
        callUUID = callID
        direction = .outgoing
        source = ourAOR.description
        self.destination = destination
        self.extraHeaders = extraHeaders
    }

    /// The record of an incoming call from its INVITE; dropped X-PH- headers are returned for
    /// the log.
    package init(incoming callID: String, invite: SIPMessage, ourAOR: SIPURI) {
        self.callID = callID
        callUUID = invite.value(SIPHeaderName("X-Calluuid")) ?? callID
        direction = .incoming
        let caller = invite.from?.uri
        source = caller?.user ?? caller?.description ?? ""
        destination = ourAOR.description
        extraHeaders = SIPExtraHeaders.received(in: invite).kept
        stirShakenState = invite.value(SIPHeaderName("X-Plivo-Stir-Verification")) ?? ""
    }

    /// The Request-URI for a destination: a `sip:`/`sips:` URI as given, `user@host` with
    /// `sip:` added, or a number/user at our domain (the SDK: whitespace removed, `sip:`
    /// prefixed, the server's domain completed).
    package static func target(_ destination: String, domain: SIPURI.Host?) -> SIPURI? {
        let cleaned = destination.filter { !$0.isWhitespace }
        guard !cleaned.isEmpty else { return nil }
        let lower = cleaned.lowercased()
        if lower.hasPrefix("sip:") || lower.hasPrefix("sips:") { return try? SIPURI(cleaned) }
        if cleaned.contains("@") { return try? SIPURI("sip:" + cleaned) }
        guard let domain else { return nil }
        return try? SIPURI("sip:" + cleaned + "@" + domain.description)
    }

    /// The caller ID of `onIncomingCall`: the caller's URI user `@` its host (the SDK writes
    /// `<user>@phone.plivo.com`; here the host is the caller's own domain).
    package static func callerID(of invite: SIPMessage) -> String {
        guard let uri = invite.from?.uri else { return "" }
        if let user = uri.user { return "\(user)@\(uri.host?.description ?? "")" }
        return uri.description
    }

    /// The seed's CallInfo.
    package var callInfo: PlivoCallInfo {
        let (originator, proto, reason, code) = reasonFields
        var headers: [String: String] = [:]
        for header in extraHeaders { headers[header.name] = header.value ?? "" }
        return PlivoCallInfo(callUUID: callUUID, direction: direction == .outgoing ? .outgoing : .incoming, src: source,
                             dest: destination, state: PlivoCallState(state), extraHeaders: headers,
                             stirShakenState: direction == .outgoing ? "Not_applicable" : stirShakenState,
                             originator: originator, protocol: proto, reason: reason, code: code)
    }

    /// `hangupInfo` of `onCallTerminated`: originator and reason.
    package var hangupInfo: PlivoHangupInfo {
        let (originator, _, reason, _) = reasonFields
        return PlivoHangupInfo(originator: originator, reason: reason)
    }

    /// originator, protocol, reason and code as the SDK's `extractReason` makes them: local →
    /// protocol `none`, reason the cause, code the SDK's local code (or the SIP status, or -1);
    /// remote → the Reason header's protocol, text and cause, `none`/-1 where missing (the
    /// status code and cause string then fill in).
    package var reasonFields: (String, String, String, Int) {
        guard let end else { return ("none", "none", "none", -1) }
        switch end.originator {
        case .local:
            return ("local", "none", end.cause.rawValue, end.cause.localCode ?? end.statusCode ?? -1)
        case .remote:
            if let header = end.reason {
                return ("remote", header.protocolName, header.text ?? end.cause.rawValue,
                        header.cause ?? end.statusCode ?? -1)
            }
            return ("remote", end.statusCode == nil ? "none" : "SIP", end.cause.rawValue, end.statusCode ?? -1)
        }
    }
}
