// libFuzzer target for the media receive path: what an untrusted peer's datagrams reach after
// ICE — RFC 7983 demultiplexing, RTP parsing (RFC 3550), the adaptive jitter buffer, the Opus
// and G.711 decoders with concealment and FEC recovery, RFC 4733 event decoding and RTCP
// compound handling (SR/RR report blocks, round-trip time) — in a MediaEngine in plain RTP
// mode (no SRTP, so the bytes reach every parser unauthenticated).
//
// Input layout: chunks of a 2-byte big-endian header and a body. The header's low 12 bits are
// the body length; bits 12–14 are how many 20 ms ticks (send + playout) run before this
// datagram; the top bit sends an RTCP report first. The first input byte picks the codec
// (Opus mono, Opus stereo receive, PCMU, PCMA).
//
// Oracle: no trap, no ASan finding; statistics stay consistent (received ≤ datagrams fed).
//
// This file must not be called main.swift: libFuzzer provides main().
import AudioPipeline
import FuzzSupport
import MediaTransport
import SDP

private final class Discard: MediaDatagramSender {
    var count = 0
    func sendDatagram(_ bytes: UnsafeRawBufferPointer) { count += 1 }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMedia(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    guard let selector = bytes.first else { return 0 }
    let codec: SDPAudioCodec = [.opus, .opus, .pcmu, .pcma][Int(selector & 3)]
    let payloadType = codec.offerPayloadType
    let events = SDPNegotiatedTelephoneEvent(payloadType: 101, receivePayloadType: 101, clockRate: codec.clockRate)
    let parameters = MediaStreamParameters(codec: codec, sendPayloadType: payloadType, receivePayloadType: payloadType,
                                           clockRate: Int(codec.clockRate), receiveChannels: selector & 3 == 1 ? 2 : 1,
                                           telephoneEvent: events, ssrc: 0x1234_5678, cname: "fuzz")
    let configuration = MediaEngine.Configuration(parameters: parameters, security: .none,
                                                  ntpAtMonotonicZero: .seconds(3_900_000_000))
    guard let engine = try? MediaEngine(configuration: configuration,
                                        source: ToneSource(frequency: 440, sampleRate: 8_000),
                                        sink: NullAudioSink(sampleRate: 16_000)) else {
        fatalError("cannot make the engine")
    }
    let sender = Discard()
    engine.sender = sender
    engine.start()
    var now: UInt64 = 1_000_000_000
    var fed = 0
    var index = 1
    while index + 2 <= bytes.count {
        let header = Int(bytes[index]) << 8 | Int(bytes[index + 1])
        index += 2
        let length = min(header & 0x0FFF, bytes.count - index)
        for _ in 0..<((header >> 12) & 7) {
            now += 20_000_000
            engine.sendTick()
            engine.playoutTick()
        }
        if header & 0x8000 != 0 { engine.rtcpTick(now: now) }
        var datagram = Array(bytes[index..<(index + length)])
        index += length
        fed += 1
        datagram.withUnsafeMutableBytes { engine.receive($0, arrival: now) }
    }
    engine.playoutTick()
    let statistics = engine.snapshot()
    if statistics.engine.packetsReceived > fed { fatalError("more packets received than fed") }
    return 0
}
