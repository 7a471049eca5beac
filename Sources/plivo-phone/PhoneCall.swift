import SIPCore
import SIPUserAgent

/// What plivo-phone knows about one call, to print the seed's CallInfo (seed "CallInfo
/// object": callUUID, direction, src, dest, state, extraHeaders, reason, protocol, code,
/// originator).
struct PhoneCall: Sendable {
    /// The Call-ID (the controller's handle).
    let callID: String
    /// `X-Calluuid` from the server when it sends one, else the Call-ID.
    var callUUID: String
    /// Outgoing or incoming.
    let direction: SIPCallStateMachine.Direction
    /// Outgoing: our address of record; incoming: the caller (From URI user, or the URI).
    let source: String
    /// Outgoing: the destination as dialled; incoming: our address of record.
    let destination: String
    /// The X-PH- headers that passed the seed's filter (sent on, or received with, the INVITE).
    let extraHeaders: [SIPParameter]
    /// The seed's state.
    var state: SIPCallState = .initialized
    /// How it ended, once it has.
    var end: SIPCallEnd?

    /// The record of an outgoing call.
    init(outgoing callID: String, from ourAOR: SIPURI, to destination: String, extraHeaders: [SIPParameter]) {
        self.callID = callID
        callUUID = callID
        direction = .outgoing
        source = ourAOR.description
        self.destination = destination
        self.extraHeaders = extraHeaders
    }

    /// The record of an incoming call from its INVITE; dropped X-PH- headers are returned for
    /// the log.
    init(incoming callID: String, invite: SIPMessage, ourAOR: SIPURI) {
        self.callID = callID
        callUUID = invite.value(SIPHeaderName("X-Calluuid")) ?? callID
        direction = .incoming
        let caller = invite.from?.uri
        source = caller?.user ?? caller?.description ?? ""
        destination = ourAOR.description
        extraHeaders = SIPExtraHeaders.received(in: invite).kept
    }

    /// The caller ID of `onIncomingCall`: the caller's URI user `@` its host (the SDK writes
    /// `<user>@phone.plivo.com`; here the host is the caller's own domain).
    static func callerID(of invite: SIPMessage) -> String {
        guard let uri = invite.from?.uri else { return "" }
        if let user = uri.user { return "\(user)@\(uri.host?.description ?? "")" }
        return uri.description
    }

    /// The CallInfo object.
    var info: PhoneEventPrinter.Value { .object(infoFields) }

    /// The CallInfo fields, in the seed's order.
    var infoFields: [(String, PhoneEventPrinter.Value)] {
        var fields: [(String, PhoneEventPrinter.Value)] = [
            ("callUUID", .string(callUUID)),
            ("direction", .string(direction == .outgoing ? "outgoing" : "incoming")),
            ("src", .string(source)),
            ("dest", .string(destination)),
            ("state", .string(state.rawValue)),
            ("extraHeaders", .object(extraHeaders.map { ($0.name, .string($0.value ?? "")) })),
        ]
        let (originator, proto, reason, code) = reasonFields
        fields += [("originator", .string(originator)), ("protocol", .string(proto)), ("reason", .string(reason)),
                   ("code", .int(code))]
        return fields
    }

    /// `hangupInfo` of `onCallTerminated`: originator and reason.
    var hangupInfo: PhoneEventPrinter.Value {
        let (originator, _, reason, _) = reasonFields
        return .object([("originator", .string(originator)), ("reason", .string(reason))])
    }

    /// originator, protocol, reason and code as the SDK's `extractReason` makes them: local →
    /// protocol `none`, reason the cause, code the SDK's local code (or the SIP status, or -1);
    /// remote → the Reason header's protocol, text and cause, `none`/-1 where missing (the
    /// status code and cause string then fill in).
    private var reasonFields: (String, String, String, Int) {
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
