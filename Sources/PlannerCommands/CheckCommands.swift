import ArgumentParser
import Catalogues
import Foundation
import Planning

/// `planner catalogue check [--catalogue Config/catalogue]`: the catalogue's four files, read
/// and checked by the same loader the store and the daemon use.
struct CatalogueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalogue", abstract: "Check the catalogue's YAML files.", subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the catalogue (themes, GAP priorities, activity kinds, observances) without a store.",
            discussion: "Prints the first problem as FILE:LINE: PATH: MESSAGE and exits 1, or a summary.")
        @OptionGroup var catalogueOption: CatalogueFolderOption

        func run() throws {
            let catalogue = try catalogueOption.load()
            print(
                "\(catalogueOption.catalogue): \(catalogue.themes.count) themes, \(catalogue.gapPriorities.count) GAP "
                    + "priorities, \(catalogue.activityKinds.count) activity kinds, "
                    + "\(catalogue.observances.count) observances: ok")
        }
    }
}

/// `planner group check [FILE …] [--catalogue Config/catalogue]`
struct GroupCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check group YAML files against the catalogue without a store (default: Config/groups/*.yaml).",
        discussion: "Prints each file's first problem as FILE:LINE: PATH: MESSAGE and exits 1 if any file has one.")
    @OptionGroup var catalogueOption: CatalogueFolderOption
    @Argument(help: ArgumentHelp("Group files to check.", valueName: "file")) var files: [String] = []

    func run() throws {
        let catalogue = try catalogueOption.load()
        let files = try self.files.isEmpty ? Self.defaultFiles() : self.files
        var failed = 0
        for file in files {
            do {
                let plan = try ConfigFiles.group(file: file, catalogue: catalogue)
                print(
                    "\(file): group '\(plan.group.slug)', \(plan.members.count) members, "
                        + "\(plan.activities.count) activities: ok")
            } catch {
                failed += 1
                FileHandle.standardError.write(Data("\(error)\n".utf8))
            }
        }
        if failed > 0 { throw ExitCode.failure }
    }

    /// Every `.yaml` file in `Config/groups`, in name order.
    static func defaultFiles() throws -> [String] {
        let folder = "Config/groups"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw ValidationError("no group files given and no \(folder) folder here")
        }
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { "\(folder)/\($0)" }
    }
}

/// `--catalogue FOLDER`: where the catalogue's YAML files are.
struct CatalogueFolderOption: ParsableArguments {
    @Option(help: ArgumentHelp("The catalogue folder.", valueName: "folder")) var catalogue = "Config/catalogue"

    func load() throws -> Catalogue { try ConfigFiles.catalogue(directory: catalogue) }
}
