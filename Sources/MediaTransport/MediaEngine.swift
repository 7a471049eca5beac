import AudioCodecs
import AudioPipeline
import DTLS
import RTP
import SRTP

/// The per-packet half of one call's media (RFC 3550, RFC 5764, RFC 7983): DTLS on the ICE
/// path, SRTP keyed from it, RTP/RTCP out of and into the audio chains, RFC 4733 events.
///
/// Non-Sendable and never locked: its owner confines it to one thread — in the real transport
/// one NIO event loop, which calls ``receive(_:arrival:)`` for every non-STUN datagram and the
/// tick methods every 20 ms; in tests a single task. Per packet it allocates nothing and copies
/// the payload once (into the jitter buffer's slot); decryption and encryption are in place.
public final class MediaEngine {
    /// The engine's settings.
    public struct Configuration: Sendable {
        /// Codec, payload types, SSRC.
        public var parameters: MediaStreamParameters
        /// DTLS-SRTP (UDP/TLS/RTP/SAVPF) or plain RTP (RTP/AVP, for SIP phones without SRTP).
        public var security: MediaSecurity
        /// The SRTP profiles offered in use_srtp, preferred first.
        public var profiles: [DTLSSRTPProfile] = [.aeadAES128GCM, .aes128CMSHA1_80]
        /// Jitter-buffer delay bounds in frames.
        public var minimumDelayFrames = 1, maximumDelayFrames = 10
        /// DTMF tone and gap durations for RFC 4733 events we send.
        public var dtmfDuration: Duration = .milliseconds(100), dtmfGap: Duration = .milliseconds(60)
        /// The NTP time at monotonic instant 0 (for RTCP SR timestamps): wall clock − monotonic.
        public var ntpAtMonotonicZero: Duration

        /// Creates settings.
        public init(parameters: MediaStreamParameters, security: MediaSecurity, ntpAtMonotonicZero: Duration) {
            self.parameters = parameters
            self.security = security
            self.ntpAtMonotonicZero = ntpAtMonotonicZero
        }

        /// Creates DTLS-SRTP settings.
        public init(parameters: MediaStreamParameters, dtlsRole: DTLSRole, certificate: DTLSCertificate,
                    remoteFingerprints: [DTLSFingerprint], ntpAtMonotonicZero: Duration) {
            self.init(parameters: parameters,
                      security: .dtlsSRTP(role: dtlsRole, certificate: certificate, remoteFingerprints: remoteFingerprints),
                      ntpAtMonotonicZero: ntpAtMonotonicZero)
        }
    }

    /// The settings.
    public let configuration: Configuration
    var parameters: MediaStreamParameters { configuration.parameters }
    let dtls: DTLSConnection?
    var outbound: SRTPSession?
    var inbound: SRTPSession?
    /// Our audio, encoded every tick.
    public let sendChain: AudioSendChain
    /// The peer's audio, played every tick.
    public let receiveChain: AudioReceiveChain
    let jitterBuffer: RTPJitterBuffer
    var sequenceNumber = UInt16.random(in: 0 ... .max)
    var timestamp = UInt32.random(in: 0 ... .max)
    /// One outgoing packet: header, payload and room for the SRTP trailer.
    var packet: [UInt8]
    var receiverStatistics: RTPReceiverStatistics?
    var lastSentTimestamp: UInt32 = 0
    var dtmfSender = MediaDTMFSender()
    var dtmfReceiver = MediaDTMFReceiver()
    /// Counters.
    public internal(set) var statistics = MediaEngineStatistics()
    /// Where outgoing datagrams go; nil until a path exists (datagrams are then dropped).
    public var sender: (any MediaDatagramSender)?
    /// Receives the engine's events, on its thread.
    public var onEvent: (MediaEngineEvent) -> Void = { _ in }
    /// Asked to arm (a duration) or cancel (nil) the DTLS retransmission timer; when it fires,
    /// call ``handleDTLSTimeout()``.
    public var onDTLSTimer: (Duration?) -> Void = { _ in }
    var started = false
    var failed = false

    /// Creates an engine: DTLS, codecs and buffers are made now, so calls never fail later.
    public init(configuration: Configuration, source: any AudioFrameSource, sink: any AudioFrameSink)
        throws(MediaTransportError) {
        self.configuration = configuration
        switch configuration.security {
        case let .dtlsSRTP(role, certificate, remoteFingerprints):
            guard !remoteFingerprints.isEmpty else {
                throw .invalidParameters("the peer's description has no a=fingerprint")
            }
            do {
                dtls = try DTLSConnection(role: role, certificate: certificate, remoteFingerprints: remoteFingerprints,
                                          profiles: configuration.profiles)
            } catch {
                throw .dtls(error)
            }
        case .none:
            dtls = nil
        }
        let parameters = configuration.parameters
        do {
            let (encoder, decoder) = try MediaCodecFactory.make(parameters)
            sendChain = try AudioSendChain(source: source, encoder: encoder)
            receiveChain = try AudioReceiveChain(decoder: decoder, sink: sink)
        } catch {
            throw .codec(error)
        }
        var jitter = RTPJitterBufferConfiguration(clockRate: parameters.clockRate,
                                                  frameSamples: parameters.frameTimestampUnits)
        jitter.minimumDelay = configuration.minimumDelayFrames
        jitter.maximumDelay = configuration.maximumDelayFrames
        // Slots sized for the codec: an Opus packet is at most 1275 bytes per 20 ms frame
        // (RFC 6716 §3.4); G.711 up to 60 ms per packet. 24 slots = 480 ms, over twice the largest delay.
        jitter.capacity = 24
        jitter.maxPayloadSize = parameters.codec == .opus ? 1_275 : 3 * parameters.frameTimestampUnits
        jitterBuffer = RTPJitterBuffer(jitter)
        packet = [UInt8](repeating: 0, count: 1_500 + SRTPSession.maximumTrailerLength)
    }

    /// Whether media may flow: SRTP keyed (DTLS done and the fingerprint matched), or plain RTP
    /// once started.
    public private(set) var isSecured = false
    /// The negotiated SRTP profile, once secured.
    public private(set) var profile: DTLSSRTPProfile?

    /// Starts DTLS once ICE has a path: the client sends its ClientHello; a server waits.
    public func start() {
        guard !started else { return }
        started = true
        if let dtls {
            handle(dtls.start())
        } else {
            isSecured = true
        }
    }

    /// The DTLS retransmission timer fired.
    public func handleDTLSTimeout() {
        if let dtls { handle(dtls.handleTimeout()) }
    }

    /// Ends the media: close_notify to the peer (once).
    public func close() {
        guard started, !failed, let dtls else { return }
        handle(dtls.close())
    }

    func handle(_ output: DTLSOutput) {
        for datagram in output.datagrams {
            statistics.dtlsDatagramsSent += 1
            datagram.withUnsafeBytes { send($0) }
        }
        // Re-arm only when a flight was (re)sent: other datagrams must not postpone the timer.
        if output.timeout == nil {
            onDTLSTimer(nil)
        } else if output.timerRestarted {
            onDTLSTimer(output.timeout)
        }
        for event in output.events {
            switch event {
            case .connected(let keys):
                secure(with: keys)
            case .failed(let error):
                failed = true
                onEvent(.failed(.dtls(error)))
            case .closedByPeer:
                onEvent(.remoteClosed)
            case .applicationData:
                break
            }
        }
    }

    private func secure(with keys: DTLSSRTPKeyingMaterial) {
        let profile: SRTPProfile = switch keys.profile {
        case .aeadAES128GCM: .aeadAES128GCM
        case .aes128CMSHA1_80: .aes128CMHMACSHA1_80
        }
        do throws(SRTPError) {
            outbound = try SRTPSession(profile: profile, direction: .outbound, masterKey: keys.localKey,
                                       masterSalt: keys.localSalt)
            inbound = try SRTPSession(profile: profile, direction: .inbound, masterKey: keys.remoteKey,
                                      masterSalt: keys.remoteSalt)
        } catch {
            failed = true
            onEvent(.failed(.srtp(error)))
            return
        }
        self.profile = keys.profile
        isSecured = true
        onEvent(.secured(keys.profile))
    }

    func send(_ bytes: UnsafeRawBufferPointer) {
        guard let sender else {
            statistics.sendDroppedNoPath += 1
            return
        }
        sender.sendDatagram(bytes)
    }
}
