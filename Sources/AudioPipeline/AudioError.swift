/// Why an audio file could not be read or written, or audio is in a format this module does not
/// handle (RIFF/WAVE: Microsoft Multimedia Programming Interface 1.0 §3, RFC 2361).
public enum AudioError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No file at the path.
    case fileNotFound(String)
    /// The file (or the bytes; the path is then `"(memory)"`) is not a readable audio file:
    /// truncated, not RIFF/WAVE, a chunk running past the end, or an I/O error.
    case unreadable(String, reason: String)
    /// A well-formed file whose encoding is not supported (a compressed format, an odd sample
    /// size, no channels), or parameters that cannot be written.
    case unsupportedFormat(String)
    /// Writing the file failed.
    case writeFailed(String, reason: String)

    /// A one-line message naming the file and the problem.
    public var description: String {
        switch self {
        case .fileNotFound(let path): return "audio file not found: \(path)"
        case .unreadable(let path, let reason): return "cannot read audio file \(path): \(reason)"
        case .unsupportedFormat(let what): return "unsupported audio format: \(what)"
        case .writeFailed(let path, let reason): return "cannot write audio file \(path): \(reason)"
        }
    }

    /// The same error about `path` instead of the in-memory placeholder.
    func about(path: String) -> AudioError {
        switch self {
        case .unreadable(_, let reason): return .unreadable(path, reason: reason)
        case .writeFailed(_, let reason): return .writeFailed(path, reason: reason)
        case .fileNotFound, .unsupportedFormat: return self
        }
    }
}
