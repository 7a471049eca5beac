/// Every event the seed's client emits, with the seed's names and payloads.
public enum PlivoEvent: Sendable, Hashable {
    /// Never emitted here (WebRTC is always available); kept for the seed's vocabulary.
    case onWebrtcNotSupported
    /// The first successful REGISTER after a login.
    case onLogin
    /// The login failed: the cause (a JsSIP cause, a token cause, or the SDK's messages).
    case onLoginFailed(cause: String)
    /// Logged out (`ACCESS_TOKEN_EXPIRED` when a token expired during a call).
    case onLogout(reason: String?)
    /// The signalling connection changed.
    case onConnectionChange(PlivoConnectionChange)
    /// An outgoing call was created.
    case onCalling
    /// An outgoing call rings at the far end (18x).
    case onCallRemoteRinging(PlivoCallInfo)
    /// The callee's phone rings (Plivo's INFO `remote-party-ringing`).
    case onCallConnected(PlivoCallInfo)
    /// A call was answered.
    case onCallAnswered(PlivoCallInfo)
    /// The call's media path is up (ICE connected).
    case onMediaConnected(PlivoCallInfo)
    /// An answered call ended.
    case onCallTerminated(hangupInfo: PlivoHangupInfo, callInfo: PlivoCallInfo)
    /// A call failed before the answer.
    case onCallFailed(cause: String, callInfo: PlivoCallInfo)
    /// An incoming call rings.
    case onIncomingCall(callerID: String, extraHeaders: [String: String], callInfo: PlivoCallInfo, callerName: String)
    /// The caller canceled a ringing incoming call.
    case onIncomingCallCanceled(PlivoCallInfo)
    /// `ignore()` succeeded.
    case onIncomingCallIgnored(PlivoCallInfo)
    /// The microphone opened, could not, or died.
    case onMediaPermission(PlivoMediaPermission)
    /// A call-quality warning starting (`active: true`) or clearing (`false`).
    case mediaMetrics(PlivoMediaMetric)
    /// A digit from the other side.
    case onDtmfReceived(PlivoDTMFData)
    /// Remote audio stopped (false) or resumed (true), in conference calls.
    case remoteAudioStatus(Bool)
    /// Noise reduction can run (after the first login with `enableNoiseReduction`).
    case onNoiseReductionReady
    /// The microphone's and speaker's levels, about 60 times a second during a call.
    case volume(PlivoVolume)
    /// A sound device was added or removed.
    case audioDeviceChange(PlivoAudioDeviceChange)
    /// A call was refused for the token's grants (`INVALID_ACCESS_TOKEN_GRANTS`).
    case onPermissionDenied(String)

    /// The event's name, as `client.on(name)` takes it.
    public var name: PlivoEventName {
        switch self {
        case .onWebrtcNotSupported: .onWebrtcNotSupported
        case .onLogin: .onLogin
        case .onLoginFailed: .onLoginFailed
        case .onLogout: .onLogout
        case .onConnectionChange: .onConnectionChange
        case .onCalling: .onCalling
        case .onCallRemoteRinging: .onCallRemoteRinging
        case .onCallConnected: .onCallConnected
        case .onCallAnswered: .onCallAnswered
        case .onMediaConnected: .onMediaConnected
        case .onCallTerminated: .onCallTerminated
        case .onCallFailed: .onCallFailed
        case .onIncomingCall: .onIncomingCall
        case .onIncomingCallCanceled: .onIncomingCallCanceled
        case .onIncomingCallIgnored: .onIncomingCallIgnored
        case .onMediaPermission: .onMediaPermission
        case .mediaMetrics: .mediaMetrics
        case .onDtmfReceived: .onDtmfReceived
        case .remoteAudioStatus: .remoteAudioStatus
        case .onNoiseReductionReady: .onNoiseReductionReady
        case .volume: .volume
        case .audioDeviceChange: .audioDeviceChange
        case .onPermissionDenied: .onPermissionDenied
        }
    }
}

/// The seed's event names, for `client.on(.onIncomingCall) { … }`.
public enum PlivoEventName: String, Sendable, Hashable, CaseIterable, Codable {
    case onWebrtcNotSupported, onLogin, onLoginFailed, onLogout, onConnectionChange, onCalling
    case onCallRemoteRinging, onCallConnected, onCallAnswered, onMediaConnected, onCallTerminated
    case onCallFailed, onIncomingCall, onIncomingCallCanceled, onIncomingCallIgnored, onMediaPermission
    case mediaMetrics, onDtmfReceived, remoteAudioStatus, onNoiseReductionReady, volume, audioDeviceChange
    case onPermissionDenied
}
