/// Sequence number extension and source validation for one SSRC, as in RFC 3550 Appendix A.1:
/// probation, maximum dropout, maximum misorder, cycle counting and re-synchronisation after a
/// restart. A pure value: feed it every sequence number in arrival order.
public struct RTPSequenceTracker: Sendable, Hashable {
    /// What one packet did to the state (RFC 3550 Appendix A.1 `update_seq`).
    public enum Update: Sendable, Hashable {
        /// The source is still on probation: the packet is not valid yet.
        case probation
        /// Valid and past the highest sequence number so far (a gap means loss).
        case inOrder(extendedSequence: UInt32)
        /// Valid and behind the highest sequence number: a duplicate or a reordered packet
        /// (within the misorder window, or the highest number again).
        case lateOrDuplicate(extendedSequence: UInt32)
        /// A very large jump: the packet is dropped and its successor remembered.
        case largeJump
        /// Two sequential packets after a large jump: the sender restarted; the state started
        /// again at this packet, which is valid.
        case restarted(extendedSequence: UInt32)

        /// Whether the packet counts as received (everything but probation and a large jump).
        public var isValid: Bool {
            switch self {
            case .probation, .largeJump: return false
            case .inOrder, .lateOrDuplicate, .restarted: return true
            }
        }
    }

    /// RTP_SEQ_MOD.
    static let sequenceModulus: UInt32 = 1 << 16
    /// MAX_DROPOUT: the largest forward jump taken as loss rather than a restart.
    public static let maxDropout: UInt16 = 3000
    /// MAX_MISORDER: how far behind a packet may be and still count as reordered.
    public static let maxMisorder: UInt16 = 100

    /// MIN_SEQUENTIAL: sequential packets needed before the source is valid.
    public let minSequential: Int
    /// The first sequence number counted (base_seq).
    public private(set) var baseSequence: UInt16 = 0
    /// The highest sequence number seen (max_seq).
    public private(set) var maxSequence: UInt16 = 0
    /// Wrap-arounds so far, shifted: a multiple of 65536 (cycles).
    public private(set) var cycles: UInt32 = 0
    /// The number after the last large jump (bad_seq); 65537 when none.
    public private(set) var badSequence: UInt32 = sequenceModulus + 1
    /// Sequential packets still needed (probation); 0 once valid.
    public private(set) var probation: Int
    /// Valid packets received, duplicates included (received).
    public private(set) var received: UInt32 = 0
    /// expected_prior and received_prior for the interval statistics (Appendix A.3).
    var expectedPrior: Int64 = 0
    var receivedPrior: UInt32 = 0
    /// Whether any packet was seen.
    public private(set) var hasStarted = false

    /// A tracker for a source not heard yet; `minSequential` is MIN_SEQUENTIAL (RFC: 2).
    public init(minSequential: Int = 2) {
        self.minSequential = max(minSequential, 0)
        self.probation = self.minSequential
    }

    /// Whether the source has passed probation.
    public var isValid: Bool { hasStarted && probation == 0 }

    /// The extended highest sequence number: cycles plus max_seq (RFC 3550 §6.4.1).
    public var extendedHighestSequence: UInt32 { cycles &+ UInt32(maxSequence) }

    /// Processes the sequence number of the next packet to arrive (`update_seq`).
    public mutating func update(_ sequence: UInt16) -> Update {
        if !hasStarted {
            // A new source: init_seq(s, seq); max_seq = seq - 1; probation = MIN_SEQUENTIAL.
            hasStarted = true
            restart(at: sequence)
            guard minSequential > 0 else {
                received = 1
                return .inOrder(extendedSequence: extendedHighestSequence)
            }
            maxSequence = sequence &- 1
            probation = minSequential
        }
        let delta = sequence &- maxSequence
        if probation > 0 {
            if sequence == maxSequence &+ 1 {
                probation -= 1
                maxSequence = sequence
                if probation == 0 {
                    restart(at: sequence)
                    received += 1
                    return .inOrder(extendedSequence: extendedHighestSequence)
                }
            } else {
                probation = minSequential - 1
                maxSequence = sequence
            }
            return .probation
        }
        if delta < Self.maxDropout {
            // In order, with permissible gap; delta 0 is the highest number again.
            if sequence < maxSequence { cycles &+= Self.sequenceModulus }
            maxSequence = sequence
            received &+= 1
            return delta == 0 ? .lateOrDuplicate(extendedSequence: extendedHighestSequence)
                : .inOrder(extendedSequence: extendedHighestSequence)
        }
        if UInt32(delta) <= Self.sequenceModulus - UInt32(Self.maxMisorder) {
            guard UInt32(sequence) == badSequence else {
                badSequence = (UInt32(sequence) + 1) & (Self.sequenceModulus - 1)
                return .largeJump
            }
            restart(at: sequence)
            received &+= 1
            return .restarted(extendedSequence: extendedHighestSequence)
        }
        received &+= 1
        return .lateOrDuplicate(extendedSequence: extendedHighestSequence &- UInt32(maxSequence &- sequence))
    }

    /// init_seq: starts counting at `sequence`.
    private mutating func restart(at sequence: UInt16) {
        baseSequence = sequence
        maxSequence = sequence
        badSequence = Self.sequenceModulus + 1
        cycles = 0
        received = 0
        receivedPrior = 0
        expectedPrior = 0
    }
}
