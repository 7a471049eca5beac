#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The POSIX calls behind the WAVE readers and writers: whole-file reads, writes at the end or
/// at an offset, each failure as an ``AudioError`` naming the path and `strerror(errno)`.
enum WAVFileIO {
    /// Reads the whole file at `path`.
    static func readAll(path: String) throws(AudioError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            let code = errno
            throw code == ENOENT ? .fileNotFound(path) : .unreadable(path, reason: reason(code))
        }
        defer { _ = close(descriptor) }
        var bytes: [UInt8] = []
        var info = stat()
        if fstat(descriptor, &info) == 0, info.st_size > 0 { bytes.reserveCapacity(Int(info.st_size)) }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            guard count > 0 else {
                let code = errno
                if code == EINTR { continue }
                throw .unreadable(path, reason: reason(code))
            }
            bytes += chunk[0..<count]
        }
    }

    /// Creates or truncates `path` for writing.
    static func create(path: String) throws(AudioError) -> Int32 {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .writeFailed(path, reason: reason(errno)) }
        return descriptor
    }

    /// Writes all of `bytes` at the current position (`offset` nil) or at `offset`; returns
    /// the failure's reason, or nil.
    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int? = nil) -> String? {
        guard let base = bytes.baseAddress else { return nil }
        var done = 0
        while done < bytes.count {
            let count: Int
            if let offset {
                count = pwrite(descriptor, base + done, bytes.count - done, off_t(offset + done))
            } else {
                count = write(descriptor, base + done, bytes.count - done)
            }
            guard count > 0 else {
                let code = errno
                if count < 0 && code == EINTR { continue }
                return count == 0 ? "no progress writing" : reason(code)
            }
            done += count
        }
        return nil
    }

    /// Writes `bytes` to a new file at `path`.
    static func writeFile(path: String, bytes: [UInt8]) throws(AudioError) {
        let descriptor = try create(path: path)
        let failure = bytes.withUnsafeBytes { writeAll(descriptor, $0) }
        let closeFailure = closeFile(descriptor)
        if let failure = failure ?? closeFailure { throw .writeFailed(path, reason: failure) }
    }

    /// Closes `descriptor`; returns the failure's reason, or nil.
    static func closeFile(_ descriptor: Int32) -> String? {
        close(descriptor) == 0 ? nil : reason(errno)
    }

    /// The text of an errno value.
    static func reason(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return String(cString: text)
    }
}
