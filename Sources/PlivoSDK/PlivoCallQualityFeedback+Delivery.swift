/// Sending validated feedback, and the console logs with it, to a
/// ``PlivoCallQualityFeedbackEndpoint``.
extension PlivoCallQualityFeedback {
    /// The seed's resolution when the feedback is handled: `Feedback is sent`.
    public static let sentMessage = "Feedback is sent"
    /// The seed's resolution when the console logs were uploaded too:
    /// `Feedback is sent with console logs`.
    public static let sentWithConsoleLogsMessage = "Feedback is sent with console logs"

    /// The JSON posted to ``PlivoCallQualityFeedbackEndpoint/feedbackURL``, shaped like the JS
    /// SDK's `FEEDBACK` message: `{"msgType": "FEEDBACK", "callUUID": …, "userName": …,
    /// "source": "PlivoSwiftSDK", "sdkVersion": …, "info": {"overall": …, "comment": …}}`.
    public var requestBody: PlivoOptionsValue {
        [
            "msgType": "FEEDBACK", "callUUID": .string(callUUID), "userName": .string(username),
            "source": "PlivoSwiftSDK", "sdkVersion": .string(PlivoSDKVersion.string), "info": payload,
        ]
    }

    /// The text `PUT` as the log file: the payload as JSON, a space and a line break (as the JS
    /// SDK writes it), then `consoleLogs`, one per line.
    public func logFile(consoleLogs: [String]) -> String {
        "\(payload.jsonText) \n" + consoleLogs.joined(separator: "\n")
    }

    /// Sends the feedback to `endpoint`, then, when `consoleLogs` is given (the seed's
    /// `sendConsoleLogs: true`, with the recent log lines), uploads them.
    ///
    /// - Without an endpoint nothing is sent and the result is still `Feedback is sent` (as the
    ///   JS SDK resolves when it has no session to send on), with
    ///   ``PlivoCallQualityFeedbackDelivery/notSent(reason:)`` saying so.
    /// - The feedback `POST` must get a 2xx, else `Bad response from server`.
    /// - Logs: without ``PlivoCallQualityFeedbackEndpoint/logUploadURL`` they are not sent
    ///   (and the message stays `Feedback is sent`); otherwise the upload URL is asked for
    ///   (`API server did not return the presigned S3 Url for uploading call logs` when that
    ///   server cannot be reached, `Bad response from server` for a status outside 2xx,
    ///   `Response is not valid` for an empty answer, `Did not get s3 url to upload` for an
    ///   answer without a `data` URL) and the log file is `PUT` there (`Log file was not
    ///   uploaded to server` unless it gets a 2xx — the JS SDK ignores that status).
    public func submit(to endpoint: PlivoCallQualityFeedbackEndpoint?, consoleLogs: [String]? = nil,
                       client: PlivoHTTPClient = PlivoHTTPClient()) async throws(PlivoCallQualityFeedbackError)
        -> PlivoCallQualityFeedbackResult {
        guard let endpoint else {
            let skipped = PlivoCallQualityFeedbackDelivery.notSent(reason: "no feedback endpoint is configured")
            return PlivoCallQualityFeedbackResult(message: Self.sentMessage, feedback: skipped,
                                                  consoleLogs: consoleLogs == nil ? nil : skipped)
        }
        let url = endpoint.feedbackURL
        let posted: PlivoHTTPResponse
        do throws(PlivoHTTPError) {
            posted = try await client.send(.post(url, json: requestBody, headers: endpoint.headerFields))
        } catch {
            throw .badResponse(url: url, status: nil, reason: error.description)
        }
        guard posted.isSuccess else { throw .badResponse(url: url, status: posted.status, reason: "HTTP status \(posted.status)") }
        let feedback = PlivoCallQualityFeedbackDelivery.delivered(url: url, status: posted.status)
        guard let consoleLogs else {
            return PlivoCallQualityFeedbackResult(message: Self.sentMessage, feedback: feedback, consoleLogs: nil)
        }
        guard let logUploadURL = endpoint.logUploadURL else {
            return PlivoCallQualityFeedbackResult(message: Self.sentMessage, feedback: feedback,
                                                  consoleLogs: .notSent(reason: "no log upload URL is configured"))
        }
        let uploadURL = try await requestUploadURL(from: logUploadURL, headers: endpoint.headerFields, client: client)
        let logs = try await upload(consoleLogs, to: uploadURL, client: client)
        return PlivoCallQualityFeedbackResult(message: Self.sentWithConsoleLogsMessage, feedback: feedback, consoleLogs: logs)
    }

    /// The upload URL `apiURL` hands out for this call's logs (the `data` member of its JSON).
    private func requestUploadURL(from apiURL: String, headers: [(name: String, value: String)],
                                  client: PlivoHTTPClient) async throws(PlivoCallQualityFeedbackError) -> String {
        let response: PlivoHTTPResponse
        do throws(PlivoHTTPError) {
            let body: PlivoOptionsValue = ["calluuid": .string(callUUID), "username": .string(username)]
            response = try await client.send(.post(apiURL, json: body, headers: headers))
        } catch {
            throw .uploadURLNotReturned(url: apiURL, reason: error.description)
        }
        guard response.isSuccess else {
            throw .badResponse(url: apiURL, status: response.status, reason: "HTTP status \(response.status)")
        }
        guard !response.body.isEmpty else { throw .responseNotValid(url: apiURL) }
        let answer: PlivoOptionsValue
        do throws(PlivoOptionsValue.JSONSyntaxError) {
            answer = try PlivoOptionsValue(json: response.body)
        } catch {
            throw .uploadURLMissing(url: apiURL, reason: "the answer is \(error)")
        }
        guard let uploadURL = answer["data"]?.stringValue else {
            throw .uploadURLMissing(url: apiURL, reason: "the answer has no string data member")
        }
        let scheme = uploadURL.prefix { $0 != ":" }.lowercased()
        guard scheme == "https" || scheme == "http" else {
            throw .uploadURLMissing(url: apiURL, reason: "data is not an http(s) URL: \(uploadURL)")
        }
        return uploadURL
    }

    /// `PUT`s the log file to `uploadURL`.
    private func upload(_ consoleLogs: [String], to uploadURL: String, client: PlivoHTTPClient) async
        throws(PlivoCallQualityFeedbackError) -> PlivoCallQualityFeedbackDelivery {
        let request = PlivoHTTPRequest(method: "PUT", url: uploadURL, headers: [("Content-Type", "text/plain")],
                                       body: Array(logFile(consoleLogs: consoleLogs).utf8))
        let response: PlivoHTTPResponse
        do throws(PlivoHTTPError) {
            response = try await client.send(request)
        } catch {
            throw .logUploadFailed(url: uploadURL, status: nil, reason: error.description)
        }
        guard response.isSuccess else {
            throw .logUploadFailed(url: uploadURL, status: response.status, reason: "HTTP status \(response.status)")
        }
        return .delivered(url: uploadURL, status: response.status)
    }
}
