import SIPCore
import SIPTransaction
import SIPUserAgent
import StackCore
import Synchronization

/// A `SIPTransactionTransport` whose far end is a ``RegistrarStub``: every send is serialized,
/// logged with the `TestClock` time, parsed again and answered; answers are handed to the
/// layer on a task, as a socket's read loop would.
final class RegistrarTransport: SIPTransactionTransport {
    static let registrar = SIPTransactionDestination(host: "phone.plivo.com", port: 443, transport: "WSS")

    struct Sent: Sendable {
        let ms: Int64
        let request: SIPMessage
    }

    private struct State {
        var stub: RegistrarStub
        var sent: [Sent] = []
        var layer: SIPTransactionLayer?
    }

    let clock: TestClock
    private let state: Mutex<State>

    init(clock: TestClock, stub: RegistrarStub = RegistrarStub()) {
        self.clock = clock
        state = Mutex(State(stub: stub))
    }

    /// Where the answers go.
    func attach(_ layer: SIPTransactionLayer) { state.withLock { $0.layer = layer } }

    /// Every send so far.
    var sent: [Sent] { state.withLock { $0.sent } }

    /// `ms CSeq Expires auth|-` for every send.
    var summary: [String] {
        sent.map {
            "\($0.ms) \($0.request.cseq?.sequence ?? 0) \($0.request.expires.map(String.init) ?? "-") "
                + ($0.request.authorization.isEmpty ? "-" : "auth")
        }
    }

    func send(_ message: SIPMessage, to destination: SIPTransactionDestination) throws {
        guard let wire = try? SIPMessage(parsing: message.serialized()) else { return }
        let ms = clock.now.nanoseconds / 1_000_000
        let (answer, layer) = state.withLock { state in
            state.sent.append(Sent(ms: ms, request: wire))
            return (state.stub.answer(wire), state.layer)
        }
        guard let answer, let layer else { return }
        Task { await layer.receive(answer, from: destination) }
    }
}
