// memory-per-call-*: glibc heap bytes (mallinfo2 uordblks + hblkhd) held per MediaEngine
// (one end of a call: what a server keeps per call), codec state excluded.
import AudioPipeline
import BenchSupport
import COpusBench
import CSRTPBench
import DTLS
import AudioCodecs
import MediaTransport
import RTP
import SDP
import SRTP

func heapInUse() -> Int { Int(csrtpbench_heap_in_use()) }

struct MemoryResult {
    /// Heap bytes per engine right after creation, and after the DTLS handshake and 1 s of media.
    var created: Double, secured: Double
    /// The same for engines in plain RTP mode (no DTLS, no SRTP), after 1 s of media.
    var plain: Double
    /// Bytes of one outbound + one inbound SRTPSession (libsrtp contexts).
    var srtpPair: Double
    /// Bytes of an AudioSendChain + AudioReceiveChain (buffers, rate converters, source, sink;
    /// codec made beforehand, so not included), and of one RTPJitterBuffer as the engine makes it.
    var chains: Double, jitterBuffer: Double
}

/// Heap per engine for `count` calls (2 × count engines). The mailboxes are made before the
/// first reading; process-wide state (SSL_CTX, NSS, srtp_init) already exists from earlier calls.
func measureMemory(codec: SDPAudioCodec, count: Int, aCertificate: DTLSCertificate,
                   bCertificate: DTLSCertificate) -> MemoryResult {
    do {
        // Warm-up: one call through everything, so one-time allocations are not counted.
        let warm = try LoopbackCall(codec: codec, aCertificate: aCertificate, bCertificate: bCertificate)
        try warm.handshake()
        for _ in 0..<5 { warm.tick(arrival: monotonicNs(), rtcp: true) }

        let boxes = (0..<(2 * count)).map { _ in Mailbox(capacity: 16_384) }
        var calls: [LoopbackCall] = []
        calls.reserveCapacity(count)
        let before = heapInUse()
        for index in 0..<count {
            calls.append(try LoopbackCall(codec: codec, aCertificate: aCertificate, bCertificate: bCertificate,
                                          aOut: boxes[2 * index], bOut: boxes[2 * index + 1]))
        }
        let created = heapInUse()
        for call in calls { try call.handshake() }
        for tick in 0..<50 {
            let now = monotonicNs()
            for call in calls { call.tick(arrival: now, rtcp: tick == 25) }
        }
        let secured = heapInUse()
        guard calls.allSatisfy({ $0.b.receiveChain.statistics.decoded > 40 }) else {
            fail("media-bench", "memory: calls did not carry media")
        }
        calls.removeAll()

        // Plain RTP engines: the same minus DTLS and SRTP.
        var plainEngines: [MediaEngine] = []
        plainEngines.reserveCapacity(2 * count)
        let rate = Int(codec.clockRate)
        let plainBefore = heapInUse()
        for _ in 0..<(2 * count) {
            var parameters = MediaStreamParameters(codec: codec, sendPayloadType: codec.offerPayloadType,
                                                   receivePayloadType: codec.offerPayloadType, clockRate: rate)
            parameters.maxAverageBitrate = codec == .opus ? CallSettings.opusBitrate : nil
            let engine = try MediaEngine(configuration: .init(parameters: parameters, security: .none,
                                                              ntpAtMonotonicZero: .seconds(3_900_000_000)),
                                         source: ToneSource(frequency: 440, sampleRate: rate),
                                         sink: NullAudioSink(sampleRate: rate))
            plainEngines.append(engine)
        }
        let plainAfter = heapInUse()
        plainEngines.removeAll()

        var sessions: [SRTPSession] = []
        sessions.reserveCapacity(2 * count)
        let key = [UInt8](repeating: 7, count: 16), salt = [UInt8](repeating: 9, count: 12)
        let srtpBefore = heapInUse()
        for _ in 0..<count {
            sessions.append(try SRTPSession(profile: .aeadAES128GCM, direction: .outbound, masterKey: key, masterSalt: salt))
            sessions.append(try SRTPSession(profile: .aeadAES128GCM, direction: .inbound, masterKey: key, masterSalt: salt))
        }
        let srtpAfter = heapInUse()
        sessions.removeAll()

        var chains: [(AudioSendChain, AudioReceiveChain)] = []
        chains.reserveCapacity(count)
        let codecs = try (0..<count).map { _ in
            codec == .opus ? (try OpusEncoder(OpusEncoderConfiguration(bitrate: CallSettings.opusBitrate)) as any AudioEncoder,
                              try OpusDecoder(sampleRate: 48_000, channels: 1) as any AudioDecoder)
                           : (G711Encoder(law: .muLaw) as any AudioEncoder, G711Decoder(law: .muLaw) as any AudioDecoder)
        }
        let chainsBefore = heapInUse()
        for (encoder, decoder) in codecs {
            chains.append((try AudioSendChain(source: ToneSource(frequency: 440, sampleRate: rate), encoder: encoder),
                           try AudioReceiveChain(decoder: decoder, sink: NullAudioSink(sampleRate: rate))))
        }
        let chainsAfter = heapInUse()
        chains.removeAll()

        var buffers: [RTPJitterBuffer] = []
        buffers.reserveCapacity(count)
        let buffersBefore = heapInUse()
        for _ in 0..<count {
            var jitter = RTPJitterBufferConfiguration(clockRate: rate, frameSamples: rate / 50)
            jitter.minimumDelay = 1
            jitter.maximumDelay = 10
            // As MediaEngine sizes it (24 slots; 1275 B for Opus, 60 ms of G.711 otherwise).
            jitter.capacity = 24
            jitter.maxPayloadSize = codec == .opus ? 1_275 : 3 * (rate / 50)
            buffers.append(RTPJitterBuffer(jitter))
        }
        let buffersAfter = heapInUse()
        buffers.removeAll()

        let engines = Double(2 * count)
        return MemoryResult(created: Double(created - before) / engines, secured: Double(secured - before) / engines,
                            plain: Double(plainAfter - plainBefore) / engines,
                            srtpPair: Double(srtpAfter - srtpBefore) / Double(count),
                            chains: Double(chainsAfter - chainsBefore) / Double(count),
                            jitterBuffer: Double(buffersAfter - buffersBefore) / Double(count))
    } catch {
        fail("media-bench", "memory: \(error)")
    }
}

func memoryPerCall(name: String, codec: SDPAudioCodec, count: Int, aCertificate: DTLSCertificate,
                   bCertificate: DTLSCertificate) {
    let result = measureMemory(codec: codec, count: count, aCertificate: aCertificate, bCertificate: bCertificate)
    let codecState = codec == .opus ? Double(opus_encoder_get_size(1) + opus_decoder_get_size(1)) : 0
    let perCall = result.secured - codecState
    let packet = 1500.0 + Double(SRTPSession.maximumTrailerLength)  // the engine's send buffer
    let dtls = result.secured - result.plain - result.srtpPair
    func kb(_ bytes: Double) -> String { format(bytes / 1000, decimals: 1) + " KB" }
    print("# \(name): \(count) calls (\(2 * count) engines); per engine: created \(kb(result.created)), secured + 1 s of media \(kb(result.secured)); codec state (excluded) \(kb(codecState)); plain-RTP engine (no DTLS/SRTP) \(kb(result.plain))")
    print("# \(name): where it goes (per engine, codec excluded): jitter buffer \(kb(result.jitterBuffer)) (24 slots × 1275 B Opus or 480 B G.711 + slot table), audio send+receive chains \(kb(result.chains)) (PCM frames, rate-converter FIFOs), DTLS after the handshake \(kb(dtls)) (OpenSSL SSL, its buffers and BIOs), SRTP in+out \(kb(result.srtpPair)) (libsrtp + NSS contexts), send buffer \(kb(packet)), rest \(kb(result.plain - codecState - result.jitterBuffer - result.chains - packet))")
    print("\(name): ours \(kb(perCall)), peer 100.0 KB (goal, not measured), ratio \(format(perCall / 100_000, decimals: 2))")
}
