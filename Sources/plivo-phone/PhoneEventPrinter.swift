import Foundation
import SIPTransport
import SIPUserAgent
import PlivoSDK

/// Prints the seed's events (`onConnectionChange`, `onLogin`, `onLoginFailed`, `onLogout`), one
/// per line on standard output, flushed at once.
///
/// Text: the name, then the payload as `{key: value, …}` when there is one, e.g.
/// `onConnectionChange {state: connected}`. JSON (`--json`): one object per line,
/// `{"event":NAME,"t_ms":N,…payload}` with `t_ms` the milliseconds since the printer was made
/// (program start). Payload keys follow the seed: `state`, `eventCode`, `eventReason` for
/// `onConnectionChange`; `cause` for `onLoginFailed`.
struct PhoneEventPrinter: Sendable {
    /// A payload value (objects keep their fields' order).
    typealias Value = PlivoFieldValue

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
        if json {
            write(jsonLine(("event", name), payload))
        } else {
            write(payload.isEmpty ? name : name + " " + Value.object(payload).plainText)
        }
    }

    /// Writes what a method returned (`shell`): `login -> true`, or in JSON
    /// `{"method":"login","t_ms":N,"result":true}`.
    func result(_ method: String, _ value: Value) {
        if json {
            write(jsonLine(("method", method), [("result", value)]))
        } else {
            write("\(method) -> \(value.plainText)")
        }
    }

    /// Writes why a method failed (`shell`): `submitCallQualityFeedback -> error: …`, or in
    /// JSON `{"method":…,"t_ms":N,"error":"…"}`.
    func failure(_ method: String, _ message: String) {
        if json {
            write(jsonLine(("method", method), [("error", .string(message))]))
        } else {
            write("\(method) -> error: \(message)")
        }
    }

    /// `{"<kind>":NAME,"t_ms":N,…fields}` with `t_ms` the milliseconds since the printer was made.
    private func jsonLine(_ kind: (String, String), _ fields: [(String, Value)]) -> String {
        let elapsed = ContinuousClock.now - start
        let milliseconds = Int(elapsed.components.seconds) * 1000 + Int(elapsed.components.attoseconds / 1_000_000_000_000_000)
        return Value.object([(kind.0, .string(kind.1)), ("t_ms", .int(milliseconds))] + fields).jsonText
    }

    private func write(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// A diagnostic line on standard error (never an event, never a secret).
    static func note(_ text: String) {
        FileHandle.standardError.write(Data(("plivo-phone: " + text + "\n").utf8))
    }

    /// The RFC 6455 §7.4.1 meaning of a close code, as `eventReason`.
    static func reason(_ code: SIPCloseCode) -> String { code.meaning }
}
