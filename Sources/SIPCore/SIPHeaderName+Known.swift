// The table of header names this stack knows by name (RFC 3261 §20 and common extensions).
// Compact forms: RFC 3261 §7.3.3 and the IANA SIP header registry.

extension SIPHeaderName {
    /// `Via` (compact form `v`).
    public static let via = SIPHeaderName(knownID: 1)
    /// `From` (compact form `f`).
    public static let from = SIPHeaderName(knownID: 2)
    /// `To` (compact form `t`).
    public static let to = SIPHeaderName(knownID: 3)
    /// `Call-ID` (compact form `i`).
    public static let callID = SIPHeaderName(knownID: 4)
    /// `CSeq`.
    public static let cseq = SIPHeaderName(knownID: 5)
    /// `Contact` (compact form `m`).
    public static let contact = SIPHeaderName(knownID: 6)
    /// `Route`.
    public static let route = SIPHeaderName(knownID: 7)
    /// `Record-Route`.
    public static let recordRoute = SIPHeaderName(knownID: 8)
    /// `Max-Forwards`.
    public static let maxForwards = SIPHeaderName(knownID: 9)
    /// `Content-Type` (compact form `c`).
    public static let contentType = SIPHeaderName(knownID: 10)
    /// `Content-Length` (compact form `l`).
    public static let contentLength = SIPHeaderName(knownID: 11)
    /// `Content-Encoding` (compact form `e`).
    public static let contentEncoding = SIPHeaderName(knownID: 12)
    /// `Content-Disposition`.
    public static let contentDisposition = SIPHeaderName(knownID: 13)
    /// `Content-Language`.
    public static let contentLanguage = SIPHeaderName(knownID: 14)
    /// `Expires`.
    public static let expires = SIPHeaderName(knownID: 15)
    /// `Min-Expires`.
    public static let minExpires = SIPHeaderName(knownID: 16)
    /// `WWW-Authenticate`.
    public static let wwwAuthenticate = SIPHeaderName(knownID: 17)
    /// `Authorization`.
    public static let authorization = SIPHeaderName(knownID: 18)
    /// `Proxy-Authenticate`.
    public static let proxyAuthenticate = SIPHeaderName(knownID: 19)
    /// `Proxy-Authorization`.
    public static let proxyAuthorization = SIPHeaderName(knownID: 20)
    /// `Authentication-Info`.
    public static let authenticationInfo = SIPHeaderName(knownID: 21)
    /// `Allow`.
    public static let allow = SIPHeaderName(knownID: 22)
    /// `Supported` (compact form `k`).
    public static let supported = SIPHeaderName(knownID: 23)
    /// `Require`.
    public static let require = SIPHeaderName(knownID: 24)
    /// `Proxy-Require`.
    public static let proxyRequire = SIPHeaderName(knownID: 25)
    /// `Unsupported`.
    public static let unsupported = SIPHeaderName(knownID: 26)
    /// `Reason`.
    public static let reason = SIPHeaderName(knownID: 27)
    /// `User-Agent`.
    public static let userAgent = SIPHeaderName(knownID: 28)
    /// `Server`.
    public static let server = SIPHeaderName(knownID: 29)
    /// `Event` (compact form `o`).
    public static let event = SIPHeaderName(knownID: 30)
    /// `Allow-Events` (compact form `u`).
    public static let allowEvents = SIPHeaderName(knownID: 31)
    /// `Subscription-State`.
    public static let subscriptionState = SIPHeaderName(knownID: 32)
    /// `Retry-After`.
    public static let retryAfter = SIPHeaderName(knownID: 33)
    /// `Warning`.
    public static let warning = SIPHeaderName(knownID: 34)
    /// `Accept`.
    public static let accept = SIPHeaderName(knownID: 35)
    /// `Accept-Encoding`.
    public static let acceptEncoding = SIPHeaderName(knownID: 36)
    /// `Accept-Language`.
    public static let acceptLanguage = SIPHeaderName(knownID: 37)
    /// `Subject` (compact form `s`).
    public static let subject = SIPHeaderName(knownID: 38)
    /// `Date`.
    public static let date = SIPHeaderName(knownID: 39)
    /// `Timestamp`.
    public static let timestamp = SIPHeaderName(knownID: 40)
    /// `Organization`.
    public static let organization = SIPHeaderName(knownID: 41)
    /// `Priority`.
    public static let priority = SIPHeaderName(knownID: 42)
    /// `Reply-To`.
    public static let replyTo = SIPHeaderName(knownID: 43)
    /// `In-Reply-To`.
    public static let inReplyTo = SIPHeaderName(knownID: 44)
    /// `MIME-Version`.
    public static let mimeVersion = SIPHeaderName(knownID: 45)
    /// `Call-Info`.
    public static let callInfo = SIPHeaderName(knownID: 46)
    /// `Alert-Info`.
    public static let alertInfo = SIPHeaderName(knownID: 47)
    /// `Error-Info`.
    public static let errorInfo = SIPHeaderName(knownID: 48)
    /// `Refer-To` (compact form `r`).
    public static let referTo = SIPHeaderName(knownID: 49)
    /// `Referred-By` (compact form `b`).
    public static let referredBy = SIPHeaderName(knownID: 50)
    /// `Session-Expires` (compact form `x`).
    public static let sessionExpires = SIPHeaderName(knownID: 51)
    /// `Min-SE`.
    public static let minSE = SIPHeaderName(knownID: 52)
    /// `RSeq`.
    public static let rseq = SIPHeaderName(knownID: 53)
    /// `RAck`.
    public static let rack = SIPHeaderName(knownID: 54)
    /// `Privacy`.
    public static let privacy = SIPHeaderName(knownID: 55)
    /// `P-Asserted-Identity`.
    public static let pAssertedIdentity = SIPHeaderName(knownID: 56)
    /// `P-Preferred-Identity`.
    public static let pPreferredIdentity = SIPHeaderName(knownID: 57)
    /// `Path`.
    public static let path = SIPHeaderName(knownID: 58)
    /// `Service-Route`.
    public static let serviceRoute = SIPHeaderName(knownID: 59)
    /// `Identity` (compact form `y`).
    public static let identity = SIPHeaderName(knownID: 60)
    /// `Identity-Info` (compact form `n`).
    public static let identityInfo = SIPHeaderName(knownID: 61)
    /// `Accept-Contact` (compact form `a`).
    public static let acceptContact = SIPHeaderName(knownID: 62)
    /// `Reject-Contact` (compact form `j`).
    public static let rejectContact = SIPHeaderName(knownID: 63)
    /// `Request-Disposition` (compact form `d`).
    public static let requestDisposition = SIPHeaderName(knownID: 64)
}

enum SIPKnownHeaders {
    /// Canonical spellings, indexed by known ID (0 is unused).
    static let canonical: [String] = ["", "Via", "From", "To", "Call-ID", "CSeq", "Contact", "Route", "Record-Route", "Max-Forwards", "Content-Type", "Content-Length", "Content-Encoding", "Content-Disposition", "Content-Language", "Expires", "Min-Expires", "WWW-Authenticate", "Authorization", "Proxy-Authenticate", "Proxy-Authorization", "Authentication-Info", "Allow", "Supported", "Require", "Proxy-Require", "Unsupported", "Reason", "User-Agent", "Server", "Event", "Allow-Events", "Subscription-State", "Retry-After", "Warning", "Accept", "Accept-Encoding", "Accept-Language", "Subject", "Date", "Timestamp", "Organization", "Priority", "Reply-To", "In-Reply-To", "MIME-Version", "Call-Info", "Alert-Info", "Error-Info", "Refer-To", "Referred-By", "Session-Expires", "Min-SE", "RSeq", "RAck", "Privacy", "P-Asserted-Identity", "P-Preferred-Identity", "Path", "Service-Route", "Identity", "Identity-Info", "Accept-Contact", "Reject-Contact", "Request-Disposition"]
    /// Compact form letter (lower case) for each known ID, 0 when there is none.
    static let compact: [UInt8] = [0, UInt8(ascii: "v"), UInt8(ascii: "f"), UInt8(ascii: "t"), UInt8(ascii: "i"), 0, UInt8(ascii: "m"), 0, 0, 0, UInt8(ascii: "c"), UInt8(ascii: "l"), UInt8(ascii: "e"), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, UInt8(ascii: "k"), 0, 0, 0, 0, 0, 0, UInt8(ascii: "o"), UInt8(ascii: "u"), 0, 0, 0, 0, 0, 0, UInt8(ascii: "s"), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, UInt8(ascii: "r"), UInt8(ascii: "b"), UInt8(ascii: "x"), 0, 0, 0, 0, 0, 0, 0, 0, UInt8(ascii: "y"), UInt8(ascii: "n"), UInt8(ascii: "a"), UInt8(ascii: "j"), UInt8(ascii: "d")]
}
