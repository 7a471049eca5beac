/// Where ``PlivoCallQualityFeedback/submit(to:consoleLogs:client:)`` sends feedback.
///
/// The JS SDK sends feedback as a `FEEDBACK` message on its Call Insights socket and the
/// console logs through a pre-signed S3 URL obtained from `stats.plivo.com`; neither is a
/// public API, so this SDK sends both to servers its user names:
/// 1. ``feedbackURL`` receives a `POST` of the feedback as JSON (see
///    ``PlivoCallQualityFeedback/requestBody``);
/// 2. with console logs, ``logUploadURL`` receives a `POST` of
///    `{"calluuid": …, "username": …}` and answers `{"data": "<upload URL>"}` (the JS SDK's
///    `bucketurl` exchange); the logs are then `PUT` to that URL as `text/plain`.
public struct PlivoCallQualityFeedbackEndpoint: Sendable, Hashable {
    /// The `https://` (or `http://`) URL the feedback is posted to.
    public var feedbackURL: String
    /// The URL that hands out an upload URL for console logs; nil: logs are not sent.
    public var logUploadURL: String?
    /// Header fields added to the requests to ``feedbackURL`` and ``logUploadURL``, e.g.
    /// `Authorization` (never sent to the upload URL, which is usually pre-signed); sent
    /// sorted by name.
    public var headers: [String: String]

    /// An endpoint posting to `feedbackURL`, asking `logUploadURL` for log uploads, with
    /// `headers`.
    public init(feedbackURL: String, logUploadURL: String? = nil, headers: [String: String] = [:]) {
        self.feedbackURL = feedbackURL
        self.logUploadURL = logUploadURL
        self.headers = headers
    }

    /// ``headers`` in the order they are sent.
    var headerFields: [(name: String, value: String)] {
        headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
