import Synchronization
import Testing

@testable import StackCore

@Suite("EventBroadcaster")
struct EventBroadcasterTests {
    @Test("every stream subscriber gets every event in order, then the end")
    func streams() async {
        let broadcaster = EventBroadcaster<Int>()
        let first = broadcaster.subscribe()
        let second = broadcaster.subscribe()
        #expect(broadcaster.subscriberCount == 2)
        for value in 1...5 { broadcaster.emit(value) }
        broadcaster.finish()
        var a: [Int] = []
        for await value in first { a.append(value) }
        var b: [Int] = []
        for await value in second { b.append(value) }
        #expect(a == [1, 2, 3, 4, 5])
        #expect(b == [1, 2, 3, 4, 5])
        #expect(broadcaster.subscriberCount == 0)
    }

    @Test("a subscriber sees only events emitted after it subscribed")
    func lateSubscriber() async {
        let broadcaster = EventBroadcaster<String>()
        broadcaster.emit("before")
        let stream = broadcaster.subscribe()
        broadcaster.emit("after")
        broadcaster.finish()
        broadcaster.emit("ignored")
        var seen: [String] = []
        for await value in stream { seen.append(value) }
        #expect(seen == ["after"])
        var late: [String] = []
        for await value in broadcaster.subscribe() { late.append(value) }
        #expect(late.isEmpty)
        #expect(broadcaster.isFinished)
    }

    @Test("callbacks and streams see the same order")
    func callbacksAndStreams() async {
        let broadcaster = EventBroadcaster<Int>()
        let stream = broadcaster.subscribe()
        let calls = Recorder<Int>()
        broadcaster.on { calls.append($0) }
        for value in 0..<100 { broadcaster.emit(value) }
        broadcaster.finish()
        var streamed: [Int] = []
        for await value in stream { streamed.append(value) }
        #expect(calls.values == Array(0..<100))
        #expect(streamed == calls.values)
    }

    @Test("an emit from inside a callback is delivered after the current event, not re-entrantly")
    func noReentrancy() {
        let broadcaster = EventBroadcaster<String>()
        let log = Recorder<String>()
        let depth = Mutex(0)
        broadcaster.on { event in
            let current = depth.withLock { depth -> Int in
                depth += 1
                return depth
            }
            log.append("A:\(event)@\(current)")
            if event == "ring" { broadcaster.emit("answer") }
            depth.withLock { $0 -= 1 }
        }
        broadcaster.on { event in log.append("B:\(event)") }
        broadcaster.emit("ring")
        #expect(log.values == ["A:ring@1", "B:ring", "A:answer@1", "B:answer"])
    }

    @Test("concurrent emitters never run callbacks concurrently and each emitter's order holds")
    func concurrentEmitters() async {
        let broadcaster = EventBroadcaster<(emitter: Int, sequence: Int)>()
        let running = Mutex(0)
        let overlaps = Mutex(0)
        let calls = Recorder<(emitter: Int, sequence: Int)>()
        broadcaster.on { event in
            let inside = running.withLock { running -> Int in
                running += 1
                return running
            }
            if inside > 1 { overlaps.withLock { $0 += 1 } }
            calls.append(event)
            running.withLock { $0 -= 1 }
        }
        await withTaskGroup(of: Void.self) { group in
            for emitter in 0..<4 {
                group.addTask {
                    for sequence in 0..<500 { broadcaster.emit((emitter, sequence)) }
                }
            }
        }
        #expect(overlaps.withLock { $0 } == 0)
        #expect(calls.values.count == 2_000)
        for emitter in 0..<4 {
            let sequence = calls.values.filter { $0.emitter == emitter }.map(\.sequence)
            #expect(sequence == Array(0..<500))
        }
    }

    @Test("a cancelled callback gets nothing more, even within the same event")
    func cancelCallback() {
        let broadcaster = EventBroadcaster<Int>()
        let log = Recorder<String>()
        let secondToken = Mutex<EventSubscription?>(nil)
        broadcaster.on { event in
            log.append("first:\(event)")
            if event == 2 { secondToken.withLock { $0?.cancel() } }
        }
        let token = broadcaster.on { event in log.append("second:\(event)") }
        secondToken.withLock { $0 = token }
        broadcaster.emit(1)
        broadcaster.emit(2)
        broadcaster.emit(3)
        #expect(log.values == ["first:1", "second:1", "first:2", "first:3"])
        #expect(broadcaster.subscriberCount == 1)
        token.cancel()
    }

    @Test("finish from inside a callback ends streams after earlier events")
    func finishInsideCallback() async {
        let broadcaster = EventBroadcaster<String>()
        let stream = broadcaster.subscribe()
        broadcaster.on { event in
            if event == "hangup" {
                broadcaster.emit("ended")
                broadcaster.finish()
                broadcaster.emit("dropped")
            }
        }
        broadcaster.emit("ringing")
        broadcaster.emit("hangup")
        var seen: [String] = []
        for await value in stream { seen.append(value) }
        #expect(seen == ["ringing", "hangup", "ended"])
    }

    @Test("a terminated stream unsubscribes itself")
    func streamTermination() async {
        let broadcaster = EventBroadcaster<Int>()
        do {
            let stream = broadcaster.subscribe()
            #expect(broadcaster.subscriberCount == 1)
            _ = stream
        }
        #expect(broadcaster.subscriberCount == 0)
        let consumer = Task {
            for await _ in broadcaster.subscribe() {}
        }
        consumer.cancel()
        await consumer.value
        #expect(broadcaster.subscriberCount == 0)
    }

    @Test("buffering policy bufferingNewest keeps the latest events")
    func bufferingNewest() async {
        let broadcaster = EventBroadcaster<Int>()
        let stream = broadcaster.subscribe(bufferingPolicy: .bufferingNewest(2))
        for value in 1...10 { broadcaster.emit(value) }
        broadcaster.finish()
        var seen: [Int] = []
        for await value in stream { seen.append(value) }
        #expect(seen == [9, 10])
    }
}
