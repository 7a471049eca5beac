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
        guard let map = SDPGrammar.withBytes(value, { SDPRTPMap(bytes: $0) }) else { return nil }
        self = map
    }

    /// Parses the bytes of an `a=rtpmap` value.
    init?(bytes: UnsafeBufferPointer<UInt8>) {
        guard let fields = Self.scan(bytes) else { return nil }
        payloadType = fields.payloadType
        encodingName = fields.name.string
        clockRate = fields.clockRate
        encodingParameters = fields.parameters?.string
    }

    /// True when the bytes are a valid `a=rtpmap` value.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { scan(bytes) != nil }

    /// The payload type of a valid `a=rtpmap` value, without making its Strings.
    static func payloadType(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8? { scan(bytes)?.payloadType }

    /// `<payload type> <name>/<clock>[/<parameters>]`, checked.
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> (payloadType: UInt8, name: UnsafeBufferPointer<UInt8>,
                                                                    clockRate: UInt32, parameters: UnsafeBufferPointer<UInt8>?)? {
        guard let (type, encoding) = bytes.splitFirstField(), let payloadType = type.number(as: UInt8.self),
              payloadType <= 127, let (name, afterName) = encoding.split(at: 0x2F), name.isToken else { return nil }
        if let (clock, parameters) = afterName.split(at: 0x2F) {
            guard let clockRate = clock.number(as: UInt32.self), parameters.isToken else { return nil }
            return (payloadType, name, clockRate, parameters)
        }
        guard let clockRate = afterName.number(as: UInt32.self) else { return nil }
        return (payloadType, name, clockRate, nil)
    }

    /// The number of audio channels: the encoding parameters when numeric, else 1
    /// (RFC 8866 §6.6: "this parameter is OPTIONAL and MAY be omitted if the number of
    /// channels is one").
    public var channels: Int {
        encodingParameters.flatMap { SDPGrammar.number($0, as: UInt8.self) }.map(Int.init) ?? 1
    }

    /// True for the RFC 4733 `telephone-event` format.
    public var isTelephoneEvent: Bool {
        SDPGrammar.withBytes(encodingName) { $0.equalsIgnoringCase("telephone-event") }
    }

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
