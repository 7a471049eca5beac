/// Why `submitCallQualityFeedback` was rejected. ``message`` is the seed's rejection string,
/// exactly (spelling included); the cases carry what a log needs besides.
public enum PlivoCallQualityFeedbackError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No one is logged in: `username not found`.
    case usernameNotFound
    /// No call UUID: `callUUID is mandatory`.
    case callUUIDMissing
    /// No star rating (or 0): `Star rating is Mandatory`.
    case starRatingMissing
    /// A rating that is not a whole number from 1 to 5 (the value): `score should be from 1-5 range`.
    case starRatingOutOfRange(PlivoOptionsValue)
    /// A note longer than 280 UTF-16 code units (its length):
    /// `Maximum length for note is 280 charecters`.
    case noteTooLong(length: Int)
    /// `issues` is not an array (the value): `Attribute issues should be an array`.
    case issuesNotArray(PlivoOptionsValue)
    /// A rating from 1 to 4 without issues: `Atleast one issue is mandatory for feedback`.
    case issueRequired
    /// A rating from 1 to 4 whose issues are all unknown (the issues given):
    /// `Issues must be from the predefined list of issues - AUDIO_LAG,…`.
    case unknownIssues([String])
    /// The feedback or log-upload server answered with a status outside 2xx (`status`), or not
    /// at all (the reason): `Bad response from server`.
    case badResponse(url: String, status: Int?, reason: String)
    /// The log-upload server answered 2xx with an empty body: `Response is not valid`.
    case responseNotValid(url: String)
    /// The log-upload server could not be reached (the reason):
    /// `API server did not return the presigned S3 Url for uploading call logs`.
    case uploadURLNotReturned(url: String, reason: String)
    /// The log-upload server's answer has no usable `data` URL (the reason):
    /// `Did not get s3 url to upload`.
    case uploadURLMissing(url: String, reason: String)
    /// The logs could not be uploaded (the status outside 2xx, or the reason):
    /// `Log file was not uploaded to server`.
    case logUploadFailed(url: String, status: Int?, reason: String)

    /// The seed's rejection string.
    public var message: String {
        switch self {
        case .usernameNotFound: return "username not found"
        case .callUUIDMissing: return "callUUID is mandatory"
        case .starRatingMissing: return "Star rating is Mandatory"
        case .starRatingOutOfRange: return "score should be from 1-5 range"
        case .noteTooLong: return "Maximum length for note is 280 charecters"
        case .issuesNotArray: return "Attribute issues should be an array"
        case .issueRequired: return "Atleast one issue is mandatory for feedback"
        case .unknownIssues:
            let keys = PlivoCallQualityFeedback.Issue.allCases.map(\.rawValue).joined(separator: ",")
            return "Issues must be from the predefined list of issues - \(keys)"
        case .badResponse: return "Bad response from server"
        case .responseNotValid: return "Response is not valid"
        case .uploadURLNotReturned: return "API server did not return the presigned S3 Url for uploading call logs"
        case .uploadURLMissing: return "Did not get s3 url to upload"
        case .logUploadFailed: return "Log file was not uploaded to server"
        }
    }

    /// ``message`` followed by the context, e.g.
    /// `Bad response from server (https://…/feedback: HTTP status 500)`.
    public var description: String {
        switch self {
        case .usernameNotFound, .callUUIDMissing, .starRatingMissing, .issueRequired:
            return message
        case .starRatingOutOfRange(let value): return "\(message) (\(value))"
        case .noteTooLong(let length): return "\(message) (\(length))"
        case .issuesNotArray(let value): return "\(message) (\(value))"
        case .unknownIssues(let issues): return "\(message) (given: \(issues.joined(separator: ",")))"
        case .badResponse(let url, let status, let reason), .logUploadFailed(let url, let status, let reason):
            return "\(message) (\(url): \(status.map { "HTTP status \($0)" } ?? reason))"
        case .responseNotValid(let url): return "\(message) (\(url))"
        case .uploadURLNotReturned(let url, let reason), .uploadURLMissing(let url, let reason):
            return "\(message) (\(url): \(reason))"
        }
    }
}
