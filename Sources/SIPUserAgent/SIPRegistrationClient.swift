import SIPCore
import SIPTransaction
import StackCore

/// Keeps one registration alive (RFC 3261 §10.2): owns a ``SIPRegistrationStateMachine``,
/// sends its REGISTERs through a `SIPTransactionLayer`, arms its refresh timer on an injected
/// `StackClock` and reports on ``events``.
///
/// Each REGISTER runs in its own non-INVITE client transaction; the transaction's responses,
/// timeout (Timer F) and transport error are fed back into the machine. Updates of a
/// superseded transaction are dropped. All work is serialized on this actor, so the machine
/// sees inputs one at a time in arrival order.
public actor SIPRegistrationClient {
    /// Registered, refreshed, failed and unregistered, in order.
    public nonisolated let events: AsyncStream<SIPRegistrationEvent>
    private let eventSink: AsyncStream<SIPRegistrationEvent>.Continuation
    private var machine: SIPRegistrationStateMachine
    private let layer: SIPTransactionLayer
    private let destination: SIPTransactionDestination
    private let timers: TimerScheduler
    private var refreshTimer: StackTimer?
    private var refreshGeneration: UInt64 = 0
    private var current: SIPTransactionKey?

    /// Creates a client that sends to `destination` (the registrar or outbound proxy) through
    /// `layer` and times refreshes on `clock` (the layer's clock, normally).
    public init(machine: SIPRegistrationStateMachine, layer: SIPTransactionLayer,
                destination: SIPTransactionDestination, clock: any StackClock) {
        self.machine = machine
        self.layer = layer
        self.destination = destination
        self.timers = TimerScheduler(clock: clock)
        (events, eventSink) = AsyncStream.makeStream(of: SIPRegistrationEvent.self)
    }

    /// Creates a client with a fresh machine for `configuration` (random Call-ID and tag).
    public init(configuration: SIPRegistrationConfiguration, layer: SIPTransactionLayer,
                destination: SIPTransactionDestination, clock: any StackClock) {
        self.init(machine: SIPRegistrationStateMachine(configuration: configuration), layer: layer,
                  destination: destination, clock: clock)
    }

    /// The machine's state.
    public var state: SIPRegistrationState { machine.state }

    /// The Call-ID of every REGISTER.
    public var callID: String { machine.callID }

    /// The final response that made the registration fail (nil while none did).
    public var rejection: SIPMessage? {
        guard case .failed = machine.state else { return nil }
        return machine.rejection
    }

    /// The extra headers of every REGISTER from the next one on (a renewed access token, say):
    /// no REGISTER is sent for the change.
    public func setExtraHeaders(_ headers: [SIPParameter]) {
        machine.configuration.extraHeaders = headers
    }

    /// Starts registering (returns once the first REGISTER is handed to the transport). The
    /// outcome arrives on ``events``. Throws `.invalidExpires` for an expiry outside
    /// 100–86400 s without changing anything; does nothing while already (un)registering or
    /// registered.
    public func login(_ credentials: SIPDigestCredentials,
                      expires: Int = SIPRegistrationConfiguration.defaultExpires) async throws(SIPRegistrationFailure) {
        guard SIPRegistrationConfiguration.isValidExpires(expires) else { throw .invalidExpires(expires) }
        await feed(.login(credentials, expires: expires))
    }

    /// Stops refreshing and removes the binding with an un-REGISTER (`Expires: 0`); while a
    /// REGISTER is in flight the un-REGISTER follows its final response. ``events`` then reports
    /// `.unregistered`. Does nothing when not registered.
    public func logout() async {
        await feed(.logout)
    }

    /// Stops the refresh timer and finishes ``events`` (no un-REGISTER is sent).
    public func close() {
        cancelRefreshTimer()
        eventSink.finish()
    }

    // MARK: Driving the machine

    private func feed(_ input: SIPRegistrationStateMachine.Input) async {
        let actions = machine.handle(input)
        for action in actions {
            switch action {
            case .send(let request): await send(request)
            case .startRefreshTimer(let deadline): armRefreshTimer(at: deadline)
            case .cancelRefreshTimer: cancelRefreshTimer()
            case .emit(let event): eventSink.yield(event)
            }
        }
    }

    private func send(_ request: SIPMessage) async {
        let transaction: SIPClientTransaction
        do {
            transaction = try await layer.sendRequest(request, to: destination)
        } catch {
            current = nil
            await feed(.transportError)
            return
        }
        current = transaction.key
        let key = transaction.key
        let updates = transaction.updates
        Task { [weak self] in
            for await update in updates {
                guard let self else { return }
                await self.transactionUpdate(update, key: key)
            }
        }
    }

    private func transactionUpdate(_ update: SIPClientTransactionUpdate, key: SIPTransactionKey) async {
        switch update {
        case .response(let response):
            // The machine ignores responses whose CSeq is not the outstanding one.
            await feed(.response(response, at: timers.now))
        case .timeout:
            guard key == current else { return }
            current = nil
            await feed(.transactionTimeout)
        case .transportError:
            guard key == current else { return }
            current = nil
            await feed(.transportError)
        }
    }

    private func armRefreshTimer(at deadline: StackInstant) {
        cancelRefreshTimer()
        let generation = refreshGeneration
        refreshTimer = timers.schedule(at: deadline) { [weak self] in
            guard let self else { return }
            Task { await self.refreshFired(generation) }
        }
    }

    private func cancelRefreshTimer() {
        refreshTimer?.cancel()
        refreshTimer = nil
        refreshGeneration &+= 1
    }

    private func refreshFired(_ generation: UInt64) async {
        guard generation == refreshGeneration else { return }
        refreshTimer = nil
        await feed(.refreshTimerFired)
    }
}
