import PlivoSDK
import SIPCore
import SIPUserAgent
import Testing

/// The seed's `registrationFailed` rule (behaviour §4.5): the `X-Plivo-Jwt-Error-Code` of the
/// rejection decides, 401 without one.
struct LoginFailureCauseTests {
    static func rejection(_ status: Int, code: String?) throws -> SIPMessage {
        var text = "SIP/2.0 \(status) No\r\nVia: SIP/2.0/WSS a.invalid;branch=z9hG4bK1\r\nCall-ID: c\r\n"
        text += "CSeq: 1 REGISTER\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>;tag=2\r\n"
        if let code { text += "X-Plivo-Jwt-Error-Code: \(code)\r\n" }
        return try SIPMessage(parsing: Array((text + "Content-Length: 0\r\n\r\n").utf8))
    }

    @Test("codes 10001…10010 name their cause, any other code is Unauthorised, none (or 401) keeps the SIP cause")
    func codes() throws {
        for error in PlivoAccessTokenError.allCases {
            let response = try Self.rejection(403, code: " \(error.serverCode) ")
            #expect(LoginFailureCause.cause(for: .forbidden, rejection: response, tokenGenerator: false) == error.rawValue)
        }
        #expect(LoginFailureCause.cause(for: .forbidden, rejection: try Self.rejection(403, code: "42"),
                                        tokenGenerator: false) == "Unauthorised")
        #expect(LoginFailureCause.cause(for: .forbidden, rejection: try Self.rejection(403, code: nil),
                                        tokenGenerator: false) == "Rejected")
        #expect(LoginFailureCause.cause(for: .invalidCredentials, rejection: try Self.rejection(401, code: "401"),
                                        tokenGenerator: true) == "Authentication Error")
        #expect(LoginFailureCause.cause(for: .forbidden, rejection: try Self.rejection(403, code: "junk"),
                                        tokenGenerator: false) == "Rejected")
        #expect(LoginFailureCause.cause(for: .timeout, rejection: nil, tokenGenerator: true) == "Request Timeout")
    }

    @Test("with a token generator every server code is RELOGIN_FAILED_INVALID_TOKEN")
    func generator() throws {
        let response = try Self.rejection(403, code: "10006")
        #expect(LoginFailureCause.cause(for: .forbidden, rejection: response, tokenGenerator: true)
                == "RELOGIN_FAILED_INVALID_TOKEN")
    }
}
