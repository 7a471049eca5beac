/// One `shell` input line split into words: white space separates them, double quotes keep
/// a word's spaces (`"a note"`), a backslash escapes the next character inside quotes, and a
/// word starting with `#` begins a comment.
struct ShellLine: Sendable, Equatable {
    /// Why a line cannot be read.
    struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong.
        let description: String
    }

    /// The words; the first is the command.
    let words: [String]

    /// Splits `text`.
    init(_ text: String) throws(SyntaxError) {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quoted = false
        var escaped = false
        for character in text {
            if escaped {
                current.append(character)
                escaped = false
            } else if quoted {
                switch character {
                case "\\": escaped = true
                case "\"": quoted = false
                default: current.append(character)
                }
            } else if character.isWhitespace {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else if character == "#", !inWord {
                break
            } else if character == "\"" {
                quoted = true
                inWord = true
            } else {
                current.append(character)
                inWord = true
            }
        }
        guard !quoted else { throw SyntaxError(description: "unterminated quote") }
        if inWord { words.append(current) }
        self.words = words
    }
}
