extension PlivoOptions {
    /// The seed's `dtmfOptions` object: `{sendDtmfType: ["inband", "outband"]}`.
    public struct DTMFOptions: Sendable, Hashable {
        /// How digits are sent: ``DTMFType/inband``, ``DTMFType/outband`` or both (the
        /// default). Must not be empty (checked by ``PlivoOptions/validated()``).
        public var sendDtmfType: Set<DTMFType>

        /// The given types; both by default.
        public init(sendDtmfType: Set<DTMFType> = [.inband, .outband]) {
            self.sendDtmfType = sendDtmfType
        }

        /// The object as the JS SDK shows it, types in the seed's order:
        /// `{"sendDtmfType": ["inband", "outband"]}`.
        public var optionsValue: PlivoOptionsValue {
            ["sendDtmfType": .array(sendDtmfType.sorted().map { .string($0.rawValue) })]
        }
    }
}
