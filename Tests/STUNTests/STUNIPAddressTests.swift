import Testing
@testable import STUN

/// IP address text: RFC 4291 §2.2 input, RFC 5952 §4 output.
@Suite struct STUNIPAddressTests {
    @Test("IPv4 dotted quads parse and print; malformed ones do not parse")
    func ipv4() {
        #expect(STUNIPAddress("192.0.2.1") == .ipv4(0xc000_0201))
        #expect(STUNIPAddress("0.0.0.0") == .ipv4(0))
        #expect(STUNIPAddress("255.255.255.255")?.description == "255.255.255.255")
        for bad in ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "1.2.3.4 ", "a.b.c.d", "1.2.3.0004", ".1.2.3"] {
            #expect(STUNIPAddress(bad) == nil, "\(bad)")
        }
    }

    @Test("IPv6 parses every RFC 4291 form and prints RFC 5952 canonical text")
    func ipv6() {
        let cases: [(String, String)] = [
            ("2001:db8:1234:5678:11:2233:4455:6677", "2001:db8:1234:5678:11:2233:4455:6677"),
            ("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
            ("::", "::"),
            ("::1", "::1"),
            ("1::", "1::"),
            ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
            ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),
            ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
            ("::ffff:192.0.2.128", "::ffff:192.0.2.128"),
            ("fe80::1:2", "fe80::1:2"),
            ("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"),
            ("::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"),
            ("64:ff9b::192.0.2.33", "64:ff9b::c000:221"),
        ]
        for (input, canonical) in cases {
            let address = STUNIPAddress(input)
            #expect(address?.description == canonical, "\(input)")
            #expect(address.flatMap { STUNIPAddress($0.description) } == address)
        }
        for bad in [":", ":::", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "g::", "1:2:3:4:5:6:7:8:", ":1:2:3:4:5:6:7",
                    "::1.2.3", "1:2:3:4:5:6:7:1.2.3.4", "[::1]", "fe80::1%eth0"] {
            #expect(STUNIPAddress(bad) == nil, "\(bad)")
        }
    }

    @Test("bytes round-trip for both families")
    func bytes() {
        let v6 = STUNIPAddress("2001:db8::ff")!
        #expect(v6.bytes == [0x20, 0x01, 0x0d, 0xb8] + Array(repeating: 0, count: 11) + [0xff])
        #expect(STUNIPAddress(bytes: v6.bytes) == v6)
        #expect(STUNIPAddress(bytes: [10, 0, 0, 1]) == STUNIPAddress("10.0.0.1"))
        #expect(STUNIPAddress(bytes: [1, 2, 3]) == nil)
        #expect(v6.family == 2 && STUNIPAddress("10.0.0.1")!.family == 1)
        #expect(STUNTransportAddress(host: "nope", port: 1) == nil)
    }
}
