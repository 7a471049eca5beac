import Testing
@testable import SIPCore

/// Typed header values other than Via and addresses: numbers, media types, authentication,
/// Reason, Retry-After, Warning, Event and token lists.
extension SIPTypedHeaderTests {
    // MARK: Numbers: CSeq, Max-Forwards, Expires (RFC 3261 §20.16, §20.22, §20.19)

    @Test("CSeq: 2³² − 1 is the largest sequence number; leading zeros are read")
    func cseqBounds() throws {
        #expect(try HeaderProbe("CSeq: 4294967295 INVITE").message.cseq == SIPCSeq(4294967295, .invite))
        #expect(try HeaderProbe("CSeq: 0 ACK").message.cseq == SIPCSeq(0, .ack))
        #expect(try HeaderProbe("CSeq: 0009 INVITE").message.cseq == SIPCSeq(9, .invite))
        #expect(try HeaderProbe("CSeq:\t12 \t FOO").message.cseq == SIPCSeq(12, "FOO"))
        #expect(SIPCSeq(7, .register).description == "7 REGISTER")
    }

    static let cseqErrors: [(String, String, String)] = [
        ("4294967296 INVITE", "sequence number too large", "4294967296"),
        ("99999999999999999999999 INVITE", "sequence number too large", "99999999999999999999999"),
        ("-1 INVITE", "expected sequence number", "-1"),
        ("INVITE", "expected sequence number", "INVITE"),
        ("1INVITE", "expected white space after the sequence number", "INVITE"),
        ("1 ", "expected method", " \r\n"),
        ("1 INVITE x", "unexpected character 'x'", "x\r\n"),
        ("1 INV@TE", "unexpected character '@'", "@"),
    ]

    @Test("CSeq errors", arguments: cseqErrors.map { $0.0 })
    func cseqError(value: String) throws {
        let (_, why, at) = try #require(Self.cseqErrors.first { $0.0 == value })
        let p = try HeaderProbe("CSeq: \(value)")
        let error = try #require(p.error(.cseq))
        #expect(error.kind == .invalidHeaderValue(why))
        #expect(error.header == "CSeq")
        #expect(error.offset == p.offset(of: at, after: "CSeq:"))
        #expect(p.message.cseq == nil)
    }

    @Test("Max-Forwards: 0 to 255")
    func maxForwards() throws {
        #expect(try HeaderProbe("Max-Forwards: 255").message.maxForwards == 255)
        #expect(try HeaderProbe("Max-Forwards: 0").message.maxForwards == 0)
        #expect(try HeaderProbe("Max-Forwards: 0070").message.maxForwards == 70)
        let over = try HeaderProbe("Max-Forwards: 256")
        let error = try #require(over.error(.maxForwards))
        #expect(error.kind == .invalidHeaderValue("number too large"))
        #expect(error.header == "Max-Forwards")
        #expect(error.offset == over.offset(of: "256"))
        #expect(error.reason == "Invalid Max-Forwards value: number too large")
        #expect(over.message.maxForwards == nil)
        let negative = try HeaderProbe("Max-Forwards: -1")
        #expect(negative.error(.maxForwards)?.kind == .invalidHeaderValue("expected number"))
        #expect(negative.error(.maxForwards)?.offset == negative.offset(of: "-1"))
        let junk = try HeaderProbe("Max-Forwards: 70 hops")
        #expect(junk.error(.maxForwards)?.kind == .invalidHeaderValue("unexpected character 'h'"))
    }

    @Test("Expires and Min-Expires: values past 2³² − 1 are read as 2³² − 1")
    func expiresClamp() throws {
        #expect(try HeaderProbe("Expires: 3600").message.expires == 3600)
        #expect(try HeaderProbe("Expires: 0").message.expires == 0)
        #expect(try HeaderProbe("Expires: 4294967295").message.expires == 4294967295)
        #expect(try HeaderProbe("Expires: 4294967296").message.expires == 4294967295)
        #expect(try HeaderProbe("Expires: 99999999999999999999999999").message.expires == 4294967295)
        #expect(try HeaderProbe("Expires: 000000000000000000000300").message.expires == 300)
        #expect(try HeaderProbe("Min-Expires: 18446744073709551616").message.parsed(.minExpires) == [4294967295])
        let bad = try HeaderProbe("Expires: soon")
        #expect(bad.error(.expires)?.kind == .invalidHeaderValue("expected a number"))
        #expect(bad.error(.expires)?.header == "Expires")
        #expect(bad.error(.expires)?.offset == bad.offset(of: "soon"))
        #expect(bad.message.expires == nil)
        let junk = try HeaderProbe("Expires: 60 s")
        #expect(junk.error(.expires)?.kind == .invalidHeaderValue("unexpected character 's'"))
        #expect(junk.error(.expires)?.offset == junk.offset(of: "s\r\n", after: "Expires"))
    }

    @Test("Content-Length and Call-ID")
    func contentLengthAndCallID() throws {
        let p = try HeaderProbe("Content-Length: 0", "Call-ID: a84b4c76e66710@pc33.atlanta.com")
        #expect(p.message.contentLength == 0)
        #expect(p.message.callID == "a84b4c76e66710@pc33.atlanta.com")
        let twoAts = try HeaderProbe("Call-ID: a@b@c")
        #expect(twoAts.error(.callID)?.kind == .invalidHeaderValue("bad Call-ID"))
        #expect(twoAts.message.callID == nil)
    }

    // MARK: Content-Type and Accept (RFC 3261 §20.15, §20.1)

    @Test("Content-Type: type and subtype lower-cased, parameters as written")
    func contentType() throws {
        #expect(try HeaderProbe("Content-Type: Application/SDP").message.contentType == .sdp)
        let multipart = try #require(try HeaderProbe("c: multipart/mixed;boundary=unique-boundary-1").message.contentType)
        #expect(multipart.type == "multipart")
        #expect(multipart.subtype == "mixed")
        #expect(multipart.parameters == [SIPParameter("boundary", "unique-boundary-1")])
        #expect(multipart.description == "multipart/mixed;boundary=unique-boundary-1")
        let text = try #require(try HeaderProbe(#"Content-Type: text / plain ; charset = "UTF-8""#).message.contentType)
        #expect(text.mediaType == "text/plain")
        #expect(text.parameters == [SIPParameter("charset", "\"UTF-8\"")])
        #expect(text.parameters.first?.unquotedValue == "UTF-8")

        let noSubtype = try HeaderProbe("Content-Type: application")
        #expect(noSubtype.error(.contentType)?.kind == .invalidHeaderValue("expected '/'"))
        #expect(noSubtype.error(.contentType)?.offset == noSubtype.offset(of: "\r\n", after: "application"))
        let emptySubtype = try HeaderProbe("Content-Type: application/;a=b")
        #expect(emptySubtype.error(.contentType)?.kind == .invalidHeaderValue("expected media subtype"))
        #expect(emptySubtype.error(.contentType)?.offset == emptySubtype.offset(of: ";a=b"))
        #expect(emptySubtype.message.contentType == nil)
    }

    @Test("Accept: media ranges with wildcards and q values; an empty Accept lists nothing")
    func accept() throws {
        let p = try HeaderProbe("Accept: application/sdp;q=0.8, application/*;level=1", "Accept: */*;q=0.1")
        let ranges = try p.message.parsed(.accept)
        #expect(ranges.map(\.mediaType) == ["application/sdp", "application/*", "*/*"])
        #expect(ranges.map { $0.parameters.value(of: "q") } == ["0.8", nil, "0.1"])
        #expect(ranges[1].covers(.sdp))
        #expect(ranges[2].covers(SIPContentType("text", "plain")))
        #expect(!ranges[0].covers(SIPContentType("application", "pidf+xml")))
        #expect(try HeaderProbe("Accept:").message.parsed(.accept) == [])
        let bad = try HeaderProbe("Accept: application/sdp, , text/plain")
        #expect(bad.error(.accept)?.kind == .invalidHeaderValue("expected media type"))
        #expect(bad.error(.accept)?.offset == bad.offset(of: ", text"))
    }

    // MARK: Authentication (RFC 3261 §20.7, §20.27, §20.28, §20.44, §22.4)

    @Test("WWW-Authenticate: digest challenge with quoted, empty and unquoted values")
    func wwwAuthenticate() throws {
        let p = try HeaderProbe(
            #"WWW-Authenticate: Digest realm="atlanta.com", domain="sip:boxesbybob.com", qop="auth", nonce="f84f1cec41e6cbe5aea9c8e88d359", opaque="", stale=FALSE, algorithm=MD5"#)
        let challenge = try #require(p.message.wwwAuthenticate.first)
        #expect(p.message.wwwAuthenticate.count == 1)
        #expect(challenge.scheme == "Digest")
        #expect(challenge.parameters.map(\.name) == ["realm", "domain", "qop", "nonce", "opaque", "stale", "algorithm"])
        #expect(challenge.parameters[0].value == "\"atlanta.com\"")
        #expect(challenge.value(of: "realm") == "atlanta.com")
        #expect(challenge.value(of: "Domain") == "sip:boxesbybob.com")
        #expect(challenge.value(of: "opaque") == "")
        #expect(challenge.value(of: "stale") == "FALSE")
        #expect(challenge.value(of: "algorithm") == "MD5")
        #expect(challenge.value(of: "cnonce") == nil)
        #expect(challenge.description == #"Digest realm="atlanta.com", domain="sip:boxesbybob.com", qop="auth", nonce="f84f1cec41e6cbe5aea9c8e88d359", opaque="", stale=FALSE, algorithm=MD5"#)
    }

    @Test("commas, escaped quotes and LWS inside quoted values do not split parameters")
    func authQuotedCommas() throws {
        let p = try HeaderProbe(
            #"Proxy-Authenticate: Digest realm="a, b" , qop="auth,auth-int",nonce = "x\"y",  algorithm=SHA-256"#,
            #"Proxy-Authenticate: Digest realm="second""#)
        let challenges = try p.message.parsed(.proxyAuthenticate)
        #expect(challenges.count == 2)
        #expect(challenges[0].value(of: "realm") == "a, b")
        #expect(challenges[0].value(of: "qop") == "auth,auth-int")
        #expect(challenges[0].value(of: "nonce") == "x\"y")
        #expect(challenges[0].value(of: "algorithm") == "SHA-256")
        #expect(challenges[1].value(of: "realm") == "second")
        #expect(p.message.proxyAuthenticate.count == 2)
    }

    @Test("Authorization: digest credentials, including an unquoted uri and a folded line")
    func authorization() throws {
        let p = try HeaderProbe(
            #"Authorization: Digest username="bob", realm="biloxi.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093","#
                + "\r\n " + #"uri="sip:bob@biloxi.com", qop=auth, nc=00000001, cnonce="0a4f113b", response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41""#,
            "Proxy-Authorization: Digest username=alice, uri=sip:biloxi.com:5060, response=abc")
        let credentials = try #require(p.message.authorization.first)
        #expect(credentials.scheme == "Digest")
        #expect(credentials.value(of: "username") == "bob")
        #expect(credentials.value(of: "uri") == "sip:bob@biloxi.com")
        #expect(credentials.value(of: "qop") == "auth")
        #expect(credentials.value(of: "nc") == "00000001")
        #expect(credentials.value(of: "response") == "6629fae49393a05397450978507c4ef1")
        #expect(credentials.parameters.count == 9)
        let proxy = try #require(p.message.proxyAuthorization.first)
        #expect(proxy.value(of: "username") == "alice")
        #expect(proxy.value(of: "uri") == "sip:biloxi.com:5060")
        #expect(proxy.parameters[1] == SIPParameter("uri", "sip:biloxi.com:5060"))
    }

    @Test("authentication errors")
    func authErrors() throws {
        let unterminated = try HeaderProbe(#"WWW-Authenticate: Digest realm="atlanta.com, nonce="x""#)
        let e1 = try #require(unterminated.error(.wwwAuthenticate))
        #expect(e1.kind == .invalidHeaderValue("unexpected character 'x'"))
        #expect(e1.offset == unterminated.offset(of: #"x""#))

        let open = try HeaderProbe(#"WWW-Authenticate: Digest realm="atlanta.com"#)
        let e2 = try #require(open.error(.wwwAuthenticate))
        #expect(e2.kind == .invalidHeaderValue("unterminated quoted string"))
        #expect(e2.header == "WWW-Authenticate")
        #expect(e2.offset == open.offset(of: "\"atlanta"))

        let noValue = try HeaderProbe("Authorization: Digest realm=, nonce=1")
        let e3 = try #require(noValue.error(.authorization))
        #expect(e3.kind == .invalidHeaderValue("expected auth parameter value"))
        #expect(e3.offset == noValue.offset(of: ", nonce"))

        let noComma = try HeaderProbe(#"Authorization: Digest realm="a" nonce="b""#)
        let e4 = try #require(noComma.error(.authorization))
        #expect(e4.kind == .invalidHeaderValue("unexpected character 'n'"))
        #expect(e4.offset == noComma.offset(of: "nonce"))
        #expect(noComma.message.authorization == [])
    }

    // MARK: Reason (RFC 3326), Retry-After (RFC 3261 §20.33), Warning (§20.43), Event (RFC 6665)

    @Test("Reason: protocol, cause and quoted text")
    func reason() throws {
        let p = try HeaderProbe(
            #"Reason: SIP ;cause=200 ;text="Call completed elsewhere", Q.850;cause=16;text="Terminated \"normally\"""#,
            "Reason: SIP;cause=487")
        let reasons = p.message.reasons
        #expect(reasons.count == 3)
        #expect(reasons.map(\.protocolName) == ["SIP", "Q.850", "SIP"])
        #expect(reasons.map(\.cause) == [200, 16, 487])
        #expect(reasons.map(\.text) == ["Call completed elsewhere", #"Terminated "normally""#, nil])
        #expect(reasons[0].parameters == [SIPParameter("cause", "200"), SIPParameter("text", "\"Call completed elsewhere\"")])
        let built = SIPReason(protocolName: "SIP", cause: 487, text: "Request \"Terminated\"")
        #expect(built.description == #"SIP;cause=487;text="Request \"Terminated\"""#)
    }

    @Test("Reason: a cause that is not 1*DIGIT is an error", arguments: ["abc", "-1", "+5", "1234567890", "\"200\""])
    func reasonBadCause(cause: String) throws {
        let p = try HeaderProbe("Reason: SIP;cause=\(cause);text=\"x\"")
        let error = try #require(p.error(.reason))
        #expect(error.kind == .invalidHeaderValue("cause is not a number"))
        #expect(error.header == "Reason")
        #expect(error.offset == p.offset(of: cause, after: "cause="))
        #expect(p.message.reasons == [])
    }

    @Test("Retry-After: seconds, an optional comment, parameters")
    func retryAfter() throws {
        let plain = try #require(try HeaderProbe("Retry-After: 18000;duration=3600").message.retryAfter)
        #expect(plain.seconds == 18000)
        #expect(plain.comment == nil)
        #expect(plain.parameters == [SIPParameter("duration", "3600")])
        let comment = try #require(try HeaderProbe("Retry-After: 120 (I'm in a meeting)").message.retryAfter)
        #expect(comment.seconds == 120)
        #expect(comment.comment == "(I'm in a meeting)")
        #expect(comment.parameters == [])
        let nested = try #require(try HeaderProbe(#"Retry-After: 300 (back (soon\)) ok) ; duration = 60"#).message.retryAfter)
        #expect(nested.comment == #"(back (soon\)) ok)"#)
        #expect(nested.parameters == [SIPParameter("duration", "60")])
        #expect(try HeaderProbe("Retry-After: 4294967295").message.retryAfter?.seconds == 4294967295)

        let big = try HeaderProbe("Retry-After: 4294967296")
        #expect(big.error(.retryAfter)?.kind == .invalidHeaderValue("delta-seconds too large"))
        #expect(big.error(.retryAfter)?.offset == big.offset(of: "4294967296"))
        #expect(big.message.retryAfter == nil)
        let open = try HeaderProbe("Retry-After: 120 (oops")
        #expect(open.error(.retryAfter)?.kind == .invalidHeaderValue("unterminated comment"))
        #expect(open.error(.retryAfter)?.offset == open.offset(of: "(oops"))
        let noSeconds = try HeaderProbe("Retry-After: (soon)")
        #expect(noSeconds.error(.retryAfter)?.kind == .invalidHeaderValue("expected delta-seconds"))
        #expect(noSeconds.error(.retryAfter)?.header == "Retry-After")
    }

    @Test("Warning: three-digit code, agent, quoted text; lists")
    func warning() throws {
        let p = try HeaderProbe(
            #"Warning: 307 isi.edu "Session parameter 'foo' not understood", 301 isi.edu:5060 "Incompatible network address type 'E.164'""#,
            #"Warning: 399 [2001:db8::1] "Say \"hi\"""#)
        let warnings = p.message.warnings
        #expect(warnings.map(\.code) == [307, 301, 399])
        #expect(warnings.map(\.agent) == ["isi.edu", "isi.edu:5060", "[2001:db8::1]"])
        #expect(warnings.map(\.text) == ["Session parameter 'foo' not understood", "Incompatible network address type 'E.164'", #"Say "hi""#])
    }

    static let warningErrors: [(String, String, String)] = [
        (#"30 devnull "x""#, "warn-code must be three digits", "30 devnull"),
        (#"0370 devnull "x""#, "warn-code must be three digits", "0370"),
        (#"3070 devnull "x""#, "warn-code too large", "3070"),
        (#"abc devnull "x""#, "expected warn-code", "abc"),
        ("370 devnull", "expected quoted string", "\r\n"),
        (#"370 devnull "unterminated"#, "unterminated quoted string", "\"unterminated"),
    ]

    @Test("Warning errors", arguments: warningErrors.map { $0.0 })
    func warningError(value: String) throws {
        let (_, why, at) = try #require(Self.warningErrors.first { $0.0 == value })
        let p = try HeaderProbe("Warning: \(value)")
        let error = try #require(p.error(.warning))
        #expect(error.kind == .invalidHeaderValue(why))
        #expect(error.header == "Warning")
        #expect(error.offset == p.offset(of: at, after: "Warning:"))
    }

    @Test("Event: package with id and other parameters")
    func event() throws {
        let p = try HeaderProbe("Event: presence;id=123;Other = \"x\"")
        let event = try #require(p.message.event)
        #expect(event.package == "presence")
        #expect(event.parameters == [SIPParameter("id", "123"), SIPParameter("Other", "\"x\"")])
        #expect(event.parameters.value(of: "ID") == "123")
        #expect(try HeaderProbe("o: conference.winfo").message.event?.package == "conference.winfo")
        let bad = try HeaderProbe("Event: ;id=1")
        #expect(bad.error(.event)?.kind == .invalidHeaderValue("expected event type"))
        #expect(bad.error(.event)?.offset == bad.offset(of: ";id=1"))
        #expect(bad.message.event == nil)
    }

    // MARK: Token lists (RFC 3261 §20.5, §20.32, §20.37)

    @Test("Allow, Supported, Require: tokens across lists and lines; an empty Supported is no tag")
    func tokenLists() throws {
        let p = try HeaderProbe(
            "Allow: INVITE, ACK,OPTIONS ,  CANCEL, BYE", "Allow: NEWMETHOD",
            "Supported: 100rel, timer", "k: path", "Require: 100rel", "Proxy-Require: sec-agree")
        #expect(p.message.allow == [.invite, .ack, .options, .cancel, .bye, "NEWMETHOD"])
        #expect(try p.message.parsed(.allow) == ["INVITE", "ACK", "OPTIONS", "CANCEL", "BYE", "NEWMETHOD"])
        #expect(p.message.supported == ["100rel", "timer", "path"])
        #expect(p.message.require == ["100rel"])
        #expect(p.message.proxyRequire == ["sec-agree"])

        let empty = try HeaderProbe("Supported:", "Supported:   ", "Require: timer")
        #expect(try empty.message.parsed(.supported) == [])
        #expect(empty.message.supported == [])
        #expect(empty.message.require == ["timer"])
        #expect(try HeaderProbe("Allow:").message.allow == [])
    }

    @Test("token list errors")
    func tokenListErrors() throws {
        let doubleComma = try HeaderProbe("Supported: 100rel,,timer")
        #expect(doubleComma.error(.supported)?.kind == .invalidHeaderValue("expected token"))
        #expect(doubleComma.error(.supported)?.offset == doubleComma.offset(of: ",timer"))
        #expect(doubleComma.error(.supported)?.header == "Supported")
        let trailing = try HeaderProbe("k: 100rel ,")
        #expect(trailing.error(.supported)?.kind == .invalidHeaderValue("empty list element"))
        #expect(trailing.error(.supported)?.header == "k")
        let space = try HeaderProbe("Allow: INVITE ACK")
        #expect(space.error(.allow)?.kind == .invalidHeaderValue("unexpected character 'A'"))
        #expect(space.error(.allow)?.offset == space.offset(of: "ACK"))
        #expect(space.message.allow == [])
        let slash = try HeaderProbe("Require: 100rel/2")
        #expect(slash.error(.require)?.kind == .invalidHeaderValue("unexpected character '/'"))
        #expect(slash.error(.require)?.offset == slash.offset(of: "/2", after: "Require"))
    }

    // MARK: Typed header descriptors

    @Test("descriptors know which headers are lists and which may appear once")
    func descriptors() {
        #expect(SIPTypedHeader.via.isList && !SIPTypedHeader.via.isSingle)
        #expect(!SIPTypedHeader.from.isList && SIPTypedHeader.from.isSingle)
        #expect(SIPTypedHeader.contact.isList)
        #expect(SIPTypedHeader.cseq.isSingle)
        #expect(SIPTypedHeader.maxForwards.name == .maxForwards)
        #expect(SIPTypedHeader.accept.isList && !SIPTypedHeader.contentType.isList)
        #expect(!SIPTypedHeader.wwwAuthenticate.isList && !SIPTypedHeader.wwwAuthenticate.isSingle)
        #expect(SIPTypedHeader.supported.isList && SIPTypedHeader.reason.isList && SIPTypedHeader.warning.isList)
    }
}
