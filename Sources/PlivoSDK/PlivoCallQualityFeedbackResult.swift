/// How `submitCallQualityFeedback` resolved: the seed's message and where each part went.
public struct PlivoCallQualityFeedbackResult: Sendable, Hashable {
    /// The seed's resolution: `Feedback is sent`, or `Feedback is sent with console logs` when
    /// the logs were uploaded too.
    public var message: String
    /// What became of the feedback.
    public var feedback: PlivoCallQualityFeedbackDelivery
    /// What became of the console logs; nil when they were not asked for.
    public var consoleLogs: PlivoCallQualityFeedbackDelivery?

    /// A result with these parts.
    public init(message: String, feedback: PlivoCallQualityFeedbackDelivery, consoleLogs: PlivoCallQualityFeedbackDelivery?) {
        self.message = message
        self.feedback = feedback
        self.consoleLogs = consoleLogs
    }
}
