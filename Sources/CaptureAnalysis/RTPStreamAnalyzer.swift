import CallModel
import CaptureFile
import RTP

/// What a call's SDP said about one side's media: where it receives, and its payload types.
public struct CaptureMediaOffer: Sendable {
    /// The Call-ID of the call.
    public var callID: String
    /// Where this side receives: the c=/m= address and port, plus its ICE candidates.
    public var endpoints: [CaptureEndpoint]
    /// Payload type → (encoding name, clock rate).
    public var payloadTypes: [UInt8: (name: String, clockRate: UInt32)]
}

/// One RTP stream (one SSRC in one direction) with its RFC 3550 statistics.
public struct RTPStreamReport: Sendable {
    /// The sender.
    public var source: CaptureEndpoint
    /// The receiver.
    public var destination: CaptureEndpoint
    /// The synchronisation source.
    public var ssrc: UInt32
    /// The Call-ID whose SDP announced the destination (nil: found by the RTP heuristic only).
    public var callID: String?
    /// The media payload type (the first that is not an RFC 4733 event).
    public var payloadType: UInt8
    /// The encoding name (`opus`, `PCMU` …) when known.
    public var codec: String?
    /// Packets seen.
    public var packets: Int
    /// Packets expected from the sequence numbers minus those seen (never negative).
    public var lost: Int
    /// Sequence errors: duplicates and packets out of order.
    public var sequenceErrors: Int
    /// Interarrival jitter (RFC 3550 §6.4.1) in milliseconds: the largest and the mean of the
    /// running estimate.
    public var maxJitterMilliseconds: Double
    /// The mean of the running jitter estimate.
    public var meanJitterMilliseconds: Double
    /// The longest time between two consecutive packets, in milliseconds.
    public var largestGapMilliseconds: Double
    /// First and last packet times (nanoseconds since the epoch).
    public var start: Int64
    /// The last packet's time.
    public var end: Int64
    /// The MOS the SDK's E-model gives this stream's mean jitter and loss (no RTT in a capture).
    public var mos: Double
    /// RFC 4733 events: each digit once, with its time.
    public var dtmf: [(digit: String, timestamp: Int64)]
    /// Jitter over time, for plots, every 10th packet: (time, jitter ms, packets lost so far).
    public var samples: [(timestamp: Int64, jitterMilliseconds: Double, lost: Int)]

    /// The fraction of packets lost.
    public var lossFraction: Double { packets + lost == 0 ? 0 : Double(lost) / Double(packets + lost) }
}

/// Follows RTP streams: datagrams to an endpoint some SDP announced, and (the heuristic for
/// unknown ports) datagrams that parse as RTP version 2 and keep one SSRC for at least
/// ``heuristicMinimumPackets`` packets. Per stream: RFC 3550 loss, sequence errors and
/// interarrival jitter (with the payload type's clock rate), the largest gap, an E-model MOS,
/// and RFC 4733 DTMF events. Also counts the STUN and DTLS datagrams per call, to tell whether
/// ICE and DTLS finished.
public struct RTPStreamAnalyzer: Sendable {
    /// Streams on unannounced ports must have this many packets to be reported.
    public static let heuristicMinimumPackets = 10

    private struct StreamKey: Equatable {
        var source: CaptureEndpoint
        var destination: CaptureEndpoint
        var ssrc: UInt32

        /// The key as one well-mixed 64-bit word (this runs per packet, so no `Hasher`).
        var word: UInt64 {
            var value = Self.fold(source) ^ Self.fold(destination) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(ssrc) << 7
            value ^= value >> 33
            value &*= 0xFF51_AFD7_ED55_8CCD
            value ^= value >> 33
            return value
        }

        private static func fold(_ endpoint: CaptureEndpoint) -> UInt64 {
            switch endpoint.address {
            case .v4(let address): UInt64(address) << 16 | UInt64(endpoint.port)
            case let .v6(high, low): high ^ low.rotated ^ UInt64(endpoint.port)
            }
        }
    }

    /// Where each stream is in `streams`: open addressing on the key's word, linear probing,
    /// kept at most half full; equal words are told apart by comparing the keys.
    private struct StreamTable: Sendable {
        private var slots = [Int32](repeating: -1, count: 256)
        private var words = [UInt64](repeating: 0, count: 256)
        private var count = 0

        func find(_ key: StreamKey, word: UInt64, in streams: [Stream]) -> Int? {
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: word) & mask
            while slots[slot] >= 0 {
                let index = Int(slots[slot])
                if words[slot] == word, streams[index].key == key { return index }
                slot = (slot + 1) & mask
            }
            return nil
        }

        mutating func insert(word: UInt64, index: Int) {
            if (count + 1) * 2 > slots.count { grow() }
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: word) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(truncatingIfNeeded: index)
            words[slot] = word
            count += 1
        }

        private mutating func grow() {
            let old = zip(slots, words).filter { $0.0 >= 0 }
            slots = [Int32](repeating: -1, count: slots.count * 2)
            words = [UInt64](repeating: 0, count: words.count * 2)
            count = 0
            for (index, word) in old { insert(word: word, index: Int(index)) }
        }
    }

    private struct Stream {
        var report: RTPStreamReport
        var key: StreamKey { StreamKey(source: report.source, destination: report.destination, ssrc: report.ssrc) }
        var clockRate: UInt32
        var highest: UInt16
        var base: UInt16
        var cycles = 0
        var jitter = RTPJitterEstimator()
        var jitterSum = 0.0
        var jitterCount = 0
        var lastArrival: Int64
        var lastEventTimestamp: UInt32?
        var telephoneEvent: UInt8?
        var payloadTypes: [UInt8: (name: String, clockRate: UInt32)] = [:]
        var mediaPayloadType: UInt8?
        var jitterStart: Int64 = 0
    }

    private var offers: [CaptureEndpoint: CaptureMediaOffer] = [:]
    /// The streams in the order they started, and where each key's stream is.
    private var streams: [Stream] = []
    private var table = StreamTable()
    /// Per call: STUN binding requests, STUN success responses, DTLS records (by content type).
    public private(set) var stun: [String: (requests: Int, successes: Int)] = [:]
    /// Per call: DTLS handshake records and application/SRTP traffic seen after them.
    public private(set) var dtls: [String: (handshakes: Int, finished: Bool)] = [:]

    /// An analyzer.
    public init() {}

    /// Learns where a side of a call receives media.
    public mutating func announce(_ offer: CaptureMediaOffer) {
        for endpoint in offer.endpoints { offers[endpoint] = offer }
    }

    /// Takes a datagram that was not SIP.
    public mutating func add(_ datagram: UDPDatagram) {
        let payload = datagram.payload
        switch RTPDatagramKind(classifying: payload) {
        case .rtp:
            rtp(datagram)
        case .stun:
            guard let callID = (offers[datagram.destination] ?? offers[datagram.source])?.callID, payload.count >= 2 else { return }
            let type = Int(payload[payload.startIndex]) << 8 | Int(payload[payload.startIndex + 1])
            var entry = stun[callID] ?? (0, 0)
            if type == 0x0001 { entry.requests += 1 }
            if type == 0x0101 { entry.successes += 1 }
            stun[callID] = entry
        case .dtls:
            guard let callID = (offers[datagram.destination] ?? offers[datagram.source])?.callID else { return }
            var entry = dtls[callID] ?? (0, false)
            // Content type 22 is a handshake record; ChangeCipherSpec (20) or application data
            // (23) come only once the handshake is through.
            if payload.first == 22 { entry.handshakes += 1 }
            if payload.first == 23 || payload.first == 20 { entry.finished = true }
            dtls[callID] = entry
        default:
            return
        }
    }

    private mutating func rtp(_ datagram: UDPDatagram) {
        guard let packet = try? RTPPacketView(parsing: datagram.payload) else { return }
        let key = StreamKey(source: datagram.source, destination: datagram.destination, ssrc: packet.ssrc)
        let time = datagram.timestamp
        let word = key.word
        guard let position = table.find(key, word: word, in: streams) else {
            let offer = offers[datagram.destination]
            var stream = Stream(report: RTPStreamReport(
                source: datagram.source, destination: datagram.destination, ssrc: packet.ssrc, callID: offer?.callID,
                payloadType: packet.payloadType, codec: nil, packets: 1, lost: 0, sequenceErrors: 0,
                maxJitterMilliseconds: 0, meanJitterMilliseconds: 0, largestGapMilliseconds: 0, start: time, end: time,
                mos: 0, dtmf: [], samples: []),
                clockRate: 0, highest: packet.sequenceNumber, base: packet.sequenceNumber, lastArrival: time)
            stream.payloadTypes = offer?.payloadTypes ?? [:]
            stream.telephoneEvent = stream.payloadTypes.first { $0.value.name.lowercased() == "telephone-event" }?.key
            Self.media(packet, time, &stream)
            table.insert(word: word, index: streams.count)
            streams.append(stream)
            return
        }
        // In place: one hash lookup per packet, no copy of the stream.
        Self.update(&streams[position], packet, time)
    }

    private static func update(_ stream: inout Stream, _ packet: RTPPacketView<ArraySlice<UInt8>>, _ time: Int64) {
        stream.report.packets += 1
        let delta = Int16(bitPattern: packet.sequenceNumber &- stream.highest)
        if delta > 0 {
            if packet.sequenceNumber < stream.highest { stream.cycles += 1 }
            stream.highest = packet.sequenceNumber
        } else {
            stream.report.sequenceErrors += 1
        }
        let gap = Double(time - stream.lastArrival) / 1_000_000
        if gap > stream.report.largestGapMilliseconds { stream.report.largestGapMilliseconds = gap }
        stream.lastArrival = time
        stream.report.end = time
        media(packet, time, &stream)
    }

    /// The payload of a packet: an RFC 4733 event, or the stream's media, whose payload type is
    /// the first one that is not an event (it gives the codec and the clock rate).
    private static func media(_ packet: RTPPacketView<ArraySlice<UInt8>>, _ time: Int64, _ stream: inout Stream) {
        if packet.payloadType == stream.telephoneEvent {
            dtmfEvent(packet, time, &stream)
            return
        }
        if stream.mediaPayloadType == nil {
            stream.mediaPayloadType = packet.payloadType
            stream.report.payloadType = packet.payloadType
            let mapped = stream.payloadTypes[packet.payloadType]
            stream.report.codec = mapped?.name ?? staticName(packet.payloadType)
            stream.clockRate = mapped?.clockRate ?? Self.staticClockRate(packet.payloadType)
            stream.jitterStart = time
            stream.jitter.update(rtpTimestamp: packet.timestamp, arrival: 0)
            return
        }
        guard packet.payloadType == stream.mediaPayloadType else { return }
        stream.jitter.update(rtpTimestamp: packet.timestamp, arrival: Self.units(time - stream.jitterStart, stream.clockRate))
        let jitter = Double(stream.jitter.jitter) * 1000 / Double(max(stream.clockRate, 1))
        stream.report.maxJitterMilliseconds = max(stream.report.maxJitterMilliseconds, jitter)
        stream.jitterSum += jitter
        stream.jitterCount += 1
        if stream.report.packets % 10 == 0 {
            stream.report.samples.append((time, jitter, Self.lost(stream)))
        }
    }

    /// The RFC 3551 name of a static payload type.
    static func staticName(_ payloadType: UInt8) -> String? {
        switch payloadType {
        case 0: "PCMU"
        case 3: "GSM"
        case 4: "G723"
        case 8: "PCMA"
        case 9: "G722"
        case 18: "G729"
        default: nil
        }
    }

    private static func dtmfEvent(_ packet: RTPPacketView<ArraySlice<UInt8>>, _ time: Int64, _ stream: inout Stream) {
        let payload = packet.payload
        guard payload.count >= 4, payload[payload.startIndex + 1] & 0x80 != 0 else { return }
        guard stream.lastEventTimestamp != packet.timestamp else { return }   // the end packet is sent three times
        stream.lastEventTimestamp = packet.timestamp
        let event = Int(payload[payload.startIndex])
        let digits = Array("0123456789*#ABCD")
        stream.report.dtmf.append((event < digits.count ? String(digits[event]) : "event \(event)", time))
    }

    private static func lost(_ stream: Stream) -> Int {
        let expected = stream.cycles * 65_536 + Int(stream.highest) - Int(stream.base) + 1
        return max(0, expected - stream.report.packets)
    }

    /// Nanoseconds since the stream's first packet in RTP clock units (the arrival for the
    /// jitter formula; only differences count).
    private static func units(_ nanoseconds: Int64, _ clockRate: UInt32) -> UInt32 {
        UInt32(truncatingIfNeeded: nanoseconds / 1000 * Int64(clockRate) / 1_000_000)
    }

    /// The RFC 3551 clock rate of a static payload type (8000 for the telephony codecs; 90000
    /// for video; 48000, Opus's, for a dynamic type no SDP named).
    static func staticClockRate(_ payloadType: UInt8) -> UInt32 {
        switch payloadType {
        case 0...23: payloadType == 10 || payloadType == 11 ? 44_100 : 8000
        case 24...34: 90_000
        default: 48_000
        }
    }

    /// Every stream, in the order they started; streams on unannounced ports only with at least
    /// ``heuristicMinimumPackets`` packets.
    public func reports() -> [RTPStreamReport] {
        streams.compactMap { stream in
            if stream.report.callID == nil, stream.report.packets < Self.heuristicMinimumPackets { return nil }
            var report = stream.report
            report.lost = Self.lost(stream)
            report.meanJitterMilliseconds = stream.jitterCount == 0 ? 0 : stream.jitterSum / Double(stream.jitterCount)
            report.mos = EModel.mos(rtt: 0, jitter: report.meanJitterMilliseconds, loss: report.lossFraction)
            return report
        }
    }
}

extension UInt64 {
    /// The word rotated by 29 bits (mixes the two halves of an IPv6 address before they are XORed).
    fileprivate var rotated: UInt64 { self << 29 | self >> 35 }
}
