import SIPCore

/// Requests and responses for the transaction tests (RFC 3261 §24.2 style).
enum TestMessages {
    static let alice = SIPNameAddress(displayName: "Alice", uri: SIPURI(user: "alice", host: .domain("atlanta.example.com")),
                                      parameters: [SIPParameter("tag", "9fxced76sl")])
    static let bob = SIPNameAddress(displayName: "Bob", uri: SIPURI(user: "bob", host: .domain("biloxi.example.com")))

    static func request(_ method: SIPMethod, branch: String? = "z9hG4bKnashds8", host: String = "pc33.atlanta.example.com",
                        port: Int? = nil, transport: String = "UDP", cseq: UInt32 = 1, callID: String = "3848276298220188511",
                        to: SIPNameAddress = bob, from: SIPNameAddress = alice,
                        routes: [String] = []) throws -> SIPMessage {
        let via = SIPVia(transport: transport, host: .domain(host), port: port,
                         parameters: branch.map { [SIPParameter("branch", $0)] } ?? [])
        return try SIPMessageBuilder.request(
            method: method, uri: bob.uri, via: via, from: from, to: to, callID: callID, cseq: cseq,
            contact: method == .invite ? SIPNameAddress(uri: SIPURI(user: "alice", host: .domain(host))) : nil,
            extraHeaders: routes.map { SIPParameter("Route", $0) })
    }

    static func response(_ status: Int, to request: SIPMessage, toTag: String? = "8321234356") throws -> SIPMessage {
        try SIPMessageBuilder.response(to: request, status: status, toTag: toTag)
    }
}
