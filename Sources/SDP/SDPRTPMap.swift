/// `a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]`
/// (RFC 8866 §6.6).
public struct SDPRTPMap: Sendable, Hashable, CustomStringConvertible {
    /// The RTP payload type, 0–127 (RFC 3550 §5.1).
    public var payloadType: UInt8
    /// The encoding name as written, e.g. `opus`, `PCMU`, `telephone-event`.
    public var encodingName: String
    /// The RTP clock rate in Hz.
    public var clockRate: UInt32
    /// The encoding parameters (the channel count for audio), when given.
    public var encodingParameters: String?

    /// Creates an rtpmap (RFC 8866 §6.6).
    public init(payloadType: UInt8, encodingName: String, clockRate: UInt32, encodingParameters: String? = nil) {
        self.payloadType = payloadType
        self.encodingName = encodingName
        self.clockRate = clockRate
        self.encodingParameters = encodingParameters
    }

    /// Parses the value of `a=rtpmap` (RFC 8866 §6.6); nil when it does not follow the grammar.
    public init?(parsing value: some StringProtocol) {
        guard let (type, encoding) = SDPGrammar.splitFirstField(value),
              let payloadType = SDPGrammar.number(type, as: UInt8.self), payloadType <= 127 else { return nil }
        let parts = encoding.utf8.split(separator: 0x2F, omittingEmptySubsequences: false).map { Substring($0) }
        guard parts.count == 2 || parts.count == 3, SDPGrammar.isToken(parts[0]),
              let clockRate = SDPGrammar.number(parts[1], as: UInt32.self) else { return nil }
        if parts.count == 3 {
            guard SDPGrammar.isToken(parts[2]) else { return nil }
            encodingParameters = String(parts[2])
        } else {
            encodingParameters = nil
        }
        self.payloadType = payloadType
        encodingName = String(parts[0])
        self.clockRate = clockRate
    }

    /// The number of audio channels: the encoding parameters when numeric, else 1
    /// (RFC 8866 §6.6: "this parameter is OPTIONAL and MAY be omitted if the number of
    /// channels is one").
    public var channels: Int {
        encodingParameters.flatMap { SDPGrammar.number($0, as: UInt8.self) }.map(Int.init) ?? 1
    }

    /// True for the RFC 4733 `telephone-event` format.
    public var isTelephoneEvent: Bool { SDPGrammar.equalsIgnoringCase(encodingName, "telephone-event") }

    /// The rtpmap RFC 3551 §6 implies for a static payload type used without `a=rtpmap`, for the
    /// audio types this stack may meet (0 PCMU, 3 GSM, 4 G723, 8 PCMA, 9 G722, 13 CN, 18 G729).
    public static func staticAudio(payloadType: UInt8) -> SDPRTPMap? {
        let name: String
        switch payloadType {
        case 0: name = "PCMU"
        case 3: name = "GSM"
        case 4: name = "G723"
        case 8: name = "PCMA"
        case 9: name = "G722"
        case 13: name = "CN"
        case 18: name = "G729"
        default: return nil
        }
        return SDPRTPMap(payloadType: payloadType, encodingName: name, clockRate: 8000)
    }

    /// The value of `a=rtpmap`.
    public var description: String {
        var text = String(payloadType) + " " + encodingName + "/" + String(clockRate)
        if let encodingParameters { text += "/" + encodingParameters }
        return text
    }
}
