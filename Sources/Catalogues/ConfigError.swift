import Foundation
public import Planning

/// A problem in a configuration file: which file, which line, which value, what is wrong.
///
/// Its ``description`` reads like a compiler message:
/// `Config/groups/example.yaml:42: members[3].availability[1]: windows overlap on tue (12:00–14:00 and 13:00–15:00)`.
public struct ConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem.
    public enum Code: Hashable, Sendable {
        /// The file could not be read.
        case unreadableFile
        /// The text is not valid YAML (the line is where the parser stopped).
        case malformedYAML
        /// A mapping names the same key twice.
        case duplicateKey
        /// A key the schema does not know (often a typo).
        case unknownKey
        /// A required key is missing.
        case missingKey
        /// A value of the wrong shape: a string where a list is expected, text where a number is.
        case wrongType
        /// A value is not one of the allowed words (`role: chair`).
        case notAllowed
        /// A rule of the planning domain was broken (see ``PlanningError/Code``).
        case planning(PlanningError.Code)
    }

    /// The file as it was named to the loader (`Config/groups/example.yaml`).
    public let file: String
    /// The 1-based line, when known.
    public let line: Int?
    /// The 1-based column, when known.
    public let column: Int?
    /// The offending value in the file: `members[3].availability[1]`; empty for the whole file.
    public let path: String
    /// What is wrong and how to fix it.
    public let message: String
    /// What kind of problem.
    public let code: Code

    /// Creates an error.
    public init(file: String, line: Int?, column: Int? = nil, path: String, message: String, code: Code) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
        self.code = code
    }

    /// `file:line: path: message` (parts left out when unknown or empty).
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if !path.isEmpty { text += path + ": " }
        return text + message
    }
}
