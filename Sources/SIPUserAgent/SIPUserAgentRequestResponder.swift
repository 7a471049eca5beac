import SIPCore

/// Decides how a user agent answers a request that arrives outside anything it started: the
/// requests the transaction layer hands to the TU as `SIPTransactionLayerEvent.request` (an
/// OPTIONS keep-alive or capability query from the registrar, an INVITE, a stray BYE or NOTIFY).
///
/// The decision follows the UAS steps of RFC 3261 §8.2, in this order:
///
/// 1. **ACK** is never answered (§17.1.1.3): ``Decision/noResponse``.
/// 2. **Malformed** (a ``SIPValidator`` rejection with 400 or 505): that rejection, since
///    nothing else about the request can be trusted.
/// 3. **Method inspection (§8.2.1).** A method this package knows by name (`SIPMethod.known`)
///    but that is not in ``allow`` (REGISTER, PRACK, SUBSCRIBE, PUBLISH, REFER, UPDATE) gets
///    405 Method Not Allowed with Allow, as §8.2.1 requires ("recognizes but does not
///    support"). Any other method gets 501 Not Implemented (§21.5.2: "the appropriate response
///    when a UAS does not recognize the request method").
/// 4. **Header inspection (§8.2.2):** the validator's 416 (Request-URI scheme) and 420 (Require
///    with an option tag not in ``supported``, answered with Unsupported).
/// 5. **Method processing:**
///    - OPTIONS → 200 OK with Allow, Accept and Supported (§11.2), or the validator's 415 when
///      its body cannot be read (§8.2.3). Accept-Encoding and Accept-Language are left out: the
///      only encoding is `identity` and no language is preferred (their absence means that).
///    - A method in ``handledMethods`` → ``Decision/application`` (the app answers), or the
///      validator's 415/406 when its body cannot be read or answered (§8.2.3).
///    - INVITE with no call handler → ``inviteRejectionStatus``, 486 Busy Here by default: it
///      is what Plivo's endpoints send when they decline a call while engaged, and it says the
///      user agent was reached but takes no call here (§21.4.24), so the caller's other
///      branches may still answer; 480 Temporarily Unavailable may be configured instead for
///      an app that is logged in but not taking calls at all (§21.4.18).
///    - MESSAGE with no message handler → 480 Temporarily Unavailable (§21.4.18, RFC 3428 §7):
///      "Busy Here" would be wrong for a page-mode message.
///    - NOTIFY with no subscription → 481 (RFC 6665 §4.1.3); BYE and INFO with no dialog → 481
///      (RFC 3261 §15.1.2, RFC 6086 §4.2.2); CANCEL with no INVITE to cancel → 481 (§9.2).
///
/// These rejections do not look at the body (it would never be read), so a stray NOTIFY with
/// any body is answered 481, not 415.
///
/// Every response is built by `SIPMessageBuilder.response(to:…)` (Via, From, Call-ID, CSeq
/// copied) and carries a To tag when the request's To has none (§8.2.6.2).
public struct SIPUserAgentRequestResponder: Sendable {
    /// What to do with a request.
    public enum Decision: Sendable, Equatable {
        /// Send this response through the request's server transaction.
        case respond(SIPMessage)
        /// The application answers: the method is in ``handledMethods``.
        case application
        /// Send nothing (an ACK).
        case noResponse
    }

    /// The methods a Plivo endpoint allows: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, NOTIFY,
    /// MESSAGE.
    public static let defaultAllow: [SIPMethod] = [.invite, .ack, .cancel, .bye, .options, .info, .notify, .message]

    /// Methods for Allow, in order (200 to OPTIONS, 405).
    public var allow: [SIPMethod]
    /// Body types the user agent reads, for Accept (RFC 3261 §20.1); the validator's 415 lists
    /// them too.
    public var accept: [SIPContentType]
    /// Option tags for Supported (RFC 3261 §20.37): `outbound` (RFC 5626), plus `path`
    /// (RFC 3327) and the others the REGISTER advertises when they are used. Require with any
    /// other tag is answered 420.
    public var supported: [String]
    /// Methods the application answers itself (e.g. INVITE once a call handler is set, NOTIFY
    /// for a live subscription); nothing by default.
    public var handledMethods: Set<SIPMethod>
    /// The status for an INVITE the application does not handle: 486 (default) or 480.
    public var inviteRejectionStatus: Int

    /// Creates a responder; the defaults describe a Plivo endpoint with no call handler.
    public init(allow: [SIPMethod] = SIPUserAgentRequestResponder.defaultAllow, accept: [SIPContentType] = [.sdp],
                supported: [String] = ["outbound"], handledMethods: Set<SIPMethod> = [],
                inviteRejectionStatus: Int = 486) {
        self.allow = allow
        self.accept = accept
        self.supported = supported
        self.handledMethods = handledMethods
        self.inviteRejectionStatus = inviteRejectionStatus
    }

    /// The validator the responder applies: a UAS reading ``accept`` bodies and supporting
    /// ``supported`` option tags.
    public var validator: SIPValidator {
        SIPValidator(role: .uas, supportedOptionTags: Set(supported.map { $0.lowercased() }),
                     supportedContentTypes: accept, answerContentTypes: accept)
    }

    /// The Allow field: ``allow`` comma-separated.
    public var allowHeader: SIPParameter { SIPParameter("Allow", allow.map(\.rawValue).joined(separator: ", ")) }

    /// Decides the answer to `request`; `toTag` is used when the request's To has no tag.
    /// A response is treated as `noResponse`.
    public func decide(_ request: SIPMessage,
                       toTag: String = SIPRegistrationStateMachine.randomHex(16)) -> Decision {
        guard request.isRequest, let method = request.method, method != .ack else { return .noResponse }
        let verdict = validator.validate(request)
        let rejection = verdict.rejection
        if let rejection, rejection.status == 400 || rejection.status == 505 {
            return respond(to: request, rejection: rejection, toTag: toTag, verdict: verdict)
        }
        // Method inspection (RFC 3261 §8.2.1).
        if !allow.contains(method) {
            return SIPMethod.known.contains(method)
                ? respond(to: request, status: 405, toTag: toTag, headers: [allowHeader])
                : respond(to: request, status: 501, toTag: toTag)
        }
        // Header inspection (§8.2.2) and any other rejection the validator names before the body.
        if let rejection, rejection.status != 415, rejection.status != 406 {
            return respond(to: request, rejection: rejection, toTag: toTag, verdict: verdict)
        }
        if method == .options || handledMethods.contains(method) {
            // Content processing (§8.2.3) for the requests that are processed.
            if let rejection { return respond(to: request, rejection: rejection, toTag: toTag, verdict: verdict) }
            return method == .options ? optionsAnswer(to: request, toTag: toTag) : .application
        }
        switch method {
        case .invite:
            return respond(to: request, status: inviteRejectionStatus, toTag: toTag)
        case .message:
            return respond(to: request, status: 480, toTag: toTag)
        default:
            // NOTIFY without a subscription, BYE/INFO without a dialog, CANCEL without an INVITE.
            return respond(to: request, status: 481, toTag: toTag)
        }
    }

    /// 200 OK to OPTIONS with Allow, Accept and Supported (RFC 3261 §11.2).
    private func optionsAnswer(to request: SIPMessage, toTag: String) -> Decision {
        var headers = [allowHeader, SIPParameter("Accept", accept.map(\.mediaType).joined(separator: ", "))]
        if !supported.isEmpty { headers.append(SIPParameter("Supported", supported.joined(separator: ", "))) }
        return respond(to: request, status: 200, toTag: toTag, headers: headers)
    }

    private func respond(to request: SIPMessage, rejection: SIPValidationResult.Rejection, toTag: String,
                         verdict: SIPValidationResult) -> Decision {
        if let response = SIPMessageBuilder.rejection(for: request, verdict, toTag: toTag) { return .respond(response) }
        return respond(to: request, status: rejection.status, toTag: toTag, headers: rejection.headers)
    }

    private func respond(to request: SIPMessage, status: Int, toTag: String, headers: [SIPParameter] = []) -> Decision {
        if let response = try? SIPMessageBuilder.response(to: request, status: status, toTag: toTag, headers: headers) {
            return .respond(response)
        }
        // A To tag that is not a token: answer without adding one rather than not at all.
        guard let response = try? SIPMessageBuilder.response(to: request, status: status, headers: headers) else {
            return .noResponse
        }
        return .respond(response)
    }
}
