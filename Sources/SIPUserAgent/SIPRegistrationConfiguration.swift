import SIPCore

/// The fixed parts of one registration (RFC 3261 §10.2): who registers, where, and which
/// Contact is bound.
///
/// The REGISTER's Request-URI is `sip:<domain>`, To and From are the AOR `sip:<user>@<domain>`
/// (§10.2). The Contact is `<contact>` followed by `contactParameters` (e.g. `+sip.instance`,
/// `reg-id`, `+sip.ice`; RFC 5626 §4.2), which the registrar echoes so the 2xx can be matched.
public struct SIPRegistrationConfiguration: Sendable, Hashable {
    /// The `refreshRegistrationTimer` range of the Plivo browser SDK, in seconds (seed document:
    /// "100 - 86400 seconds").
    public static let expiresRange = 100...86_400
    /// The `refreshRegistrationTimer` default of the Plivo browser SDK, in seconds.
    public static let defaultExpires = 120

    /// The user part of the AOR.
    public var user: String
    /// The registrar's domain: the host of the AOR and of the Request-URI.
    public var domain: SIPURI.Host
    /// The Contact URI to bind, e.g. `sip:k3f8a1zq@df7jal23ls0d.invalid;transport=ws`.
    public var contact: SIPURI
    /// Contact header parameters after the URI (`+sip.instance="<urn:uuid:…>"`, `reg-id=1`).
    public var contactParameters: [SIPParameter]
    /// The Via of every REGISTER, without a branch (the transaction layer adds a fresh one).
    public var via: SIPVia
    /// The User-Agent value, or nil for none.
    public var userAgent: String?
    /// Option tags for Supported (omitted when empty).
    public var supported: [String]
    /// Methods for Allow (omitted when empty).
    public var allow: [SIPMethod]
    /// Further header fields appended to every REGISTER (e.g. `X-Plivo-Jwt`).
    public var extraHeaders: [SIPParameter]

    /// Creates a configuration.
    public init(user: String, domain: SIPURI.Host, contact: SIPURI, contactParameters: [SIPParameter] = [],
                via: SIPVia, userAgent: String? = nil, supported: [String] = ["path", "gruu", "outbound"],
                allow: [SIPMethod] = [], extraHeaders: [SIPParameter] = []) {
        self.user = user
        self.domain = domain
        self.contact = contact
        self.contactParameters = contactParameters
        self.via = via
        self.userAgent = userAgent
        self.supported = supported
        self.allow = allow
        self.extraHeaders = extraHeaders
    }

    /// The address of record, `sip:<user>@<domain>` (RFC 3261 §10.2 To and From).
    public var addressOfRecord: SIPURI { SIPURI(user: user, host: domain) }

    /// The registrar's Request-URI, `sip:<domain>` (RFC 3261 §10.2: no user part).
    public var registrarURI: SIPURI { SIPURI(host: domain) }

    /// Whether `seconds` is an accepted `refreshRegistrationTimer` (100–86400 s).
    public static func isValidExpires(_ seconds: Int) -> Bool { expiresRange.contains(seconds) }
}
