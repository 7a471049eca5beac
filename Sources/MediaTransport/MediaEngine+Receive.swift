import RTP
import SRTP

extension MediaEngine {
    /// One datagram that is not STUN, from the ICE socket (RFC 7983 §7): DTLS goes to the DTLS
    /// engine, SRTP/SRTCP is decrypted in place and handled. `arrival` is monotonic nanoseconds.
    public func receive(_ datagram: UnsafeMutableRawBufferPointer, arrival: UInt64) {
        guard let first = datagram.first else { return }
        switch first {
        case 20...63:
            statistics.dtlsDatagramsReceived += 1
            guard let dtls else { statistics.malformed += 1; return }
            handle(dtls.receive(UnsafeRawBufferPointer(datagram)))
        case 128...191:
            guard datagram.count >= 2 else { statistics.malformed += 1; return }
            if RTPDatagramKind.isRTCP(secondByte: datagram[1]) {
                receiveRTCP(datagram, arrival: arrival)
            } else {
                receiveRTP(datagram, arrival: arrival)
            }
        default:
            statistics.malformed += 1
        }
    }

    private func receiveRTP(_ datagram: UnsafeMutableRawBufferPointer, arrival: UInt64) {
        guard let length = unprotect(datagram, rtcp: false) else { return }
        let bytes = UnsafeRawBufferPointer(rebasing: datagram[0..<length])
        guard let view = try? RTPPacketView(parsing: bytes) else {
            statistics.malformed += 1
            return
        }
        statistics.packetsReceived += 1
        statistics.bytesReceived += length
        let payloadType = view.payloadType
        let payload = UnsafeRawBufferPointer(rebasing: bytes[view.payloadRange])
        let units = arrivalUnits(arrival)
        if payloadType == parameters.receivePayloadType || payloadType == parameters.sendPayloadType {
            if receiverStatistics?.ssrc != view.ssrc {
                if receiverStatistics == nil { onEvent(.firstPacketReceived) }
                receiverStatistics = RTPReceiverStatistics(ssrc: view.ssrc)
                jitterBuffer.reset()
            }
            receiverStatistics?.packetReceived(sequenceNumber: view.sequenceNumber, rtpTimestamp: view.timestamp,
                                               arrival: UInt32(truncatingIfNeeded: units))
            if !jitterBuffer.insert(payload: payload, sequenceNumber: view.sequenceNumber,
                                    timestamp: view.timestamp, marker: view.marker, arrival: units) {
                statistics.jitterDropped += 1
            }
        } else if let events = parameters.telephoneEvent,
                  payloadType == events.receivePayloadType || payloadType == events.payloadType {
            statistics.telephoneEventPackets += 1
            // Events share the stream's SSRC and sequence numbers: they count for loss (RFC 3550
            // A.3), not for jitter or playout.
            if receiverStatistics?.ssrc == view.ssrc {
                receiverStatistics?.packetReceivedWithoutTiming(sequenceNumber: view.sequenceNumber)
            }
            if let ended = dtmfReceiver.receive(payload: payload, timestamp: view.timestamp,
                                                clockRate: Int(events.clockRate)) {
                onEvent(.dtmfReceived(digit: ended.digit, duration: ended.duration))
            }
        } else {
            statistics.unknownPayloadType += 1
        }
    }

    private func receiveRTCP(_ datagram: UnsafeMutableRawBufferPointer, arrival: UInt64) {
        guard let length = unprotect(datagram, rtcp: true) else { return }
        statistics.rtcpReceived += 1
        handleRTCP(UnsafeRawBufferPointer(rebasing: datagram[0..<length]), arrival: arrival)
    }

    /// Decrypts and authenticates in place (SRTP/SRTCP; plain RTP passes through); nil, counted,
    /// when the packet must be dropped: not secured yet, or failed authentication or replay.
    private func unprotect(_ datagram: UnsafeMutableRawBufferPointer, rtcp: Bool) -> Int? {
        guard isSecured else {
            statistics.droppedBeforeSecured += 1
            return nil
        }
        guard let inbound else { return datagram.count }
        do {
            return rtcp ? try inbound.unprotectRTCP(datagram, length: datagram.count)
                        : try inbound.unprotectRTP(datagram, length: datagram.count)
        } catch {
            statistics.srtpDropped += 1
            return nil
        }
    }

    /// The arrival time in the stream's RTP clock units.
    func arrivalUnits(_ nanoseconds: UInt64) -> UInt64 {
        let rate = UInt64(parameters.clockRate)
        return nanoseconds / 1_000_000_000 * rate + nanoseconds % 1_000_000_000 * rate / 1_000_000_000
    }
}
