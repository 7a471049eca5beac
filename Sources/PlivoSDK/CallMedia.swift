import AudioDevices
import AudioPipeline
import AudioProcessing
import DTLS
import ICE
import MediaTransport
import SDP
import StackCore

/// The media side of one call: an ICE agent on the call's own UDP socket (host candidate on the
/// address toward the server, server-reflexive ones from `--stun`), the session descriptions
/// made with the `SDP` module, and — once the offer/answer is done — a `MediaTransport`:
/// DTLS-SRTP (UDP/TLS/RTP/SAVPF, the SDK's profile) or plain RTP/AVP, Opus or G.711, sending
/// `--audio-in` (a 440 Hz tone when absent) and recording what we hear into `--audio-out`.
///
/// ``events`` carries the agent's events and then the transport's; the selected pair is handed
/// to the transport here.
package actor CallMedia {
    /// What the media reports.
    package enum Event: Sendable {
        case ice(ICEAgent.Event)
        case engine(MediaEngineEvent)
        /// A `mediaMetrics` event (speaking while muted).
        case metric(MediaMetric)
        /// A `volume` event.
        case volume(AudioVolume)
    }

    /// The agent.
    package let agent: ICEAgent
    /// Events in order (the agent's, then also the transport's); finishes on ``close()``.
    package nonisolated let events: AsyncStream<Event>
    private let sink: AsyncStream<Event>.Continuation
    private var offer: SDPSession?
    private let ssrc = UInt32.random(in: 1 ... .max)
    private let cname = MediaStreamParameters.randomCNAME()
    private let sessionID = UInt64.random(in: 1...UInt64(Int64.max))
    private let audio: CallAudioOptions
    private let devices: CallAudioDevices?
    private let note: @Sendable (String) -> Void
    private let software: String
    private var transport: MediaTransport?
    private var microphone: DeviceAudioSource?
    private var volumeEvents: VolumeEventSource?
    /// Mute, noise reduction and the level meters of this call's audio.
    package nonisolated let controls: AudioCallControls
    private var pendingPair: ICECandidatePair?
    private var tasks: [Task<Void, Never>] = []
    private var closed = false

    /// The client's certificate (one per process, made on first use: the SDK's per-client one).
    static let certificate: Result<DTLSCertificate, DTLSError> = Result { () throws(DTLSError) in
        try DTLSCertificate.generate(commonName: "plivo-swift-sdk")
    }

    private init(agent: ICEAgent, audio: CallAudioOptions, devices: CallAudioDevices?,
                 software: String, note: @escaping @Sendable (String) -> Void) {
        self.agent = agent
        self.note = note
        self.software = software
        self.audio = audio
        self.devices = devices
        let (events, sink) = AsyncStream.makeStream(of: Event.self)
        (self.events, self.sink) = (events, sink)
        controls = AudioCallControls(onSpeakingWhileMuted: { sink.yield(.metric(.speakingOnMute)) })
        controls.isNoiseReductionActive = audio.noiseReductionActive ?? audio.noiseReduction
    }

    /// Binds the socket and gathers candidates for a call in `role` (the offerer controls).
    /// With `dscp` (the seed's option, on by default) the media socket marks every packet
    /// DSCP EF (IP_TOS / IPV6_TCLASS 0xB8).
    package static func prepare(role: ICERole, mediaAddress: String, stunServers: [ICETransportAddress], stunRace: Bool,
                                dscp: Bool = true, audio: CallAudioOptions, devices: CallAudioDevices?, software: String,
                                note: @escaping @Sendable (String) -> Void = { _ in }) async throws(ICEError) -> CallMedia {
        let agent = ICEAgent(
            role: role,
            configuration: .init(interfaces: [mediaAddress], stunServers: stunServers, stunRace: stunRace, dscp: dscp,
                                 software: software),
            clock: SystemClock.shared)
        do {
            try await agent.gather()
        } catch {
            await agent.close()
            throw error
        }
        let media = CallMedia(agent: agent, audio: audio, devices: devices, software: software, note: note)
        await media.listen()
        return media
    }

    /// The traffic class (IP_TOS / IPV6_TCLASS) of each media socket: 0xB8 with `dscp`.
    package func trafficClasses() async -> [Int?] {
        var classes: [Int?] = []
        for socket in await agent.mediaSockets.values { classes.append(await socket.trafficClass()) }
        return classes
    }

    private func listen() {
        let agent = self.agent
        tasks.append(Task { [weak self] in
            for await event in agent.events { await self?.iceEvent(event) }
        })
    }

    private func iceEvent(_ event: ICEAgent.Event) {
        sink.yield(.ice(event))
        if case .agent(.selected(let pair)) = event {
            if let transport { transport.selected(pair) } else { pendingPair = pair }
        }
        if case .agent(.state(.failed)) = event {
            // ICE failed or consent expired: stop sending (RFC 7675).
            transport?.pathLost()
        }
    }

    /// Our side of the description: codecs (Opus, PCMU, PCMA, telephone-event), the host
    /// candidate's address and port, ICE credentials, every gathered candidate, and for
    /// UDP/TLS/RTP/SAVPF our certificate's fingerprint.
    private func localMedia(profile: SDPTransportProfile) async throws -> SDPLocalMedia {
        let candidates = await agent.localCandidates
        let credentials = await agent.localCredentials
        var local = SDPLocalMedia()
        local.profile = profile
        if let host = candidates.first(where: { $0.type == .host }) {
            local.address = host.address.host
            local.port = UInt16(clamping: host.address.port)
        }
        local.ice = SDPICEParameters(usernameFragment: credentials.ufrag, password: credentials.password)
        local.candidates = candidates.map(\.sdpCandidate)
        local.endOfCandidates = true
        local.bundle = false
        local.rtcpMux = true
        if profile.usesDTLS {
            local.fingerprints = [MediaNegotiation.sdpFingerprint(try Self.certificate.get())]
        }
        local.ssrc = ssrc
        if let bitrate = try? SDPOpusMaxAverageBitrate(audio.maxAverageBitrate) { local.maxAverageBitrate = bitrate }
        local.cname = cname
        local.sessionID = sessionID
        local.username = software
        local.sessionName = software
        return local
    }

    /// The offer for an outgoing call.
    package func makeOffer() async throws -> [UInt8] {
        let session = SDPOfferAnswer.makeOffer(try await localMedia(profile: audio.profile == .avp ? .rtpAVP : .udpTLSRTPSAVPF))
        offer = session
        return session.serialized()
    }

    /// The answer to an incoming offer (in the offer's profile); starts ICE and the media.
    /// Throws when the offer cannot be answered (the call is refused with 488).
    package func answer(to offerBytes: [UInt8]) async throws -> [UInt8] {
        let remote = try SDPSession(parsing: offerBytes)
        let audioLine = remote.media.first { $0.media == "audio" }?.mediaLine
        let offered = audioLine.flatMap { SDPTransportProfile(proto: $0.proto) } ?? .rtpAVP
        let profile: SDPTransportProfile = offered.usesDTLS ? .udpTLSRTPSAVPF : .rtpAVP
        let (answer, negotiated) = try SDPOfferAnswer.makeAnswer(to: remote, local: try await localMedia(profile: profile))
        try await startMedia(negotiated)
        return answer.serialized()
    }

    /// The peer's answer to our offer (the 2xx body); starts ICE and the media. Returns false
    /// when the answer is not usable (logged; the call itself goes on).
    @discardableResult
    package func receiveAnswer(_ answerBytes: [UInt8]) async -> Bool {
        guard let offer, !answerBytes.isEmpty else { return false }
        do {
            let negotiated = try SDPOfferAnswer.processAnswer(try SDPSession(parsing: answerBytes), toOffer: offer)
            try await startMedia(negotiated)
            return true
        } catch {
            note("the answer's session description is not usable: \(error)")
            return false
        }
    }

    private func startMedia(_ negotiated: SDPNegotiated) async throws {
        guard !closed, transport == nil else { return }
        let configuration = MediaNegotiation.configuration(negotiated, certificate: try Self.certificate.get(),
                                                           ssrc: ssrc, cname: cname)
        let audio = self.audio
        let sinkRate = negotiated.codec.codec == .opus ? 48_000 : 8_000
        // Device streams come from the process's AudioDeviceManager: they follow the chosen
        // devices and carry silence while the sound server is away.
        // Echo cancellation runs on the device streams' own clock (both devices, mono, 48 kHz).
        let echo = audio.echoCancellation && audio.inputDevice != nil && audio.outputDevice != nil
            && audio.captureSampleRate == 48_000 && audio.captureChannels == 1
            ? (try? EchoCanceller(sampleRate: 48_000, frameSamples: 960)).map(EchoCancellerTaps.init) : nil
        if audio.echoCancellation, echo == nil {
            note("echo cancellation needs the microphone and the speaker devices, mono at 48000 Hz: not applied")
        }
        let microphone = audio.inputDevice != nil
            ? await devices?.manager.openMicrophone(sampleRate: audio.captureSampleRate, channels: audio.captureChannels,
                                                    processor: echo?.processor) : nil
        self.microphone = microphone
        let speaker = audio.outputDevice != nil
            ? await devices?.manager.openSpeaker(sampleRate: 48_000, monitor: echo?.monitor) : nil
        // An echo service sends back what it hears, at the rate it hears it.
        let loopback = audio.echo ? AudioLoopback(sampleRate: speaker != nil ? 48_000 : sinkRate) : nil
        let transport = try await MediaTransport(
            agent: agent, configuration: configuration,
            makeSource: { [controls] () throws -> any AudioFrameSource in
                let source: any AudioFrameSource
                if let loopback {
                    source = loopback.makeSource()
                } else if let microphone {
                    source = microphone.channels == 1 ? microphone : MonoMixAudioSource(microphone)
                } else if let input = audio.input {
                    source = try WAVFileSource(path: input)
                } else {
                    source = ToneSource(frequency: audio.toneFrequency, sampleRate: 48_000)
                }
                return ProcessedAudioSource(source, controls: controls, noiseReduction: audio.noiseReduction,
                                            automaticGain: audio.automaticGain)
            },
            makeSink: { [controls] () throws -> any AudioFrameSink in
                let sink: any AudioFrameSink
                if let speaker {
                    // Both: play to the device and keep the recording.
                    if let output = audio.output {
                        sink = TeeAudioSink(speaker, try WAVFileSink(path: output, sampleRate: 48_000))
                    } else {
                        sink = speaker
                    }
                } else if let output = audio.output {
                    sink = try WAVFileSink(path: output, sampleRate: sinkRate)
                } else {
                    sink = NullAudioSink(sampleRate: sinkRate)
                }
                return MeteredAudioSink(loopback.map { TeeAudioSink(sink, $0.makeSink()) } ?? sink, controls: controls)
            })
        self.transport = transport
        let sink = self.sink
        if audio.volumeEvents {
            let volume = VolumeEventSource(controls: controls)
            volumeEvents = volume
            tasks.append(Task {
                for await level in volume.events { sink.yield(.volume(level)) }
            })
        }
        tasks.append(Task {
            for await event in transport.events { sink.yield(.engine(event)) }
        })
        if let ice = negotiated.remoteICE {
            let candidates = negotiated.remoteCandidates.compactMap(ICECandidate.init)
            await agent.setRemote(credentials: ICECredentials(ufrag: ice.usernameFragment, password: ice.password),
                                  candidates: candidates, isLite: ice.isLite, complete: true)
            await agent.start()
            if let pendingPair { transport.selected(pendingPair) }
        } else if let host = negotiated.remoteAddress, negotiated.remotePort != 0 {
            // A peer without ICE: RTP to its c=/m= address.
            transport.start(to: ICETransportAddress(host: host, port: Int(negotiated.remotePort)))
        }
    }

    /// The media counters (nil before the media started or after it closed).
    package func statistics() async -> MediaStatisticsSnapshot? {
        await transport?.statistics()
    }

    /// Sends DTMF as RFC 4733 events; false when telephone-event was not negotiated.
    package func sendDTMF(_ digits: String) async -> Bool {
        guard let transport else { return false }
        return await transport.sendDTMF(digits)
    }

    /// The seed's `mute()` (true) and `unmute()` (false): silence is sent while muted, and
    /// speech on the microphone raises the `speaking_on_mute` metric.
    package nonisolated func setMuted(_ muted: Bool) {
        controls.isMuted = muted
    }

    /// Closes the media (close_notify, the recording finished) and the agent.
    package func close() async {
        guard !closed else { return }
        closed = true
        volumeEvents?.stop()
        if let transport { await transport.close() }
        microphone?.close()
        await agent.close()
        for task in tasks { task.cancel() }
        sink.finish()
    }
}
