/// One validation pass over a message: collects errors and warnings in RFC 3261 §8.2 order and
/// picks the response for the first error.
struct SIPValidationRun {
    let validator: SIPValidator
    let message: SIPMessage
    var errors: [SIPParseError] = []
    var warnings: [SIPParseError] = []
    var rejection: SIPValidationResult.Rejection?
    /// Fields per known header ID, saturating at 255.
    var counts = [UInt8](repeating: 0, count: 128)

    init(validator: SIPValidator, message: SIPMessage) {
        self.validator = validator
        self.message = message
        self.warnings = message.violations
    }

    var result: SIPValidationResult {
        SIPValidationResult(errors: errors, warnings: warnings, rejection: message.isRequest ? rejection : nil)
    }

    mutating func reject(_ error: SIPParseError, status: Int = 400, reason: String? = nil, headers: [SIPParameter] = []) {
        errors.append(error)
        if rejection == nil {
            rejection = .init(status: status, reason: reason ?? (status == 400 ? error.reason : SIPStatus.reasonPhrase(status)),
                              headers: headers)
        }
    }

    func offset(of name: SIPHeaderName) -> Int {
        message.spans.first { $0.knownID == name.knownID }?.lineStart ?? 0
    }

    /// Parses a typed header, turning a grammar error into a 400; nil when absent or invalid.
    mutating func check<Value>(_ header: SIPTypedHeader<Value>) -> [Value]? {
        guard count(header.name) > 0 else { return [] }
        do {
            return try message.parsed(header)
        } catch {
            reject(error)
            return nil
        }
    }

    /// How many fields of a known header the message has (computed once per run).
    func count(_ name: SIPHeaderName) -> Int { Int(counts[Int(name.knownID)]) }

    mutating func run() {
        for span in message.spans where span.knownID != 0 {
            let k = Int(span.knownID)
            if counts[k] < 255 { counts[k] += 1 }
        }
        // 1. The headers every message needs (RFC 3261 §8.1.1), each once where it is single.
        let required: [SIPHeaderName] = [.via, .from, .to, .callID, .cseq]
        for name in required where count(name) == 0 {
            reject(SIPParseError(.missingHeader, offset: 0, header: name.canonicalName))
        }
        let single: [SIPHeaderName] = [.from, .to, .callID, .cseq, .maxForwards, .contentType, .contentLength,
                                       .expires, .minExpires, .retryAfter, .replyTo, .event]
        for name in single where count(name) > 1 {
            let second = message.spans.lazy.filter { $0.knownID == name.knownID }.dropFirst().first
            reject(SIPParseError(.duplicateHeader, offset: second?.lineStart ?? 0, header: name.canonicalName))
        }
        // 2. Grammar of the headers a user agent reads, each parsed once.
        let via = check(.via)
        let from = check(.from)?.first
        let to = check(.to)?.first
        _ = check(.callID)
        let cseq = check(.cseq)?.first
        let maxForwards = check(.maxForwards)?.first
        _ = check(.contentLength)
        let contentType = check(.contentType)?.first
        let expires = check(.expires)?.first
        _ = check(.minExpires)
        var wildcard = false
        if count(.contact) > 0 {
            wildcard = message.isContactWildcard
            if !wildcard { _ = check(.contact) }
        }
        _ = check(.route)
        _ = check(.recordRoute)
        let require = check(.require) ?? []
        let proxyRequire = check(.proxyRequire) ?? []
        _ = check(.supported)
        _ = check(.allow)
        _ = check(.unsupported)
        let accept = count(.accept) > 0 ? check(.accept) : nil
        _ = check(.reason)
        _ = check(.retryAfter)
        _ = check(.warning)
        _ = check(.event)
        _ = check(.wwwAuthenticate)
        _ = check(.proxyAuthenticate)
        _ = check(.authorization)
        _ = check(.proxyAuthorization)
        if count(.date) > 0 { checkDate() }

        if message.isRequest {
            checkRequest(RequestFacts(topVia: via?.first, from: from, to: to, cseq: cseq, maxForwards: maxForwards,
                                      contentType: contentType, expires: expires, isContactWildcard: wildcard,
                                      require: require, proxyRequire: proxyRequire, accept: accept))
        }
    }

    /// What `run` already parsed, handed to the request checks.
    struct RequestFacts {
        var topVia: SIPVia?
        var from: SIPNameAddress?
        var to: SIPNameAddress?
        var cseq: SIPCSeq?
        var maxForwards: Int?
        var contentType: SIPContentType?
        var expires: Int?
        var isContactWildcard: Bool
        var require: [String]
        var proxyRequire: [String]
        var accept: [SIPContentType]?
    }

    mutating func checkRequest(_ facts: RequestFacts) {
        guard let method = message.method else { return }
        let cseq = facts.cseq, maxForwards = facts.maxForwards, contentType = facts.contentType
        // CSeq method must match the request method (RFC 3261 §8.1.1.5).
        if let cseq, cseq.method != method {
            reject(SIPParseError(.invalidHeaderValue("method \(cseq.method) does not match \(method)"),
                                 offset: offset(of: .cseq), header: "CSeq"))
        }
        // Request-URI (RFC 3261 §8.2.2.1, §19.1.1).
        if case .request(_, let uriRange, _) = message.startLine {
            do throws(SIPParseError) {
                if message.storage[uriRange.lowerBound] == 60 {
                    throw SIPParseError(.invalidRequestURI("enclosed in <>"), offset: uriRange.lowerBound)
                }
                let uri = try SIPURI(parsing: message.storage[uriRange])
                if !validator.supportedSchemes.contains(uri.scheme.description) {
                    reject(SIPParseError(.invalidRequestURI("unsupported scheme \(uri.scheme)"), offset: uriRange.lowerBound),
                           status: 416)
                } else if !uri.headers.isEmpty {
                    reject(SIPParseError(.invalidRequestURI("headers are not allowed in a Request-URI"),
                                         offset: uriRange.lowerBound))
                }
            } catch {
                var error = error
                if case .invalidURI(let why) = error.kind { error.kind = .invalidRequestURI(why) }
                reject(error)
            }
        }
        if count(.maxForwards) == 0 {
            warnings.append(SIPParseError(.missingHeader, offset: 0, header: "Max-Forwards"))
        }
        if let from = facts.from, from.tag == nil {
            warnings.append(SIPParseError(.invalidHeaderValue("no tag (RFC 2543 peer?)"), offset: offset(of: .from), header: "From"))
        }
        if let top = facts.topVia, !top.hasRFC3261Branch {
            warnings.append(SIPParseError(.invalidHeaderValue("branch without the z9hG4bK cookie (RFC 2543 peer?)"),
                                          offset: offset(of: .via), header: "Via"))
        }
        // Max-Forwards 0 at a proxy (RFC 3261 §16.3 step 3): OPTIONS may be answered locally.
        if validator.role == .proxy, maxForwards == 0, method != .options {
            reject(SIPParseError(.invalidHeaderValue("Max-Forwards is 0"), offset: offset(of: .maxForwards), header: "Max-Forwards"),
                   status: 483)
        }
        // REGISTER with Contact "*" needs Expires: 0 and no other Contact (RFC 3261 §10.2.2).
        if method == .register, facts.isContactWildcard, facts.expires != 0 {
            reject(SIPParseError(.invalidHeaderValue("'*' needs Expires: 0"), offset: offset(of: .contact), header: "Contact"))
        }
        // Extensions (RFC 3261 §8.2.2.3): not for ACK or CANCEL.
        if method != .ack, method != .cancel {
            let tags = validator.role == .proxy ? facts.proxyRequire : facts.require
            let unknown = tags.filter { !validator.supportedOptionTags.contains($0.lowercased()) }
            if !unknown.isEmpty {
                reject(SIPParseError(.invalidHeaderValue("unsupported extension \(unknown.joined(separator: ", "))"),
                                     offset: offset(of: validator.role == .proxy ? .proxyRequire : .require),
                                     header: validator.role == .proxy ? "Proxy-Require" : "Require"),
                       status: 420, headers: [SIPParameter("Unsupported", unknown.joined(separator: ", "))])
            }
        }
        guard validator.role == .uas else { return }
        // Body (RFC 3261 §8.2.3).
        if message.bodyLength > 0 {
            if let contentType {
                if !validator.supportedContentTypes.contains(where: { $0.covers(contentType) }) {
                    reject(SIPParseError(.invalidHeaderValue("unsupported media type \(contentType.mediaType)"),
                                         offset: offset(of: .contentType), header: "Content-Type"),
                           status: 415, headers: [acceptHeader])
                }
            } else if count(.contentType) == 0 {
                reject(SIPParseError(.missingHeader, offset: 0, header: "Content-Type"))
            }
            if count(.contentEncoding) > 0, let encoding = message.value(.contentEncoding)?.trimmingLWS.lowercased(),
               !encoding.isEmpty, encoding != "identity" {
                reject(SIPParseError(.invalidHeaderValue("unsupported encoding \(encoding)"),
                                     offset: offset(of: .contentEncoding), header: "Content-Encoding"),
                       status: 415, headers: [SIPParameter("Accept-Encoding", "identity")])
            }
        }
        // Accept (RFC 3261 §8.2.3, §21.4.7): an INVITE's answer carries one of our body types.
        if method == .invite, let accept = facts.accept, !accept.isEmpty,
           !accept.contains(where: { range in validator.answerContentTypes.contains { range.covers($0) } }) {
            reject(SIPParseError(.invalidHeaderValue("no acceptable body type for the answer"),
                                 offset: offset(of: .accept), header: "Accept"),
                   status: 406, headers: [acceptHeader])
        }
    }

    var acceptHeader: SIPParameter {
        SIPParameter("Accept", validator.supportedContentTypes.map(\.mediaType).joined(separator: ", "))
    }

    /// Date (RFC 3261 §20.17): RFC 1123 form in GMT. A bad Date is tolerated (RFC 4475 §3.1.2.12):
    /// a user agent does not need it.
    mutating func checkDate() {
        guard let date = message.value(.date)?.trimmingLWS else { return }
        let parts = date.split(separator: " ")
        let days = ["Mon,", "Tue,", "Wed,", "Thu,", "Fri,", "Sat,", "Sun,"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let ok = parts.count == 6 && days.contains(String(parts[0])) && Int(parts[1]) != nil
            && months.contains(String(parts[2])) && Int(parts[3]) != nil && parts[4].split(separator: ":").count == 3
            && parts[5] == "GMT"
        if !ok {
            warnings.append(SIPParseError(.invalidHeaderValue("not an RFC 1123 date in GMT"), offset: offset(of: .date), header: "Date"))
        }
    }
}
