// Loopback calls: two MediaEngines per call, back to back in memory (no sockets), DTLS-SRTP
// secured by a real handshake, each sending a tone and playing into a NullAudioSink.
import AudioCodecs
import AudioPipeline
import BenchSupport
import COpusBench
import DTLS
import MediaTransport
import SDP

/// One engine's outgoing datagrams, kept in a preallocated byte store until delivered.
/// (The harness must not allocate per datagram: the test helper's `[[UInt8]]` queue would.)
final class Mailbox: MediaDatagramSender {
    private var bytes: UnsafeMutableRawBufferPointer
    private var ends: [Int] = []
    private var used = 0

    init(capacity: Int = 2048) {
        bytes = .allocate(byteCount: capacity, alignment: 16)
        ends.reserveCapacity(8)
    }

    deinit { bytes.deallocate() }

    func sendDatagram(_ datagram: UnsafeRawBufferPointer) {
        if used + datagram.count > bytes.count {
            // Only DTLS flights get here (a certificate flight is a few KB): grow once.
            let grown = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count * 2, used + datagram.count),
                                                              alignment: 16)
            grown.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[0..<used]))
            bytes.deallocate()
            bytes = grown
        }
        UnsafeMutableRawBufferPointer(rebasing: bytes[used..<(used + datagram.count)]).copyMemory(from: datagram)
        used += datagram.count
        ends.append(used)
    }

    /// Hands every queued datagram to `engine` (decrypted in place there) and empties the box.
    @inline(__always)
    func deliver(to engine: MediaEngine, arrival: UInt64) {
        var start = 0
        for end in ends {
            engine.receive(UnsafeMutableRawBufferPointer(rebasing: bytes[start..<end]), arrival: arrival)
            start = end
        }
        ends.removeAll(keepingCapacity: true)
        used = 0
    }
}

/// One call: engine A (DTLS client, 440 Hz) and engine B (server, 700 Hz).
final class LoopbackCall {
    let a: MediaEngine, b: MediaEngine
    let aOut: Mailbox, bOut: Mailbox

    /// The certificates are shared by all calls (as a server shares its one certificate).
    /// `plainRTP`: RTP/AVP without DTLS or SRTP (the stack's mode for SIP phones without SRTP).
    init(codec: SDPAudioCodec, aCertificate: DTLSCertificate, bCertificate: DTLSCertificate,
         aOut: Mailbox = Mailbox(), bOut: Mailbox = Mailbox(), plainRTP: Bool = false, opusComplexity: Int = 10) throws {
        let rate = Int(codec.clockRate)
        func parameters() -> MediaStreamParameters {
            var parameters = MediaStreamParameters(
                codec: codec, sendPayloadType: codec.offerPayloadType, receivePayloadType: codec.offerPayloadType,
                clockRate: rate,
                telephoneEvent: SDPNegotiatedTelephoneEvent(payloadType: 101, receivePayloadType: 101,
                                                            clockRate: codec.clockRate),
                maxAverageBitrate: codec == .opus ? CallSettings.opusBitrate : nil)
            parameters.opusComplexity = opusComplexity
            return parameters
        }
        let ntp = Duration.seconds(3_900_000_000)
        var aConfiguration = MediaEngine.Configuration(parameters: parameters(), dtlsRole: .client, certificate: aCertificate,
                                                       remoteFingerprints: [bCertificate.fingerprint], ntpAtMonotonicZero: ntp)
        var bConfiguration = MediaEngine.Configuration(parameters: parameters(), dtlsRole: .server, certificate: bCertificate,
                                                       remoteFingerprints: [aCertificate.fingerprint], ntpAtMonotonicZero: ntp)
        if plainRTP {
            aConfiguration.security = .none
            bConfiguration.security = .none
        }
        a = try MediaEngine(configuration: aConfiguration, source: ToneSource(frequency: 440, sampleRate: rate),
                            sink: NullAudioSink(sampleRate: rate))
        b = try MediaEngine(configuration: bConfiguration, source: ToneSource(frequency: 700, sampleRate: rate),
                            sink: NullAudioSink(sampleRate: rate))
        self.aOut = aOut
        self.bOut = bOut
        a.sender = aOut
        b.sender = bOut
    }

    struct HandshakeFailed: Error {}

    /// Starts both engines and shuttles DTLS datagrams until both are secured.
    func handshake() throws {
        a.start()
        b.start()
        for _ in 0..<10 {
            deliver(arrival: monotonicNs())
            if a.isSecured && b.isSecured { return }
        }
        throw HandshakeFailed()
    }

    @inline(__always)
    func deliver(arrival: UInt64) {
        aOut.deliver(to: b, arrival: arrival)
        bOut.deliver(to: a, arrival: arrival)
    }

    /// One 20 ms tick of the call: both send, the datagrams cross, both play out; RTCP when due.
    @inline(__always)
    func tick(arrival: UInt64, rtcp: Bool) {
        a.sendTick()
        b.sendTick()
        if rtcp {
            a.rtcpTick(now: arrival)
            b.rtcpTick(now: arrival)
        }
        deliver(arrival: arrival)
        a.playoutTick()
        b.playoutTick()
    }
}

enum CallSettings {
    /// The Opus bitrate of the calls (the engine's `maxAverageBitrate`; FEC on; complexity from
    /// `MediaStreamParameters.opusComplexity`, 10 unless a line says otherwise).
    static let opusBitrate = 32_000
}

