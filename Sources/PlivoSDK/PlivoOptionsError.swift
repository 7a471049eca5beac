/// Why ``PlivoOptions/validated()`` or ``PlivoOptions/init(validating:)`` refused options.
public enum PlivoOptionsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A number outside its range: the option (`maxAverageBitrate`, `refreshRegistrationTimer`,
    /// `audioConstraints.sampleRate`, `audioConstraints.channelCount`), the value, the range.
    case outOfRange(option: String, value: Int, allowed: ClosedRange<Int>)
    /// `dtmfOptions.sendDtmfType` is empty: no way to send a digit.
    case noDTMFType
    /// `servers` is empty.
    case noServers
    /// A `servers` entry is not a `ws://` or `wss://` URL with a host (the entry, what is wrong).
    case invalidServer(String, reason: String)
    /// A `stunServers` entry is not a `stun:` or `stuns:` URI with a host (the entry, what is
    /// wrong).
    case invalidStunServer(String, reason: String)
    /// ``PlivoOptions/init(validating:)`` found these issues in a loosely typed options object.
    case invalidEntries([PlivoOptionsIssue])

    /// A one-line message.
    public var description: String {
        switch self {
        case .outOfRange(let option, let value, let allowed):
            return "\(option) \(value) is outside \(allowed.lowerBound)–\(allowed.upperBound)"
        case .noDTMFType: return "dtmfOptions.sendDtmfType is empty"
        case .noServers: return "servers is empty"
        case .invalidServer(let url, let reason): return "server \"\(url)\": \(reason)"
        case .invalidStunServer(let url, let reason): return "STUN server \"\(url)\": \(reason)"
        case .invalidEntries(let issues): return issues.map(\.description).joined(separator: "\n")
        }
    }
}
