import Synchronization

/// The phone's call tones as the application configured them: the SDK's `setRingTone`,
/// `setRingToneBack` and `setConnectTone`, and the sources that play them.
///
/// Each of ``CallTone/ringtone``, ``CallTone/ringback`` and ``CallTone/connect`` has a
/// ``CallToneSetting`` (``CallToneSetting/enabled`` at first). A URL setting is loaded with an
/// ``AudioURLLoader`` and decoded with ``WAVFile/parse(_:)``: only WAV is supported, and mp3 or
/// anything else is ``CallToneError/unsupportedFormat(url:found:)`` naming what was found. While
/// a URL loads, and for good when it fails, the default tone plays: "an unreadable one gives a
/// clear error and falls back to the default tone". The failure is returned by the setter and
/// kept for ``lastError(for:)`` until the tone is set again. When settings race, the one made
/// last wins; a load that finishes after a newer setting changes nothing. DTMF tones are always
/// the defaults.
///
/// A `Sendable` class whose state is behind a `Mutex`, not an actor: ``source(for:sampleRate:channels:)``
/// is synchronous, so a player or a call's media code can take a source without a hop, and the
/// lock is never held while loading or converting.
public final class CallToneLibrary: Sendable {
    /// One configurable tone's state.
    private struct Entry {
        var setting = CallToneSetting.enabled
        /// The decoded clip of a URL setting, once loaded.
        var clip: WAVFile?
        var lastError: CallToneError?
        /// Bumped by every setting, so that a slow load cannot overwrite a newer setting.
        var generation: UInt64 = 0
    }

    /// The loader used for URL settings.
    public let loader: AudioURLLoader
    private let entries: Mutex<[CallTone: Entry]>

    /// A library with every tone enabled (the defaults), loading URLs with `loader`.
    public init(loader: AudioURLLoader = AudioURLLoader()) {
        self.loader = loader
        entries = Mutex([.ringtone: Entry(), .ringback: Entry(), .connect: Entry()])
    }

    /// `setRingTone(url or boolean)`: the tone played for an incoming call. Returns once a URL
    /// is loaded, or with the error that made the ringtone fall back to the default.
    @discardableResult
    public func setRingTone(_ setting: CallToneSetting) async -> Result<Void, CallToneError> {
        await set(setting, for: .ringtone)
    }

    /// `setRingToneBack(url or boolean)`: the tone played while an outgoing call rings. Returns
    /// once a URL is loaded, or with the error that made the ringback fall back to the default.
    @discardableResult
    public func setRingToneBack(_ setting: CallToneSetting) async -> Result<Void, CallToneError> {
        await set(setting, for: .ringback)
    }

    /// `setConnectTone(boolean)`: whether the dial tone plays while a call is being connected.
    public func setConnectTone(_ enabled: Bool) {
        _ = begin(CallToneSetting(enabled), for: .connect)
    }

    /// The setting of `tone` as last made (a URL stays the setting even when it fell back);
    /// ``CallToneSetting/enabled`` for DTMF tones.
    public func setting(for tone: CallTone) -> CallToneSetting {
        entries.withLock { $0[tone]?.setting ?? .enabled }
    }

    /// Why the URL last set for `tone` is not played (the default tone plays instead); nil when
    /// it is, while it loads, or for any other setting.
    public func lastError(for tone: CallTone) -> CallToneError? {
        entries.withLock { $0[tone]?.lastError }
    }

    /// A new source playing `tone` at `sampleRate` with `channels`, or nil when the tone is
    /// disabled (or is a DTMF character that is no key).
    ///
    /// A loaded URL clip loops, converted to the format when the source is made
    /// (``AudioClipSource``); otherwise the default tone plays (``CallTone/defaultSource(sampleRate:channels:)``).
    public func source(for tone: CallTone, sampleRate: Int, channels: Int) -> sending (any AudioFrameSource)? {
        let (setting, clip) = entries.withLock { entries in
            (entries[tone]?.setting ?? .enabled, entries[tone]?.clip)
        }
        guard setting.isEnabled else { return nil }
        if let clip, let source = try? AudioClipSource(file: clip, sampleRate: sampleRate, channels: channels, loop: true) {
            return source
        }
        return tone.defaultSource(sampleRate: sampleRate, channels: channels)
    }

    /// Records `setting` for `tone` and loads a URL; the result is recorded only if no newer
    /// setting came meanwhile.
    private func set(_ setting: CallToneSetting, for tone: CallTone) async -> Result<Void, CallToneError> {
        let generation = begin(setting, for: tone)
        guard case .url(let url) = setting else { return .success(()) }
        let result: Result<WAVFile, CallToneError>
        do throws(CallToneError) {
            result = .success(try await load(url))
        } catch {
            result = .failure(error)
        }
        entries.withLock { entries in
            guard entries[tone]?.generation == generation else { return }
            switch result {
            case .success(let file): entries[tone]?.clip = file
            case .failure(let error): entries[tone]?.lastError = error
            }
        }
        return result.map { _ in () }
    }

    /// Makes `setting` current for `tone` (no clip, no error yet); returns its generation.
    private func begin(_ setting: CallToneSetting, for tone: CallTone) -> UInt64 {
        entries.withLock { entries in
            var entry = entries[tone] ?? Entry()
            entry.setting = setting
            entry.clip = nil
            entry.lastError = nil
            entry.generation &+= 1
            entries[tone] = entry
            return entry.generation
        }
    }

    /// Loads and decodes the WAVE file at `url`.
    private func load(_ url: String) async throws(CallToneError) -> WAVFile {
        let bytes: [UInt8]
        do throws(AudioURLLoaderError) {
            bytes = try await loader.load(url)
        } catch {
            throw .loadFailed(url: url, error)
        }
        return try Self.decode(bytes, url: url)
    }

    /// The WAVE file in `bytes`, or the error naming what they are instead.
    static func decode(_ bytes: [UInt8], url: String) throws(CallToneError) -> WAVFile {
        if let found = nonWAVFormatName(of: bytes) {
            throw .unsupportedFormat(url: url, found: found)
        }
        let file: WAVFile
        do throws(AudioError) {
            file = try WAVFile.parse(bytes)
        } catch {
            throw .invalidWAV(url: url, error.about(path: url))
        }
        guard file.frameCount > 0 else { throw .invalidWAV(url: url, .unreadable(url, reason: "no samples")) }
        return file
    }
}
