/// A min-heap of scheduled work ordered by (deadline, scheduling order), shared by the clocks.
///
/// Cancellation is lazy: a cancelled entry stays in the heap, is skipped when it surfaces, and
/// the heap is compacted when cancelled entries outnumber live ones.
struct ScheduledWorkQueue: Sendable {
    struct Entry: Sendable {
        let deadline: StackInstant
        let id: ScheduledWorkID
        let work: @Sendable () -> Void

        func precedes(_ other: Entry) -> Bool {
            deadline != other.deadline ? deadline < other.deadline : id < other.id
        }
    }

    private var heap: [Entry] = []
    private var live: Set<ScheduledWorkID> = []
    private var nextRawID: UInt64 = 0

    /// The number of entries that will still run.
    var count: Int { live.count }

    /// Adds work and returns its identifier.
    mutating func insert(
        deadline: StackInstant, work: @escaping @Sendable () -> Void
    ) -> ScheduledWorkID {
        let id = ScheduledWorkID(rawValue: nextRawID)
        nextRawID += 1
        live.insert(id)
        heap.append(Entry(deadline: deadline, id: id, work: work))
        siftUp(heap.count - 1)
        return id
    }

    /// Marks work as cancelled; `true` when it was still pending.
    mutating func cancel(_ id: ScheduledWorkID) -> Bool {
        guard live.remove(id) != nil else { return false }
        if heap.count > 64, heap.count > 2 * live.count {
            compact()
        }
        return true
    }

    /// The earliest pending entry's deadline.
    mutating func nextDeadline() -> StackInstant? {
        dropCancelledHead()
        return heap.first?.deadline
    }

    /// Removes and returns the earliest pending entry if its deadline is at or before `limit`.
    mutating func popFirst(dueBy limit: StackInstant) -> Entry? {
        dropCancelledHead()
        guard let first = heap.first, first.deadline <= limit else { return nil }
        live.remove(first.id)
        removeRoot()
        return first
    }

    private mutating func dropCancelledHead() {
        while let first = heap.first, !live.contains(first.id) {
            removeRoot()
        }
    }

    private mutating func removeRoot() {
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            siftDown(0)
        }
    }

    private mutating func compact() {
        heap.removeAll { !live.contains($0.id) }
        var index = heap.count / 2 - 1
        while index >= 0 {
            siftDown(index)
            index -= 1
        }
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].precedes(heap[smallest]) { smallest = left }
            if right < heap.count, heap[right].precedes(heap[smallest]) { smallest = right }
            if smallest == parent { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
