import PlivoSDK

extension CallRecord {
    /// The CallInfo object, as printed.
    var info: PhoneEventPrinter.Value { .object(infoFields) }

    /// The CallInfo fields, in the seed's order.
    var infoFields: [(String, PhoneEventPrinter.Value)] {
        let info = callInfo
        return [
            ("callUUID", .string(info.callUUID)),
            ("direction", .string(info.direction.rawValue)),
            ("src", .string(info.src)),
            ("dest", .string(info.dest)),
            ("state", .string(info.state.rawValue)),
            ("extraHeaders", .object(extraHeaders.map { ($0.name, .string($0.value ?? "")) })),
            ("originator", .string(info.originator)), ("protocol", .string(info.protocol)),
            ("reason", .string(info.reason)), ("code", .int(info.code)),
        ]
    }

    /// `hangupInfo` of `onCallTerminated`, as printed.
    var hangupFields: PhoneEventPrinter.Value {
        let hangup = hangupInfo
        return .object([("originator", .string(hangup.originator)), ("reason", .string(hangup.reason))])
    }
}
