// libFuzzer target for the RTP module: RTP packets (RFC 3550 §5, RFC 8285), compound RTCP
// (RFC 3550 §6, RFC 4585, RFC 5506), RFC 4733 payloads and the receive-side arithmetic.
//
// Oracle (a crash = a finding):
//   * RTP: parsing never traps, from an array, a slice not starting at 0 and a raw pointer, and
//     all three agree; a parsed packet is rebuilt with the writer (raw extension block, same
//     padding count) to the same bytes, padding filler aside, and parses to an equal view; a
//     one-byte extension is also rebuilt from its elements and gives the same element list;
//     RFC 7983/5761 classification says RTP or RTCP for every parsed packet;
//   * RTCP: iterating never traps; every typed packet encodes (unless the P bit left a body
//     that is not whole words) and re-parses to the same value; SR, RR, APP, RTPFB, PSFB, XR
//     and unknown types re-encode to exactly their bytes when unpadded, SDES and BYE to a
//     fixpoint; validate() agrees with iteration; a parsed compound rebuilds and re-parses;
//   * RFC 4733: a 4-byte payload round-trips (the reserved bit cleared);
//   * A.1/A.3/A.8 arithmetic, NTP conversion and the RFC 4733 sequence helper never trap on
//     values taken from the input, and their report blocks always encode.
//
// This file must not be called main.swift: libFuzzer provides main().
import FuzzSupport
import RTP

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRTP(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    let kind = RTPDatagramKind(classifying: bytes)
    checkRTP(bytes, kind: kind)
    checkRTCP(bytes)
    checkTelephoneEvent(bytes)
    checkArithmetic(bytes)
    return 0
}

// MARK: - RTP

/// Whether two parse outcomes are the same packet or the same error.
private func sameOutcome<A, B>(_ lhs: Result<RTPPacketView<A>, RTPParseError>,
                               _ rhs: Result<RTPPacketView<B>, RTPParseError>) -> Bool {
    switch (lhs, rhs) {
    case (.success(let a), .success(let b)): return a.hasSameContent(as: b) && a.payloadRange == b.payloadRange
    case (.failure(let a), .failure(let b)): return a == b
    default: return false
    }
}

private func checkRTP(_ bytes: [UInt8], kind: RTPDatagramKind) {
    let fromArray = Result { () throws(RTPParseError) in try RTPPacketView(parsing: bytes) }
    let shifted = [0x5A] + bytes
    let fromSlice = Result { () throws(RTPParseError) in try RTPPacketView(parsing: shifted[1...]) }
    let same = bytes.withUnsafeBytes { buffer in
        sameOutcome(fromArray, Result { () throws(RTPParseError) in try RTPPacketView(parsing: buffer) })
    }
    if !same || !sameOutcome(fromArray, fromSlice) {
        fatalError("array, slice and pointer parsing disagree on \(describe(bytes))")
    }
    guard case .success(let packet) = fromArray else { return }
    if kind != .rtp && kind != .rtcp {
        fatalError("a parsed RTP packet is classified \(kind): \(describe(bytes))")
    }
    var sink = packet.csrcs.reduce(0) { $0 &+ Int($1) }
    for id in [UInt8(0), 1, 2, 3, 14, 15, 255] {
        sink &+= packet.extensionElement(id: id)?.count ?? 0
        sink &+= Int(packet.audioLevel(extensionID: id)?.level ?? 0)
    }
    if let headerExtension = packet.headerExtension {
        for element in headerExtension.elements { sink &+= Int(element.id) &+ element.value.count }
    }
    if sink == Int.min { print("unreachable") }

    // Rebuild with the raw extension block and the same padding count.
    var rebuilt: [UInt8] = []
    do {
        if let headerExtension = packet.headerExtension {
            try RTPPacketWriter.append(packet.header, csrcs: packet.csrcs, extensionProfile: headerExtension.profile,
                                       extensionData: headerExtension.data, payload: packet.payload,
                                       paddingCount: packet.paddingCount, to: &rebuilt)
        } else {
            try RTPPacketWriter.append(packet.header, csrcs: packet.csrcs, payload: packet.payload,
                                       paddingCount: packet.paddingCount, to: &rebuilt)
        }
    } catch {
        fatalError("a parsed packet does not rebuild (\(error)): \(describe(bytes))")
    }
    let filler = max(packet.paddingCount - 1, 0)
    let end = bytes.count - packet.paddingCount
    if rebuilt.count != bytes.count || rebuilt[..<end] != bytes[..<end] || rebuilt.last != bytes.last {
        fatalError("rebuild differs\ninput:   \(describe(bytes))\nrebuilt: \(describe(rebuilt)) (filler \(filler))")
    }
    guard let again = try? RTPPacketView(parsing: rebuilt), again == packet else {
        fatalError("parse(rebuild(p)) != p: \(describe(rebuilt))")
    }
    checkOneByteRebuild(packet, bytes: bytes)
}

/// Rebuilds a one-byte extension from its elements and compares the element lists.
private func checkOneByteRebuild(_ packet: RTPPacketView<[UInt8]>, bytes: [UInt8]) {
    guard let headerExtension = packet.headerExtension, headerExtension.form == .oneByte else { return }
    let elements = headerExtension.elements.map { ($0.id, Array($0.value)) }
    var rebuilt: [UInt8] = []
    do {
        var owned: [RTPOneByteExtensionElement] = []
        for (id, value) in elements { owned.append(try RTPOneByteExtensionElement(id: id, value: value)) }
        try RTPPacketWriter.append(packet.header, csrcs: packet.csrcs, extensions: owned, payload: packet.payload,
                                   to: &rebuilt)
    } catch {
        fatalError("one-byte elements do not rebuild (\(error)): \(describe(bytes))")
    }
    guard let again = try? RTPPacketView(parsing: rebuilt) else {
        fatalError("a packet rebuilt from elements does not parse: \(describe(rebuilt))")
    }
    let elementsAgain = again.headerExtension?.elements.map { ($0.id, Array($0.value)) } ?? []
    if elementsAgain.map(\.0) != elements.map(\.0) || elementsAgain.map(\.1) != elements.map(\.1)
        || !again.payload.elementsEqual(packet.payload) || again.header != packet.header {
        fatalError("elements differ after rebuilding: \(describe(bytes))")
    }
}

// MARK: - RTCP

private func checkRTCP(_ bytes: [UInt8]) {
    var iterator = RTCPCompoundIterator(bytes)
    var typed: [RTCPPacket] = []
    var iterationFailed = false
    var allTyped = true
    var paddingBeforeLast = false
    while true {
        let next: RTCPPacketView<[UInt8]>?
        do {
            next = try iterator.next()
        } catch {
            iterationFailed = true
            break
        }
        guard let packet = next else { break }
        if packet.header.hasPadding, packet.offset + packet.header.packetSize < bytes.count { paddingBeforeLast = true }
        guard let value = try? RTCPPacket(parsing: packet) else {
            allTyped = false
            continue
        }
        typed.append(value)
        checkTypedRoundTrip(value, packet: packet)
    }
    let validates = (try? RTCPCompound.validate(bytes, reducedSize: true)) != nil
    if validates == (iterationFailed || bytes.isEmpty || paddingBeforeLast) {
        fatalError("validate(reducedSize:) and iteration disagree on \(describe(bytes))")
    }
    _ = try? RTCPCompound.validate(bytes)
    guard !iterationFailed, allTyped, !typed.isEmpty else { return }
    if (try? RTCPCompound.packets(in: bytes)) != typed {
        fatalError("packets(in:) differs from iteration on \(describe(bytes))")
    }
    guard let encoded = try? RTCPCompound.encode(typed, reducedSize: true) else { return }
    if (try? RTCPCompound.packets(in: encoded)) != typed {
        fatalError("a rebuilt compound does not re-parse equal: \(describe(encoded))")
    }
}

/// Encodes one typed packet and checks the re-parse (and the bytes where the format allows).
private func checkTypedRoundTrip(_ value: RTCPPacket, packet: RTCPPacketView<[UInt8]>) {
    let encoded: [UInt8]
    do {
        encoded = try value.encoded()
    } catch {
        if packet.header.hasPadding, case .valueOutOfRange(.wordAlignedData, _) = error { return }
        fatalError("a parsed \(value.packetType) does not encode (\(error)): \(describe(Array(packet.bytes)))")
    }
    guard let again = try? RTCPCompound.packets(in: encoded), again == [value] else {
        fatalError("parse(encode(p)) != p for \(value.packetType): \(describe(encoded))")
    }
    switch value {
    case .sourceDescription, .goodbye:
        if (try? again[0].encoded()) != encoded {
            fatalError("\(value.packetType) encoding is not a fixpoint: \(describe(encoded))")
        }
    default:
        if !packet.header.hasPadding, !encoded.elementsEqual(packet.bytes) {
            fatalError("\(value.packetType) re-encodes differently\ninput:   \(describe(Array(packet.bytes)))\nencoded: \(describe(encoded))")
        }
    }
}

// MARK: - RFC 4733

private func checkTelephoneEvent(_ bytes: [UInt8]) {
    guard let event = try? RTPTelephoneEvent(parsing: bytes) else {
        if bytes.count == 4 { fatalError("a 4-byte telephone-event payload does not parse") }
        return
    }
    var expected = bytes
    expected[1] &= 0xBF
    guard let encoded = try? event.encoded(), encoded == expected,
          (try? RTPTelephoneEvent(parsing: encoded)) == event else {
        fatalError("telephone-event round trip fails: \(describe(bytes))")
    }
}

// MARK: - Arithmetic

/// Reads big-endian values from the input, 0 past its end.
private struct Reader {
    let bytes: [UInt8]
    var offset = 0
    mutating func next<T: FixedWidthInteger & UnsignedInteger>(_: T.Type) -> T {
        var value: T = 0
        for _ in 0..<MemoryLayout<T>.size {
            value = value << 8 | T(offset < bytes.count ? bytes[offset] : 0)
            offset += 1
        }
        return value
    }
}

private func checkArithmetic(_ bytes: [UInt8]) {
    var reader = Reader(bytes: bytes)
    var statistics = RTPReceiverStatistics(ssrc: 1, minSequential: Int(bytes.first ?? 2) % 4)
    while reader.offset + 10 <= bytes.count {
        let sequence = reader.next(UInt16.self)
        let timestamp = reader.next(UInt32.self)
        let arrival = reader.next(UInt32.self)
        statistics.packetReceived(sequenceNumber: sequence, rtpTimestamp: timestamp, arrival: arrival)
        if sequence % 7 == 0 {
            statistics.senderReportReceived(NTPTimestamp(rawValue: UInt64(timestamp) << 16),
                                            arrival: NTPTimestamp(rawValue: UInt64(arrival) << 20))
        }
        if sequence % 5 == 0, let block = statistics.makeReportBlock(now: NTPTimestamp(rawValue: UInt64(arrival) << 24)) {
            guard (try? RTCPPacket.receiverReport(RTCPReceiverReport(ssrc: 2, reportBlocks: [block])).encoded()) != nil else {
                fatalError("a computed report block does not encode: \(block)")
            }
            _ = block.roundTripTime(arrival: NTPTimestamp(rawValue: UInt64(timestamp) << 32))
        }
    }
    var tail = Reader(bytes: bytes)
    let raw = tail.next(UInt64.self)
    let timestamp = NTPTimestamp(rawValue: raw)
    if NTPTimestamp(sinceNTPEpoch: timestamp.sinceNTPEpoch) != timestamp {
        fatalError("NTP → Duration → NTP changed \(timestamp)")
    }
    _ = NTPTimestamp.compact(.nanoseconds(Int64(bitPattern: raw)))
    _ = NTPTimestamp(.nanoseconds(Int64(bitPattern: raw)), sinceEpoch: NTPTimestamp.unixEpoch)
    let duration = Int64(tail.next(UInt16.self) % 2500)
    let interval = Int64(tail.next(UInt8.self))
    let rates = [8000, 16000, 48000, 90000]
    let rate = rates[Int(tail.next(UInt8.self) % 4)]
    if let sequence = try? RTPTelephoneEventSequence(event: 1, duration: .milliseconds(duration),
                                                     packetInterval: .milliseconds(interval), clockRate: rate) {
        guard sequence.packets.first?.marker == true, sequence.packets.suffix(3).allSatisfy(\.payload.isEnd),
              sequence.packets.filter(\.marker).count == 1 else {
            fatalError("bad telephone-event sequence for \(duration) ms / \(interval) ms at \(rate) Hz")
        }
    }
}
