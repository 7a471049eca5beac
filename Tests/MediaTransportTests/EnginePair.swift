import AudioCodecs
import AudioPipeline
import DTLS
import MediaTransport
import SDP

/// A sink that keeps every sample (tests only).
final class CapturingSink: AudioFrameSink {
    let sampleRate: Int
    let channels = 1
    private(set) var samples: [Int16] = []
    init(sampleRate: Int) { self.sampleRate = sampleRate }
    func write(_ frame: UnsafeBufferPointer<Int16>) { samples.append(contentsOf: frame) }
    func close() throws(AudioError) {}
}

/// Queues datagrams for the other engine.
final class QueueSender: MediaDatagramSender {
    var queue: [[UInt8]] = []
    func sendDatagram(_ bytes: UnsafeRawBufferPointer) { queue.append(Array(bytes)) }
}

/// Two engines, A (DTLS client, sends 440 Hz) and B (server, sends 700 Hz), driven by hand.
final class EnginePair {
    let a: MediaEngine, b: MediaEngine
    let aSink: CapturingSink, bSink: CapturingSink
    let aOut = QueueSender(), bOut = QueueSender()
    var aEvents: [MediaEngineEvent] = [], bEvents: [MediaEngineEvent] = []
    var dropEvery: Int?
    var tamper = false
    private var delivered = 0
    private var tick: UInt64 = 0

    init(codec: SDPAudioCodec, corruptFingerprintOfB: Bool = false, stereoReceive: Bool = false) throws {
        let aCertificate = try DTLSCertificate.generate()
        let bCertificate = try DTLSCertificate.generate()
        let payloadType = codec.offerPayloadType
        let rate = Int(codec.clockRate)
        let events = SDPNegotiatedTelephoneEvent(payloadType: 101, receivePayloadType: 101, clockRate: codec.clockRate)
        func parameters() -> MediaStreamParameters {
            MediaStreamParameters(codec: codec, sendPayloadType: payloadType, receivePayloadType: payloadType,
                                  clockRate: rate, receiveChannels: stereoReceive ? 2 : 1, telephoneEvent: events)
        }
        var bFingerprint = bCertificate.fingerprint
        if corruptFingerprintOfB { bFingerprint.bytes[0] ^= 0xFF }
        let aConfiguration = MediaEngine.Configuration(parameters: parameters(), dtlsRole: .client, certificate: aCertificate,
                                                       remoteFingerprints: [bFingerprint], ntpAtMonotonicZero: .seconds(3_900_000_000))
        let bConfiguration = MediaEngine.Configuration(parameters: parameters(), dtlsRole: .server, certificate: bCertificate,
                                                       remoteFingerprints: [aCertificate.fingerprint], ntpAtMonotonicZero: .seconds(3_900_000_000))
        let sinkRate = codec == .opus ? 48_000 : 8_000
        aSink = CapturingSink(sampleRate: sinkRate)
        bSink = CapturingSink(sampleRate: sinkRate)
        a = try MediaEngine(configuration: aConfiguration, source: ToneSource(frequency: 440, sampleRate: 48_000), sink: aSink)
        b = try MediaEngine(configuration: bConfiguration, source: ToneSource(frequency: 700, sampleRate: 16_000), sink: bSink)
        a.sender = aOut
        b.sender = bOut
        a.onEvent = { [unowned self] in aEvents.append($0) }
        b.onEvent = { [unowned self] in bEvents.append($0) }
    }

    struct HandshakeFailed: Error {}

    /// Starts both and shuttles datagrams until both are secured.
    func handshake(rounds: Int = 10) throws {
        a.start()
        b.start()
        for _ in 0..<rounds {
            deliver()
            if a.isSecured && b.isSecured { return }
        }
        throw HandshakeFailed()
    }

    /// Delivers every queued datagram (A→B and B→A), applying loss and tampering to RTP.
    func deliver() {
        let now = tick * 20_000_000
        for (queue, target) in [(aOut, b), (bOut, a)] {
            let datagrams = queue.queue
            queue.queue = []
            for var datagram in datagrams {
                let isRTP = (datagram.first ?? 0) >= 128
                if isRTP {
                    delivered += 1
                    if let dropEvery, delivered % dropEvery == 0 { continue }
                    if tamper, datagram.count > 20 { datagram[20] ^= 0x01 }
                }
                datagram.withUnsafeMutableBytes { target.receive($0, arrival: now) }
            }
        }
    }

    /// `count` 20 ms ticks: both send, datagrams travel, both play; RTCP every 50 ticks.
    func run(ticks count: Int) {
        for _ in 0..<count {
            tick += 1
            a.sendTick()
            b.sendTick()
            if tick % 50 == 0 {
                a.rtcpTick(now: tick * 20_000_000)
                b.rtcpTick(now: tick * 20_000_000)
            }
            deliver()
            a.playoutTick()
            b.playoutTick()
        }
    }
}
