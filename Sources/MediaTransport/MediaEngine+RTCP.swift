import RTP
import SRTP

extension MediaEngine {
    /// Sends an RTCP compound packet (RFC 3550 §6.4): an SR when we have sent media (an RR
    /// otherwise) with a report block on the peer's stream, and an SDES CNAME. Call every ~5 s
    /// (RFC 3550 §6.2's minimum for a two-party call) with monotonic nanoseconds.
    public func rtcpTick(now: UInt64) {
        guard isSecured, sender != nil else { return }
        let ntpNow = ntp(now)
        let block = receiverStatistics?.makeReportBlock(now: ntpNow)
        let blocks = block.map { [$0] } ?? []
        var packets: [RTCPPacket] = []
        if statistics.packetsSent > 0 {
            packets.append(.senderReport(RTCPSenderReport(
                ssrc: parameters.ssrc, ntpTimestamp: ntpNow, rtpTimestamp: lastSentTimestamp,
                packetCount: UInt32(truncatingIfNeeded: statistics.packetsSent),
                octetCount: UInt32(truncatingIfNeeded: statistics.payloadBytesSent), reportBlocks: blocks)))
        } else {
            packets.append(.receiverReport(RTCPReceiverReport(ssrc: parameters.ssrc, reportBlocks: blocks)))
        }
        packets.append(.sourceDescription(RTCPSourceDescription(ssrc: parameters.ssrc, cname: parameters.cname)))
        guard var bytes = try? RTCPCompound.encode(packets) else { return }
        let length = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: SRTPSession.maximumTrailerLength))
        bytes.withUnsafeMutableBytes { buffer in
            var protected = length
            if let outbound {
                guard let sealed = try? outbound.protectRTCP(buffer, length: length) else { return }
                protected = sealed
            }
            send(UnsafeRawBufferPointer(rebasing: buffer[0..<protected]))
            statistics.rtcpSent += 1
        }
    }

    /// A decrypted RTCP compound packet: SRs feed our reception reports' LSR/DLSR; report
    /// blocks about our SSRC give the round-trip time (RFC 3550 §6.4.1).
    func handleRTCP(_ bytes: UnsafeRawBufferPointer, arrival: UInt64) {
        var iterator = RTCPCompoundIterator(bytes)
        let ntpArrival = ntp(arrival)
        while let view = try? iterator.next() {
            guard let packet = try? RTCPPacket(parsing: view) else { continue }
            switch packet {
            case .senderReport(let report):
                if report.ssrc == receiverStatistics?.ssrc {
                    receiverStatistics?.senderReportReceived(report.ntpTimestamp, arrival: ntpArrival)
                }
                roundTrip(report.reportBlocks, arrival: ntpArrival)
            case .receiverReport(let report):
                roundTrip(report.reportBlocks, arrival: ntpArrival)
            default:
                break
            }
        }
    }

    private func roundTrip(_ blocks: [RTCPReportBlock], arrival: NTPTimestamp) {
        for block in blocks where block.ssrc == parameters.ssrc {
            statistics.remoteFractionLost = Double(block.fractionLost) / 256
            statistics.remoteCumulativeLost = Int(block.cumulativeLost)
            statistics.remoteJitterUnits = Int(block.jitter)
            if let rtt = block.roundTripTime(arrival: arrival) {
                statistics.roundTripTime = rtt
                onEvent(.roundTripTime(rtt))
            }
        }
    }

    /// NTP time for a monotonic instant.
    func ntp(_ nanoseconds: UInt64) -> NTPTimestamp {
        NTPTimestamp(sinceNTPEpoch: configuration.ntpAtMonotonicZero + .nanoseconds(Int64(clamping: nanoseconds)))
    }

    /// A snapshot of the counters, the receive statistics and the jitter buffer's state.
    public func snapshot() -> MediaStatisticsSnapshot {
        var snapshot = MediaStatisticsSnapshot(engine: statistics, playout: receiveChain.statistics)
        if let receiver = receiverStatistics {
            snapshot.remoteSSRC = receiver.ssrc
            snapshot.packetsLost = Int(receiver.sequence.cumulativeLost)
            snapshot.expectedPackets = Int(receiver.sequence.expectedPackets)
            snapshot.jitter = .nanoseconds(Int64(receiver.jitter.jitter) * 1_000_000_000 / Int64(parameters.clockRate))
        }
        snapshot.jitterBufferDelayFrames = jitterBuffer.targetDelay
        snapshot.srtpAuthenticationFailures = inbound?.statistics.authenticationFailures ?? 0
        snapshot.srtpReplays = inbound?.statistics.replayDrops ?? 0
        snapshot.codec = parameters.codec.encodingName
        snapshot.profile = profile.map { "\($0)" }
        snapshot.inputPeak = sendChain.lastPeak
        snapshot.outputPeak = receiveChain.lastPeak
        return snapshot
    }
}
