import SIPCore

extension SIPRegistrationStateMachine {
    /// The largest expiry taken from a 2xx (about 68 years): larger values are clamped so that
    /// timer arithmetic cannot overflow whatever the registrar writes.
    static let maxGrantedExpires = Int(Int32.max)

    /// Builds the next REGISTER (RFC 3261 §10.2): increments the CSeq, writes Via (no branch),
    /// Max-Forwards 70, From (AOR + tag), To (AOR), Call-ID, CSeq, Contact, Expires, Allow,
    /// Supported, User-Agent and the extra headers, then adds credentials for every cached
    /// challenge. `expires` 0 also puts `expires=0` on the Contact (un-REGISTER, §10.2.2).
    mutating func makeRegister(expires: Int) -> Result<SIPMessage, SIPParseError> {
        cseq = cseq == .max ? 1 : cseq + 1
        let config = configuration
        var contactParameters = config.contactParameters
        if expires == 0 { contactParameters.append(SIPParameter("expires", "0")) }
        var headers = [SIPParameter("Expires", String(expires))]
        if !config.allow.isEmpty {
            headers.append(SIPParameter("Allow", config.allow.map(\.rawValue).joined(separator: ",")))
        }
        if !config.supported.isEmpty { headers.append(SIPParameter("Supported", config.supported.joined(separator: ","))) }
        if let userAgent = config.userAgent { headers.append(SIPParameter("User-Agent", userAgent)) }
        headers += config.extraHeaders
        var request: SIPMessage
        do throws(SIPParseError) {
            request = try SIPMessageBuilder.request(
                method: .register, uri: config.registrarURI, via: config.via,
                from: SIPNameAddress(uri: config.addressOfRecord, parameters: [SIPParameter("tag", fromTag)]),
                to: SIPNameAddress(uri: config.addressOfRecord), callID: callID, cseq: cseq,
                contact: SIPNameAddress(uri: config.contact, parameters: contactParameters), extraHeaders: headers)
        } catch {
            return .failure(error)
        }
        if var session = auth, !session.entries.isEmpty {
            // On a throw the request goes without credentials; the registrar challenges again.
            if (try? session.authorize(&request)) != nil { auth = session }
        }
        return .success(request)
    }

    /// The expiry the registrar granted in a 2xx (RFC 3261 §10.2.4): our Contact's `expires`
    /// parameter, else the Expires header, else what was requested.
    func grantedExpires(in response: SIPMessage) -> Int {
        let granted: Int
        if let contact = ourContact(in: response), let text = contact.parameters.value(of: "expires"),
           let value = Self.seconds(text) {
            granted = value
        } else if let value = response.expires {
            granted = value
        } else {
            granted = requestedExpires
        }
        return min(max(granted, 0), Self.maxGrantedExpires)
    }

    /// Our binding among the 2xx's Contacts: same `+sip.instance` (and `reg-id` when we send
    /// one; RFC 5626 §4.2), else an equivalent URI (RFC 3261 §19.1.4), else the same user part.
    func ourContact(in response: SIPMessage) -> SIPNameAddress? {
        let contacts = response.contacts
        let mine = configuration.contact
        if let instance = configuration.contactParameters.value(of: "+sip.instance") {
            let regID = configuration.contactParameters.value(of: "reg-id")
            if let match = contacts.first(where: {
                $0.parameters.value(of: "+sip.instance") == instance
                    && (regID == nil || $0.parameters.value(of: "reg-id") == regID)
            }) { return match }
        }
        if let match = contacts.first(where: { $0.uri.isEquivalent(to: mine) }) { return match }
        return contacts.first { $0.uri.user != nil && $0.uri.user == mine.user }
    }

    /// A delta-seconds value (digits only); larger than `maxGrantedExpires` clamps to it.
    static func seconds(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let digits = text.drop { $0 == "0" }
        guard digits.count <= 10 else { return maxGrantedExpires }
        return min(Int(digits) ?? 0, maxGrantedExpires)
    }
}
