import StackCore

/// Options from a loosely typed object, as the JS SDK's constructor takes them
/// (`lib/utils/options.ts`): valid entries are taken, invalid ones fall back to the default
/// and are reported.
extension PlivoOptions {
    /// The keys ``validate(_:)`` knows: the seed's options, then `servers` and `stunServers`.
    public static let optionKeys = [
        "debug", "permOnClick", "enableTracking", "enableQualityTracking", "dtmfOptions", "audioConstraints",
        "closeProtection", "dscp", "allowMultipleIncomingCalls", "clientRegion", "enableNoiseReduction",
        "usePlivoStunServers", "useDefaultAudioDevice", "maxAverageBitrate", "refreshRegistrationTimer",
        "servers", "stunServers",
    ]

    /// The options in `raw`, and an issue for every entry that could not be taken as given.
    ///
    /// - Booleans must be `true` or `false`; anything else gives the default.
    /// - `debug` and `enableQualityTracking` are matched ignoring case; `clientRegion` exactly
    ///   (`null` leaves it unset without an issue).
    /// - `maxAverageBitrate` and `refreshRegistrationTimer` must be whole numbers in range.
    /// - `dtmfOptions.sendDtmfType` entries that are not `inband`/`outband` (any case) are
    ///   dropped; when none remain, the default (both) is used.
    /// - `audioConstraints` must be an object; a member of the wrong type or range, and any
    ///   member this SDK does not know, is left unset.
    /// - `servers` and `stunServers` take an array of strings or one comma-separated string;
    ///   invalid entries are dropped; when none remain the default is used (for
    ///   `stunServers`, nil: the SDK's list). An empty `stunServers` array means no STUN.
    /// - Any other key is ignored and reported (the JS SDK's "Ignoring invalid option key").
    ///
    /// Issues come sorted by key, in the order found within a key.
    public static func validate(_ raw: [String: PlivoOptionsValue]) -> (options: PlivoOptions, issues: [PlivoOptionsIssue]) {
        var reader = LooseOptionsReader()
        for (key, value) in raw.sorted(by: { $0.key < $1.key }) {
            reader.read(key, value)
        }
        return (reader.options, reader.issues)
    }

    /// The options in `raw`, or ``PlivoOptionsError/invalidEntries(_:)`` listing every issue
    /// ``validate(_:)`` finds; the result is also ``validated()``.
    public init(validating raw: [String: PlivoOptionsValue]) throws(PlivoOptionsError) {
        let (options, issues) = Self.validate(raw)
        guard issues.isEmpty else { throw .invalidEntries(issues) }
        self = try options.validated()
    }
}

/// The state of one ``PlivoOptions/validate(_:)`` run: the options so far and the issues.
private struct LooseOptionsReader {
    var options = PlivoOptions()
    var issues: [PlivoOptionsIssue] = []
    private let defaults = PlivoOptions()

    mutating func report(_ key: String, _ value: PlivoOptionsValue, _ problem: String, used: PlivoOptionsValue?) {
        issues.append(PlivoOptionsIssue(key: key, value: value, problem: problem, used: used))
    }

    mutating func read(_ key: String, _ value: PlivoOptionsValue) {
        if let path = Self.booleanOption(key) {
            if let flag = value.boolValue {
                options[keyPath: path] = flag
            } else {
                report(key, value, "has to be boolean", used: .bool(defaults[keyPath: path]))
            }
            return
        }
        switch key {
        case "debug":
            if let level = value.stringValue.flatMap(PlivoLogLevel.init(name:)) {
                options.debug = level
            } else {
                let names = PlivoLogLevel.allCases.map(\.rawValue).joined(separator: ", ")
                report(key, value, "is not one of \(names)", used: .string(defaults.debug.rawValue))
            }
        case "enableQualityTracking":
            if let tracking = value.stringValue.flatMap(PlivoOptions.QualityTracking.init(name:)) {
                options.enableQualityTracking = tracking
            } else {
                let names = PlivoOptions.QualityTracking.allCases.map(\.rawValue).joined(separator: ", ")
                report(key, value, "is not one of \(names)", used: .string(defaults.enableQualityTracking.rawValue))
            }
        case "clientRegion":
            if value == .null {
                options.clientRegion = nil
            } else if let region = value.stringValue.flatMap(PlivoOptions.ClientRegion.init(rawValue:)) {
                options.clientRegion = region
            } else {
                let names = PlivoOptions.ClientRegion.allCases.map(\.rawValue).joined(separator: ", ")
                report(key, value, "is not one of \(names)", used: .null)
            }
        case "maxAverageBitrate":
            if let bitrate = wholeNumber(key, value, in: PlivoOptions.maxAverageBitrateRange, default: defaults.maxAverageBitrate) {
                options.maxAverageBitrate = bitrate
            }
        case "refreshRegistrationTimer":
            if let seconds = wholeNumber(key, value, in: PlivoOptions.refreshRegistrationTimerRange,
                                         default: defaults.refreshRegistrationTimer) {
                options.refreshRegistrationTimer = seconds
            }
        case "dtmfOptions":
            readDTMFOptions(value)
        case "audioConstraints":
            readAudioConstraints(value)
        case "servers":
            let servers = urlList(key, value, check: PlivoOptions.serverProblem, fallback: .array(defaults.servers.map { .string($0) }))
            options.servers = servers.flatMap { $0.isEmpty ? nil : $0 } ?? defaults.servers
            if servers?.isEmpty == true {
                report(key, value, "is empty", used: .array(defaults.servers.map { .string($0) }))
            }
        case "stunServers":
            options.stunServers = value == .null ? nil : urlList(key, value, check: PlivoOptions.stunServerProblem, fallback: .null)
        default:
            report(key, value, "is not an option", used: nil)
        }
    }

    /// The key path of a Boolean option; nil for other keys.
    private static func booleanOption(_ key: String) -> WritableKeyPath<PlivoOptions, Bool>? {
        switch key {
        case "permOnClick": return \.permOnClick
        case "enableTracking": return \.enableTracking
        case "closeProtection": return \.closeProtection
        case "dscp": return \.dscp
        case "allowMultipleIncomingCalls": return \.allowMultipleIncomingCalls
        case "enableNoiseReduction": return \.enableNoiseReduction
        case "usePlivoStunServers": return \.usePlivoStunServers
        case "useDefaultAudioDevice": return \.useDefaultAudioDevice
        default: return nil
        }
    }

    /// `value` when it is a whole number in `range`; otherwise nil, reported with `used`
    /// (nil: nothing set) or `default`.
    private mutating func wholeNumber(_ key: String, _ value: PlivoOptionsValue, in range: ClosedRange<Int>,
                                      default fallback: Int?) -> Int? {
        let used = fallback.map { PlivoOptionsValue.number(Double($0)) }
        guard value.numberValue != nil else {
            report(key, value, "has to be a number", used: used)
            return nil
        }
        guard let number = value.integerValue, range.contains(number) else {
            report(key, value, "has to be a whole number from \(range.lowerBound) to \(range.upperBound)", used: used)
            return nil
        }
        return number
    }

    private mutating func readDTMFOptions(_ value: PlivoOptionsValue) {
        let fallback = defaults.dtmfOptions.optionsValue
        guard let members = value.objectValue else {
            report("dtmfOptions", value, "has to be an object like \(fallback)", used: fallback)
            return
        }
        for (member, memberValue) in members.sorted(by: { $0.key < $1.key }) where member != "sendDtmfType" {
            report("dtmfOptions.\(member)", memberValue, "is not a dtmfOptions member", used: nil)
        }
        let key = "dtmfOptions.sendDtmfType"
        guard let given = members["sendDtmfType"] else {
            report("dtmfOptions", value, "has no sendDtmfType", used: fallback)
            return
        }
        guard let entries = given.arrayValue else {
            report(key, given, "has to be an array of inband and outband", used: fallback)
            return
        }
        let types = entries.compactMap { $0.stringValue.flatMap(PlivoOptions.DTMFType.init(name:)) }
        options.dtmfOptions = types.isEmpty ? defaults.dtmfOptions : PlivoOptions.DTMFOptions(sendDtmfType: Set(types))
        let used = options.dtmfOptions.optionsValue
        if entries.isEmpty { report(key, given, "is empty", used: used) }
        for entry in entries where entry.stringValue.flatMap(PlivoOptions.DTMFType.init(name:)) == nil {
            report(key, entry, "is not inband or outband", used: used)
        }
    }

    private mutating func readAudioConstraints(_ value: PlivoOptionsValue) {
        guard let members = value.objectValue else {
            report("audioConstraints", value, "has to be an object", used: .object([:]))
            return
        }
        var constraints = PlivoOptions.AudioConstraints()
        for (member, memberValue) in members.sorted(by: { $0.key < $1.key }) {
            let key = "audioConstraints.\(member)"
            switch member {
            case "sampleRate":
                constraints.sampleRate = wholeNumber(key, memberValue, in: PlivoOptions.AudioConstraints.sampleRateRange, default: nil)
            case "channelCount":
                constraints.channelCount = wholeNumber(key, memberValue, in: PlivoOptions.AudioConstraints.channelCountRange, default: nil)
            case "echoCancellation", "noiseSuppression", "autoGainControl":
                guard let flag = memberValue.boolValue else {
                    report(key, memberValue, "has to be boolean", used: nil)
                    continue
                }
                switch member {
                case "echoCancellation": constraints.echoCancellation = flag
                case "noiseSuppression": constraints.noiseSuppression = flag
                default: constraints.autoGainControl = flag
                }
            default:
                report(key, memberValue, "is not supported on a server", used: nil)
            }
        }
        options.audioConstraints = constraints
    }

    /// The valid URLs of an array of strings or a comma-separated string; nil (reported with
    /// `fallback`) when `value` is neither or when entries were given and none is valid.
    private mutating func urlList(_ key: String, _ value: PlivoOptionsValue, check: (String) -> String?,
                                  fallback: PlivoOptionsValue) -> [String]? {
        let entries: [PlivoOptionsValue]
        switch value {
        case .string(let text):
            entries = text.split(separator: ",").map { .string($0.trimmingWhitespace()) }
        case .array(let array):
            entries = array
        case .null, .bool, .number, .object:
            report(key, value, "has to be an array of URLs", used: fallback)
            return nil
        }
        var valid: [String] = []
        var problems: [(PlivoOptionsValue, String)] = []
        for entry in entries {
            guard let url = entry.stringValue else {
                problems.append((entry, "is not a string"))
                continue
            }
            if let reason = check(url) {
                problems.append((entry, "is invalid: \(reason)"))
            } else {
                valid.append(url)
            }
        }
        let result: [String]? = valid.isEmpty && !entries.isEmpty ? nil : valid
        let used = result.map { PlivoOptionsValue.array($0.map { .string($0) }) } ?? fallback
        for (entry, problem) in problems { report(key, entry, problem, used: used) }
        return result
    }
}
