import Catalogues
import Foundation
import Planning

/// The files the command line reads and writes, in one place.
enum ConfigFiles {
    static func catalogue(directory: String) throws -> Catalogue {
        try CatalogueLoader.load(directory: URL(fileURLWithPath: directory))
    }

    static func group(file: String, catalogue: Catalogue) throws -> GroupPlan {
        try GroupLoader.load(file: URL(fileURLWithPath: file), catalogue: catalogue)
    }

    static func yaml(for plan: GroupPlan) throws -> String {
        try GroupWriter.yaml(for: plan)
    }
}
