/// A fixed-size ring of 16-bit samples, allocated once. Not thread-safe: its owner guards it
/// (the PulseAudio streams use the main-loop lock).
final class PulseAudioRingBuffer {
    /// How many samples it can hold.
    let capacity: Int
    /// How many samples it holds.
    private(set) var count = 0
    private let storage: UnsafeMutableBufferPointer<Int16>
    private var head = 0   // index of the oldest sample

    /// A ring holding up to `capacity` samples (at least 1).
    init(capacity: Int) {
        self.capacity = max(1, capacity)
        storage = .allocate(capacity: self.capacity)
        storage.initialize(repeating: 0)
    }

    deinit {
        storage.deallocate()
    }

    /// Appends `samples`, dropping the oldest ones when full; how many samples were dropped.
    @discardableResult
    func write(_ samples: UnsafeBufferPointer<Int16>) -> Int {
        var input = samples
        var dropped = 0
        if input.count > capacity {
            dropped += input.count - capacity
            input = UnsafeBufferPointer(rebasing: input[(input.count - capacity)...])
        }
        let overflow = count + input.count - capacity
        if overflow > 0 {
            head = (head + overflow) % capacity
            count -= overflow
            dropped += overflow
        }
        var tail = (head + count) % capacity
        for sample in input {
            storage[tail] = sample
            tail += 1
            if tail == capacity { tail = 0 }
        }
        count += input.count
        return dropped
    }

    /// Moves up to `destination.count` of the oldest samples into `destination`; how many.
    func read(into destination: UnsafeMutableBufferPointer<Int16>) -> Int {
        let taken = min(count, destination.count)
        for index in 0..<taken {
            destination[index] = storage[head]
            head += 1
            if head == capacity { head = 0 }
        }
        count -= taken
        return taken
    }

    /// Forgets every sample.
    func removeAll() {
        head = 0
        count = 0
    }
}
