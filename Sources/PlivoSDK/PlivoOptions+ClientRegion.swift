extension PlivoOptions {
    /// The seed's `clientRegion` values: the Plivo media-server points of presence a client can
    /// ask its calls to be routed to. The raw values are the seed's strings, matched exactly
    /// (as the JS SDK does).
    public enum ClientRegion: String, Sendable, Hashable, CaseIterable {
        /// `usa_west`.
        case usaWest = "usa_west"
        /// `usa_east`.
        case usaEast = "usa_east"
        /// `australia`.
        case australia
        /// `europe`.
        case europe
        /// `asia`.
        case asia
        /// `south_america`.
        case southAmerica = "south_america"
        /// `south_asia`.
        case southAsia = "south_asia"
    }
}
