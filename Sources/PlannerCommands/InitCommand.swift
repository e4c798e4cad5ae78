import ArgumentParser
import Foundation
import PlannerStore
import Planning

/// `planner init`: create the store and install the catalogue.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the store (if needed) and install or update the catalogue from YAML.")

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: ArgumentHelp("The folder of the catalogue YAML files.", valueName: "dir"))
    var catalogue: String = "Config/catalogue"

    func run() throws {
        let loaded = try ConfigFiles.catalogue(directory: catalogue)
        let store = try storeOptions.open(creating: true)
        let changes = try store.installCatalogue(loaded)
        print("store: \(storeOptions.store)")
        print(
            "catalogue: \(loaded.themes.count) themes, \(loaded.gapPriorities.count) GAP priorities, "
                + "\(loaded.activityKinds.count) activity kinds, \(loaded.observances.count) observances"
                + (changes.isEmpty ? " (unchanged)" : " (\(changes.count) changes)"))
    }
}
