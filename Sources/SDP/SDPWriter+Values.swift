/// The typed values of our offers and answers written straight into an `SDPWriter`, byte for
/// byte as their `description` (or `attributeValue`) would print them.
extension SDPWriter {
    /// `v=`, `o=`, `s=`, `t=` of our descriptions (RFC 8866 §5.1–§5.3, §5.9), as
    /// `SDPOrigin.description` and `SDPConnection(address:)` write them.
    mutating func sessionLines(_ local: SDPLocalMedia) {
        begin(.version)
        append(byte: 0x30)
        begin(.origin)
        append(local.username)
        space()
        append(decimal: local.sessionID)
        space()
        append(decimal: local.sessionVersion)
        append(ascii: " IN ")
        append(ascii: Self.addressType(local.address))
        space()
        append(local.address)
        begin(.sessionName)
        append(local.sessionName)
        begin(.timing)
        append(ascii: "0 0")
    }

    /// A `c=` line for a unicast address (`SDPConnection(address:)`).
    mutating func connection(_ address: String) {
        begin(.connection)
        append(ascii: "IN ")
        append(ascii: Self.addressType(address))
        space()
        append(address)
    }

    /// `IP6` for an address with a colon, else `IP4` (as `SDPConnection(address:)` decides).
    static func addressType(_ address: String) -> StaticString {
        address.utf8.contains(0x3A) ? "IP6" : "IP4"
    }

    /// `a=candidate:` with `SDPCandidate.attributeValue`.
    mutating func candidate(_ candidate: SDPCandidate) {
        beginAttribute("candidate", .candidate)
        append(candidate.foundation)
        space()
        append(decimal: UInt64(candidate.component))
        space()
        append(candidate.transport)
        space()
        append(decimal: UInt64(candidate.priority))
        space()
        append(candidate.address)
        space()
        append(decimal: UInt64(candidate.port))
        append(ascii: " typ ")
        append(candidate.type.rawValue)
        if let relatedAddress = candidate.relatedAddress {
            append(ascii: " raddr ")
            append(relatedAddress)
        }
        if let relatedPort = candidate.relatedPort {
            append(ascii: " rport ")
            append(decimal: UInt64(relatedPort))
        }
        for item in candidate.extensions {
            space()
            append(item.name)
            space()
            append(item.value)
        }
    }

    /// `a=fingerprint:` with `SDPFingerprint.description`.
    mutating func fingerprint(_ fingerprint: SDPFingerprint) {
        beginAttribute("fingerprint", .fingerprint)
        append(fingerprint.hashFunction)
        space()
        for (index, byte) in fingerprint.bytes.enumerated() {
            if index > 0 { append(byte: 0x3A) }
            append(hex: byte)
        }
    }

    /// `a=extmap:` with `SDPExtmap.description`.
    mutating func extmap(id: UInt16, direction: SDPDirection?, uri: String, attributes: String?) {
        beginAttribute("extmap", .extmap)
        append(decimal: UInt64(id))
        if let direction {
            append(byte: 0x2F)
            append(direction.rawValue)
        }
        space()
        append(uri)
        if let attributes {
            space()
            append(attributes)
        }
    }

    /// The value of `SDPMSID.description`.
    mutating func msidValue(_ msid: SDPMSID) {
        append(msid.streamID)
        if let trackID = msid.trackID {
            space()
            append(trackID)
        }
    }

    /// `a=rtpmap:` with `SDPRTPMap.description`.
    mutating func rtpMap(_ map: SDPRTPMap) {
        beginAttribute("rtpmap", .rtpmap)
        append(decimal: UInt64(map.payloadType))
        space()
        append(map.encodingName)
        append(byte: 0x2F)
        append(decimal: UInt64(map.clockRate))
        if let parameters = map.encodingParameters {
            append(byte: 0x2F)
            append(parameters)
        }
    }

    /// `a=fmtp:` with `SDPFormatParameters.description` for the payload type.
    mutating func formatParameters(payloadType: UInt8, _ parameters: String) {
        beginAttribute("fmtp", .fmtp)
        append(decimal: UInt64(payloadType))
        if !parameters.isEmpty {
            space()
            append(parameters)
        }
    }
}
