import Testing
@testable import SIPCore

/// The RFC 4475 torture messages and the RFC 3261 §24 / RFC 3665 example flows, each with the
/// verdict and response in its folder's expectations.json.
@Suite("RFC corpora")
struct SIPCoreRFCVectorTests {
    static let torture = (try? FixtureLoader.expectations("SIP/rfc4475")) ?? []
    static let ipv6 = (try? FixtureLoader.expectations("SIP/rfc5118")) ?? []
    static let flows = ((try? FixtureLoader.expectations("SIP/rfc3261")) ?? []).map { ("SIP/rfc3261", $0.file) }
        + ((try? FixtureLoader.expectations("SIP/rfc3665")) ?? []).map { ("SIP/rfc3665", $0.file) }

    @Test("the corpora are all there")
    func corporaPresent() throws {
        #expect(Self.torture.count == 49)
        #expect(Self.flows.count >= 80)
        // every file has an expectation and every expectation a file
        let files = try FixtureLoader.files("SIP/rfc4475")
        #expect(files == Self.torture.map(\.file))
    }

    @Test("RFC 4475: verdict and response", arguments: torture.map(\.file))
    func tortureVerdict(file: String) throws {
        let expected = try #require(Self.torture.first { $0.file == file })
        let bytes = try FixtureLoader.bytes("SIP/rfc4475/\(file)")
        let (message, result) = SIPValidator().validate(bytes: bytes)
        let verdict = result.isAccepted ? "accept" : "reject"
        #expect(verdict == expected.verdict, "\(file) §\(expected.section): \(result.errors)")
        #expect(result.rejection?.status == expected.response, "\(file): \(String(describing: result.rejection))")
        if let message {
            #expect(message.kind == (expected.kind == "request" ? .request : .response))
            if let method = expected.method { #expect(message.method?.rawValue == method) }
            if let status = expected.status { #expect(message.statusCode == status) }
        }
    }

    @Test("RFC 5118 IPv6 messages: verdict and response", arguments: ipv6.map(\.file))
    func ipv6Verdict(file: String) throws {
        let expected = try #require(Self.ipv6.first { $0.file == file })
        let (message, result) = SIPValidator().validate(bytes: try FixtureLoader.bytes("SIP/rfc5118/\(file)"))
        #expect((result.isAccepted ? "accept" : "reject") == expected.verdict, "\(file): \(result.errors)")
        #expect(result.rejection?.status == expected.response)
        if let message { #expect(try SIPMessage(parsing: message.serialized()) == message) }
    }

    @Test("RFC 4475: every message that parses round-trips", arguments: torture.map(\.file))
    func tortureRoundTrip(file: String) throws {
        let bytes = try FixtureLoader.bytes("SIP/rfc4475/\(file)")
        for options in [SIPParserOptions.strict, .lenient] {
            guard let message = try? SIPMessage(parsing: bytes, options: options) else { continue }
            let again = try SIPMessage(parsing: message.serialized(), options: options)
            #expect(again == message, "\(file)")
            #expect(again.serialized() == message.serialized(), "\(file)")
        }
    }

    @Test("RFC 4475: lenient mode keeps every message whose start line is readable", arguments: torture.map(\.file))
    func tortureLenient(file: String) throws {
        let bytes = try FixtureLoader.bytes("SIP/rfc4475/\(file)")
        let strict = Result { () throws(SIPParseError) in try SIPMessage(parsing: bytes) }
        let lenient = Result { () throws(SIPParseError) in try SIPMessage(parsing: bytes, options: .lenient) }
        if case .success = strict { #expect(throws: Never.self) { try lenient.get() } }
        if case .failure(let error) = lenient {
            // Only a start line that cannot be read at all is fatal in lenient mode.
            switch error.kind {
            case .invalidStatusCode, .unsupportedVersion, .malformedStartLine: break
            default: Issue.record("\(file): lenient parse failed: \(error)")
            }
        }
    }

    @Test("RFC 3261 §24 and RFC 3665 flows are accepted and round-trip", arguments: flows)
    func flow(folder: String, file: String) throws {
        let bytes = try FixtureLoader.bytes("\(folder)/\(file)")
        let (message, result) = SIPValidator().validate(bytes: bytes)
        #expect(result.isAccepted, "\(file): \(result.errors)")
        let parsed = try #require(message)
        #expect(try SIPMessage(parsing: parsed.serialized()) == parsed)
        #expect(parsed.callID != nil && parsed.cseq != nil && !parsed.via.isEmpty && parsed.from != nil && parsed.to != nil)
    }

    @Test("RFC 4475 §3.1.1.1 wsinv: every tortuous header reads right")
    func wsinvTyped() throws {
        let m = try SIPMessage(parsing: FixtureLoader.bytes("SIP/rfc4475/wsinv.dat"))
        #expect(m.method == .invite)
        #expect(m.requestURIText == "sip:vivekg@chair-dnrc.example.com;unknownparam")
        #expect(m.to?.uri.description == "sip:vivekg@chair-dnrc.example.com")
        #expect(m.to?.tag == "1918181833n")
        #expect(m.from?.displayName == "J Rosenberg \\\"")
        #expect(m.from?.tag == "98asjd8")
        #expect(m.maxForwards == 68)
        #expect(m.callID == "wsinv.ndaksdj@192.0.2.1")
        #expect(m.contentLength == 150)
        #expect(m.cseq == SIPCSeq(9, .invite))
        let via = m.via
        #expect(via.count == 3)
        #expect(via.map(\.transport) == ["UDP", "TCP", "UDP"])
        #expect(via.map { $0.host.description } == ["192.0.2.2", "spindle.example.com", "192.168.255.111"])
        #expect(via.map(\.branch) == ["390skdjuw", "z9hG4bK9ikj8", "z9hG4bK30239"])
        #expect(m.value("Subject") == "")
        #expect(m.value("NewFangledHeader") == "newfangled value continued newfangled value")
        #expect(m.value("UnknownHeaderWithUnusualValue") == ";;,,;;,;")
        #expect(m.contentType == .sdp)
        #expect(m.routes.first?.uri.parameter("unknownwith") == "value")
        let contact = try #require(m.contacts.first)
        #expect(contact.displayName == "Quoted string \"\"")
        #expect(contact.parameters == [SIPParameter("newparam", "newvalue"), SIPParameter("secondparam"), SIPParameter("q", "0.33")])
        #expect(m.bodyLength == 150)
    }

    @Test("RFC 4475 §3.1.1.2 intmeth: unusual characters survive")
    func intmethTyped() throws {
        let m = try SIPMessage(parsing: FixtureLoader.bytes("SIP/rfc4475/intmeth.dat"))
        #expect(m.method?.rawValue == "!interesting-Method0123456789_*+`.%indeed'~")
        let uri = try #require(m.requestURI)
        #expect(uri.user == "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*")
        #expect(uri.password == "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)")
        #expect(uri.host == .domain("example.com"))
        #expect(m.callID == "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{")
        #expect(m.from?.displayName == "token1~` token2'+_ token3*%!.-")
        #expect(m.from?.tag == "_token~1'+`*%!-.")
        #expect(m.cseq?.method == m.method)
        #expect(m.headerFields.last(where: { $0.name.hasPrefix("extensionHeader") })?.rawValue == [0xEF, 0xBB, 0xBF] + Array("大停電".utf8))
    }

    @Test("RFC 4475 §3.1.1.8 dblreq: octets after Content-Length are discarded")
    func dblreq() throws {
        let m = try SIPMessage(parsing: FixtureLoader.bytes("SIP/rfc4475/dblreq.dat"))
        #expect(m.method == .register)
        #expect(m.bodyLength == 0)
        #expect(m.violations.contains { if case .limitExceeded = $0.kind { return true }; return false })
    }

    @Test("RFC 4475 §3.1.1.3 esc01 / §3.1.1.4 escnull: escapes are kept, not reinterpreted")
    func escapes() throws {
        let esc01 = try SIPMessage(parsing: FixtureLoader.bytes("SIP/rfc4475/esc01.dat"))
        #expect(esc01.requestURI?.user == "sips%3Auser%40example.com")
        #expect(esc01.to?.uri.user == "%75se%72")
        #expect(esc01.to?.uri.isEquivalent(to: try SIPURI("sip:user@example.com")) == true)
        #expect(esc01.contacts.first?.uri.parameters == [SIPParameter("%6C%72"), SIPParameter("n%61me", "v%61lue%25%34%31")])
        let escnull = try SIPMessage(parsing: FixtureLoader.bytes("SIP/rfc4475/escnull.dat"))
        #expect(escnull.contacts.map { $0.uri.user } == ["%00", "%00%00"])
    }
}
