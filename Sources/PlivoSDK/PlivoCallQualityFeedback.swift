import StackCore

/// The seed's `submitCallQualityFeedback(callUUID, starRating, issues, note, sendConsoleLogs)`,
/// validated: who rates which call, the score, the issues and the note, and the payload
/// `{overall, comment}` Plivo receives. ``submit(to:consoleLogs:client:)`` delivers it.
///
/// Validation follows the JS SDK (`lib/utils/feedback.ts`) in order, each failure a
/// ``PlivoCallQualityFeedbackError`` carrying the seed's string:
/// 1. no username (no one logged in) → `username not found`;
/// 2. no call UUID → `callUUID is mandatory`;
/// 3. no star rating (or 0) → `Star rating is Mandatory`;
/// 4. a rating that is not a whole number from 1 to 5 → `score should be from 1-5 range`;
/// 5. a note over 280 UTF-16 code units (JavaScript's `length`) →
///    `Maximum length for note is 280 charecters`;
/// 6. issues that are not an array → `Attribute issues should be an array`;
/// 7. a rating other than 5 with no issues → `Atleast one issue is mandatory for feedback`;
/// 8. issues are trimmed, uppercased and mapped through ``Issue``; unknown ones are dropped,
///    and when none is left for a rating other than 5 →
///    `Issues must be from the predefined list of issues - AUDIO_LAG,…`.
///
/// Two of the JS SDK's quirks are fixed on purpose: a rating that is not a number (`NaN`)
/// or not whole passes its range check but is refused here, and the comment never contains
/// `undefined` for a missing note.
public struct PlivoCallQualityFeedback: Sendable, Hashable {
    /// The most UTF-16 code units a note may have.
    public static let maximumNoteLength = 280

    /// The logged-in user sending the feedback.
    public let username: String
    /// The call the feedback is about.
    public let callUUID: String
    /// The star rating, 1 to 5 (the payload's `overall`).
    public let starRating: Int
    /// The recognised issues, in the order given (repeats kept, as the JS SDK).
    public let issues: [Issue]
    /// The given issues that are not predefined, dropped from the comment.
    public let ignoredIssues: [String]
    /// The note; nil when none was given.
    public let note: String?

    /// Validates Swift-typed arguments (a nil `username` means no one is logged in).
    public init(username: String?, callUUID: String?, starRating: Int?, issues: [String] = [], note: String? = nil)
        throws(PlivoCallQualityFeedbackError) {
        self = try Self.validate(username: username, callUUID: callUUID.map { .string($0) },
                                 starRating: starRating.map { .number(Double($0)) },
                                 issues: .array(issues.map { .string($0) }), note: note.map { .string($0) })
    }

    /// Validates loosely typed arguments as JavaScript passes them. A nil argument is
    /// `undefined` (for `issues`, an empty array, as the JS SDK's default); ``PlivoOptionsValue/null``
    /// is `null` (for `issues`, not an array). A star rating may be a number or a numeric
    /// string (JavaScript's `Number(starRating)`); a call UUID must be a string; issues that
    /// are not strings are ignored; a note that is not a string is taken as its JSON text.
    public static func validate(username: String?, callUUID: PlivoOptionsValue?, starRating: PlivoOptionsValue?,
                                issues: PlivoOptionsValue?, note: PlivoOptionsValue?) throws(PlivoCallQualityFeedbackError)
        -> PlivoCallQualityFeedback {
        guard let username, !username.isEmpty else { throw .usernameNotFound }
        guard let callUUID = callUUID?.stringValue, !callUUID.isEmpty else { throw .callUUIDMissing }
        guard let starRating, starRating.isTruthy else { throw .starRatingMissing }
        guard let score = Self.score(starRating), (1...5).contains(score) else { throw .starRatingOutOfRange(starRating) }
        let noteText: String? = switch note {
        case .none, .some(.null): nil
        case .some(.string(let text)): text
        case .some(let other): other.jsonText
        }
        if let noteText, noteText.utf16.count > maximumNoteLength { throw .noteTooLong(length: noteText.utf16.count) }
        let given = issues ?? .array([])
        guard let entries = given.arrayValue else { throw .issuesNotArray(given) }
        if score != 5 && entries.isEmpty { throw .issueRequired }
        var mapped: [Issue] = []
        var ignored: [String] = []
        for entry in entries {
            guard let text = entry.stringValue else {
                ignored.append(entry.jsonText)
                continue
            }
            if let issue = Issue(key: text) { mapped.append(issue) } else { ignored.append(text) }
        }
        if mapped.isEmpty && !entries.isEmpty && score != 5 { throw .unknownIssues(ignored) }
        return PlivoCallQualityFeedback(username: username, callUUID: callUUID, starRating: score, issues: mapped,
                                        ignoredIssues: ignored, note: noteText.flatMap { $0.isEmpty ? nil : $0 })
    }

    private init(username: String, callUUID: String, starRating: Int, issues: [Issue], ignoredIssues: [String], note: String?) {
        self.username = username
        self.callUUID = callUUID
        self.starRating = starRating
        self.issues = issues
        self.ignoredIssues = ignoredIssues
        self.note = note
    }

    /// JavaScript's `Number(value)` for a number or a numeric string, when it is whole; nil
    /// otherwise (`NaN`, fractions, other types).
    private static func score(_ value: PlivoOptionsValue) -> Int? {
        switch value {
        case .number: return value.integerValue
        case .string(let text):
            guard let number = Double(text.trimmingWhitespace()) else { return nil }
            return PlivoOptionsValue.number(number).integerValue
        case .null, .bool, .array, .object: return nil
        }
    }

    /// The payload's `comment`: the issues' reported values joined with commas, then a space
    /// and the note (either part left out when empty), e.g. `audio_lag,echo Bad line`.
    public var comment: String {
        let issueText = issues.map(\.reportedValue).joined(separator: ",")
        return [issueText, note ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// The feedback object Plivo receives: `{"overall": <starRating>, "comment": <comment>}`.
    public var payload: PlivoOptionsValue {
        ["overall": .number(Double(starRating)), "comment": .string(comment)]
    }
}
