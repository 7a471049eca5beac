import AudioDevices

/// The seed's `onMediaPermission` payload: `{status: 'success', stream: true}` when the
/// microphone opens, `{status: 'failure', error: NAME}` when it cannot (or dies mid-call).
///
/// The error names are the browser's (`getUserMedia`'s DOMException names) so code written
/// against the Browser SDK keeps working: `NotFoundError` for a device that does not exist,
/// `NotReadableError` when the sound server cannot be reached or went away.
public struct MediaPermissionEvent: Sendable, Hashable, Codable, CustomStringConvertible {
    /// `success` or `failure`.
    public enum Status: String, Sendable, Hashable, Codable {
        /// The microphone is open.
        case success
        /// It is not.
        case failure
    }

    /// Success or failure.
    public let status: Status
    /// `true` on success (a stream exists), absent on failure.
    public let stream: Bool?
    /// The error name on failure, absent on success.
    public let error: String?

    /// `{status: success, stream: true}`.
    public static let success = MediaPermissionEvent(status: .success, stream: true, error: nil)

    /// `{status: failure, error: name}`.
    public static func failure(_ name: String) -> MediaPermissionEvent {
        MediaPermissionEvent(status: .failure, stream: nil, error: name)
    }

    /// The failure for a device-layer error: `NotFoundError` for an unknown device,
    /// `NotReadableError` for anything else (no server, server gone, closed).
    public static func failure(for error: AudioDeviceError) -> MediaPermissionEvent {
        switch error {
        case .noSuchDevice: failure("NotFoundError")
        case .connectionFailed, .serverGone, .operationFailed, .closed: failure("NotReadableError")
        }
    }

    /// `onMediaPermission {status: success, stream: true}` or `{status: failure, error: NAME}`.
    public var description: String {
        switch status {
        case .success: "onMediaPermission {status: success, stream: \(stream ?? true)}"
        case .failure: "onMediaPermission {status: failure, error: \(error ?? "")}"
        }
    }
}
