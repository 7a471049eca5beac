import StackCore
import Testing

/// ``SampleRingBuffer``: FIFO order across the wrap, the oldest dropped when full, padded reads.
@Suite struct SampleRingBufferTests {
    @Test("writes past the end wrap; a full ring drops the oldest and says how many; reads take the oldest")
    func fifo() {
        let ring = SampleRingBuffer(capacity: 4)
        #expect([1, 2, 3].withUnsafeBufferPointer { ring.write($0) } == 0)
        var two = [Int16](repeating: 0, count: 2)
        #expect(two.withUnsafeMutableBufferPointer { ring.read(into: $0) } == 2 && two == [1, 2])
        #expect([4, 5, 6, 7].withUnsafeBufferPointer { ring.write($0) } == 1)      // 3 is dropped
        #expect(ring.count == 4)
        var four = [Int16](repeating: 0, count: 4)
        #expect(four.withUnsafeMutableBufferPointer { ring.read(into: $0) } == 4 && four == [4, 5, 6, 7])
        #expect([Int16](0..<10).withUnsafeBufferPointer { ring.write($0) } == 6)   // only the newest 4 stay
        var padded = [Int16](repeating: 9, count: 6)
        #expect(padded.withUnsafeMutableBufferPointer { ring.readPadded(into: $0) } == 4)
        #expect(padded == [6, 7, 8, 9, 0, 0])
    }
}
