/// A loosely typed value, as JavaScript hands one to the SDK: a value of the options object
/// given to `new Plivo(options)` (see ``PlivoOptions/validate(_:)``), or an argument of
/// `submitCallQualityFeedback` (see ``PlivoCallQualityFeedback/validate(username:callUUID:starRating:issues:note:)``).
///
/// It is also the JSON value model (RFC 8259) the SDK reads and writes. Literals build it
/// directly:
///
/// ```swift
/// let raw: [String: PlivoOptionsValue] = ["debug": "DEBUG", "maxAverageBitrate": 48000,
///                                         "dtmfOptions": ["sendDtmfType": ["inband"]]]
/// ```
public enum PlivoOptionsValue: Sendable, Hashable {
    /// `null` (JavaScript's `null` and `undefined`).
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number (JavaScript numbers are doubles).
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([PlivoOptionsValue])
    /// An object (its keys are unordered; JSON text is written with sorted keys).
    case object([String: PlivoOptionsValue])

    /// The JavaScript type name, for messages: `null`, `boolean`, `number`, `string`, `array`
    /// or `object`.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// Whether JavaScript treats the value as true in a condition: everything except `null`,
    /// `false`, `0`, `NaN` and `""` (arrays and objects are truthy even when empty).
    public var isTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let value): return value
        case .number(let value): return value != 0 && !value.isNaN
        case .string(let value): return !value.isEmpty
        case .array, .object: return true
        }
    }

    /// The string, when this is one.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The Boolean, when this is one.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The number, when this is one.
    public var numberValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The number as an `Int`, when this is a whole number that fits (JavaScript's safe
    /// integers, |n| ≤ 2⁵³ − 1).
    public var integerValue: Int? {
        guard case .number(let value) = self, value.isFinite, value.rounded() == value,
              abs(value) <= 9_007_199_254_740_991 else { return nil }
        return Int(exactly: value)
    }

    /// The elements, when this is an array.
    public var arrayValue: [PlivoOptionsValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The members, when this is an object.
    public var objectValue: [String: PlivoOptionsValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The member `key` of an object; nil when this is not an object or has no such member.
    public subscript(key: String) -> PlivoOptionsValue? {
        objectValue?[key]
    }
}

extension PlivoOptionsValue: CustomStringConvertible {
    /// The value as compact JSON text, e.g. `"DEBUG"`, `48000`, `["inband"]`.
    public var description: String { jsonText }
}

extension PlivoOptionsValue: ExpressibleByNilLiteral {
    /// `nil` is ``null``.
    public init(nilLiteral: ()) { self = .null }
}

extension PlivoOptionsValue: ExpressibleByBooleanLiteral {
    /// `true` and `false` are ``bool(_:)``.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension PlivoOptionsValue: ExpressibleByIntegerLiteral {
    /// An integer literal is a ``number(_:)``.
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
}

extension PlivoOptionsValue: ExpressibleByFloatLiteral {
    /// A floating-point literal is a ``number(_:)``.
    public init(floatLiteral value: Double) { self = .number(value) }
}

extension PlivoOptionsValue: ExpressibleByStringLiteral {
    /// A string literal is a ``string(_:)``.
    public init(stringLiteral value: String) { self = .string(value) }
}

extension PlivoOptionsValue: ExpressibleByArrayLiteral {
    /// An array literal is an ``array(_:)``.
    public init(arrayLiteral elements: PlivoOptionsValue...) { self = .array(elements) }
}

extension PlivoOptionsValue: ExpressibleByDictionaryLiteral {
    /// A dictionary literal is an ``object(_:)`` (a repeated key keeps its last value).
    public init(dictionaryLiteral elements: (String, PlivoOptionsValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
