import CaptureFile
import SIPCore
import SIPTransaction
import SIPUserAgent

/// Feeds one captured call, from its caller's side, into the stack's own call state machine
/// (`SIPCallStateMachine`, outgoing) on the capture's clock, so a stack bug can be reproduced
/// from a capture: the INVITE becomes a `dial`, every message the caller received is fed as it
/// arrived (responses, in-dialog requests, ACKs), the caller's CANCEL or BYE becomes a `hangup`,
/// and the machine's timers fire when the capture's time passes them. Each step records the
/// state the stack reached, the events it emitted and what it would have sent, so they can be
/// set beside what the capture shows the real caller did.
public enum CallReplay {
    /// One input to the machine and what it did.
    public struct Step: Sendable {
        /// Capture time of the input (nanoseconds since the epoch).
        public var timestamp: Int64
        /// The frame the input came from (nil for a timer).
        public var frame: Int?
        /// What was fed: `dial INVITE`, `response 180 Ringing`, `request BYE`, `hangup`, `timer noAnswer`.
        public var input: String
        /// The state after it.
        public var state: SIPCallState
        /// Events the machine emitted.
        public var events: [String]
        /// Messages it would have sent (`INVITE`, `ACK`, `CANCEL` …) and timers it armed.
        public var actions: [String]
    }

    /// The steps of `call` replayed from its caller's side.
    public static func replay(_ call: CaptureCall) -> [Step] {
        guard let inviteMessage = call.messages.first(where: { $0.message?.method == .invite && $0.message?.to?.tag == nil }),
              let invite = inviteMessage.message, let from = invite.from, let target = invite.requestURI else { return [] }
        let caller = inviteMessage.source
        let via = invite.topVia ?? SIPVia(transport: inviteMessage.transport.rawValue, host: .domain("replay.invalid"))
        let configuration = SIPCallConfiguration(
            localAddress: from, contact: invite.contacts.first?.uri ?? from.uri, via: via,
            reliableTransport: inviteMessage.transport != .udp,
            // Credentials of its own let the machine answer a 401/407 as the caller did; the
            // capture's next INVITE then matches the machine's next CSeq.
            credentials: SIPDigestCredentials(username: from.uri.user ?? "replay", password: "replay"))
        var machine = SIPCallStateMachine(outgoing: configuration, callID: call.callID, localTag: from.tag ?? "replay",
                                          initialSequence: invite.cseq?.sequence ?? 1)
        var timers: [SIPCallTimer: Int64] = [:]
        var steps: [Step] = []
        func feed(_ input: SIPCallStateMachine.Input, _ label: String, at time: Int64, frame: Int?) {
            let actions = machine.handle(input)
            var events: [String] = []
            var sent: [String] = []
            for action in actions {
                switch action {
                case .sendRequest(let request): sent.append(request.method?.rawValue ?? "?")
                case .sendACK: sent.append("ACK")
                case .respond(let response, _): sent.append("\(response.statusCode ?? 0) \(response.reasonPhrase ?? "")")
                case let .startTimer(timer, duration):
                    timers[timer] = time + Int64(duration / .nanoseconds(1))
                    sent.append("timer \(timer) \(duration)")
                case .cancelTimer(let timer):
                    timers[timer] = nil
                case .emit(let event):
                    events.append(event.description)
                }
            }
            steps.append(Step(timestamp: time, frame: frame, input: label, state: machine.state, events: events, actions: sent))
        }
        func fireTimers(until time: Int64) {
            while let (timer, deadline) = timers.min(by: { $0.value < $1.value }), deadline <= time {
                timers[timer] = nil
                feed(.timerFired(timer), "timer \(timer)", at: deadline, frame: nil)
            }
        }
        let contentType = invite.value(.contentType) ?? "application/sdp"
        feed(.dial(target: target, body: invite.body, contentType: contentType, extraHeaders: []), "dial INVITE",
             at: inviteMessage.timestamp, frame: inviteMessage.frame)
        var seen: Set<[UInt8]> = []
        for captured in call.messages where captured.frame != inviteMessage.frame {
            guard let sip = captured.message, seen.insert(captured.bytes).inserted else { continue }   // retransmissions once
            fireTimers(until: captured.timestamp)
            if captured.destination == caller {
                if let status = sip.statusCode {
                    feed(.response(sip), "response \(status) \(sip.reasonPhrase ?? "")", at: captured.timestamp, frame: captured.frame)
                } else if sip.method == .ack {
                    feed(.ack(sip), "ACK", at: captured.timestamp, frame: captured.frame)
                } else if let method = sip.method, let key = SIPTransactionKey.server(sip) {
                    feed(.request(sip, key: key), "request \(method.rawValue)", at: captured.timestamp, frame: captured.frame)
                }
            } else if captured.source == caller, let method = sip.method, method == .cancel || method == .bye {
                feed(.hangup, "hangup (the caller sent \(method.rawValue))", at: captured.timestamp, frame: captured.frame)
            }
            if machine.isFinished { break }
        }
        return steps
    }
}
