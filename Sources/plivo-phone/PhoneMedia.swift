import ICE
import SDP
import StackCore

/// The media side of one call, as far as it exists: an ICE agent on the call's own UDP socket
/// (host candidate on the address toward the server, server-reflexive ones from `--stun`) and
/// the session descriptions made with the `SDP` module (RTP/AVP with the ICE attributes, so
/// both plain SIP phones and ICE peers can answer). When the peer's description carries ICE
/// credentials, connectivity checks run and `connected` becomes the seed's `onMediaConnected`.
/// No RTP is sent yet (DTLS-SRTP and codecs come later).
actor PhoneMedia {
    /// The agent (its events are forwarded by the runner).
    let agent: ICEAgent
    private var offer: SDPSession?
    private let sessionID = UInt64.random(in: 1...UInt64(Int64.max))

    private init(agent: ICEAgent) {
        self.agent = agent
    }

    /// Binds the socket and gathers candidates for a call in `role` (the offerer controls).
    static func prepare(role: ICERole, context: PhoneCommandContext) async throws(ICEError) -> PhoneMedia {
        let agent = ICEAgent(
            role: role,
            configuration: .init(interfaces: [context.mediaAddress], stunServers: context.stunServers,
                                 stunRace: context.stunRace, software: "plivo-phone"),
            clock: SystemClock.shared)
        do {
            try await agent.gather()
        } catch {
            await agent.close()
            throw error
        }
        return PhoneMedia(agent: agent)
    }

    /// Our side of the description: codecs (Opus, PCMU, PCMA, telephone-event), the host
    /// candidate's address and port, ICE credentials and every gathered candidate.
    private func localMedia() async -> SDPLocalMedia {
        let candidates = await agent.localCandidates
        let credentials = await agent.localCredentials
        var local = SDPLocalMedia()
        local.profile = .rtpAVP
        if let host = candidates.first(where: { $0.type == .host }) {
            local.address = host.address.host
            local.port = UInt16(clamping: host.address.port)
        }
        local.ice = SDPICEParameters(usernameFragment: credentials.ufrag, password: credentials.password)
        local.candidates = candidates.map(\.sdpCandidate)
        local.endOfCandidates = true
        local.bundle = false
        local.sessionID = sessionID
        local.username = "plivo-phone"
        local.sessionName = "plivo-phone"
        return local
    }

    /// The offer for an outgoing call.
    func makeOffer() async -> [UInt8] {
        let session = SDPOfferAnswer.makeOffer(await localMedia())
        offer = session
        return session.serialized()
    }

    /// The answer to an incoming offer; starts ICE when the offer has ICE credentials. Throws
    /// when the offer cannot be answered (the call is refused with 488).
    func answer(to offerBytes: [UInt8]) async throws -> [UInt8] {
        let remote = try SDPSession(parsing: offerBytes)
        let (answer, negotiated) = try SDPOfferAnswer.makeAnswer(to: remote, local: await localMedia())
        await startICE(negotiated)
        return answer.serialized()
    }

    /// The peer's answer to our offer (the 2xx body); starts ICE when it has ICE credentials.
    /// Returns false when the answer is not usable (logged; the call itself goes on).
    @discardableResult
    func receiveAnswer(_ answerBytes: [UInt8]) async -> Bool {
        guard let offer, !answerBytes.isEmpty else { return false }
        do {
            let negotiated = try SDPOfferAnswer.processAnswer(try SDPSession(parsing: answerBytes), toOffer: offer)
            await startICE(negotiated)
            return true
        } catch {
            PhoneEventPrinter.note("the answer's session description is not usable: \(error)")
            return false
        }
    }

    private func startICE(_ negotiated: SDPNegotiated) async {
        guard let ice = negotiated.remoteICE else { return }
        let candidates = negotiated.remoteCandidates.compactMap(ICECandidate.init)
        await agent.setRemote(credentials: ICECredentials(ufrag: ice.usernameFragment, password: ice.password),
                              candidates: candidates, isLite: ice.isLite, complete: true)
        await agent.start()
    }

    /// Closes the agent and its socket.
    func close() async {
        await agent.close()
    }
}
