import SIPCore
import Testing
@testable import SIPTransaction

@Suite("Compact transaction keys read from the message bytes (RFC 3261 §17.1.3, §17.2.3)")
struct SIPTransactionKeyBytesTests {
    @Test("the scan's byte classes are exactly RFC 3261 §25.1 token, host and param-value characters")
    func byteClasses() {
        let alphanumeric = Set(Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8))
        let token = alphanumeric.union("-.!%*_+`'~".utf8)
        for b in UInt8.min...UInt8.max {
            #expect(SIPTransactionKey.isToken(b) == token.contains(b), "token \(b)")
            #expect(SIPTransactionKey.isHostByte(b) == alphanumeric.union("-.".utf8).contains(b), "host \(b)")
            #expect(SIPTransactionKey.isParamValueByte(b) == token.union(":[]".utf8).contains(b), "value \(b)")
        }
    }

    @Test("method codes: the known methods, case-sensitive (RFC 3261 §7.1)")
    func methodCodes() {
        for (index, method) in SIPTransactionMethodCode.known.enumerated() {
            #expect(SIPTransactionMethodCode.code(method) == UInt8(index + 1))
        }
        for other: SIPMethod in ["invite", "INVITES", "FOO", "SUBSCRIBX", "SUBSCRIBED", "AC", ""] {
            #expect(SIPTransactionMethodCode.code(other) == 0)
        }
    }

    @Test("keys longer than 64 bytes (spilled) match like inline ones")
    func spilledKeys() throws {
        let branch = "z9hG4bK" + String(repeating: "a1b2c3d4", count: 12)
        let invite = try TestMessages.request(.invite, branch: branch)
        let ok = try TestMessages.response(200, to: invite)
        let client = try #require(SIPTransactionKey.client(invite))
        #expect(SIPTransactionKey.client(ok) == client)
        #expect(client.branch == branch && client.method == .invite && client.role == .client)
        let server = try #require(SIPTransactionKey.server(invite))
        #expect(server.branch == branch && server.sentBy == "pc33.atlanta.example.com" && !server.isLegacy)
        #expect(SIPTransactionKey.server(try TestMessages.request(.invite, branch: branch, host: "PC33.atlanta.example.COM"))
                == server)
        #expect(SIPTransactionKey.server(try TestMessages.request(.invite, branch: branch, port: 5060)) != server)
        #expect(Set([client, server, SIPTransactionKey.client(ok)!]).count == 2)
        #expect(client.description == "client \(branch) INVITE")
    }

    @Test("unknown methods are kept by their bytes; the sent-by port is normalized as the parser does")
    func unknownMethodsAndPorts() throws {
        let foo = try TestMessages.request("FOO", port: 5070)
        let key = try #require(SIPTransactionKey.server(foo))
        #expect(key.method == "FOO" && key.sentBy == "pc33.atlanta.example.com:5070")
        #expect(key.description == "server z9hG4bKnashds8 pc33.atlanta.example.com:5070 FOO")
        #expect(SIPTransactionKey.client(try TestMessages.response(200, to: foo))?.method == "FOO")
        #expect(SIPTransactionKey.server(try TestMessages.request("FOOD", port: 5070)) != key)
        var padded = foo
        try padded.setHeader("Via", value: "SIP/2.0/UDP pc33.atlanta.example.com:05070;branch=z9hG4bKnashds8")
        #expect(SIPTransactionKey.server(padded) == key)
    }

    @Test("the CSeq scan agrees with the parser; anything else is the parser's answer (§20.16)", arguments: [
        "1 INVITE", "4294967295 OPTIONS", "4294967296 OPTIONS", "0001   BYE", " 7 BYE", "7\tBYE", "7 BYE x",
        "7BYE", "12345678901 BYE", "7 FOO-BAR", "7 ",
    ])
    func cseqScan(value: String) throws {
        var message = try TestMessages.request(.options)
        try message.setHeader("CSeq", value: value)
        let parsed = message.cseq
        let raw = try #require(message.rawFirstValue(.cseq))
        if let scan = raw.withUnsafeBufferPointer({ SIPTransactionKey.scanCSeq($0) }) {
            #expect(scan.sequence == parsed?.sequence)
            #expect(String(decoding: raw[raw.startIndex + scan.method.lowerBound..<raw.startIndex + scan.method.upperBound],
                           as: UTF8.self) == parsed?.method.rawValue)
        }
        #expect(SIPTransactionKey.hasValidCSeq(message) == (parsed != nil))
        #expect((SIPTransactionKey.client(message) != nil) == (parsed != nil))
        #expect(SIPTransactionKey.client(message)?.method == parsed?.method)
    }

    @Test("a folded top Via goes to the parser and gives the same key")
    func foldedVia() throws {
        let plain = try TestMessages.request(.options)
        let text = String(decoding: plain.serialized(), as: UTF8.self)
            .replacing("SIP/2.0/UDP pc33", with: "SIP/2.0/UDP\r\n pc33")
        let folded = try SIPMessage(parsing: Array(text.utf8))
        #expect(folded.rawFirstValue(.via)?.contains(13) == true)
        #expect(SIPTransactionKey.server(folded) == SIPTransactionKey.server(plain))
        #expect(SIPTransactionKey.client(folded) == SIPTransactionKey.client(plain))
    }

    @Test("the core runs transactions with spilled and unknown-method keys to the end")
    func coreWithUnusualKeys() throws {
        let to = SIPTransactionDestination(host: "biloxi.example.com", port: 5060, transport: "TCP")
        let from = SIPTransactionDestination(host: "pc33.atlanta.example.com", port: 5060, transport: "TCP")
        for request in [try TestMessages.request("FOO", transport: "TCP"),
                        try TestMessages.request(.options, branch: "z9hG4bK" + String(repeating: "x", count: 80),
                                                 transport: "TCP")] {
            var client = SIPTransactionCore(), server = SIPTransactionCore()
            var outputs: [SIPTransactionOutput] = []
            let key = try client.sendRequest(request, to: to, into: &outputs)
            guard case .send(let sent, _, _)? = outputs.first else { Issue.record("nothing sent"); return }
            outputs.removeAll()
            server.receive(sent, from: from, into: &outputs)
            guard case .passToTU(let received, let serverKey, _)? = outputs.first else { Issue.record("no TU"); return }
            outputs.removeAll()
            try server.respond(try TestMessages.response(200, to: received), to: serverKey, into: &outputs)
            guard case .send(let response, _, _)? = outputs.first else { Issue.record("no response"); return }
            #expect(outputs.last == .terminated(serverKey))
            outputs.removeAll()
            client.receive(response, from: to, into: &outputs)
            #expect(outputs.first == .passToTU(response, key: key, from: to))
            #expect(outputs.last == .terminated(key))
            #expect(client.count == 0 && server.count == 0)
        }
    }
}
