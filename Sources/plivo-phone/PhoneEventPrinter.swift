import Foundation
import SIPTransport
import SIPUserAgent
import StackCore

/// Prints the seed's events (`onConnectionChange`, `onLogin`, `onLoginFailed`, `onLogout`), one
/// per line on standard output, flushed at once.
///
/// Text: the name, then the payload as `{key: value, …}` when there is one, e.g.
/// `onConnectionChange {state: connected}`. JSON (`--json`): one object per line,
/// `{"event":NAME,"t_ms":N,…payload}` with `t_ms` the milliseconds since the printer was made
/// (program start). Payload keys follow the seed: `state`, `eventCode`, `eventReason` for
/// `onConnectionChange`; `cause` for `onLoginFailed`.
struct PhoneEventPrinter: Sendable {
    /// A payload value.
    enum Value: Sendable {
        case string(String)
        case int(Int)
        case bool(Bool)
        /// A nested object, keys in order (CallInfo, extraHeaders, hangupInfo).
        case object([(String, Value)])
    }

    /// Whether lines are JSON objects.
    let json: Bool
    private let start = ContinuousClock.now

    /// Creates a printer; `t_ms` counts from now.
    init(json: Bool) {
        self.json = json
    }

    /// `onConnectionChange {state: connected}`.
    func connected() {
        emit("onConnectionChange", [("state", .string("connected"))])
    }

    /// `onConnectionChange {state: disconnected, eventCode: <RFC 6455 code>, eventReason: …}`.
    /// `reason` replaces the code's meaning when given (e.g. `Ping Timed Out`).
    func disconnected(_ code: SIPCloseCode, reason: String? = nil) {
        emit("onConnectionChange", [("state", .string("disconnected")), ("eventCode", .int(Int(code.rawValue))),
                                    ("eventReason", .string(reason ?? Self.reason(code)))])
    }

    /// `onLogin`.
    func login() { emit("onLogin", []) }

    /// `onLoginFailed {cause: …}` with the cause string for `failure`.
    func loginFailed(_ cause: String) { emit("onLoginFailed", [("cause", .string(cause))]) }

    /// `onLogout`.
    func logout() { emit("onLogout", []) }

    /// Writes one event line.
    func emit(_ name: String, _ payload: [(String, Value)]) {
        let elapsed = ContinuousClock.now - start
        let milliseconds = Int(elapsed.components.seconds) * 1000 + Int(elapsed.components.attoseconds / 1_000_000_000_000_000)
        var line: String
        if json {
            line = "{\"event\":" + Self.quoted(name) + ",\"t_ms\":\(milliseconds)"
            for (key, value) in payload { line += "," + Self.quoted(key) + ":" + Self.jsonText(value) }
            line += "}"
        } else {
            line = name
            if !payload.isEmpty {
                line += " {" + payload.map { "\($0.0): \(Self.plainText($0.1))" }.joined(separator: ", ") + "}"
            }
        }
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// A diagnostic line on standard error (never an event, never a secret).
    static func note(_ text: String) {
        FileHandle.standardError.write(Data(("plivo-phone: " + text + "\n").utf8))
    }

    /// The RFC 6455 §7.4.1 meaning of a close code, as `eventReason`.
    static func reason(_ code: SIPCloseCode) -> String { code.meaning }

    private static func plainText(_ value: Value) -> String {
        switch value {
        case .string(let text): text
        case .int(let number): String(number)
        case .bool(let flag): String(flag)
        case .object(let fields): "{" + fields.map { "\($0.0): \(plainText($0.1))" }.joined(separator: ", ") + "}"
        }
    }

    private static func jsonText(_ value: Value) -> String {
        switch value {
        case .string(let text): quoted(text)
        case .int(let number): String(number)
        case .bool(let flag): String(flag)
        case .object(let fields): "{" + fields.map { quoted($0.0) + ":" + jsonText($0.1) }.joined(separator: ",") + "}"
        }
    }

    /// A JSON string literal (RFC 8259 §7).
    private static func quoted(_ text: String) -> String {
        JSONStringLiteral.quoted(text)
    }
}
