/// The call model: the seed's rules for several calls at once and for call quality, on top of
/// the user agent's INVITE sessions (`SIPCallState` carries the seven states).
public enum CallModel {
    /// The most incoming calls that may ring at once (the SDK's
    /// `NUMBER_OF_SIMULTANEOUS_INCOMING_CALLS_ALLOWED`).
    public static let maximumRingingCalls = 50
}
