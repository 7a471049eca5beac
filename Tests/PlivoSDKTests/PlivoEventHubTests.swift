import PlivoSDK
import Synchronization
import Testing

@Suite struct PlivoEventHubTests {
    static let info = PlivoCallInfo(callUUID: "u1", direction: .outgoing, src: "sip:alice@x", dest: "bob", state: .ringing)

    @Test func streamsAndCallbacksSeeTheSameOrder() async {
        let hub = PlivoEventHub()
        let stream = hub.events()
        let seen = Mutex<[String]>([])
        let all = PlivoEventName.allCases.filter { $0 != .volume }
        var subscriptions: [PlivoSubscription] = []
        for name in all { subscriptions.append(hub.on(name) { event in seen.withLock { $0.append("\(event.name)") } }) }
        let sequence: [PlivoEvent] = [.onLogin, .onCalling, .onCallRemoteRinging(Self.info),
                                      .onDtmfReceived(PlivoDTMFData(tone: "5", duration: 100)), .onLogout(reason: nil)]
        for event in sequence { hub.emit(event) }
        hub.finish()
        var streamed: [PlivoEvent] = []
        for await event in stream { streamed.append(event) }
        #expect(streamed == sequence)
        #expect(seen.withLock { $0 } == sequence.map { "\($0.name)" })
        _ = subscriptions
    }

    @Test func onFiltersByNameAndCancelStops() {
        let hub = PlivoEventHub()
        let count = Mutex(0)
        let subscription = hub.on(.onIncomingCallCanceled) { _ in count.withLock { $0 += 1 } }
        hub.emit(.onCallAnswered(Self.info))
        hub.emit(.onIncomingCallCanceled(Self.info))
        subscription.cancel()
        hub.emit(.onIncomingCallCanceled(Self.info))
        #expect(count.withLock { $0 } == 1)
    }

    @Test func volumeGoesToItsOwnNewestOnlyStream() async {
        let hub = PlivoEventHub()
        let volumes = hub.volumeEvents()
        let events = hub.events()
        for index in 0..<100 {
            hub.emit(.volume(PlivoVolume(inputVolume: "0.\(index)", outputVolume: "0.000")))
        }
        hub.emit(.onLogin)
        hub.finish()
        var levels: [PlivoVolume] = []
        for await level in volumes { levels.append(level) }
        #expect(levels == [PlivoVolume(inputVolume: "0.99", outputVolume: "0.000")])
        var others: [PlivoEvent] = []
        for await event in events { others.append(event) }
        #expect(others == [.onLogin])
    }

    @Test func everyEventHasItsSeedName() {
        #expect(PlivoEvent.onCallFailed(cause: "Busy", callInfo: Self.info).name.rawValue == "onCallFailed")
        #expect(PlivoEvent.mediaMetrics(PlivoMediaMetric(group: "audio", level: "warning", type: "speaking_on_mute", value: "0",
                                                         active: true, desc: "d", stream: "None")).name == .mediaMetrics)
        #expect(Set(PlivoEventName.allCases.map(\.rawValue)).count == PlivoEventName.allCases.count)
    }

    @Test func callInfoDefaultsAreTheSeeds() {
        #expect(Self.info.protocol == "none" && Self.info.reason == "none" && Self.info.code == -1)
        #expect(Self.info.originator == "none" && Self.info.stirShakenState == "Not_applicable")
    }
}
