import StackCore

/// A value of an event's payload or of a method's result, its object fields in order: what the
/// log lines and the command-line tools print, as text (`{state: connected, code: 1000}`) or as
/// JSON.
package indirect enum PlivoFieldValue: Sendable {
    /// An absent optional.
    case null
    /// A flag.
    case bool(Bool)
    /// A whole number.
    case int(Int)
    /// A number with a fraction.
    case double(Double)
    /// Text (also an enum case without payload, by its description).
    case string(String)
    /// An array or set.
    case list([PlivoFieldValue])
    /// A struct, class, labelled tuple or dictionary: its fields in declaration order
    /// (a dictionary's sorted by key).
    case object([(String, PlivoFieldValue)])

    /// `value` read by reflection: numbers, strings and flags as themselves, optionals as their
    /// content or ``null``, structs, classes and tuples as objects, collections as lists,
    /// enums by their description.
    package init(reflecting value: Any) {
        switch value {
        case let flag as Bool: self = .bool(flag)
        case let text as String: self = .string(text)
        case let number as Double: self = .double(number)
        case let number as Float: self = .double(Double(number))
        case let number as any BinaryInteger: self = Int(exactly: number).map { .int($0) } ?? .string("\(number)")
        default: self = Self.composite(value)
        }
    }

    private static func composite(_ value: Any) -> PlivoFieldValue {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            return mirror.children.first.map { PlivoFieldValue(reflecting: $0.value) } ?? .null
        case .struct, .class, .tuple:
            guard !mirror.children.isEmpty else { return .string("\(value)") }
            return .object(mirror.children.enumerated().map { index, child in
                (child.label.map { $0.hasPrefix(".") ? "\(index)" : $0 } ?? "\(index)", PlivoFieldValue(reflecting: child.value))
            })
        case .dictionary:
            let pairs = mirror.children.compactMap { child -> (String, PlivoFieldValue)? in
                let pair = Array(Mirror(reflecting: child.value).children)
                guard pair.count == 2 else { return nil }
                return (PlivoFieldValue(reflecting: pair[0].value).plainText, PlivoFieldValue(reflecting: pair[1].value))
            }
            return .object(pairs.sorted { $0.0 < $1.0 })
        case .collection, .set:
            return .list(mirror.children.map { PlivoFieldValue(reflecting: $0.value) })
        default:
            return .string("\(value)")
        }
    }

    /// The readable form: strings bare, objects as `{key: value, …}`, lists as `[a, b]`.
    package var plainText: String {
        switch self {
        case .null: "null"
        case .bool(let flag): String(flag)
        case .int(let number): String(number)
        case .double(let number): "\(number)"
        case .string(let text): text
        case .list(let items): "[" + items.map(\.plainText).joined(separator: ", ") + "]"
        case .object(let fields): "{" + fields.map { "\($0.0): \($0.1.plainText)" }.joined(separator: ", ") + "}"
        }
    }

    /// The value as StackCore's ordered JSON value.
    package var json: JSONValue {
        switch self {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .int(let number): .int(number)
        case .double(let number): .double(number)
        case .string(let text): .string(text)
        case .list(let items): .array(items.map(\.json))
        case .object(let fields): .object(fields.map { ($0.0, $0.1.json) })
        }
    }

    /// Compact JSON (RFC 8259); a non-finite number is `null`, as `JSON.stringify` writes it.
    package var jsonText: String { json.text }
}

extension PlivoEvent {
    /// The payload as named fields, the way the command-line tools print an event: an event
    /// whose only argument is one object gives that object's fields, one with several
    /// arguments gives them under the seed's parameter names, a lone flag or text is named
    /// `status` (`remoteAudioStatus`) or `cause` (`onPermissionDenied`). A top-level field with
    /// no value is left out, as a JavaScript object leaves out an undefined member
    /// (`onConnectionChange {state: connected}`, `onLogout`).
    package var payloadFields: [(String, PlivoFieldValue)] {
        guard let payload = Mirror(reflecting: self).children.first?.value else { return [] }
        switch PlivoFieldValue(reflecting: payload) {
        case .object(let fields):
            return fields.filter {
                if case .null = $0.1 { return false }
                return true
            }
        case .null: return []
        case let scalar:
            return [(self.name == .remoteAudioStatus ? "status" : "cause", scalar)]
        }
    }
}
