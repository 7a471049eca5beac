import Testing
@testable import SIPCore

/// URI comparison: RFC 3261 §19.1.4 with its own examples, RFC 5954 for IPv6 references and
/// RFC 3966 §4 for tel URIs.
extension SIPURITests {
    // MARK: Comparison (RFC 3261 §19.1.4)

    /// The RFC's sets of equivalent URIs: every pair within a set is equivalent.
    static let equivalentSets: [[String]] = [
        ["sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp"],
        ["sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5", "sip:carol@chicago.com;security=on"],
        ["sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
         "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com"],
        ["sip:alice@atlanta.com?subject=project%20x&priority=urgent",
         "sip:alice@atlanta.com?priority=urgent&subject=project%20x"],
    ]

    /// The RFC's pairs of URIs that are not equivalent, with the RFC's reason.
    static let notEquivalent: [(String, String, String)] = [
        ("SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP", "different usernames"),
        ("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060", "can resolve to different ports"),
        ("sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp", "can resolve to different transports"),
        ("sip:bob@biloxi.com", "sip:bob@biloxi.com:6000;transport=tcp", "can resolve to different port and transports"),
        ("sip:carol@chicago.com", "sip:carol@chicago.com?Subject=next%20meeting", "different header component"),
        ("sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4", "even though that's what phone21.boxesbybob.com resolves to"),
        ("sip:carol@chicago.com;security=on", "sip:carol@chicago.com;security=off", "equality is not transitive"),
    ]

    @Test("RFC 3261 §19.1.4: the RFC's equivalent URIs", arguments: equivalentSets)
    func rfcEquivalent(set: [String]) throws {
        let uris = try set.map { try SIPURI($0) }
        for a in uris.indices {
            for b in uris.indices {
                #expect(uris[a].isEquivalent(to: uris[b]), "\(set[a]) ≡ \(set[b])")
            }
        }
    }

    @Test("RFC 3261 §19.1.4: the RFC's URIs that are not equivalent", arguments: notEquivalent.map { [$0.0, $0.1, $0.2] })
    func rfcNotEquivalent(pair: [String]) throws {
        let a = try SIPURI(pair[0]), b = try SIPURI(pair[1])
        #expect(!a.isEquivalent(to: b), "\(pair[2])")
        #expect(!b.isEquivalent(to: a), "\(pair[2])")
    }

    @Test("RFC 3261 §19.1.4: equality is not transitive")
    func notTransitive() throws {
        let plain = try SIPURI("sip:carol@chicago.com")
        let on = try SIPURI("sip:carol@chicago.com;security=on")
        let off = try SIPURI("sip:carol@chicago.com;security=off")
        #expect(plain.isEquivalent(to: on))
        #expect(plain.isEquivalent(to: off))
        #expect(!on.isEquivalent(to: off))
    }

    static let moreComparisons: [(String, String, Bool)] = [
        // scheme
        ("sip:alice@atlanta.com", "sips:alice@atlanta.com", false),
        ("SIPS:alice@atlanta.com", "sips:alice@atlanta.com", true),
        // userinfo: case-sensitive, escapes resolved (hex digits in either case)
        ("sip:alice@atlanta.com", "sip:Alice@atlanta.com", false),
        ("sip:alice:pw@atlanta.com", "sip:alice:PW@atlanta.com", false),
        ("sip:alice:pw@atlanta.com", "sip:alice:%70w@atlanta.com", true),
        ("sip:alice:pw@atlanta.com", "sip:alice@atlanta.com", false),
        ("sip:a%3ab@atlanta.com", "sip:a%3Ab@atlanta.com", true),
        ("sip:%75se%72@example.com", "sip:user@example.com", true),
        ("sip:%00@example.com", "sip:%00%00@example.com", false),
        // parameters that must agree when either URI has them
        ("sip:bob@biloxi.com", "sip:bob@biloxi.com;user=phone", false),
        ("sip:bob@biloxi.com", "sip:bob@biloxi.com;ttl=1", false),
        ("sip:bob@biloxi.com", "sip:bob@biloxi.com;method=INVITE", false),
        ("sip:bob@biloxi.com", "sip:bob@biloxi.com;maddr=239.255.255.1", false),
        ("sip:bob@biloxi.com;maddr=239.255.255.1", "sip:bob@biloxi.com;MADDR=239.255.255.1", true),
        ("sip:bob@biloxi.com;transport=udp", "sip:bob@biloxi.com;transport=tcp", false),
        // other parameters: ignored unless both have them; values compare case-insensitively
        ("sip:bob@biloxi.com;lr", "sip:bob@biloxi.com", true),
        ("sip:bob@biloxi.com;foo=BAR", "sip:bob@biloxi.com;FOO=bar", true),
        ("sip:bob@biloxi.com;foo=1", "sip:bob@biloxi.com;foo=2", false),
        ("sip:bob@biloxi.com;%6C%72", "sip:bob@biloxi.com;lr=x", false),
        // headers: all must match; names case-insensitive, values after unescaping
        ("sip:bob@biloxi.com?Subject=hi", "sip:bob@biloxi.com?subject=hi", true),
        ("sip:bob@biloxi.com?subject=hi", "sip:bob@biloxi.com?subject=%68i", true),
        ("sip:bob@biloxi.com?subject=hi", "sip:bob@biloxi.com?subject=HI", false),
        ("sip:bob@biloxi.com?a=1", "sip:bob@biloxi.com?a=1&b=2", false),
        // port
        ("sip:bob@biloxi.com:5060", "sip:bob@biloxi.com:05060", true),
        ("sip:bob@biloxi.com:5060", "sip:bob@biloxi.com:5061", false),
        // hosts
        ("sip:bob@192.0.2.4", "sip:bob@192.0.2.4", true),
        ("sip:bob@BILOXI.com.", "sip:bob@biloxi.com.", true),
        ("sip:[2001:DB8::9:1]", "sip:[2001:db8::9:1]", true),
        // RFC 5954: IPv6 references compare as addresses
        ("sip:[2001:db8::9:1]", "sip:[2001:db8::9:01]", true),
        ("sip:[2001:db8::9:1]", "sip:[2001:db8:0:0:0:0:9:1]", true),
        ("sip:[::ffff:192.0.2.128]", "sip:[::ffff:c000:280]", true),
        ("sip:[0:0:0:0:0:FFFF:129.144.52.38]", "sip:[::FFFF:129.144.52.38]", true),
        ("sip:[2001:db8::9:1]", "sip:[2001:db8::9:2]", false),
        ("sip:[::1]", "sip:[::1]:5060", false),
        // tel (RFC 3966 §4): visual separators ignored; every parameter must be in both
        ("tel:+1-201-555-0123", "tel:+12015550123", true),
        ("tel:+1(201)555.0123", "TEL:+1-201-555-0123", true),
        ("tel:+86123", "tel:86123", false),
        ("tel:7042;phone-context=example.com", "tel:7042;PHONE-CONTEXT=Example.COM", true),
        ("tel:7042;phone-context=+1-201-555", "tel:7042;phone-context=+1201555", true),
        ("tel:7042;phone-context=example.com", "tel:7042;phone-context=example.net", false),
        ("tel:+86123;x1", "tel:+8.6-1(2)3", false),
        ("tel:+86123;x1=ab", "tel:+8.6-1(2)3;x1=cd", false),
        ("tel:+1-201-555-0123;ext=1-2", "tel:+12015550123;ext=12", true),
        ("tel:+1201;a=1;b=2", "tel:+1201;b=2;a=1", true),
        ("tel:+12015550123", "sip:+12015550123@example.com;user=phone", false),
        // other schemes: the text after the scheme, case-sensitively
        ("mailto:alice@atlanta.com", "MAILTO:alice@atlanta.com", true),
        ("mailto:alice@atlanta.com", "mailto:Alice@atlanta.com", false),
        ("urn:service:sos", "mailto:service:sos", false),
    ]

    @Test("more comparisons: schemes, userinfo, parameters, headers, hosts, tel, others",
          arguments: moreComparisons.map { [$0.0, $0.1, $0.2 ? "equivalent" : "different"] })
    func moreComparison(pair: [String]) throws {
        let a = try SIPURI(pair[0]), b = try SIPURI(pair[1])
        let expected = pair[2] == "equivalent"
        #expect(a.isEquivalent(to: b) == expected, "\(pair[0]) vs \(pair[1])")
        #expect(b.isEquivalent(to: a) == expected, "\(pair[1]) vs \(pair[0])")
    }

    @Test("equivalence leaves the URIs as written")
    func comparisonKeepsText() throws {
        let a = try SIPURI("sip:%61lice@atlanta.com;transport=TCP")
        let b = try SIPURI("sip:alice@AtLanTa.CoM;Transport=tcp")
        #expect(a.isEquivalent(to: b))
        #expect(a != b)
        #expect(a.description == "sip:%61lice@atlanta.com;transport=TCP")
        #expect(b.description == "sip:alice@AtLanTa.CoM;Transport=tcp")
    }
}
