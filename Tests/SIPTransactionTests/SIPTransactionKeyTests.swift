import SIPCore
import Testing
@testable import SIPTransaction

@Suite("Transaction keys (RFC 3261 §17.1.3, §17.2.3, §9.2)")
struct SIPTransactionKeyTests {
    @Test("client: a response matches its request by top Via branch and CSeq method (§17.1.3)")
    func clientMatching() throws {
        let invite = try TestMessages.request(.invite)
        let ok = try TestMessages.response(200, to: invite)
        #expect(SIPTransactionKey.client(invite) == SIPTransactionKey.client(ok))
        #expect(SIPTransactionKey.client(ok)?.role == .client)
        // A CANCEL carries the INVITE's branch but is its own transaction.
        let cancel = try TestMessages.request(.cancel)
        let cancelOK = try TestMessages.response(200, to: cancel)
        #expect(SIPTransactionKey.client(cancelOK) != SIPTransactionKey.client(invite))
        #expect(SIPTransactionKey.client(cancelOK)?.method == .cancel)
        let other = try TestMessages.request(.invite, branch: "z9hG4bKother")
        #expect(SIPTransactionKey.client(other) != SIPTransactionKey.client(invite))
    }

    @Test("server: branch + sent-by + method; ACK finds the INVITE; CANCEL is its own transaction (§17.2.3)")
    func serverMatching() throws {
        let invite = try TestMessages.request(.invite)
        let key = try #require(SIPTransactionKey.server(invite))
        #expect(key.role == .server && key.branch == "z9hG4bKnashds8" && !key.isLegacy)
        #expect(SIPTransactionKey.server(try TestMessages.request(.invite)) == key)
        let busy = try TestMessages.response(486, to: invite)
        let ack = try #require(InviteClientStateMachine.makeACK(for: invite, response: busy))
        #expect(SIPTransactionKey.server(ack) == key)
        // Same branch from another sent-by is another transaction; host case does not matter.
        #expect(SIPTransactionKey.server(try TestMessages.request(.invite, host: "evil.example.com")) != key)
        #expect(SIPTransactionKey.server(try TestMessages.request(.invite, host: "PC33.Atlanta.Example.com")) == key)
        #expect(SIPTransactionKey.server(try TestMessages.request(.invite, port: 5070)) != key)
        let cancel = try TestMessages.request(.cancel)
        #expect(SIPTransactionKey.server(cancel) != key)
        #expect(SIPTransactionKey.server(cancel)?.method == .cancel)
        // A response has no server key.
        #expect(SIPTransactionKey.server(busy) == nil)
    }

    @Test("forMatchingCancel finds the INVITE server transaction a CANCEL targets (§9.2)")
    func cancelMatching() throws {
        let invite = try TestMessages.request(.invite)
        let cancel = try TestMessages.request(.cancel)
        #expect(SIPTransactionKey.forMatchingCancel(cancel) == SIPTransactionKey.server(invite))
        let stray = try TestMessages.request(.cancel, branch: "z9hG4bKnotours")
        #expect(SIPTransactionKey.forMatchingCancel(stray) != SIPTransactionKey.server(invite))
        #expect(SIPTransactionKey.forMatchingCancel(invite) == nil)
        // RFC 2543 peers: the CANCEL matches on Request-URI, tags, Call-ID, CSeq number and Via.
        let oldInvite = try TestMessages.request(.invite, branch: nil)
        let oldCancel = try TestMessages.request(.cancel, branch: nil)
        #expect(SIPTransactionKey.forMatchingCancel(oldCancel) == SIPTransactionKey.server(oldInvite))
        #expect(SIPTransactionKey.forMatchingCancel(try TestMessages.request(.cancel, branch: nil, cseq: 2))
                != SIPTransactionKey.server(oldInvite))
    }

    @Test("RFC 2543 fallback without the magic cookie: Request-URI, tags, Call-ID, CSeq, top Via (§17.2.3)")
    func legacyMatching() throws {
        let invite = try TestMessages.request(.invite, branch: nil)
        let key = try #require(SIPTransactionKey.server(invite))
        #expect(key.isLegacy && key.branch == nil && key.method == .invite)
        #expect(SIPTransactionKey.server(try TestMessages.request(.invite, branch: nil)) == key)
        // A branch without the cookie is also RFC 2543.
        #expect(try #require(SIPTransactionKey.server(try TestMessages.request(.invite, branch: "1234"))).isLegacy)
        // The ACK for a non-2xx carries the server's To tag and still matches the INVITE.
        let ack = try #require(InviteClientStateMachine.makeACK(
            for: invite, response: try TestMessages.response(486, to: invite, toTag: "xyz")))
        #expect(SIPTransactionKey.server(ack) == key)
        var otherFrom = TestMessages.alice
        otherFrom.parameters = [SIPParameter("tag", "different")]
        #expect(SIPTransactionKey.server(try TestMessages.request(.invite, branch: nil, from: otherFrom)) != key)
        #expect(SIPTransactionKey.server(try TestMessages.request(.invite, branch: nil, callID: "other")) != key)
        #expect(SIPTransactionKey.server(try TestMessages.request(.invite, branch: nil, cseq: 2)) != key)
        #expect(SIPTransactionKey.server(try TestMessages.request(.invite, branch: nil, host: "other.example.com")) != key)
        // Non-INVITE requests also compare the To tag.
        var taggedBob = TestMessages.bob
        taggedBob.parameters = [SIPParameter("tag", "b1")]
        let bye = try TestMessages.request(.bye, branch: nil, to: taggedBob)
        #expect(SIPTransactionKey.server(bye) == SIPTransactionKey.server(try TestMessages.request(.bye, branch: nil, to: taggedBob)))
        taggedBob.parameters = [SIPParameter("tag", "b2")]
        #expect(SIPTransactionKey.server(bye) != SIPTransactionKey.server(try TestMessages.request(.bye, branch: nil, to: taggedBob)))
    }

    @Test("branches are z9hG4bK + 32 hex digits and unique")
    func branches() {
        var generator = SIPBranchGenerator()
        var seen = Set<String>()
        for _ in 0..<10_000 {
            let branch = generator.next()
            #expect(branch.hasPrefix("z9hG4bK") && branch.utf8.count == 39)
            seen.insert(branch)
        }
        #expect(seen.count == 10_000)
        var first = SIPBranchGenerator(), second = SIPBranchGenerator()
        #expect(first.next() != second.next())
    }

    @Test("the top-Via byte scan agrees with the SIPVia parser on every shape (§20.42)", arguments: [
        "SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds",
        "SIP/2.0/TCP PC33.Atlanta.COM:5070;received=192.0.2.1;BRANCH=z9hG4bKx;rport",
        "SIP/2.0/UDP 192.0.2.4;branch=z9hG4bKa, SIP/2.0/UDP other.example.com;branch=z9hG4bKb",
        "SIP/2.0/UDP host.example.com ; branch = z9hG4bKspaced",
        "SIP / 2.0 / UDP host.example.com;branch=z9hG4bKslashes",
        "SIP/2.0/UDP [2001:db8::9:1]:5060;branch=z9hG4bKv6",
        "SIP/2.0/UDP host.example.com;maddr=\"quoted\";branch=z9hG4bKq",
        "SIP/2.0/WSS df7jal23ls0d.invalid;rport;branch=z9hG4bKws",
        "SIP/2.0/UDP host.example.com",
    ])
    func topViaScan(via: String) throws {
        var message = try TestMessages.request(.options)
        try message.setHeader("Via", value: via)
        let parsed = try #require(message.topVia)
        let scanned = try #require(SIPTransactionKey.topVia(message))
        #expect(scanned.branch == parsed.branch)
        #expect(scanned.sentBy == SIPTransactionKey.sentBy(parsed))
    }
}
