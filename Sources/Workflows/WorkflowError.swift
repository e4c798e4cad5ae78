public import Planning

/// Why a workflow did nothing. The command line prints it; the API maps each case to one
/// status (400, 404, 412, 409), so the two callers refuse the same things with the same words.
public enum WorkflowError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An input outside the rules or the limits: the field it came from (`from`, `to`, `year`,
    /// as the API body names it; the command line's option is `--` and the field) and what is
    /// wrong with it, without the field's name (each caller puts it in front its own way).
    case invalid(field: String, message: String)
    /// The group, or a session of it, does not exist.
    case notFound(String)
    /// The caller held the group to a revision (`If-Match`) it is no longer at; nothing was
    /// planned or written.
    case revisionMismatch(group: Slug, current: Int)
    /// The group changed between reading it and storing the plan; nothing was stored.
    case changedWhilePlanning(String)

    public var description: String {
        switch self {
        case .invalid(let field, let message): "\(field): \(message)"
        case .notFound(let message): message
        case .changedWhilePlanning(let message): message + " (nothing was stored)"
        case .revisionMismatch(let group, let current):
            "group '\(group)' is no longer at the expected revision (now \(current)): read it again"
        }
    }
}

extension WorkflowError {
    /// Runs `body`, reading one field of a form or a request: a ``PlanningError`` it throws
    /// becomes ``invalid(field:message:)`` for `field`, with the rule's own words.
    public static func reading<T>(_ field: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PlanningError {
            throw WorkflowError.invalid(field: field, message: error.message)
        }
    }
}
