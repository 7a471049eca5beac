/// One place of the ``RTPJitterBuffer`` ring: the packet it holds, or the one it last held.
///
/// A slot keeps the extended sequence number after its packet is played or passed over, so a
/// copy arriving afterwards is told apart as a duplicate (played) or late (concealed).
struct RTPJitterBufferSlot {
    /// What the slot holds.
    enum State: UInt8 {
        /// Never used since the last start.
        case empty
        /// A packet waiting for playout.
        case buffered
        /// The packet was handed out.
        case played
        /// The sequence number was concealed, skipped or dropped without playing a packet.
        case passed
    }

    /// What the slot holds.
    var state: State = .empty
    /// The extended sequence number of the packet (RFC 3550 Appendix A.1 style).
    var index: Int64 = 0
    /// The RTP timestamp of the packet.
    var timestamp: UInt32 = 0
    /// The marker bit of the packet.
    var marker = false
    /// Payload bytes stored.
    var length = 0

    /// Whether the slot holds the packet `index`, waiting.
    func holds(_ index: Int64) -> Bool { state == .buffered && self.index == index }
}
