import SIPTransport

/// A change of the supervised connection, shaped like the seed's `onConnectionChange` payload
/// (behaviour §3 and §4.4).
///
/// `{state: 'connected'}` is ``connected``; a drop is `{state: 'disconnected', eventCode,
/// eventReason}` (the payload before 2.2.8), here ``code`` and ``reason``. The current seed
/// payload `{state, reason}` is the same value without the code. ``reason`` follows the seed: the
/// close code as a decimal string (`"1006"`, `"1009"`) for a closed socket, `"Ping Timed Out"`
/// for a keep-alive that went unanswered.
public struct SIPConnectionChange: Sendable, Hashable, CustomStringConvertible {
    /// Whether the connection is up.
    public enum State: String, Sendable, Hashable {
        /// The transport is connected.
        case connected
        /// The transport is down (possibly reconnecting).
        case disconnected
    }

    /// Up or down.
    public var state: State
    /// The close code of a drop (`eventCode`), when a socket closed.
    public var code: SIPCloseCode?
    /// Why the connection dropped (`eventReason` / `reason`).
    public var reason: String?

    /// Creates a change.
    public init(state: State, code: SIPCloseCode? = nil, reason: String? = nil) {
        self.state = state
        self.code = code
        self.reason = reason
    }

    /// `{state: 'connected'}`.
    public static let connected = SIPConnectionChange(state: .connected)

    /// `{state: 'disconnected', eventCode, eventReason}`.
    public static func disconnected(code: SIPCloseCode?, reason: String) -> SIPConnectionChange {
        SIPConnectionChange(state: .disconnected, code: code, reason: reason)
    }

    /// `connected` or `disconnected(<code>, <reason>)`.
    public var description: String {
        switch state {
        case .connected: "connected"
        case .disconnected: "disconnected(\(code.map(String.init(describing:)) ?? "-"), \(reason ?? "-"))"
        }
    }
}
