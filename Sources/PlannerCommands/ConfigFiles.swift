import CalendarFeeds
import Catalogues
import Foundation
import Planning

/// The files the command line reads and writes, in one place.
enum ConfigFiles {
    static func catalogue(directory: String) throws -> Catalogue {
        throw CommandError("catalogue loading is not wired yet")
    }

    static func group(file: String, catalogue: Catalogue) throws -> GroupPlan {
        throw CommandError("group loading is not wired yet")
    }

    static func yaml(for plan: GroupPlan) throws -> String {
        throw CommandError("group writing is not wired yet")
    }

    static func holidays(file: String) throws -> [(Blackout, externalUID: String?)] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw CommandError("cannot read \(file): \(error.localizedDescription)")
        }
        do {
            return try CalendarImport.holidays(from: data).map { ($0.blackout, externalUID: $0.externalUID) }
        } catch {
            throw CommandError("\(file): \(error)")
        }
    }
}
