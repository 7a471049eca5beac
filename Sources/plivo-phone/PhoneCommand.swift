import PlivoSDK
import ICE
import SIPCore
import SIPUserAgent
import Synchronization

/// What plivo-phone does once logged in.
enum PhoneCommand: Sendable {
    /// Stay registered for a while.
    case register(duration: Duration)
    /// Call `destination`, send `dtmf` once answered, hang up after `hangupAfter` (nil: wait for
    /// the peer to hang up).
    case call(destination: String, hangupAfter: Duration?, dtmf: String, extraHeaders: [SIPParameter])
    /// Act on the next `count` incoming calls.
    case answer(count: Int, action: AnswerAction, hangupAfter: Duration?, answerAfter: Duration? = nil)

    /// What `answer --action` does with each incoming call.
    enum AnswerAction: String, Sendable, CaseIterable {
        /// Answer it (200 with an SDP answer; 488 when the offer has no codec in common).
        case answer
        /// Reject it with 486 Busy Here.
        case reject
        /// Ignore it: no answer; the caller keeps ringing until it cancels or 408 after 60 s.
        case ignore
    }

    /// Whether incoming INVITEs become calls (only `answer`; otherwise they get 486).
    var takesIncomingCalls: Bool {
        if case .answer = self { return true }
        return false
    }

    /// Runs the command; returns whether it did what it was asked.
    func run(_ context: PhoneCommandContext, stopper: PhoneCommandStopper) async -> Bool {
        switch self {
        case .register(let duration):
            await stopper.wait(upTo: duration)
            return true
        case let .call(destination, hangupAfter, dtmf, extraHeaders):
            return await PhoneCallRunner(context: context, stopper: stopper)
                .call(destination, hangupAfter: hangupAfter, dtmf: dtmf, extraHeaders: extraHeaders)
        case let .answer(count, action, hangupAfter, answerAfter):
            return await PhoneCallRunner(context: context, stopper: stopper)
                .answer(count: count, action: action, hangupAfter: hangupAfter, answerAfter: answerAfter)
        }
    }
}

/// What a command runs with.
struct PhoneCommandContext: Sendable {
    /// The calls of this login.
    let calls: SIPCallController
    /// Where events go.
    let printer: PhoneEventPrinter
    /// Our address of record, `sip:<user>@<server host>`.
    let addressOfRecord: SIPURI
    /// The address written in our session descriptions (the local address toward the server).
    let mediaAddress: String
    /// STUN servers for server-reflexive candidates (`--stun`).
    var stunServers: [ICETransportAddress] = []
    /// The SDK's `usePlivoStunServers` race (`--stun-race`).
    var stunRace = false
    /// Audio in/out and the offered profile.
    var audio = CallAudioOptions()
    /// The PulseAudio devices, when `--input-device`/`--output-device` asked for them.
    var devices: CallAudioDevices?
}

/// Tells a running command to stop (SIGINT, or the session ending); stopping is sticky.
final class PhoneCommandStopper: Sendable {
    private struct State {
        var stopped = false
        var waiters: [CheckedContinuation<Void, Never>] = []
        var listeners: [@Sendable () -> Void] = []
    }

    private let state = Mutex(State())

    /// Whether `stop()` was called.
    var isStopped: Bool { state.withLock { $0.stopped } }

    /// Stops: wakes `wait(upTo:)` and calls the listeners once.
    func stop() {
        let (waiters, listeners) = state.withLock { state -> ([CheckedContinuation<Void, Never>], [@Sendable () -> Void]) in
            guard !state.stopped else { return ([], []) }
            state.stopped = true
            defer {
                state.waiters = []
                state.listeners = []
            }
            return (state.waiters, state.listeners)
        }
        for waiter in waiters { waiter.resume() }
        for listener in listeners { listener() }
    }

    /// Calls `listener` on stop (at once when already stopped).
    func onStop(_ listener: @escaping @Sendable () -> Void) {
        let already = state.withLock { state in
            if !state.stopped { state.listeners.append(listener) }
            return state.stopped
        }
        if already { listener() }
    }

    /// Returns after `duration` or at `stop()`, whichever comes first.
    func wait(upTo duration: Duration) async {
        let timer = Task {
            try? await Task.sleep(for: duration)
            self.stop()
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state in
                if state.stopped { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
        timer.cancel()
    }
}
