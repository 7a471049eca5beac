/// The offerer side: accepting the answer to our offer (RFC 3264 §7, RFC 8829 §5.8).
extension SDPOfferAnswer {
    /// Reads the answer to our `offer` (RFC 3264 §7).
    ///
    /// Rules: the answer must have one `m=` line per offered one (RFC 3264 §6), and the one
    /// for our audio stream must be audio with our profile and a non-zero port. The codec is
    /// the first format of the answer that is one of our offered codecs (the answerer's
    /// order, RFC 3264 §6.1); we send with the answer's payload type and receive with ours.
    /// `telephone-event` is the answered one at the codec's clock rate (else the first) that we
    /// also offered at that rate. Our DTLS role is `passive` when the answer says `active` and
    /// `active` when it says `passive` or nothing (RFC 4145 §4 default; RFC 5763 §5);
    /// `actpass` or `holdconn` in an answer is an error. `a=rtcp-mux` and `a=rtcp-rsize` hold
    /// when both sides list them; our direction combines ours and the answer's (RFC 3264 §6.1).
    ///
    /// - Throws: `SDPNegotiationError`.
    public static func processAnswer(_ answer: SDPSession,
                                     toOffer offer: SDPSession) throws(SDPNegotiationError) -> SDPNegotiated {
        let index = try audioIndex(in: offer)
        guard answer.media.count == offer.media.count else {
            throw .mediaCountMismatch(offered: offer.media.count, answered: answer.media.count)
        }
        let ours = offer.media[index]
        let theirs = answer.media[index]
        guard let profile = ours.transportProfile, SDPGrammar.equalsIgnoringCase(theirs.media, ours.media),
              theirs.transportProfile == profile else { throw .answerMismatch(mediaIndex: index) }
        guard theirs.port != 0 else { throw .audioRejected }
        let remote = try SDPRemoteMedia(session: answer, media: theirs)

        var localSetup: SDPSetupRole?
        if profile.usesDTLS {
            guard !remote.fingerprints.isEmpty else { throw .missingFingerprint }
            switch remote.setup {
            case .active?: localSetup = .passive
            case nil, .passive?: localSetup = .active
            case .actpass?: throw .unusableSetupRole(.actpass)
            case .holdconn?: throw .unusableSetupRole(.holdconn)
            }
        }

        let ourMaps = ours.formatRTPMaps
        let theirMaps = theirs.formatRTPMaps
        var offeredFormat: [SDPAudioCodec: (format: String, map: SDPRTPMap)] = [:]
        for (format, map) in zip(ours.formats, ourMaps) {
            if let map, let codec = SDPAudioCodec.matching(map), offeredFormat[codec] == nil {
                offeredFormat[codec] = (format, map)
            }
        }
        var chosen: (codec: SDPAudioCodec, answered: String, sendMap: SDPRTPMap, offered: String, receiveMap: SDPRTPMap)?
        for (format, map) in zip(theirs.formats, theirMaps) {
            guard let map, let codec = SDPAudioCodec.matching(map), let offered = offeredFormat[codec] else { continue }
            chosen = (codec, format, map, offered.format, offered.map)
            break
        }
        guard let chosen else { throw .noCommonCodec }
        let sendMap = chosen.sendMap, receiveMap = chosen.receiveMap

        let telephoneEvent = matchTelephoneEvent(ours: ourMaps, theirs: theirs, theirMaps: theirMaps,
                                                 clockRate: chosen.codec.clockRate)
        let ourDirection = ours.direction ?? offer.direction ?? .sendrecv
        let direction = SDPDirection(sends: ourDirection.sends && remote.direction.receives,
                                     receives: ourDirection.receives && remote.direction.sends)
        let mid = theirs.mid ?? ours.mid
        var bundleGroup: [String]?
        if let mid, let group = answer.bundleGroup, group.identificationTags.contains(mid) {
            bundleGroup = group.identificationTags
        }
        let offeredURIs = Set(ours.extmaps.map(\.uri))
        return SDPNegotiated(
            mediaIndex: index, profile: profile,
            codec: SDPNegotiatedCodec(codec: chosen.codec, payloadType: sendMap.payloadType,
                                      receivePayloadType: receiveMap.payloadType,
                                      remoteParameters: theirs.formatParameters(for: chosen.answered),
                                      localParameters: ours.formatParameters(for: chosen.offered)),
            telephoneEvent: telephoneEvent, direction: direction,
            rtcpMux: ours.isRTCPMultiplexed && theirs.isRTCPMultiplexed,
            rtcpReducedSize: ours.isRTCPReducedSize && theirs.isRTCPReducedSize,
            mid: mid, bundleGroup: bundleGroup, remoteICE: remote.ice, remoteCandidates: remote.candidates,
            remoteEndOfCandidates: remote.endOfCandidates, remoteFingerprints: remote.fingerprints,
            localSetup: localSetup, remoteAddress: remote.address, remotePort: remote.port,
            remoteRTCPPort: remote.rtcpPort, remoteSSRCs: remote.ssrcs, remotePacketTime: remote.packetTime,
            headerExtensions: theirs.extmaps.filter { offeredURIs.contains($0.uri) })
    }

    /// The answered telephone-event we also offered at the same rate, preferring the codec's
    /// clock rate (RFC 4733 §7.1).
    static func matchTelephoneEvent(ours: [SDPRTPMap?], theirs: SDPMediaDescription, theirMaps: [SDPRTPMap?],
                                    clockRate: UInt32) -> SDPNegotiatedTelephoneEvent? {
        let offered = ours.compactMap { $0 }.filter(\.isTelephoneEvent)
        let answered = theirMaps.compactMap { $0 }.filter(\.isTelephoneEvent)
        let pairs = answered.compactMap { event in
            offered.first { $0.clockRate == event.clockRate }.map { (sent: event, received: $0) }
        }
        guard let pair = pairs.first(where: { $0.sent.clockRate == clockRate }) ?? pairs.first else { return nil }
        let events = theirs.formatParameters(for: String(pair.sent.payloadType))?.parameters
        return SDPNegotiatedTelephoneEvent(payloadType: pair.sent.payloadType, receivePayloadType: pair.received.payloadType,
                                           clockRate: pair.sent.clockRate, remoteEvents: events)
    }
}
