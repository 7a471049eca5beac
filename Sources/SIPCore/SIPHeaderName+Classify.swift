// Generated from SIPHeaderName+Known.swift's table: keep the two in step.
extension SIPHeaderName {
    /// Classifies the header name in `p[start..<end]` (any case; compact forms included) to a
    /// known ID, or 0. Generated from the table in `SIPHeaderName+Known.swift`.
    @inline(__always)
    static func classify(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt8 {
        @inline(__always) func lc(_ i: Int) -> UInt8 { let b = p[start &+ i]; return b &- 65 < 26 ? b | 0x20 : b }
        switch end &- start {
        case 1:
            switch lc(0) {
            case 118: return 1 // v: Via
            case 102: return 2 // f: From
            case 116: return 3 // t: To
            case 105: return 4 // i: Call-ID
            case 109: return 6 // m: Contact
            case 99: return 10 // c: Content-Type
            case 108: return 11 // l: Content-Length
            case 101: return 12 // e: Content-Encoding
            case 107: return 23 // k: Supported
            case 111: return 30 // o: Event
            case 117: return 31 // u: Allow-Events
            case 115: return 38 // s: Subject
            case 114: return 49 // r: Refer-To
            case 98: return 50 // b: Referred-By
            case 120: return 51 // x: Session-Expires
            case 121: return 60 // y: Identity
            case 110: return 61 // n: Identity-Info
            case 97: return 62 // a: Accept-Contact
            case 106: return 63 // j: Reject-Contact
            case 100: return 64 // d: Request-Disposition
            default: return 0
            }
        case 2:
            if lc(0) == 116 && lc(1) == 111 { return 3 } // To
            return 0
        case 3:
            if lc(0) == 118 && lc(1) == 105 && lc(2) == 97 { return 1 } // Via
            return 0
        case 4:
            if lc(0) == 102 && lc(1) == 114 && lc(2) == 111 && lc(3) == 109 { return 2 } // From
            if lc(0) == 99 && lc(1) == 115 && lc(2) == 101 && lc(3) == 113 { return 5 } // CSeq
            if lc(0) == 100 && lc(1) == 97 && lc(2) == 116 && lc(3) == 101 { return 39 } // Date
            if lc(0) == 114 && lc(1) == 115 && lc(2) == 101 && lc(3) == 113 { return 53 } // RSeq
            if lc(0) == 114 && lc(1) == 97 && lc(2) == 99 && lc(3) == 107 { return 54 } // RAck
            if lc(0) == 112 && lc(1) == 97 && lc(2) == 116 && lc(3) == 104 { return 58 } // Path
            return 0
        case 5:
            if lc(0) == 114 && lc(1) == 111 && lc(2) == 117 && lc(3) == 116 && lc(4) == 101 { return 7 } // Route
            if lc(0) == 97 && lc(1) == 108 && lc(2) == 108 && lc(3) == 111 && lc(4) == 119 { return 22 } // Allow
            if lc(0) == 101 && lc(1) == 118 && lc(2) == 101 && lc(3) == 110 && lc(4) == 116 { return 30 } // Event
            return 0
        case 6:
            if lc(0) == 114 && lc(1) == 101 && lc(2) == 97 && lc(3) == 115 && lc(4) == 111 && lc(5) == 110 { return 27 } // Reason
            if lc(0) == 115 && lc(1) == 101 && lc(2) == 114 && lc(3) == 118 && lc(4) == 101 && lc(5) == 114 { return 29 } // Server
            if lc(0) == 97 && lc(1) == 99 && lc(2) == 99 && lc(3) == 101 && lc(4) == 112 && lc(5) == 116 { return 35 } // Accept
            if lc(0) == 109 && lc(1) == 105 && lc(2) == 110 && lc(3) == 45 && lc(4) == 115 && lc(5) == 101 { return 52 } // Min-SE
            return 0
        case 7:
            if lc(0) == 99 && lc(1) == 97 && lc(2) == 108 && lc(3) == 108 && lc(4) == 45 && lc(5) == 105 && lc(6) == 100 { return 4 } // Call-ID
            if lc(0) == 99 && lc(1) == 111 && lc(2) == 110 && lc(3) == 116 && lc(4) == 97 && lc(5) == 99 && lc(6) == 116 { return 6 } // Contact
            if lc(0) == 101 && lc(1) == 120 && lc(2) == 112 && lc(3) == 105 && lc(4) == 114 && lc(5) == 101 && lc(6) == 115 { return 15 } // Expires
            if lc(0) == 114 && lc(1) == 101 && lc(2) == 113 && lc(3) == 117 && lc(4) == 105 && lc(5) == 114 && lc(6) == 101 { return 24 } // Require
            if lc(0) == 119 && lc(1) == 97 && lc(2) == 114 && lc(3) == 110 && lc(4) == 105 && lc(5) == 110 && lc(6) == 103 { return 34 } // Warning
            if lc(0) == 115 && lc(1) == 117 && lc(2) == 98 && lc(3) == 106 && lc(4) == 101 && lc(5) == 99 && lc(6) == 116 { return 38 } // Subject
            if lc(0) == 112 && lc(1) == 114 && lc(2) == 105 && lc(3) == 118 && lc(4) == 97 && lc(5) == 99 && lc(6) == 121 { return 55 } // Privacy
            return 0
        case 8:
            if lc(0) == 112 && lc(1) == 114 && lc(2) == 105 && lc(3) == 111 && lc(4) == 114 && lc(5) == 105 && lc(6) == 116 && lc(7) == 121 { return 42 } // Priority
            if lc(0) == 114 && lc(1) == 101 && lc(2) == 112 && lc(3) == 108 && lc(4) == 121 && lc(5) == 45 && lc(6) == 116 && lc(7) == 111 { return 43 } // Reply-To
            if lc(0) == 114 && lc(1) == 101 && lc(2) == 102 && lc(3) == 101 && lc(4) == 114 && lc(5) == 45 && lc(6) == 116 && lc(7) == 111 { return 49 } // Refer-To
            if lc(0) == 105 && lc(1) == 100 && lc(2) == 101 && lc(3) == 110 && lc(4) == 116 && lc(5) == 105 && lc(6) == 116 && lc(7) == 121 { return 60 } // Identity
            return 0
        case 9:
            if lc(0) == 115 && lc(1) == 117 && lc(2) == 112 && lc(3) == 112 && lc(4) == 111 && lc(5) == 114 && lc(6) == 116 && lc(7) == 101 && lc(8) == 100 { return 23 } // Supported
            if lc(0) == 116 && lc(1) == 105 && lc(2) == 109 && lc(3) == 101 && lc(4) == 115 && lc(5) == 116 && lc(6) == 97 && lc(7) == 109 && lc(8) == 112 { return 40 } // Timestamp
            if lc(0) == 99 && lc(1) == 97 && lc(2) == 108 && lc(3) == 108 && lc(4) == 45 && lc(5) == 105 && lc(6) == 110 && lc(7) == 102 && lc(8) == 111 { return 46 } // Call-Info
            return 0
        case 10:
            if lc(0) == 117 && lc(1) == 115 && lc(2) == 101 && lc(3) == 114 && lc(4) == 45 && lc(5) == 97 && lc(6) == 103 && lc(7) == 101 && lc(8) == 110 && lc(9) == 116 { return 28 } // User-Agent
            if lc(0) == 97 && lc(1) == 108 && lc(2) == 101 && lc(3) == 114 && lc(4) == 116 && lc(5) == 45 && lc(6) == 105 && lc(7) == 110 && lc(8) == 102 && lc(9) == 111 { return 47 } // Alert-Info
            if lc(0) == 101 && lc(1) == 114 && lc(2) == 114 && lc(3) == 111 && lc(4) == 114 && lc(5) == 45 && lc(6) == 105 && lc(7) == 110 && lc(8) == 102 && lc(9) == 111 { return 48 } // Error-Info
            return 0
        case 11:
            if lc(0) == 109 && lc(1) == 105 && lc(2) == 110 && lc(3) == 45 && lc(4) == 101 && lc(5) == 120 && lc(6) == 112 && lc(7) == 105 && lc(8) == 114 && lc(9) == 101 && lc(10) == 115 { return 16 } // Min-Expires
            if lc(0) == 117 && lc(1) == 110 && lc(2) == 115 && lc(3) == 117 && lc(4) == 112 && lc(5) == 112 && lc(6) == 111 && lc(7) == 114 && lc(8) == 116 && lc(9) == 101 && lc(10) == 100 { return 26 } // Unsupported
            if lc(0) == 114 && lc(1) == 101 && lc(2) == 116 && lc(3) == 114 && lc(4) == 121 && lc(5) == 45 && lc(6) == 97 && lc(7) == 102 && lc(8) == 116 && lc(9) == 101 && lc(10) == 114 { return 33 } // Retry-After
            if lc(0) == 105 && lc(1) == 110 && lc(2) == 45 && lc(3) == 114 && lc(4) == 101 && lc(5) == 112 && lc(6) == 108 && lc(7) == 121 && lc(8) == 45 && lc(9) == 116 && lc(10) == 111 { return 44 } // In-Reply-To
            if lc(0) == 114 && lc(1) == 101 && lc(2) == 102 && lc(3) == 101 && lc(4) == 114 && lc(5) == 114 && lc(6) == 101 && lc(7) == 100 && lc(8) == 45 && lc(9) == 98 && lc(10) == 121 { return 50 } // Referred-By
            return 0
        case 12:
            if lc(0) == 114 && lc(1) == 101 && lc(2) == 99 && lc(3) == 111 && lc(4) == 114 && lc(5) == 100 && lc(6) == 45 && lc(7) == 114 && lc(8) == 111 && lc(9) == 117 && lc(10) == 116 && lc(11) == 101 { return 8 } // Record-Route
            if lc(0) == 109 && lc(1) == 97 && lc(2) == 120 && lc(3) == 45 && lc(4) == 102 && lc(5) == 111 && lc(6) == 114 && lc(7) == 119 && lc(8) == 97 && lc(9) == 114 && lc(10) == 100 && lc(11) == 115 { return 9 } // Max-Forwards
            if lc(0) == 99 && lc(1) == 111 && lc(2) == 110 && lc(3) == 116 && lc(4) == 101 && lc(5) == 110 && lc(6) == 116 && lc(7) == 45 && lc(8) == 116 && lc(9) == 121 && lc(10) == 112 && lc(11) == 101 { return 10 } // Content-Type
            if lc(0) == 97 && lc(1) == 108 && lc(2) == 108 && lc(3) == 111 && lc(4) == 119 && lc(5) == 45 && lc(6) == 101 && lc(7) == 118 && lc(8) == 101 && lc(9) == 110 && lc(10) == 116 && lc(11) == 115 { return 31 } // Allow-Events
            if lc(0) == 111 && lc(1) == 114 && lc(2) == 103 && lc(3) == 97 && lc(4) == 110 && lc(5) == 105 && lc(6) == 122 && lc(7) == 97 && lc(8) == 116 && lc(9) == 105 && lc(10) == 111 && lc(11) == 110 { return 41 } // Organization
            if lc(0) == 109 && lc(1) == 105 && lc(2) == 109 && lc(3) == 101 && lc(4) == 45 && lc(5) == 118 && lc(6) == 101 && lc(7) == 114 && lc(8) == 115 && lc(9) == 105 && lc(10) == 111 && lc(11) == 110 { return 45 } // MIME-Version
            return 0
        case 13:
            if lc(0) == 97 && lc(1) == 117 && lc(2) == 116 && lc(3) == 104 && lc(4) == 111 && lc(5) == 114 && lc(6) == 105 && lc(7) == 122 && lc(8) == 97 && lc(9) == 116 && lc(10) == 105 && lc(11) == 111 && lc(12) == 110 { return 18 } // Authorization
            if lc(0) == 112 && lc(1) == 114 && lc(2) == 111 && lc(3) == 120 && lc(4) == 121 && lc(5) == 45 && lc(6) == 114 && lc(7) == 101 && lc(8) == 113 && lc(9) == 117 && lc(10) == 105 && lc(11) == 114 && lc(12) == 101 { return 25 } // Proxy-Require
            if lc(0) == 115 && lc(1) == 101 && lc(2) == 114 && lc(3) == 118 && lc(4) == 105 && lc(5) == 99 && lc(6) == 101 && lc(7) == 45 && lc(8) == 114 && lc(9) == 111 && lc(10) == 117 && lc(11) == 116 && lc(12) == 101 { return 59 } // Service-Route
            if lc(0) == 105 && lc(1) == 100 && lc(2) == 101 && lc(3) == 110 && lc(4) == 116 && lc(5) == 105 && lc(6) == 116 && lc(7) == 121 && lc(8) == 45 && lc(9) == 105 && lc(10) == 110 && lc(11) == 102 && lc(12) == 111 { return 61 } // Identity-Info
            return 0
        case 14:
            if lc(0) == 99 && lc(1) == 111 && lc(2) == 110 && lc(3) == 116 && lc(4) == 101 && lc(5) == 110 && lc(6) == 116 && lc(7) == 45 && lc(8) == 108 && lc(9) == 101 && lc(10) == 110 && lc(11) == 103 && lc(12) == 116 && lc(13) == 104 { return 11 } // Content-Length
            if lc(0) == 97 && lc(1) == 99 && lc(2) == 99 && lc(3) == 101 && lc(4) == 112 && lc(5) == 116 && lc(6) == 45 && lc(7) == 99 && lc(8) == 111 && lc(9) == 110 && lc(10) == 116 && lc(11) == 97 && lc(12) == 99 && lc(13) == 116 { return 62 } // Accept-Contact
            if lc(0) == 114 && lc(1) == 101 && lc(2) == 106 && lc(3) == 101 && lc(4) == 99 && lc(5) == 116 && lc(6) == 45 && lc(7) == 99 && lc(8) == 111 && lc(9) == 110 && lc(10) == 116 && lc(11) == 97 && lc(12) == 99 && lc(13) == 116 { return 63 } // Reject-Contact
            return 0
        case 15:
            if lc(0) == 97 && lc(1) == 99 && lc(2) == 99 && lc(3) == 101 && lc(4) == 112 && lc(5) == 116 && lc(6) == 45 && lc(7) == 101 && lc(8) == 110 && lc(9) == 99 && lc(10) == 111 && lc(11) == 100 && lc(12) == 105 && lc(13) == 110 && lc(14) == 103 { return 36 } // Accept-Encoding
            if lc(0) == 97 && lc(1) == 99 && lc(2) == 99 && lc(3) == 101 && lc(4) == 112 && lc(5) == 116 && lc(6) == 45 && lc(7) == 108 && lc(8) == 97 && lc(9) == 110 && lc(10) == 103 && lc(11) == 117 && lc(12) == 97 && lc(13) == 103 && lc(14) == 101 { return 37 } // Accept-Language
            if lc(0) == 115 && lc(1) == 101 && lc(2) == 115 && lc(3) == 115 && lc(4) == 105 && lc(5) == 111 && lc(6) == 110 && lc(7) == 45 && lc(8) == 101 && lc(9) == 120 && lc(10) == 112 && lc(11) == 105 && lc(12) == 114 && lc(13) == 101 && lc(14) == 115 { return 51 } // Session-Expires
            return 0
        case 16:
            if lc(0) == 99 && lc(1) == 111 && lc(2) == 110 && lc(3) == 116 && lc(4) == 101 && lc(5) == 110 && lc(6) == 116 && lc(7) == 45 && lc(8) == 101 && lc(9) == 110 && lc(10) == 99 && lc(11) == 111 && lc(12) == 100 && lc(13) == 105 && lc(14) == 110 && lc(15) == 103 { return 12 } // Content-Encoding
            if lc(0) == 99 && lc(1) == 111 && lc(2) == 110 && lc(3) == 116 && lc(4) == 101 && lc(5) == 110 && lc(6) == 116 && lc(7) == 45 && lc(8) == 108 && lc(9) == 97 && lc(10) == 110 && lc(11) == 103 && lc(12) == 117 && lc(13) == 97 && lc(14) == 103 && lc(15) == 101 { return 14 } // Content-Language
            if lc(0) == 119 && lc(1) == 119 && lc(2) == 119 && lc(3) == 45 && lc(4) == 97 && lc(5) == 117 && lc(6) == 116 && lc(7) == 104 && lc(8) == 101 && lc(9) == 110 && lc(10) == 116 && lc(11) == 105 && lc(12) == 99 && lc(13) == 97 && lc(14) == 116 && lc(15) == 101 { return 17 } // WWW-Authenticate
            return 0
        case 18:
            if lc(0) == 112 && lc(1) == 114 && lc(2) == 111 && lc(3) == 120 && lc(4) == 121 && lc(5) == 45 && lc(6) == 97 && lc(7) == 117 && lc(8) == 116 && lc(9) == 104 && lc(10) == 101 && lc(11) == 110 && lc(12) == 116 && lc(13) == 105 && lc(14) == 99 && lc(15) == 97 && lc(16) == 116 && lc(17) == 101 { return 19 } // Proxy-Authenticate
            if lc(0) == 115 && lc(1) == 117 && lc(2) == 98 && lc(3) == 115 && lc(4) == 99 && lc(5) == 114 && lc(6) == 105 && lc(7) == 112 && lc(8) == 116 && lc(9) == 105 && lc(10) == 111 && lc(11) == 110 && lc(12) == 45 && lc(13) == 115 && lc(14) == 116 && lc(15) == 97 && lc(16) == 116 && lc(17) == 101 { return 32 } // Subscription-State
            return 0
        case 19:
            if lc(0) == 99 && lc(1) == 111 && lc(2) == 110 && lc(3) == 116 && lc(4) == 101 && lc(5) == 110 && lc(6) == 116 && lc(7) == 45 && lc(8) == 100 && lc(9) == 105 && lc(10) == 115 && lc(11) == 112 && lc(12) == 111 && lc(13) == 115 && lc(14) == 105 && lc(15) == 116 && lc(16) == 105 && lc(17) == 111 && lc(18) == 110 { return 13 } // Content-Disposition
            if lc(0) == 112 && lc(1) == 114 && lc(2) == 111 && lc(3) == 120 && lc(4) == 121 && lc(5) == 45 && lc(6) == 97 && lc(7) == 117 && lc(8) == 116 && lc(9) == 104 && lc(10) == 111 && lc(11) == 114 && lc(12) == 105 && lc(13) == 122 && lc(14) == 97 && lc(15) == 116 && lc(16) == 105 && lc(17) == 111 && lc(18) == 110 { return 20 } // Proxy-Authorization
            if lc(0) == 97 && lc(1) == 117 && lc(2) == 116 && lc(3) == 104 && lc(4) == 101 && lc(5) == 110 && lc(6) == 116 && lc(7) == 105 && lc(8) == 99 && lc(9) == 97 && lc(10) == 116 && lc(11) == 105 && lc(12) == 111 && lc(13) == 110 && lc(14) == 45 && lc(15) == 105 && lc(16) == 110 && lc(17) == 102 && lc(18) == 111 { return 21 } // Authentication-Info
            if lc(0) == 112 && lc(1) == 45 && lc(2) == 97 && lc(3) == 115 && lc(4) == 115 && lc(5) == 101 && lc(6) == 114 && lc(7) == 116 && lc(8) == 101 && lc(9) == 100 && lc(10) == 45 && lc(11) == 105 && lc(12) == 100 && lc(13) == 101 && lc(14) == 110 && lc(15) == 116 && lc(16) == 105 && lc(17) == 116 && lc(18) == 121 { return 56 } // P-Asserted-Identity
            if lc(0) == 114 && lc(1) == 101 && lc(2) == 113 && lc(3) == 117 && lc(4) == 101 && lc(5) == 115 && lc(6) == 116 && lc(7) == 45 && lc(8) == 100 && lc(9) == 105 && lc(10) == 115 && lc(11) == 112 && lc(12) == 111 && lc(13) == 115 && lc(14) == 105 && lc(15) == 116 && lc(16) == 105 && lc(17) == 111 && lc(18) == 110 { return 64 } // Request-Disposition
            return 0
        case 20:
            if lc(0) == 112 && lc(1) == 45 && lc(2) == 112 && lc(3) == 114 && lc(4) == 101 && lc(5) == 102 && lc(6) == 101 && lc(7) == 114 && lc(8) == 114 && lc(9) == 101 && lc(10) == 100 && lc(11) == 45 && lc(12) == 105 && lc(13) == 100 && lc(14) == 101 && lc(15) == 110 && lc(16) == 116 && lc(17) == 105 && lc(18) == 116 && lc(19) == 121 { return 57 } // P-Preferred-Identity
            return 0
        default:
            return 0
        }
    }
}
