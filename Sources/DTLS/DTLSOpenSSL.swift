import COpenSSL

/// The one place OpenSSL return codes become ``DTLSError``s: every call is checked here and a
/// failure names the C call together with OpenSSL's error queue.
enum DTLSOpenSSL {
    /// Throws ``DTLSError/openSSL(call:detail:)`` naming `call` when `success` is false.
    static func check(_ success: Bool, _ call: String) throws(DTLSError) {
        guard success else { throw .openSSL(call: call, detail: drainErrors()) }
    }

    /// Returns `pointer`, or throws ``DTLSError/openSSL(call:detail:)`` naming `call` when it is nil.
    static func check<Pointer>(_ pointer: Pointer?, _ call: String) throws(DTLSError) -> Pointer {
        guard let pointer else { throw .openSSL(call: call, detail: drainErrors()) }
        return pointer
    }

    /// Empties this thread's OpenSSL error queue and returns its entries joined by "; ", or
    /// `fallback` when the queue was empty.
    static func drainErrors(fallback: String = "no OpenSSL error queued") -> String {
        var messages: [String] = []
        var buffer = [CChar](repeating: 0, count: 256)
        while true {
            let code = ERR_get_error()
            guard code != 0 else { break }
            buffer.withUnsafeMutableBufferPointer { text in
                ERR_error_string_n(code, text.baseAddress, text.count)
            }
            let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            messages.append(String(decoding: bytes, as: UTF8.self))
        }
        return messages.isEmpty ? fallback : messages.joined(separator: "; ")
    }

    /// Forgets errors left by earlier calls, so that the next failure reports only its own.
    static func clearErrors() {
        ERR_clear_error()
    }
}
