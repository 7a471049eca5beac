import CaptureAnalysis
import CaptureFile
import StackCore

/// `sip-replay --json`: the report's facts as one JSON object.
extension CaptureReport {
    static func time(_ nanoseconds: Int64?) -> JSONValue {
        nanoseconds.map { .double(Double($0) / 1e9) } ?? .null
    }

    static func milliseconds(_ value: Double?) -> JSONValue {
        value.map { .double(($0 * 1000).rounded() / 1000) } ?? .null
    }

    var json: JSONValue {
        .object([
            ("format", format.map { .string($0 == .pcap ? "pcap" : "pcapng") } ?? .null),
            ("frames", .int(frames)),
            ("start", Self.time(start)),
            ("end", Self.time(end)),
            ("sipMessages", .int(messages.count)),
            ("calls", .array(calls.map(\.json))),
            ("streams", .array(streams.map(\.json))),
            ("otherRequests", .object(otherRequests.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
            ("skipped", .object(skipped.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
            ("warnings", .array(warnings.map { .string($0.description) })),
        ])
    }
}

extension CaptureCall {
    var json: JSONValue {
        .object([
            ("callID", .string(callID)),
            ("from", .string(from)),
            ("to", .string(to)),
            ("caller", .string(callerEndpoint.description)),
            ("callee", .string(calleeEndpoint.description)),
            ("transport", .string(transport.rawValue)),
            ("state", .string(state.rawValue)),
            ("timeline", .array(timeline.map { step in
                .object([("time", CaptureReport.time(step.timestamp)), ("state", .string(step.state.rawValue)),
                         ("cause", .string(step.cause))])
            })),
            ("endedBy", endedBy.map { .string($0) } ?? .null),
            ("endReason", endReason.map { .string($0) } ?? .null),
            ("cause", cause.map { .string($0) } ?? .null),
            ("setupMs", CaptureReport.milliseconds(setupMilliseconds)),
            ("answerMs", CaptureReport.milliseconds(answerMilliseconds)),
            ("durationMs", CaptureReport.milliseconds(durationMilliseconds)),
            ("messages", .array(messages.map { message in
                .object([("frame", .int(message.frame)), ("time", CaptureReport.time(message.timestamp)),
                         ("source", .string(message.source.description)),
                         ("destination", .string(message.destination.description)),
                         ("transport", .string(message.transport.rawValue)), ("summary", .string(message.summary)),
                         ("problems", .array(message.problems.map { .string($0) }))])
            })),
            ("streams", .array(streams.map(\.json))),
            ("findings", .array(findings.map { finding in
                .object([("kind", .string(finding.kind)), ("detail", .string(finding.detail)),
                         ("frame", finding.frame.map { .int($0) } ?? .null)])
            })),
        ])
    }
}

extension RTPStreamReport {
    var json: JSONValue {
        .object([
            ("source", .string(source.description)),
            ("destination", .string(destination.description)),
            ("ssrc", .string("0x" + String(ssrc, radix: 16, uppercase: true))),
            ("callID", callID.map { .string($0) } ?? .null),
            ("payloadType", .int(Int(payloadType))),
            ("codec", codec.map { .string($0) } ?? .null),
            ("packets", .int(packets)),
            ("lost", .int(lost)),
            ("sequenceErrors", .int(sequenceErrors)),
            ("maxJitterMs", CaptureReport.milliseconds(maxJitterMilliseconds)),
            ("meanJitterMs", CaptureReport.milliseconds(meanJitterMilliseconds)),
            ("largestGapMs", CaptureReport.milliseconds(largestGapMilliseconds)),
            ("start", CaptureReport.time(start)),
            ("end", CaptureReport.time(end)),
            ("mos", .double(mos)),
            ("dtmf", .array(dtmf.map { .object([("digit", .string($0.digit)), ("time", CaptureReport.time($0.timestamp))]) })),
        ])
    }
}
