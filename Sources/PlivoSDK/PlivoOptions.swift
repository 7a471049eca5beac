/// The options of `new Plivo(options)`: every entry of the seed's "Configuration parameters"
/// table under its seed name, default and range, plus the servers this SDK connects to.
///
/// Two ways in:
/// - Swift: ``init(debug:permOnClick:enableTracking:enableQualityTracking:dtmfOptions:audioConstraints:closeProtection:dscp:allowMultipleIncomingCalls:clientRegion:enableNoiseReduction:usePlivoStunServers:useDefaultAudioDevice:maxAverageBitrate:refreshRegistrationTimer:servers:stunServers:)``
///   builds the value, and ``validated()`` throws a ``PlivoOptionsError`` when a number is out
///   of its range or a list is empty or malformed.
/// - The JS SDK's way: ``validate(_:)`` reads a loosely typed options object, keeps every
///   valid entry, replaces each invalid one by its default and says so in a
///   ``PlivoOptionsIssue`` (the JS SDK logs and falls back in the same way);
///   ``init(validating:)`` does the same but throws when there is any issue.
///
/// Ranges are checked when the options are validated, not when a property is set.
public struct PlivoOptions: Sendable, Hashable {
    /// Plivo's SIP-over-WebSocket servers: the primary and the fallback (the JS SDK's
    /// `WS_SERVERS`).
    public static let defaultServers = ["wss://client.plivo.com/signalling", "wss://client-fb.plivo.com/signalling"]
    /// Plivo's STUN server, always first in the SDK's STUN list.
    public static let plivoStunServer = "stun:stun.plivo.com:3478"
    /// Plivo's second STUN server, raced with the first when ``usePlivoStunServers`` is true.
    public static let plivoFallbackStunServer = "stun:stun-fb.plivo.com:3478"
    /// The public STUN server raced with Plivo's when ``usePlivoStunServers`` is false.
    public static let publicStunServer = "stun:stun.l.google.com:19302"
    /// The seed's range of ``maxAverageBitrate``, in bits per second.
    public static let maxAverageBitrateRange = 8000...48000
    /// The seed's range of ``refreshRegistrationTimer``, in seconds.
    public static let refreshRegistrationTimerRange = 100...86400

    /// `debug`: how much the SDK logs. Default ``PlivoLogLevel/info``.
    public var debug: PlivoLogLevel
    /// `permOnClick`: false (default) asks for the microphone (opens and closes the capture
    /// device once, the browser's permission prompt) at the first login, with the answer as
    /// `onMediaPermission`; true leaves it until a call opens the microphone. Only matters
    /// when ``PlivoMediaOptions/input`` is the microphone.
    public var permOnClick: Bool
    /// `enableTracking`: mediaMetrics events and call-quality tracking. Default true. The seed
    /// deprecates it in favour of ``enableQualityTracking``, which overrides it when not
    /// ``QualityTracking/all``; see ``emitsMediaMetrics`` and ``sendsCallQualityData``.
    public var enableTracking: Bool
    /// `enableQualityTracking`: which of mediaMetrics events (local) and call-quality data sent
    /// to Plivo (remote) are on. Default ``QualityTracking/all``.
    public var enableQualityTracking: QualityTracking
    /// `dtmfOptions`: how `sendDtmf(digit)` sends digits. Default both inband and outband.
    public var dtmfOptions: DTMFOptions
    /// `audioConstraints`: what the capture device is asked for. Default none (`{}`).
    public var audioConstraints: AudioConstraints
    /// `closeProtection`: the browser's "leave the page?" prompt while a call rings or is
    /// answered. On a server it guards ``PlivoClient/shutdown(force:)``: true refuses to stop
    /// while a call rings or is answered unless forced; false (the default) ends the calls and
    /// stops.
    public var closeProtection: Bool
    /// `dscp`: mark voice packets for QoS (DSCP EF, 46, on the media sockets). Default true.
    public var dscp: Bool
    /// `allowMultipleIncomingCalls`: let several incoming calls ring at once (see the seed's
    /// `answer(callUUID, actionOnOtherIncomingCalls)`); false rejects new incoming calls while
    /// one rings or is answered. Default false.
    public var allowMultipleIncomingCalls: Bool
    /// `clientRegion`: the media-server region calls are routed to (sent as the
    /// `X-ClientRegion` INVITE header); nil (default) lets Plivo pick the nearest.
    public var clientRegion: ClientRegion?
    /// `enableNoiseReduction`: prepare noise reduction so that `startNoiseReduction()` can
    /// turn it on during calls. Default false.
    public var enableNoiseReduction: Bool
    /// `usePlivoStunServers`: race Plivo's two STUN servers (true) instead of Plivo's and a
    /// public one (false, the default); see ``effectiveStunServers``.
    public var usePlivoStunServers: Bool
    /// `useDefaultAudioDevice`: after an audio device is added or removed, use the system's
    /// default devices (true) or the device just added (false, the default).
    public var useDefaultAudioDevice: Bool
    /// `maxAverageBitrate`: the Opus `maxaveragebitrate` (RFC 7587 §7.1), in bits per second,
    /// 8000–48000. Default 48000.
    public var maxAverageBitrate: Int
    /// `refreshRegistrationTimer`: the registration's requested lifetime (REGISTER `Expires`),
    /// in seconds, 100–86400; the registration is refreshed before it runs out. Default 120.
    public var refreshRegistrationTimer: Int
    /// The SIP-over-WebSocket servers (`ws://` or `wss://` URLs, RFC 7118), tried in order and
    /// round-robin on failure. Default ``defaultServers``. (The JS SDK's undocumented
    /// `registrationDomainSocket`.)
    public var servers: [String]
    /// The STUN servers (`stun:` or `stuns:` URIs, RFC 7064) queried in parallel; nil (the
    /// default) for the SDK's list chosen by ``usePlivoStunServers``; an empty list gathers
    /// host candidates only.
    public var stunServers: [String]?

    /// Options with the seed's defaults for everything not given. Nothing is checked here;
    /// call ``validated()`` to check ranges and lists.
    public init(debug: PlivoLogLevel = .info,
                permOnClick: Bool = false,
                enableTracking: Bool = true,
                enableQualityTracking: QualityTracking = .all,
                dtmfOptions: DTMFOptions = DTMFOptions(),
                audioConstraints: AudioConstraints = AudioConstraints(),
                closeProtection: Bool = false,
                dscp: Bool = true,
                allowMultipleIncomingCalls: Bool = false,
                clientRegion: ClientRegion? = nil,
                enableNoiseReduction: Bool = false,
                usePlivoStunServers: Bool = false,
                useDefaultAudioDevice: Bool = false,
                maxAverageBitrate: Int = 48000,
                refreshRegistrationTimer: Int = 120,
                servers: [String] = PlivoOptions.defaultServers,
                stunServers: [String]? = nil) {
        self.debug = debug
        self.permOnClick = permOnClick
        self.enableTracking = enableTracking
        self.enableQualityTracking = enableQualityTracking
        self.dtmfOptions = dtmfOptions
        self.audioConstraints = audioConstraints
        self.closeProtection = closeProtection
        self.dscp = dscp
        self.allowMultipleIncomingCalls = allowMultipleIncomingCalls
        self.clientRegion = clientRegion
        self.enableNoiseReduction = enableNoiseReduction
        self.usePlivoStunServers = usePlivoStunServers
        self.useDefaultAudioDevice = useDefaultAudioDevice
        self.maxAverageBitrate = maxAverageBitrate
        self.refreshRegistrationTimer = refreshRegistrationTimer
        self.servers = servers
        self.stunServers = stunServers
    }

    /// Whether mediaMetrics events are emitted: ``enableQualityTracking`` decides when it is
    /// not ``QualityTracking/all`` (`localonly` yes, `remoteonly` and `none` no); with `all`,
    /// ``enableTracking`` decides (the seed: a non-default `enableQualityTracking` overrides
    /// `enableTracking`).
    public var emitsMediaMetrics: Bool {
        switch enableQualityTracking {
        case .all: return enableTracking
        case .localOnly: return true
        case .remoteOnly, .none: return false
        }
    }

    /// Whether call-quality data is sent to Plivo (Call Insights): ``enableQualityTracking``
    /// decides when it is not ``QualityTracking/all`` (`remoteonly` yes, `localonly` and
    /// `none` no); with `all`, ``enableTracking`` decides.
    public var sendsCallQualityData: Bool {
        switch enableQualityTracking {
        case .all: return enableTracking
        case .remoteOnly: return true
        case .localOnly, .none: return false
        }
    }

    /// The STUN servers used: ``stunServers`` when set, else Plivo's server followed by
    /// Plivo's second one (``usePlivoStunServers``) or the public one.
    public var effectiveStunServers: [String] {
        if let stunServers { return stunServers }
        return [Self.plivoStunServer, usePlivoStunServers ? Self.plivoFallbackStunServer : Self.publicStunServer]
    }
}
