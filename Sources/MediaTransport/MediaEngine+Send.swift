import RTP
import SRTP

extension MediaEngine {
    /// The 20 ms send tick: one RTP packet of audio, or of an RFC 4733 event while a DTMF digit
    /// is being sent (audio is paused for the event and its gap; timestamps keep running).
    public func sendTick() {
        guard isSecured, sender != nil else { return }
        let frameUnits = UInt32(parameters.frameTimestampUnits)
        if let events = parameters.telephoneEvent,
           let (event, eventTimestamp, marker) = dtmfSender.next(currentTimestamp: timestamp) {
            sendChain.skipFrame()   // the source stays in real time; nothing is encoded
            sendPacket(payloadType: events.payloadType, timestamp: eventTimestamp, marker: marker) { payload in
                (try? event.write(into: payload)) ?? 0
            }
            timestamp &+= frameUnits
            return
        }
        var encodeFailed = false
        sendPacket(payloadType: parameters.sendPayloadType, timestamp: timestamp, marker: statistics.packetsSent == 0) { payload in
            do {
                return try sendChain.encodeFrame(into: payload)
            } catch {
                encodeFailed = true
                return 0
            }
        }
        if encodeFailed { statistics.encodeErrors += 1 }
        timestamp &+= frameUnits
    }

    /// Writes a header, lets `body` write the payload after it, protects and sends the packet.
    private func sendPacket(payloadType: UInt8, timestamp: UInt32, marker: Bool,
                            payload body: (UnsafeMutableRawBufferPointer) -> Int) {
        let ssrc = parameters.ssrc
        let sequence = sequenceNumber
        let sent: Int? = packet.withUnsafeMutableBytes { buffer -> Int? in
            let header = RTPHeader(marker: marker, payloadType: payloadType, sequenceNumber: sequence,
                                   timestamp: timestamp, ssrc: ssrc)
            guard let headerSize = try? RTPPacketWriter.write(header, payload: EmptyCollection<UInt8>(), into: buffer)
            else { return nil }
            let payloadSize = body(UnsafeMutableRawBufferPointer(rebasing: buffer[headerSize..<1_500]))
            guard payloadSize > 0 else { return nil }
            var protected = headerSize + payloadSize
            if let outbound {
                guard let length = try? outbound.protectRTP(buffer, length: protected) else { return nil }
                protected = length
            }
            send(UnsafeRawBufferPointer(rebasing: buffer[0..<protected]))
            return headerSize + payloadSize
        }
        guard let sent else { return }
        sequenceNumber &+= 1
        statistics.packetsSent += 1
        statistics.bytesSent += sent
        statistics.payloadBytesSent += sent - 12
        lastSentTimestamp = timestamp
    }

    /// The 20 ms playout tick: the jitter buffer's next frame to the receive chain.
    public func playoutTick() {
        guard isSecured else { return }
        let chain = receiveChain
        if chain.hasPendingAudio {
            chain.playPending()
        } else {
            jitterBuffer.pop { chain.play($0) }
        }
    }

    /// Queues DTMF digits to send as RFC 4733 events; returns false when telephone-event was not
    /// negotiated (the caller may fall back to SIP INFO) or a character is not a DTMF digit.
    @discardableResult
    public func sendDTMF(_ digits: String) -> Bool {
        guard let events = parameters.telephoneEvent else { return false }
        return dtmfSender.enqueue(digits, clockRate: Int(events.clockRate),
                                  streamClockRate: parameters.clockRate,
                                  duration: configuration.dtmfDuration, gap: configuration.dtmfGap)
    }
}
