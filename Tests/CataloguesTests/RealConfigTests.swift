import Foundation
import Planning
import Testing

@testable import Catalogues

/// The package's own `Config/` (written by the content helper; present after the merge).
let packageConfig = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appending(path: "Config")

@Test(
    "the real catalogue and example group load, check and round-trip",
    .enabled(if: FileManager.default.fileExists(atPath: packageConfig.appending(path: "catalogue/themes.yaml").path)))
func realConfigLoads() throws {
    let catalogue = try CatalogueLoader.load(directory: packageConfig.appending(path: "catalogue"))
    let plan = try GroupLoader.load(file: packageConfig.appending(path: "groups/example.yaml"), catalogue: catalogue)
    #expect(!catalogue.themes.isEmpty && !plan.members.isEmpty)
    let again = try GroupLoader.load(text: GroupWriter.yaml(for: plan), name: "written.yaml", catalogue: catalogue)
    #expect(again == plan)
}
