import Foundation
import Testing

/// Self-tests of the baresip harness (`BaresipProcess`, `Fixtures/baresip`): two real baresip
/// 1.0.0 user agents register with a real Kamailio over UDP and call each other on 127.0.0.1.
/// Every test starts its own Kamailio and baresips on ports picked for the run and stops them
/// at the end (the baresips first, so that their un-REGISTER is answered). `make test` installs
/// baresip (`make peer-deps`); without it these tests fail, naming the missing package.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct BaresipInteropTests {
    static let eventTimeout: Duration = .seconds(5)

    @Test("baresip alice calls auto-answering baresip bob through Kamailio; both see established and closed")
    func aliceCallsAutoAnsweringBob() async throws {
        try BaresipProcess.checkAvailable()
        try await KamailioProcess.with { kamailio in
            try await BaresipProcess.with(
                user: "alice", password: "alice-pw", registrarPort: kamailio.sipPort, autoAnswer: false
            ) { alice in
                try await BaresipProcess.with(
                    user: "bob", password: "bob-pw", registrarPort: kamailio.sipPort, autoAnswer: true
                ) { bob in
                    try await alice.dial("sip:bob@127.0.0.1")

                    let aliceUp = try await alice.waitForEvent("CALL_ESTABLISHED", timeout: Self.eventTimeout)
                    let bobUp = try await bob.waitForEvent("CALL_ESTABLISHED", timeout: Self.eventTimeout)
                    #expect(aliceUp.direction == "outgoing")
                    #expect(aliceUp.peeruri?.hasPrefix("sip:bob@127.0.0.1") == true)
                    #expect(bobUp.direction == "incoming")
                    #expect(bobUp.peeruri?.hasPrefix("sip:alice@127.0.0.1") == true)
                    // The id is the SIP Call-ID: the same dialog on both ends.
                    #expect(aliceUp.id != nil && aliceUp.id == bobUp.id)

                    try await alice.hangup()
                    let aliceClosed = try await alice.waitForEvent("CALL_CLOSED", timeout: Self.eventTimeout)
                    let bobClosed = try await bob.waitForEvent("CALL_CLOSED", timeout: Self.eventTimeout)
                    #expect(aliceClosed.id == aliceUp.id)
                    #expect(bobClosed.id == bobUp.id)
                    #expect(bobClosed.param == "Connection reset by peer")
                }
            }
        }
    }

    @Test("baresip bob calls manual-answer baresip alice: CALL_INCOMING, answer(), established, bob hangs up")
    func bobCallsAliceWhoAnswers() async throws {
        try BaresipProcess.checkAvailable()
        try await KamailioProcess.with { kamailio in
            try await BaresipProcess.with(
                user: "alice", password: "alice-pw", registrarPort: kamailio.sipPort, autoAnswer: false
            ) { alice in
                try await BaresipProcess.with(
                    user: "bob", password: "bob-pw", registrarPort: kamailio.sipPort, autoAnswer: true
                ) { bob in
                    try await bob.dial("sip:alice@127.0.0.1")

                    let incoming = try await alice.waitForEvent("CALL_INCOMING", timeout: Self.eventTimeout)
                    #expect(incoming.peeruri?.hasPrefix("sip:bob@127.0.0.1") == true)
                    let ringing = try await bob.waitForEvent("CALL_RINGING", timeout: Self.eventTimeout)
                    #expect(ringing.id == incoming.id)

                    try await alice.answer()
                    let aliceUp = try await alice.waitForEvent("CALL_ESTABLISHED", timeout: Self.eventTimeout)
                    let bobUp = try await bob.waitForEvent("CALL_ESTABLISHED", timeout: Self.eventTimeout)
                    #expect(aliceUp.id == incoming.id)
                    #expect(bobUp.id == incoming.id)

                    try await bob.hangup()
                    _ = try await bob.waitForEvent("CALL_CLOSED", timeout: Self.eventTimeout)
                    let aliceClosed = try await alice.waitForEvent("CALL_CLOSED", timeout: Self.eventTimeout)
                    #expect(aliceClosed.param == "Connection reset by peer")
                }
            }
        }
    }

    @Test("baresip registers over TCP; a wrong password fails the start at once with the 401 in the error")
    func registrationOverTCPAndWrongPassword() async throws {
        try BaresipProcess.checkAvailable()
        try await KamailioProcess.with { kamailio in
            try await BaresipProcess.with(
                user: "carol", password: "carol-pw", registrarPort: kamailio.sipPort, transport: "tcp", autoAnswer: true
            ) { carol in
                #expect(carol.logTail(40).contains("carol@127.0.0.1: {0/TCP/v4} 200 OK"))
            }
            let started = ContinuousClock.now
            let error = await #expect(throws: BaresipError.self) {
                try await BaresipProcess.with(
                    user: "alice", password: "wrong", registrarPort: kamailio.sipPort, autoAnswer: false
                ) { _ in }
            }
            #expect(error?.description.contains("401 Unauthorized") == true)
            #expect(ContinuousClock.now - started < .seconds(5))
        }
    }
}
