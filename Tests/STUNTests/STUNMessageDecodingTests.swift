import Testing
@testable import STUN

/// Malformed input: every problem is a typed ``STUNDecodingError`` (RFC 8489 §5, §6.3, §14).
@Suite struct STUNMessageDecodingTests {
    /// A Binding request header (RFC 5769 transaction ID) followed by `body`; the length field
    /// is `length` or the body's size.
    static func message(_ body: [UInt8], length: Int? = nil, type: UInt16 = 0x0001) -> [UInt8] {
        let length = length ?? body.count
        return [UInt8(type >> 8), UInt8(type & 0xff), UInt8(length >> 8), UInt8(length & 0xff),
                0x21, 0x12, 0xa4, 0x42] + STUNVectors.shortTermTransactionID.bytes + body
    }

    static let allVectors = STUNVectors.rfc5769.map(\.bytes) + [STUNVectors.sha256RequestConsistent]

    @Test("every prefix of every vector is rejected with a typed error (RFC 8489 §5)")
    func everyPrefix() throws {
        for vector in Self.allVectors {
            let header = try STUNMessageHeader(decoding: vector)
            for count in 0..<vector.count {
                let prefix = Array(vector[..<count])
                do {
                    _ = try STUNMessage(decoding: prefix)
                    Issue.record("a \(count)-byte prefix decoded")
                } catch {
                    if count < 20 {
                        #expect(error.kind == .truncatedHeader(available: count))
                    } else {
                        #expect(error.kind == .lengthMismatch(declared: vector.count - 20, available: count - 20))
                        #expect(error.header == header)
                    }
                }
            }
        }
    }

    @Test("every prefix with its length field patched to fit: an attribute prefix or a typed error")
    func everyPrefixWithPatchedLength() throws {
        for vector in Self.allVectors {
            let full = try STUNMessage(decoding: vector)
            for count in 20..<vector.count {
                var prefix = Array(vector[..<count])
                prefix[2] = UInt8((count - 20) >> 8)
                prefix[3] = UInt8((count - 20) & 0xff)
                do {
                    let message = try STUNMessage(decoding: prefix)
                    #expect(count % 4 == 0)
                    #expect(Array(full.attributes.prefix(message.attributes.count)) == message.attributes)
                } catch {
                    switch error.kind {
                    case .lengthNotMultipleOfFour: #expect(count % 4 != 0)
                    case .attributeOverrun: #expect(error.attributeType != nil)
                    default: Issue.record("unexpected \(error)")
                    }
                }
            }
        }
    }

    @Test("a message inside a larger buffer or behind a raw pointer decodes the same; offsets are the message's")
    func slicesAndPointers() throws {
        for vector in Self.allVectors {
            let padded = [0xAA, 0xBB, 0xCC] + vector + [0xDD]
            let fromSlice = try STUNMessage(decoding: padded[3..<(3 + vector.count)])
            let fromPointer = try vector.withUnsafeBytes { try STUNMessage(decoding: $0) }
            #expect(fromSlice == (try STUNMessage(decoding: vector)))
            #expect(fromPointer == fromSlice)
            #expect(fromSlice.receivedBytes?.startIndex == 3)
        }
        var broken = STUNVectors.ipv4Response
        broken[36 + 5] = 0x03  // XOR-MAPPED-ADDRESS family
        let padded = [0, 0, 0, 0] + broken
        let header = try STUNMessageHeader(decoding: broken)
        #expect(throws: STUNDecodingError(.unknownAddressFamily(3), offset: 36, attributeType: .xorMappedAddress,
                                          header: header)) {
            try STUNMessage(decoding: padded[4...])
        }
    }

    @Test("header checks: the two zero bits, the magic cookie, the length (RFC 8489 §5)")
    func headerChecks() throws {
        var bytes = STUNVectors.request
        bytes[0] = 0x40
        #expect(throws: STUNDecodingError(.notSTUN(firstByte: 0x40), offset: 0)) { try STUNMessage(decoding: bytes) }
        bytes = STUNVectors.request
        bytes[4] = 0x22
        #expect(throws: STUNDecodingError(.badMagicCookie(0x2212_a442), offset: 4)) { try STUNMessage(decoding: bytes) }
        bytes = Self.message([], length: 2)
        #expect(throws: STUNDecodingError.self) { try STUNMessage(decoding: bytes) }
        do {
            _ = try STUNMessage(decoding: bytes)
        } catch {
            #expect(error.kind == .lengthNotMultipleOfFour(2))
            #expect(error.header?.method == .binding)
        }
        #expect(throws: STUNDecodingError.self) { try STUNMessage(decoding: STUNVectors.request + [0, 0, 0, 0]) }
        let empty = try STUNMessage(decoding: Self.message([]))
        #expect(empty.attributes.isEmpty)
    }

    @Test("padding: any padding bytes are accepted; a missing one is an overrun (RFC 8489 §14)")
    func padding() throws {
        let name: [UInt8] = Array("evtj:h6vY".utf8)
        let withJunk = try STUNMessage(decoding: Self.message([0x00, 0x06, 0x00, 0x09] + name + [0xff, 0x00, 0x7f]))
        #expect(withJunk.username == "evtj:h6vY")
        // Unpadded value, length field covering only the value: not a multiple of 4.
        #expect(throws: STUNDecodingError.self) {
            try STUNMessage(decoding: Self.message([0x00, 0x06, 0x00, 0x09] + name))
        }
        // Unpadded value followed by the next attribute: the padding swallows its header.
        let unpadded = [0x00, 0x06, 0x00, 0x09] + name + [0x00, 0x24, 0x00, 0x04, 0x6e, 0x00, 0x01]
        do {
            let message = try STUNMessage(decoding: Self.message(unpadded))
            Issue.record("decoded \(message)")
        } catch {
            #expect(error.kind == .attributeOverrun(length: 4, remaining: 0))
            #expect(error.offset == 36)
        }
    }

    @Test("an attribute length running past the end is rejected with its offset and type")
    func attributeOverrun() throws {
        let body: [UInt8] = [0x00, 0x24, 0x01, 0x00, 0x6e, 0x00, 0x01, 0xff]
        #expect(throws: STUNDecodingError(
            .attributeOverrun(length: 256, remaining: 4), offset: 20, attributeType: .priority,
            header: STUNMessageHeader(messageClass: .request, method: .binding, length: 8,
                                      transactionID: STUNVectors.shortTermTransactionID))) {
            try STUNMessage(decoding: Self.message(body))
        }
        let maximal: [UInt8] = [0x80, 0x22, 0xff, 0xff]
        #expect(throws: STUNDecodingError.self) { try STUNMessage(decoding: Self.message(maximal)) }
    }

    @Test("wrong lengths and values of known attributes are typed errors")
    func malformedKnownAttributes() throws {
        let cases: [([UInt8], STUNDecodingError.Kind, STUNAttributeType)] = [
            ([0x00, 0x20, 0x00, 0x08, 0x00, 0x03, 0xa1, 0x47, 0xe1, 0x12, 0xa6, 0x43], .unknownAddressFamily(3), .xorMappedAddress),
            ([0x00, 0x20, 0x00, 0x14, 0x00, 0x01, 0xa1, 0x47] + Array(repeating: 0, count: 16), .invalidAttributeLength(20), .xorMappedAddress),
            ([0x00, 0x01, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00], .invalidAttributeLength(2), .mappedAddress),
            ([0x00, 0x08, 0x00, 0x10] + Array(repeating: 0, count: 16), .invalidAttributeLength(16), .messageIntegrity),
            ([0x00, 0x1c, 0x00, 0x0c] + Array(repeating: 0, count: 12), .invalidAttributeLength(12), .messageIntegritySHA256),
            ([0x80, 0x28, 0x00, 0x08] + Array(repeating: 0, count: 8), .invalidAttributeLength(8), .fingerprint),
            ([0x00, 0x24, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00], .invalidAttributeLength(2), .priority),
            ([0x00, 0x25, 0x00, 0x04, 0, 0, 0, 0], .invalidAttributeLength(4), .useCandidate),
            ([0x80, 0x2a, 0x00, 0x04, 0, 0, 0, 1], .invalidAttributeLength(4), .iceControlling),
            ([0x00, 0x06, 0x00, 0x02, 0xc3, 0x28, 0, 0], .invalidUTF8, .username),
            ([0x00, 0x09, 0x00, 0x04, 0x00, 0x00, 0x07, 0x01], .invalidErrorCode(errorClass: 7, number: 1), .errorCode),
            ([0x00, 0x09, 0x00, 0x04, 0x00, 0x00, 0x04, 0x64], .invalidErrorCode(errorClass: 4, number: 100), .errorCode),
            ([0x00, 0x09, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00], .invalidAttributeLength(2), .errorCode),
            ([0x00, 0x0a, 0x00, 0x03, 0x00, 0x03, 0x00, 0x00], .invalidAttributeLength(3), .unknownAttributes),
            ([0x00, 0x1e, 0x00, 0x04, 0, 0, 0, 0], .invalidAttributeLength(4), .userhash),
        ]
        for (body, kind, type) in cases {
            do {
                let message = try STUNMessage(decoding: Self.message(body))
                Issue.record("decoded \(message)")
            } catch {
                #expect(error.kind == kind)
                #expect(error.attributeType == type)
                #expect(error.offset == 20)
                #expect(error.header?.transactionID == STUNVectors.shortTermTransactionID)
            }
        }
    }

    @Test("duplicate attributes are all kept; accessors return the first (RFC 8489 §14)")
    func duplicates() throws {
        let body: [UInt8] = [0x00, 0x06, 0x00, 0x04] + Array("aaaa".utf8) + [0x00, 0x06, 0x00, 0x04] + Array("bbbb".utf8)
            + [0x00, 0x24, 0x00, 0x04, 0, 0, 0, 1, 0x00, 0x24, 0x00, 0x04, 0, 0, 0, 2]
        let message = try STUNMessage(decoding: Self.message(body))
        #expect(message.attributes == [.username("aaaa"), .username("bbbb"), .priority(1), .priority(2)])
        #expect(message.username == "aaaa")
        #expect(message.priority == 1)
        #expect(try STUNMessage(decoding: message.encoded()) == message)
    }

    @Test("unknown comprehension-required attributes are reported for a 420 (RFC 8489 §6.3.1, §14.13)")
    func unknownComprehensionRequired() throws {
        let body: [UInt8] = [0x00, 0x03, 0x00, 0x04, 0, 0, 0, 6,  // CHANGE-REQUEST (RFC 5780), not modelled
                             0xc0, 0x57, 0x00, 0x04, 0, 1, 0, 0,  // comprehension-optional: no 420
                             0x7f, 0xff, 0x00, 0x01, 9, 0, 0, 0,
                             0x00, 0x03, 0x00, 0x00]              // a duplicate, listed once
        let request = try STUNMessage(decoding: Self.message(body))
        #expect(request.unknownComprehensionRequiredAttributes == [STUNAttributeType(0x0003), STUNAttributeType(0x7fff)])
        #expect(request.attributes[1] == .other(STUNAttributeType(0xc057), [0, 1, 0, 0]))
        #expect(request.attributes[2] == .other(STUNAttributeType(0x7fff), [9]))
        let response = try #require(request.unknownAttributesResponse())
        #expect(response.messageClass == .errorResponse)
        #expect(response.transactionID == request.transactionID)
        #expect(response.errorCode == STUNErrorCode(code: 420, reason: "Unknown Attribute"))
        #expect(response.unknownAttributes == [STUNAttributeType(0x0003), STUNAttributeType(0x7fff)])
        #expect(try STUNMessage(decoding: response.encoded()) == response)
        #expect(try STUNMessage(decoding: STUNVectors.request).unknownAttributesResponse() == nil)
    }

    @Test("attributes after MESSAGE-INTEGRITY (but FINGERPRINT) and after FINGERPRINT are ignored (RFC 8489 §14.5, §14.7)")
    func ignoredAfterIntegrity() throws {
        let key = STUNIntegrityKey.shortTerm(password: STUNVectors.shortTermPassword)
        let signed = try STUNMessage(.request, method: .binding, transactionID: STUNVectors.shortTermTransactionID,
                                     attributes: [.username("a:b"), .priority(7)]).encoded(integrityKey: key)
        // Append USE-CANDIDATE, an unknown required attribute and a malformed PRIORITY after MI.
        var tail: [UInt8] = [0x00, 0x25, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x24, 0x00, 0x01, 1, 0, 0, 0]
        tail.append(contentsOf: [0x80, 0x2a, 0x00, 0x08, 0, 0, 0, 0, 0, 0, 0, 9])
        var bytes = signed + tail
        let length = bytes.count - 20
        bytes[2] = UInt8(length >> 8)
        bytes[3] = UInt8(length & 0xff)
        let message = try STUNMessage(decoding: bytes)
        #expect(message.attributes.count == 7)
        #expect(message.attributes[5] == .other(.priority, [1]))
        #expect(message.useCandidate == false)
        #expect(message.iceControlling == nil)
        #expect(message.priority == 7)
        #expect(message.unknownComprehensionRequiredAttributes.isEmpty)
        #expect(message.significantAttributes.map(\.type) == [.username, .priority, .messageIntegrity])
        #expect(try message.verifyIntegrity(key: key) == .hmacSHA1)
        #expect(try STUNMessage(decoding: message.encoded()) == message)

        var afterFingerprint = STUNVectors.request + [0x00, 0x25, 0x00, 0x00]
        afterFingerprint[3] += 4
        let late = try STUNMessage(decoding: afterFingerprint)
        #expect(late.useCandidate == false)
        #expect(throws: STUNVerificationError.fingerprintNotLast) { try late.verifyFingerprint() }
        #expect(try late.verifyIntegrity(key: key) == .hmacSHA1)
    }

    @Test("isProbablySTUN: RFC 7983 first byte 0–3, magic cookie, length")
    func probe() throws {
        for vector in Self.allVectors {
            #expect(STUNMessage.isProbablySTUN(vector))
            #expect(STUNMessage.isProbablySTUN(([9] + vector)[1...]))
            #expect(!STUNMessage.isProbablySTUN(Array(vector.dropLast(4))))
        }
        let dtls: [UInt8] = [0x16, 0xfe, 0xfd] + Array(repeating: 0, count: 30)
        let rtp: [UInt8] = [0x80, 0x00, 0x12, 0x34, 0x21, 0x12, 0xa4, 0x42] + Array(repeating: 0, count: 12)
        var badCookie = STUNVectors.request
        badCookie[7] = 0
        #expect(!STUNMessage.isProbablySTUN(dtls))
        #expect(!STUNMessage.isProbablySTUN(rtp))
        #expect(!STUNMessage.isProbablySTUN(badCookie))
        #expect(!STUNMessage.isProbablySTUN([UInt8]()))
        #expect(!STUNMessage.isProbablySTUN([0, 1, 0, 0]))
        // Found by fuzz-stun: method 0x901 is valid RFC 8489 but outside RFC 7983's 0-3 range.
        let highMethod = Self.message([], type: 0x2501)
        #expect(try STUNMessage(decoding: highMethod).method == STUNMethod(rawValue: 0x901))
        #expect(!STUNMessage.isProbablySTUN(highMethod))
    }

    @Test("message type: class and method bits interleave as RFC 8489 §5 Figure 3 shows")
    func messageType() throws {
        #expect(STUNMessageHeader.type(of: .request, method: .binding) == 0x0001)
        #expect(STUNMessageHeader.type(of: .indication, method: .binding) == 0x0011)
        #expect(STUNMessageHeader.type(of: .successResponse, method: .binding) == 0x0101)
        #expect(STUNMessageHeader.type(of: .errorResponse, method: .binding) == 0x0111)
        #expect(STUNMessageHeader.type(of: .request, method: .allocate) == 0x0003)
        for messageClass in STUNMessageClass.allCases {
            for raw in [0x000, 0x001, 0x00f, 0x070, 0xf80, 0xfff, 0xa5a] as [UInt16] {
                let type = STUNMessageHeader.type(of: messageClass, method: STUNMethod(rawValue: raw))
                #expect(type & 0xc000 == 0)
                let (decodedClass, method) = STUNMessageHeader.split(type: type)
                #expect(decodedClass == messageClass)
                #expect(method.rawValue == raw)
            }
        }
        let header = try STUNMessageHeader(decoding: STUNVectors.ipv6Response)
        #expect(header == STUNMessageHeader(messageClass: .successResponse, method: .binding, length: 0x48,
                                            transactionID: STUNVectors.shortTermTransactionID))
    }
}
