/// Building the answer to a request (RFC 8489 §6.3.1, §6.3.1.1).
extension STUNMessage {
    /// A success response with this request's method and transaction ID.
    public func successResponse(attributes: [STUNAttribute] = []) -> STUNMessage {
        STUNMessage(.successResponse, method: method, transactionID: transactionID, attributes: attributes)
    }

    /// An error response with this request's method and transaction ID, ERROR-CODE first and
    /// then `attributes` (RFC 8489 §6.3.1.1).
    public func errorResponse(_ error: STUNErrorCode, attributes: [STUNAttribute] = []) -> STUNMessage {
        STUNMessage(.errorResponse, method: method, transactionID: transactionID,
                    attributes: [.errorCode(error)] + attributes)
    }

    /// The 420 Unknown Attribute response listing ``unknownComprehensionRequiredAttributes``
    /// (RFC 8489 §6.3.1, §14.13), or `nil` when there are none.
    public func unknownAttributesResponse() -> STUNMessage? {
        let unknown = unknownComprehensionRequiredAttributes
        guard !unknown.isEmpty else { return nil }
        return errorResponse(.unknownAttribute, attributes: [.unknownAttributes(unknown)])
    }
}
