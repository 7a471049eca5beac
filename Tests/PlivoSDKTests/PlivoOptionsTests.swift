import PlivoSDK
import Testing

/// ``PlivoOptions``: the seed's defaults, both validation paths, every option's valid values
/// and boundaries, and the exact issue for each invalid value.
@Suite struct PlivoOptionsTests {
    /// The one issue `raw` gives, or nil when it gives none or several.
    static func onlyIssue(_ raw: [String: PlivoOptionsValue]) -> PlivoOptionsIssue? {
        let issues = PlivoOptions.validate(raw).issues
        return issues.count == 1 ? issues[0] : nil
    }

    static func issue(_ key: String, _ value: PlivoOptionsValue, _ problem: String, used: PlivoOptionsValue?) -> PlivoOptionsIssue {
        PlivoOptionsIssue(key: key, value: value, problem: problem, used: used)
    }

    static let bothDTMF: PlivoOptionsValue = ["sendDtmfType": ["inband", "outband"]]
    static let defaultServers: PlivoOptionsValue = ["wss://client.plivo.com/signalling", "wss://client-fb.plivo.com/signalling"]

    @Test("defaults: the seed's table, from init() and from an empty options object")
    func defaults() throws {
        let options = PlivoOptions()
        #expect(options.debug == .info)
        #expect(!options.permOnClick)
        #expect(options.enableTracking)
        #expect(options.enableQualityTracking == .all)
        #expect(options.dtmfOptions.sendDtmfType == [.inband, .outband])
        #expect(options.audioConstraints == PlivoOptions.AudioConstraints())
        #expect(options.audioConstraints.optionsValue == [:])
        #expect(!options.closeProtection)
        #expect(options.dscp)
        #expect(!options.allowMultipleIncomingCalls)
        #expect(options.clientRegion == nil)
        #expect(!options.enableNoiseReduction)
        #expect(!options.usePlivoStunServers)
        #expect(!options.useDefaultAudioDevice)
        #expect(options.maxAverageBitrate == 48000)
        #expect(options.refreshRegistrationTimer == 120)
        #expect(options.servers == ["wss://client.plivo.com/signalling", "wss://client-fb.plivo.com/signalling"])
        #expect(options.stunServers == nil)
        #expect(options.effectiveStunServers == ["stun:stun.plivo.com:3478", "stun:stun.l.google.com:19302"])
        #expect(try options.validated() == options)
        let (loose, issues) = PlivoOptions.validate([:])
        #expect(loose == options && issues.isEmpty)
        #expect(try PlivoOptions(validating: [:]) == options)
    }

    @Test("the seed's example options object is taken without an issue")
    func seedExample() throws {
        let options = try PlivoOptions(validating: [
            "debug": "DEBUG", "permOnClick": true, "enableTracking": true, "closeProtection": true, "maxAverageBitrate": 48000,
        ])
        #expect(options.debug == .debug && options.permOnClick && options.closeProtection && options.maxAverageBitrate == 48000)
    }

    static var booleanKeys: [(String, WritableKeyPath<PlivoOptions, Bool>, Bool)] {
        [
            ("permOnClick", \.permOnClick, false), ("enableTracking", \.enableTracking, true),
            ("closeProtection", \.closeProtection, false), ("dscp", \.dscp, true),
            ("allowMultipleIncomingCalls", \.allowMultipleIncomingCalls, false),
            ("enableNoiseReduction", \.enableNoiseReduction, false), ("usePlivoStunServers", \.usePlivoStunServers, false),
            ("useDefaultAudioDevice", \.useDefaultAudioDevice, false),
        ]
    }

    @Test("Boolean options: true and false taken; any other type is 'has to be boolean' and the default")
    func booleans() {
        for (key, path, fallback) in Self.booleanKeys {
            for flag in [true, false] {
                let (options, issues) = PlivoOptions.validate([key: .bool(flag)])
                #expect(options[keyPath: path] == flag && issues.isEmpty, "\(key)")
            }
            for bad: PlivoOptionsValue in ["true", 1, 0, nil, [true], ["a": true]] {
                let (options, issues) = PlivoOptions.validate([key: bad])
                #expect(options[keyPath: path] == fallback, "\(key)")
                #expect(issues == [Self.issue(key, bad, "has to be boolean", used: .bool(fallback))], "\(key) \(bad)")
            }
        }
    }

    @Test("debug: the six levels in any case; others give INFO")
    func debug() {
        for level in PlivoLogLevel.allCases {
            #expect(PlivoOptions.validate(["debug": .string(level.rawValue)]).options.debug == level)
            #expect(PlivoOptions.validate(["debug": .string(level.rawValue.lowercased())]).options.debug == level)
        }
        let problem = "is not one of OFF, ERROR, WARN, INFO, DEBUG, ALL"
        for bad: PlivoOptionsValue in ["verbose", "ALL-PLAIN", "", 3, true, nil] {
            let (options, issues) = PlivoOptions.validate(["debug": bad, "dscp": false])
            #expect(options.debug == .info && !options.dscp)
            #expect(issues == [Self.issue("debug", bad, problem, used: "INFO")])
        }
    }

    @Test("enableQualityTracking: all, remoteonly, localonly, none in any case; others give all")
    func qualityTracking() {
        let expected: [(PlivoOptionsValue, PlivoOptions.QualityTracking)] = [
            ("all", .all), ("remoteonly", .remoteOnly), ("localonly", .localOnly), ("none", .none),
            ("ALL", .all), ("REMOTEONLY", .remoteOnly), ("LocalOnly", .localOnly), ("NONE", .none),
        ]
        for (value, tracking) in expected {
            #expect(PlivoOptions.validate(["enableQualityTracking": value]) == (PlivoOptions(enableQualityTracking: tracking), []))
        }
        for bad: PlivoOptionsValue in ["remote", "local_only", false, 1, nil] {
            #expect(Self.onlyIssue(["enableQualityTracking": bad])
                    == Self.issue("enableQualityTracking", bad, "is not one of all, remoteonly, localonly, none", used: "all"))
        }
    }

    @Test("enableQualityTracking overrides enableTracking unless it is all")
    func trackingPrecedence() {
        let cases: [(Bool, PlivoOptions.QualityTracking, Bool, Bool)] = [
            (true, .all, true, true), (false, .all, false, false),
            (true, .remoteOnly, false, true), (false, .remoteOnly, false, true),
            (true, .localOnly, true, false), (false, .localOnly, true, false),
            (true, .none, false, false), (false, .none, false, false),
        ]
        for (tracking, quality, metrics, remote) in cases {
            let options = PlivoOptions(enableTracking: tracking, enableQualityTracking: quality)
            #expect(options.emitsMediaMetrics == metrics && options.sendsCallQualityData == remote, "\(tracking) \(quality)")
        }
    }

    @Test("clientRegion: the seed's seven values exactly; null unsets; anything else is ignored")
    func clientRegion() {
        #expect(PlivoOptions.ClientRegion.allCases.map(\.rawValue)
                == ["usa_west", "usa_east", "australia", "europe", "asia", "south_america", "south_asia"])
        for region in PlivoOptions.ClientRegion.allCases {
            #expect(PlivoOptions.validate(["clientRegion": .string(region.rawValue)]) == (PlivoOptions(clientRegion: region), []))
        }
        #expect(PlivoOptions.validate(["clientRegion": nil]) == (PlivoOptions(), []))
        let problem = "is not one of usa_west, usa_east, australia, europe, asia, south_america, south_asia"
        for bad: PlivoOptionsValue in ["USA_WEST", "india", 1, true] {
            #expect(Self.onlyIssue(["clientRegion": bad]) == Self.issue("clientRegion", bad, problem, used: .null))
        }
    }

    @Test("maxAverageBitrate: whole numbers 8000…48000; others give 48000")
    func maxAverageBitrate() throws {
        for bitrate in [8000, 8001, 24000, 47999, 48000] {
            #expect(PlivoOptions.validate(["maxAverageBitrate": .number(Double(bitrate))])
                    == (PlivoOptions(maxAverageBitrate: bitrate), []))
            #expect(try PlivoOptions(maxAverageBitrate: bitrate).validated().maxAverageBitrate == bitrate)
        }
        let problem = "has to be a whole number from 8000 to 48000"
        for bad: PlivoOptionsValue in [7999, 48001, 0, -8000, 16000.5, 1e300] {
            #expect(Self.onlyIssue(["maxAverageBitrate": bad]) == Self.issue("maxAverageBitrate", bad, problem, used: 48000))
        }
        for bad: PlivoOptionsValue in ["48000", true, nil, [48000]] {
            #expect(Self.onlyIssue(["maxAverageBitrate": bad])
                    == Self.issue("maxAverageBitrate", bad, "has to be a number", used: 48000))
        }
        for bitrate in [7999, 48001] {
            #expect(throws: PlivoOptionsError.outOfRange(option: "maxAverageBitrate", value: bitrate, allowed: 8000...48000)) {
                try PlivoOptions(maxAverageBitrate: bitrate).validated()
            }
        }
    }

    @Test("refreshRegistrationTimer: whole seconds 100…86400 (the seed's range); others give 120")
    func refreshRegistrationTimer() throws {
        for seconds in [100, 101, 120, 3600, 86399, 86400] {
            #expect(PlivoOptions.validate(["refreshRegistrationTimer": .number(Double(seconds))])
                    == (PlivoOptions(refreshRegistrationTimer: seconds), []))
            #expect(try PlivoOptions(refreshRegistrationTimer: seconds).validated().refreshRegistrationTimer == seconds)
        }
        let problem = "has to be a whole number from 100 to 86400"
        for bad: PlivoOptionsValue in [99, 60, 86401, 120.5, -1] {
            #expect(Self.onlyIssue(["refreshRegistrationTimer": bad]) == Self.issue("refreshRegistrationTimer", bad, problem, used: 120))
        }
        #expect(Self.onlyIssue(["refreshRegistrationTimer": "120"])
                == Self.issue("refreshRegistrationTimer", "120", "has to be a number", used: 120))
        // The JS source's name for it is not the seed's: an unknown key.
        #expect(Self.onlyIssue(["registrationRefreshTimer": 300])
                == Self.issue("registrationRefreshTimer", 300, "is not an option", used: nil))
        for seconds in [99, 86401] {
            #expect(throws: PlivoOptionsError.outOfRange(option: "refreshRegistrationTimer", value: seconds, allowed: 100...86400)) {
                try PlivoOptions(refreshRegistrationTimer: seconds).validated()
            }
        }
    }

    @Test("dtmfOptions: inband, outband or both in any case; bad entries dropped; nothing valid gives both")
    func dtmfOptions() throws {
        let taken: [(PlivoOptionsValue, Set<PlivoOptions.DTMFType>)] = [
            (["inband"], [.inband]), (["outband"], [.outband]), (["inband", "outband"], [.inband, .outband]),
            (["INBAND", "Outband"], [.inband, .outband]), (["outband", "outband"], [.outband]),
        ]
        for (types, expected) in taken {
            let (options, issues) = PlivoOptions.validate(["dtmfOptions": ["sendDtmfType": types]])
            #expect(options.dtmfOptions.sendDtmfType == expected && issues.isEmpty, "\(types)")
        }
        let partial = PlivoOptions.validate(["dtmfOptions": ["sendDtmfType": ["inband", "rfc2833", 7]]])
        #expect(partial.options.dtmfOptions.sendDtmfType == [.inband])
        #expect(partial.issues == [
            Self.issue("dtmfOptions.sendDtmfType", "rfc2833", "is not inband or outband", used: ["sendDtmfType": ["inband"]]),
            Self.issue("dtmfOptions.sendDtmfType", 7, "is not inband or outband", used: ["sendDtmfType": ["inband"]]),
        ])
        #expect(Self.onlyIssue(["dtmfOptions": ["sendDtmfType": ["info"]]])
                == Self.issue("dtmfOptions.sendDtmfType", "info", "is not inband or outband", used: Self.bothDTMF))
        #expect(Self.onlyIssue(["dtmfOptions": ["sendDtmfType": []]])
                == Self.issue("dtmfOptions.sendDtmfType", [], "is empty", used: Self.bothDTMF))
        #expect(Self.onlyIssue(["dtmfOptions": ["sendDtmfType": "inband"]])
                == Self.issue("dtmfOptions.sendDtmfType", "inband", "has to be an array of inband and outband", used: Self.bothDTMF))
        #expect(Self.onlyIssue(["dtmfOptions": [:]])
                == Self.issue("dtmfOptions", [:], "has no sendDtmfType", used: Self.bothDTMF))
        #expect(Self.onlyIssue(["dtmfOptions": "inband"])
                == Self.issue("dtmfOptions", "inband", "has to be an object like {\"sendDtmfType\":[\"inband\",\"outband\"]}",
                              used: Self.bothDTMF))
        let extra = PlivoOptions.validate(["dtmfOptions": ["sendDtmfType": ["outband"], "duration": 100]])
        #expect(extra.options.dtmfOptions.sendDtmfType == [.outband])
        #expect(extra.issues == [Self.issue("dtmfOptions.duration", 100, "is not a dtmfOptions member", used: nil)])
        #expect(throws: PlivoOptionsError.noDTMFType) { try PlivoOptions(dtmfOptions: .init(sendDtmfType: [])).validated() }
    }

    @Test("audioConstraints: the five server constraints with their ranges; others ignored")
    func audioConstraints() throws {
        let full = PlivoOptions.validate(["audioConstraints": [
            "sampleRate": 16000, "channelCount": 2, "echoCancellation": true, "noiseSuppression": false, "autoGainControl": true,
        ]])
        #expect(full.issues.isEmpty)
        #expect(full.options.audioConstraints == PlivoOptions.AudioConstraints(
            sampleRate: 16000, channelCount: 2, echoCancellation: true, noiseSuppression: false, autoGainControl: true))
        for rate in [8000, 48000] {
            #expect(PlivoOptions.validate(["audioConstraints": ["sampleRate": .number(Double(rate))]]).options
                    .audioConstraints.sampleRate == rate)
        }
        for channels in [1, 2] {
            #expect(PlivoOptions.validate(["audioConstraints": ["channelCount": .number(Double(channels))]]).options
                    .audioConstraints.channelCount == channels)
        }
        #expect(Self.onlyIssue(["audioConstraints": ["sampleRate": 7999]])
                == Self.issue("audioConstraints.sampleRate", 7999, "has to be a whole number from 8000 to 48000", used: nil))
        #expect(Self.onlyIssue(["audioConstraints": ["sampleRate": 48001]])
                == Self.issue("audioConstraints.sampleRate", 48001, "has to be a whole number from 8000 to 48000", used: nil))
        #expect(Self.onlyIssue(["audioConstraints": ["channelCount": 0]])
                == Self.issue("audioConstraints.channelCount", 0, "has to be a whole number from 1 to 2", used: nil))
        #expect(Self.onlyIssue(["audioConstraints": ["channelCount": 3]])
                == Self.issue("audioConstraints.channelCount", 3, "has to be a whole number from 1 to 2", used: nil))
        #expect(Self.onlyIssue(["audioConstraints": ["channelCount": "1"]])
                == Self.issue("audioConstraints.channelCount", "1", "has to be a number", used: nil))
        #expect(Self.onlyIssue(["audioConstraints": ["echoCancellation": "yes"]])
                == Self.issue("audioConstraints.echoCancellation", "yes", "has to be boolean", used: nil))
        // The JS SDK's own default is Chrome-specific: ignored, constraints stay empty.
        let chrome = PlivoOptions.validate(["audioConstraints": ["optional": [["googAutoGainControl": false]]]])
        #expect(chrome.options.audioConstraints == PlivoOptions.AudioConstraints())
        #expect(chrome.issues == [Self.issue("audioConstraints.optional", [["googAutoGainControl": false]],
                                             "is not supported on a server", used: nil)])
        for bad: PlivoOptionsValue in [true, "{}", nil, []] {
            #expect(Self.onlyIssue(["audioConstraints": bad]) == Self.issue("audioConstraints", bad, "has to be an object", used: [:]))
        }
        #expect(throws: PlivoOptionsError.outOfRange(option: "audioConstraints.sampleRate", value: 96000, allowed: 8000...48000)) {
            try PlivoOptions(audioConstraints: .init(sampleRate: 96000)).validated()
        }
        #expect(throws: PlivoOptionsError.outOfRange(option: "audioConstraints.channelCount", value: 6, allowed: 1...2)) {
            try PlivoOptions(audioConstraints: .init(channelCount: 6)).validated()
        }
    }

    @Test("servers: ws/wss URLs as an array or a comma-separated string; bad entries dropped")
    func servers() throws {
        let list = PlivoOptions.validate(["servers": ["wss://sip.example.com/ws", "ws://127.0.0.1:8080"]])
        #expect(list.options.servers == ["wss://sip.example.com/ws", "ws://127.0.0.1:8080"] && list.issues.isEmpty)
        let text = PlivoOptions.validate(["servers": "wss://a.example.com , WSS://[::1]:443/s"])
        #expect(text.options.servers == ["wss://a.example.com", "WSS://[::1]:443/s"] && text.issues.isEmpty)
        let mixed = PlivoOptions.validate(["servers": ["https://a.example.com", "wss://b.example.com", 5]])
        #expect(mixed.options.servers == ["wss://b.example.com"])
        #expect(mixed.issues == [
            Self.issue("servers", "https://a.example.com", "is invalid: not a ws:// or wss:// URL", used: ["wss://b.example.com"]),
            Self.issue("servers", 5, "is not a string", used: ["wss://b.example.com"]),
        ])
        #expect(Self.onlyIssue(["servers": ["wss://:443/x"]])
                == Self.issue("servers", "wss://:443/x", "is invalid: no host", used: Self.defaultServers))
        #expect(Self.onlyIssue(["servers": ["wss://h:0"]])
                == Self.issue("servers", "wss://h:0", "is invalid: invalid port \"0\"", used: Self.defaultServers))
        #expect(Self.onlyIssue(["servers": ["wss://u@h"]])
                == Self.issue("servers", "wss://u@h", "is invalid: user information is not supported", used: Self.defaultServers))
        #expect(Self.onlyIssue(["servers": []]) == Self.issue("servers", [], "is empty", used: Self.defaultServers))
        #expect(Self.onlyIssue(["servers": true]) == Self.issue("servers", true, "has to be an array of URLs", used: Self.defaultServers))
        #expect(throws: PlivoOptionsError.noServers) { try PlivoOptions(servers: []).validated() }
        #expect(throws: PlivoOptionsError.invalidServer("wss://a b", reason: "white space in the URL")) {
            try PlivoOptions(servers: ["wss://a b"]).validated()
        }
        #expect(throws: PlivoOptionsError.invalidServer("wss://[::1", reason: "unclosed IPv6 address")) {
            try PlivoOptions(servers: ["wss://[::1"]).validated()
        }
    }

    @Test("stunServers: stun/stuns URIs; null or nothing valid gives the SDK's list; [] means none")
    func stunServers() throws {
        let given = PlivoOptions.validate(["stunServers": ["stun:127.0.0.1:3478", "stuns:stun.example.com"]])
        #expect(given.options.stunServers == ["stun:127.0.0.1:3478", "stuns:stun.example.com"] && given.issues.isEmpty)
        #expect(given.options.effectiveStunServers == ["stun:127.0.0.1:3478", "stuns:stun.example.com"])
        #expect(PlivoOptions.validate(["stunServers": []]) == (PlivoOptions(stunServers: []), []))
        #expect(PlivoOptions(stunServers: []).effectiveStunServers.isEmpty)
        #expect(PlivoOptions.validate(["stunServers": nil]) == (PlivoOptions(), []))
        #expect(Self.onlyIssue(["stunServers": ["stun://h:3478"]])
                == Self.issue("stunServers", "stun://h:3478", "is invalid: a STUN URI is only a host and a port", used: .null))
        #expect(Self.onlyIssue(["stunServers": ["turn:h"]])
                == Self.issue("stunServers", "turn:h", "is invalid: not a stun: or stuns: URI", used: .null))
        #expect(Self.onlyIssue(["stunServers": 3478]) == Self.issue("stunServers", 3478, "has to be an array of URLs", used: .null))
        let plivo = PlivoOptions.validate(["usePlivoStunServers": true]).options
        #expect(plivo.effectiveStunServers == ["stun:stun.plivo.com:3478", "stun:stun-fb.plivo.com:3478"])
        #expect(throws: PlivoOptionsError.invalidStunServer("stun:h:70000", reason: "invalid port \"70000\"")) {
            try PlivoOptions(stunServers: ["stun:h:70000"]).validated()
        }
    }

    @Test("unknown keys (the JS SDK's undocumented ones included) are issues and ignored")
    func unknownKeys() {
        let (options, issues) = PlivoOptions.validate(["codecs": ["OPUS"], "enableIPV6": true, "debug": "WARN", "appId": nil])
        #expect(options == PlivoOptions(debug: .warn))
        #expect(issues == [
            Self.issue("appId", nil, "is not an option", used: nil),
            Self.issue("codecs", ["OPUS"], "is not an option", used: nil),
            Self.issue("enableIPV6", true, "is not an option", used: nil),
        ])
        #expect(issues[1].description == "codecs: [\"OPUS\"] is not an option; ignored")
        #expect(PlivoOptions.optionKeys.count == 17)
    }

    @Test("init(validating:) throws every issue; issue and error texts")
    func strictLooseInput() {
        let raw: [String: PlivoOptionsValue] = ["maxAverageBitrate": 7999, "dscp": "yes"]
        let expected = [
            Self.issue("dscp", "yes", "has to be boolean", used: true),
            Self.issue("maxAverageBitrate", 7999, "has to be a whole number from 8000 to 48000", used: 48000),
        ]
        #expect(throws: PlivoOptionsError.invalidEntries(expected)) { try PlivoOptions(validating: raw) }
        #expect(expected[1].description == "maxAverageBitrate: 7999 has to be a whole number from 8000 to 48000; using 48000")
        #expect(PlivoOptionsError.outOfRange(option: "maxAverageBitrate", value: 1, allowed: 8000...48000).description
                == "maxAverageBitrate 1 is outside 8000–48000")
    }
}
