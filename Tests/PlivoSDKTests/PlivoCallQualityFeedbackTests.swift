@testable import PlivoSDK
import Testing

/// ``PlivoCallQualityFeedback``: the seed's validation order and strings, the issue table, the
/// payload, and delivery to a local HTTPS server.
@Suite struct PlivoCallQualityFeedbackTests {
    static let predefined = "Issues must be from the predefined list of issues - AUDIO_LAG,BROKEN_AUDIO,CALL_DROPPED,"
        + "CALLERID_ISSUES,DIGITS_NOT_CAPTURED,ECHO,HIGH_CONNECT_TIME,LOW_AUDIO_LEVEL,ONE_WAY_AUDIO,OTHERS,ROBOTIC_AUDIO"

    /// The rejection message for loosely typed arguments, or nil when they are accepted.
    static func rejection(username: String? = "alice", callUUID: PlivoOptionsValue? = "uuid-1",
                          starRating: PlivoOptionsValue? = 3, issues: PlivoOptionsValue? = ["ECHO"],
                          note: PlivoOptionsValue? = nil) -> String? {
        do {
            _ = try PlivoCallQualityFeedback.validate(username: username, callUUID: callUUID, starRating: starRating,
                                                      issues: issues, note: note)
            return nil
        } catch {
            return error.message
        }
    }

    @Test("rejections come in the JS SDK's order with the seed's exact strings")
    func validationOrder() {
        // Everything wrong at once: the first check wins, then each in turn.
        #expect(Self.rejection(username: nil, callUUID: nil, starRating: nil, issues: "x") == "username not found")
        #expect(Self.rejection(username: "", callUUID: nil) == "username not found")
        #expect(Self.rejection(callUUID: nil, starRating: nil) == "callUUID is mandatory")
        #expect(Self.rejection(callUUID: "", starRating: 9) == "callUUID is mandatory")
        #expect(Self.rejection(callUUID: 123) == "callUUID is mandatory")
        #expect(Self.rejection(starRating: nil, note: .string(String(repeating: "n", count: 300))) == "Star rating is Mandatory")
        #expect(Self.rejection(starRating: 0) == "Star rating is Mandatory")
        #expect(Self.rejection(starRating: "") == "Star rating is Mandatory")
        #expect(Self.rejection(starRating: 6, note: .string(String(repeating: "n", count: 300))) == "score should be from 1-5 range")
        #expect(Self.rejection(starRating: -1) == "score should be from 1-5 range")
        #expect(Self.rejection(starRating: "abc") == "score should be from 1-5 range")   // NaN: the JS SDK lets it through
        #expect(Self.rejection(starRating: 2.5) == "score should be from 1-5 range")
        #expect(Self.rejection(starRating: true) == "score should be from 1-5 range")
        #expect(Self.rejection(issues: "ECHO", note: .string(String(repeating: "n", count: 281)))
                == "Maximum length for note is 280 charecters")
        #expect(Self.rejection(issues: "ECHO") == "Attribute issues should be an array")
        #expect(Self.rejection(issues: nil as PlivoOptionsValue) == "Attribute issues should be an array")
        #expect(Self.rejection(issues: []) == "Atleast one issue is mandatory for feedback")
        #expect(Self.rejection(issues: nil) == "Atleast one issue is mandatory for feedback")
        #expect(Self.rejection(issues: ["LOUD", 7]) == Self.predefined)
    }

    @Test("what is accepted: ratings 1…5 as numbers or numeric strings, notes up to 280 UTF-16 units")
    func accepted() throws {
        for rating in 1...5 {
            #expect(Self.rejection(starRating: .number(Double(rating))) == nil)
            #expect(Self.rejection(starRating: .string(" \(rating) ")) == nil)
        }
        #expect(Self.rejection(note: .string(String(repeating: "n", count: 280))) == nil)
        #expect(Self.rejection(note: .string(String(repeating: "😀", count: 140))) == nil)
        #expect(Self.rejection(note: .string(String(repeating: "😀", count: 141))) == "Maximum length for note is 280 charecters")
        // A rating of 5 needs no issue, and unknown issues are then simply dropped.
        #expect(Self.rejection(starRating: 5, issues: nil) == nil)
        #expect(Self.rejection(starRating: 5, issues: []) == nil)
        let five = try PlivoCallQualityFeedback.validate(username: "alice", callUUID: "u", starRating: 5, issues: ["LOUD"], note: nil)
        #expect(five.issues.isEmpty && five.ignoredIssues == ["LOUD"] && five.comment.isEmpty)
    }

    @Test("issues: trimmed and uppercased through the table; both CALL_DROPPED spellings; unknown ones dropped")
    func issueTable() throws {
        let keys = ["AUDIO_LAG", "BROKEN_AUDIO", "CALL_DROPPED", "CALLERID_ISSUES", "DIGITS_NOT_CAPTURED", "ECHO",
                    "HIGH_CONNECT_TIME", "LOW_AUDIO_LEVEL", "ONE_WAY_AUDIO", "OTHERS", "ROBOTIC_AUDIO"]
        let values = ["audio_lag", "broken_audio", "call_dropped", "callerid_issue", "digits_not_captured", "echo",
                      "high_connect_time", "low_audio_level", "one_way_audio", "others", "robotic_audio"]
        #expect(PlivoCallQualityFeedback.Issue.allCases.map(\.rawValue) == keys)
        #expect(PlivoCallQualityFeedback.Issue.allCases.map(\.reportedValue) == values)
        #expect(PlivoCallQualityFeedback.Issue(key: "CALL_DROPPPED") == .callDropped)
        #expect(PlivoCallQualityFeedback.Issue(key: "  one_way_audio\t") == .oneWayAudio)
        #expect(PlivoCallQualityFeedback.Issue(key: "LOUD") == nil)
        let feedback = try PlivoCallQualityFeedback(username: "alice", callUUID: "uuid-1", starRating: 2,
                                                    issues: ["call_dropppED", " echo ", "LOUD", "ECHO"], note: "Bad line")
        #expect(feedback.issues == [.callDropped, .echo, .echo])
        #expect(feedback.ignoredIssues == ["LOUD"])
        #expect(feedback.comment == "call_dropped,echo,echo Bad line")
        #expect(feedback.payload == ["overall": 2, "comment": "call_dropped,echo,echo Bad line"])
        #expect(feedback.payload.jsonText == #"{"comment":"call_dropped,echo,echo Bad line","overall":2}"#)
    }

    @Test("the comment leaves out what is empty (never \"undefined\"); the typed initialiser checks as the loose one")
    func comment() throws {
        #expect(try PlivoCallQualityFeedback(username: "a", callUUID: "u", starRating: 1, issues: ["ECHO"]).comment == "echo")
        #expect(try PlivoCallQualityFeedback(username: "a", callUUID: "u", starRating: 5, note: "great").comment == "great")
        #expect(try PlivoCallQualityFeedback(username: "a", callUUID: "u", starRating: 5, note: "").note == nil)
        #expect(throws: PlivoCallQualityFeedbackError.usernameNotFound) {
            try PlivoCallQualityFeedback(username: nil, callUUID: "u", starRating: 5)
        }
        #expect(throws: PlivoCallQualityFeedbackError.starRatingOutOfRange(9)) {
            try PlivoCallQualityFeedback(username: "a", callUUID: "u", starRating: 9)
        }
        #expect(throws: PlivoCallQualityFeedbackError.unknownIssues(["LOUD"])) {
            try PlivoCallQualityFeedback(username: "a", callUUID: "u", starRating: 3, issues: ["LOUD"])
        }
        #expect(PlivoCallQualityFeedbackError.noteTooLong(length: 281).description
                == "Maximum length for note is 280 charecters (281)")
    }

    // MARK: - Delivery

    static let client = PlivoHTTPClient(trustedCAFile: PlivoTLSFixtures.path("ca.pem"))

    static func routes(_ request: PlivoHTTPTestRequest, _ server: PlivoHTTPTestServer) -> PlivoHTTPTestReply {
        switch request.uri {
        case "/feedback": return .reply(204)
        case "/feedback-500": return .reply(500, body: "internal error")
        case "/bucket": return .reply(200, body: #"{"data":"\#(server.url("/upload/abc?sig=1"))"}"#)
        case "/bucket-empty": return .reply(200)
        case "/bucket-nodata": return .reply(200, body: #"{"url":"x"}"#)
        case "/bucket-text": return .reply(200, body: "s3 url")
        case "/bucket-ftp": return .reply(200, body: #"{"data":"ftp://x/y"}"#)
        case "/bucket-403": return .reply(403)
        case "/bucket-badupload": return .reply(200, body: #"{"data":"\#(server.url("/upload-denied"))"}"#)
        case "/upload/abc?sig=1": return .reply(200)
        case "/upload-denied": return .reply(403, body: "<Error>AccessDenied</Error>")
        default: return .reply(404)
        }
    }

    static func feedback() throws -> PlivoCallQualityFeedback {
        try PlivoCallQualityFeedback(username: "alice_MA123", callUUID: "7a3e-uuid", starRating: 2,
                                     issues: ["ECHO", "AUDIO_LAG"], note: "crackling")
    }

    static func submitFailure(_ endpoint: PlivoCallQualityFeedbackEndpoint, logs: [String]? = ["line"])
        async throws -> PlivoCallQualityFeedbackError? {
        let feedback = try feedback()
        do {
            _ = try await feedback.submit(to: endpoint, consoleLogs: logs, client: client)
            return nil
        } catch {
            return error
        }
    }

    @Test("the feedback POST carries the JSON and the endpoint's headers; the result names where it went")
    func feedbackPost() async throws {
        try await PlivoHTTPTestServer.with(route: Self.routes) { server in
            let endpoint = PlivoCallQualityFeedbackEndpoint(feedbackURL: server.url("/feedback"),
                                                            headers: ["Authorization": "Bearer secret", "X-Tenant": "t1"])
            let result = try await Self.feedback().submit(to: endpoint, client: Self.client)
            #expect(result == PlivoCallQualityFeedbackResult(
                message: "Feedback is sent", feedback: .delivered(url: server.url("/feedback"), status: 204), consoleLogs: nil))
            #expect(server.requests.count == 1)
            let request = try #require(server.requests.first)
            #expect(request.method == "POST" && request.uri == "/feedback")
            #expect(request.header("Content-Type") == "application/json")
            #expect(request.header("Authorization") == "Bearer secret" && request.header("X-Tenant") == "t1")
            let json = try PlivoOptionsValue(json: request.body)
            #expect(json == [
                "msgType": "FEEDBACK", "callUUID": "7a3e-uuid", "userName": "alice_MA123", "source": "PlivoSwiftSDK",
                "sdkVersion": .string(PlivoSDKVersion.string), "info": ["overall": 2, "comment": "echo,audio_lag crackling"],
            ])
        }
    }

    @Test("with console logs: the upload URL is asked for, then the log file is PUT there")
    func consoleLogs() async throws {
        try await PlivoHTTPTestServer.with(route: Self.routes) { server in
            let endpoint = PlivoCallQualityFeedbackEndpoint(feedbackURL: server.url("/feedback"), logUploadURL: server.url("/bucket"),
                                                            headers: ["Authorization": "Bearer secret"])
            let result = try await Self.feedback().submit(to: endpoint, consoleLogs: ["[INFO] one", "[WARN] two"], client: Self.client)
            #expect(result.message == "Feedback is sent with console logs")
            #expect(result.feedback.isDelivered)
            #expect(result.consoleLogs == .delivered(url: server.url("/upload/abc?sig=1"), status: 200))
            let requests = server.requests
            #expect(requests.map(\.uri) == ["/feedback", "/bucket", "/upload/abc?sig=1"])
            #expect(try PlivoOptionsValue(json: requests[1].body) == ["calluuid": "7a3e-uuid", "username": "alice_MA123"])
            #expect(requests[1].header("Authorization") == "Bearer secret")
            #expect(requests[2].method == "PUT" && requests[2].header("Content-Type") == "text/plain")
            #expect(requests[2].header("Authorization") == nil)
            #expect(requests[2].text == "{\"comment\":\"echo,audio_lag crackling\",\"overall\":2} \n[INFO] one\n[WARN] two")
        }
    }

    @Test("without an endpoint nothing is sent and the seed's message stays; without a log URL the logs are not sent")
    func notSent() async throws {
        let skipped = try await Self.feedback().submit(to: nil, consoleLogs: ["x"], client: Self.client)
        #expect(skipped == PlivoCallQualityFeedbackResult(
            message: "Feedback is sent", feedback: .notSent(reason: "no feedback endpoint is configured"),
            consoleLogs: .notSent(reason: "no feedback endpoint is configured")))
        #expect(try await Self.feedback().submit(to: nil, client: Self.client).consoleLogs == nil)
        try await PlivoHTTPTestServer.with(route: Self.routes) { server in
            let result = try await Self.feedback().submit(to: .init(feedbackURL: server.url("/feedback")), consoleLogs: ["x"],
                                                          client: Self.client)
            #expect(result.message == "Feedback is sent")
            #expect(result.consoleLogs == .notSent(reason: "no log upload URL is configured"))
            #expect(result.consoleLogs?.description == "not sent: no log upload URL is configured")
            #expect(server.requests.map(\.uri) == ["/feedback"])
        }
    }

    @Test("server failures: the seed's rejection strings")
    func serverFailures() async throws {
        try await PlivoHTTPTestServer.with(route: Self.routes) { server in
            let feedbackURL = server.url("/feedback")
            func endpoint(_ bucket: String) -> PlivoCallQualityFeedbackEndpoint {
                PlivoCallQualityFeedbackEndpoint(feedbackURL: feedbackURL, logUploadURL: server.url(bucket))
            }
            let failed = try await Self.submitFailure(.init(feedbackURL: server.url("/feedback-500")))
            #expect(failed == .badResponse(url: server.url("/feedback-500"), status: 500, reason: "HTTP status 500"))
            #expect(failed?.message == "Bad response from server")
            #expect(failed?.description == "Bad response from server (\(server.url("/feedback-500")): HTTP status 500)")
            #expect(try await Self.submitFailure(endpoint("/bucket-403"))?.message == "Bad response from server")
            #expect(try await Self.submitFailure(endpoint("/bucket-empty")) == .responseNotValid(url: server.url("/bucket-empty")))
            #expect(try await Self.submitFailure(endpoint("/bucket-empty"))?.message == "Response is not valid")
            #expect(try await Self.submitFailure(endpoint("/bucket-nodata"))
                    == .uploadURLMissing(url: server.url("/bucket-nodata"), reason: "the answer has no string data member"))
            #expect(try await Self.submitFailure(endpoint("/bucket-text"))?.message == "Did not get s3 url to upload")
            #expect(try await Self.submitFailure(endpoint("/bucket-ftp"))?.message == "Did not get s3 url to upload")
            let denied = try await Self.submitFailure(endpoint("/bucket-badupload"))
            #expect(denied == .logUploadFailed(url: server.url("/upload-denied"), status: 403, reason: "HTTP status 403"))
            #expect(denied?.message == "Log file was not uploaded to server")
        }
        // Servers that cannot be reached.
        let gone = try await PlivoHTTPTestServer.start(route: Self.routes)
        let goneURL = gone.url("/feedback")
        await gone.stop()
        guard case .badResponse(let url, nil, _)? = try await Self.submitFailure(.init(feedbackURL: goneURL)) else {
            Issue.record("an unreachable feedback server must be a bad response")
            return
        }
        #expect(url == goneURL)
        try await PlivoHTTPTestServer.with(route: Self.routes) { server in
            let unreachable = PlivoCallQualityFeedbackEndpoint(feedbackURL: server.url("/feedback"), logUploadURL: goneURL)
            let failure = try await Self.submitFailure(unreachable)
            #expect(failure?.message == "API server did not return the presigned S3 Url for uploading call logs")
        }
    }
}
