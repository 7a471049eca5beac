import CPulseAudio

/// Turns libpulse's sink and source records into `AudioDevice` values.
enum PulseAudioDeviceInfo {
    /// `PA_INVALID_INDEX` (a macro Swift does not import): `monitor_of_sink` of a real source.
    static let invalidIndex = UInt32.max

    /// The device for a sink (`audiooutput`), or nil when the record has no name.
    static func device(sink info: pa_sink_info) -> AudioDevice? {
        guard let name = info.name.map({ String(cString: $0) }) else { return nil }
        let label = info.description.map { String(cString: $0) } ?? name
        return AudioDevice(deviceId: name, label: label, kind: .audiooutput, isMonitor: false)
    }

    /// The device for a source (`audioinput`; a sink's monitor is flagged), or nil when the
    /// record has no name.
    static func device(source info: pa_source_info) -> AudioDevice? {
        guard let name = info.name.map({ String(cString: $0) }) else { return nil }
        let label = info.description.map { String(cString: $0) } ?? name
        return AudioDevice(deviceId: name, label: label, kind: .audioinput,
                           isMonitor: info.monitor_of_sink != invalidIndex)
    }

    /// PulseAudio's text for the context's last error (`pa_strerror(pa_context_errno(c))`).
    static func errorText(_ context: OpaquePointer?) -> String {
        guard let context else { return "no context" }
        return errorText(code: pa_context_errno(context))
    }

    /// PulseAudio's text for an error code.
    static func errorText(code: Int32) -> String {
        guard let text = pa_strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}
