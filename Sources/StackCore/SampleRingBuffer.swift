/// A fixed-size FIFO of 16-bit samples, allocated once: writes drop the oldest samples when
/// it is full, reads take the oldest. Not thread-safe: its owner guards it (the PulseAudio
/// streams with their main-loop lock, the echo canceller and the loopback with a mutex).
public final class SampleRingBuffer {
    /// How many samples it can hold.
    public let capacity: Int
    /// How many samples it holds.
    public private(set) var count = 0
    private let storage: UnsafeMutableBufferPointer<Int16>
    private var head = 0   // index of the oldest sample

    /// A ring holding up to `capacity` samples (at least 1).
    public init(capacity: Int) {
        self.capacity = max(1, capacity)
        storage = .allocate(capacity: self.capacity)
        storage.initialize(repeating: 0)
    }

    deinit {
        storage.deallocate()
    }

    /// Appends `samples`, dropping the oldest ones when full; how many samples were dropped.
    @discardableResult
    public func write(_ samples: UnsafeBufferPointer<Int16>) -> Int {
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
    public func read(into destination: UnsafeMutableBufferPointer<Int16>) -> Int {
        let taken = min(count, destination.count)
        for index in 0..<taken {
            destination[index] = storage[head]
            head += 1
            if head == capacity { head = 0 }
        }
        count -= taken
        return taken
    }

    /// Fills `destination` with the oldest samples, silence for what is missing; how many
    /// samples were real.
    @discardableResult
    public func readPadded(into destination: UnsafeMutableBufferPointer<Int16>) -> Int {
        let taken = read(into: destination)
        if taken < destination.count {
            UnsafeMutableBufferPointer(rebasing: destination[taken...]).update(repeating: 0)
        }
        return taken
    }

    /// Forgets every sample.
    public func removeAll() {
        head = 0
        count = 0
    }
}
