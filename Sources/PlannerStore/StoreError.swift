import Foundation
import GRDB
import Planning

/// What went wrong in the store, said so that a coordinator can act on it.
///
/// Messages never carry SQL: a constraint that SQLite enforced is reported in the domain's words.
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure; stable, for programs and HTTP mappings.
    public enum Code: String, Hashable, Sendable {
        /// The named group, member, activity or session does not exist.
        case notFound = "not-found"
        /// The write would break a rule of the store (a duplicate, a dangling reference).
        case conflict
        /// A revision-checked write found the group at another revision than the caller read.
        case changed
        /// The value is invalid for the planning domain.
        case invalid
        /// The database could not be opened, read or written.
        case database
        /// A stored row no longer decodes or validates; the message names the row, for the
        /// log only (it may quote private values).
        case corrupt
    }

    /// What kind of failure.
    public var code: Code
    /// What went wrong and, where it helps, how to fix it.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    static func notFound(_ what: String) -> StoreError { StoreError(.notFound, "\(what) does not exist") }

    /// The group is no longer at the revision the caller read: nothing was written.
    static func changed(_ group: Slug, expected: Int, found: Int) -> StoreError {
        StoreError(.changed, "group '\(group)' changed since it was read (revision \(expected) → \(found))")
    }
}

extension StoreError {
    /// Translates anything a write threw into a `StoreError` in the domain's words.
    static func wrapping(_ error: any Error) -> StoreError {
        switch error {
        case let error as StoreError:
            return error
        case let error as PlanningError:
            return StoreError(.invalid, error.description)
        case let error as DatabaseError:
            switch error.extendedResultCode {
            case .SQLITE_CONSTRAINT_UNIQUE, .SQLITE_CONSTRAINT_PRIMARYKEY:
                return StoreError(.conflict, "that would create a duplicate (\(constraintSubject(error)))")
            case .SQLITE_CONSTRAINT_FOREIGNKEY:
                return StoreError(.conflict, "that refers to something that does not exist in the store")
            case .SQLITE_CONSTRAINT_CHECK, .SQLITE_CONSTRAINT_NOTNULL:
                return StoreError(.invalid, "a value breaks a rule of the store (\(constraintSubject(error)))")
            default:
                return StoreError(.database, "the store could not be used: \(error.resultCode.description)")
            }
        default:
            return StoreError(.database, "the store could not be used: \(error)")
        }
    }

    /// The table and column SQLite names in a constraint message, e.g. `member.slug`.
    private static func constraintSubject(_ error: DatabaseError) -> String {
        let message = error.message ?? ""
        guard let colon = message.lastIndex(of: ":") else { return "constraint" }
        return message[message.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
}
