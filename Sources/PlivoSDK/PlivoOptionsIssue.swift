/// One entry of an options object that ``PlivoOptions/validate(_:)`` could not take as given:
/// the key, the value, what is wrong with it, and what was used instead.
///
/// The JS SDK logs such an entry and falls back to the option's default; this SDK reports it
/// so that the caller can log it or refuse to start.
public struct PlivoOptionsIssue: Sendable, Hashable, CustomStringConvertible {
    /// The option's key; a member of an object option is `option.member`, e.g.
    /// `audioConstraints.sampleRate`.
    public var key: String
    /// The value given for ``key``.
    public var value: PlivoOptionsValue
    /// What is wrong, e.g. `has to be boolean`.
    public var problem: String
    /// The value used instead (the option's default, or what remained valid of a list); nil
    /// when the entry was ignored and nothing was set (an unknown key, a constraint left
    /// unset).
    public var used: PlivoOptionsValue?

    /// An issue with `key`'s `value`.
    public init(key: String, value: PlivoOptionsValue, problem: String, used: PlivoOptionsValue?) {
        self.key = key
        self.value = value
        self.problem = problem
        self.used = used
    }

    /// One line, e.g. `maxAverageBitrate: 7999 has to be a whole number from 8000 to 48000; using 48000`.
    public var description: String {
        "\(key): \(value) \(problem); " + (used.map { "using \($0)" } ?? "ignored")
    }
}
