import SIPCore
import StackCore

extension PlivoClientCore {
    /// The seed's `loginWithAccessTokenGenerator`: asks `generator` for a token and logs in
    /// with it (or, when already logged in by token, only swaps the token), then keeps asking
    /// 60 s before each token expires.
    func login(generator: any PlivoAccessTokenGenerator) async -> Bool {
        stopTokenRefresh()
        tokenGenerator = generator
        return await useGeneratedToken()
    }

    /// Fetches a token from the generator and uses it.
    func useGeneratedToken() async -> Bool {
        guard let generator = tokenGenerator else { return false }
        let text = try? await generator.getAccessToken()
        guard let text, !text.isEmpty else {
            hub.emit(.onLoginFailed(cause: PlivoAccessTokenError.invalidAccessToken.rawValue))
            return false
        }
        let token: PlivoAccessToken
        do throws(PlivoAccessTokenFailure) {
            token = try PlivoAccessToken(parsing: text)
            try token.checkValidity()
        } catch {
            hub.emit(.onLoginFailed(cause: error.cause.rawValue))
            return false
        }
        scheduleTokenRefresh(after: token.refreshDelay())
        if accessToken != nil, isLoggedIn, let session, session.username == token.username {
            await swapToken(token)
            return true
        }
        return await login(username: token.username, password: " ", token: token)
    }

    /// A renewed token for the same identity: later REGISTERs and INVITEs carry it.
    private func swapToken(_ token: PlivoAccessToken) async {
        accessToken = token
        guard var current = session else { return }
        current.extraHeaders = [SIPParameter("X-Plivo-Jwt", token.token)]
        session = current
        await current.registration.setExtraHeaders(current.extraHeaders)
    }

    /// The shortest wait between two requests to the generator, so that a generator handing
    /// out tokens about to expire cannot make the client ask in a tight loop.
    static let minimumTokenRefresh = Duration.seconds(5)

    private func scheduleTokenRefresh(after delay: Duration) {
        tokenRefresh?.cancel()
        let clock = self.clock
        let wait = max(delay, Self.minimumTokenRefresh)
        tokenRefresh = Task { [weak self] in
            do { try await clock.sleep(until: clock.now.advanced(by: wait)) } catch { return }
            _ = await self?.useGeneratedToken()
        }
    }

    /// Forgets the generator and stops asking it (logout, close, a refused login).
    func stopTokenRefresh() {
        tokenRefresh?.cancel()
        tokenRefresh = nil
        tokenGenerator = nil
    }

    /// The `X-Plivo-Jwt` token later REGISTERs and INVITEs carry (nil for a password login).
    var tokenInUse: String? { accessToken?.token }
}
