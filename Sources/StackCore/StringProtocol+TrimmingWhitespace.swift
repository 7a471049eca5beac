extension StringProtocol {
    /// The text without leading and trailing white space and line breaks (JavaScript's
    /// `String.prototype.trim`, which the JS SDK applies to option values and feedback issues;
    /// also used for tone settings, URLs and DTMF relay bodies).
    public func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
