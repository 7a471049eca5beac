/// The version of this SDK, the seed's `client.version`.
public enum PlivoSDKVersion {
    /// `major.minor.patch`.
    public static let string = "0.6.0"
}
