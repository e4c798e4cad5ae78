import Foundation
import Testing

/// `planner catalogue check` and `planner group check`: the Swift loaders themselves check the
/// human-edited YAML, with FILE:LINE errors, and no store is needed.
@Suite struct ConfigCheckTests {
    @Test func theShippedCatalogueAndGroupsPass() async throws {
        let planner = try PlannerRunner()
        let catalogue = try await planner.run(["catalogue", "check"], store: false)
        #expect(catalogue.status == 0, "\(catalogue.error)")
        #expect(catalogue.output.contains("Config/catalogue:") && catalogue.output.contains(": ok"))
        let groups = try await planner.run(["group", "check"], store: false)
        #expect(groups.status == 0, "\(groups.error)")
        #expect(groups.output.contains("Config/groups/example.yaml: group 'vienna'"), "\(groups.output)")
        #expect(!FileManager.default.fileExists(atPath: planner.store), "a check opens no store")
    }

    @Test func aBrokenGroupFileNamesItsLineAndFailsAlone() async throws {
        let planner = try PlannerRunner()
        let good = PlannerRunner.packageRoot.appendingPathComponent("Config/groups/example.yaml")
        let text = try String(contentsOf: good, encoding: .utf8)
        let broken = planner.directory.appendingPathComponent("broken.yaml")
        // An interest the catalogue does not have, on a line we can find again.
        let replaced = text.replacingOccurrences(of: "interests: [", with: "interests: [no-such-theme, ")
        #expect(replaced != text)
        try replaced.write(to: broken, atomically: true, encoding: .utf8)
        let line = try #require(
            replaced.components(separatedBy: "\n").firstIndex { $0.contains("no-such-theme") }.map { $0 + 1 })

        let result = try await planner.run(["group", "check", good.path, broken.path], store: false)
        #expect(result.status != 0)
        #expect(result.output.contains("example.yaml: group 'vienna'"), "the good file is still checked")
        #expect(result.error.contains("broken.yaml:\(line):"), "\(result.error)")
        #expect(result.error.contains("no-such-theme"), "\(result.error)")
    }

    @Test func aBrokenCatalogueIsOneLineWithItsFile() async throws {
        let planner = try PlannerRunner()
        let folder = planner.directory.appendingPathComponent("catalogue", isDirectory: true)
        try FileManager.default.copyItem(
            at: PlannerRunner.packageRoot.appendingPathComponent("Config/catalogue", isDirectory: true), to: folder)
        let themes = try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasPrefix("themes") }
        let file = folder.appendingPathComponent(try #require(themes))
        try (try String(contentsOf: file, encoding: .utf8) + "\n  - slug: Not A Slug\n").write(
            to: file, atomically: true, encoding: .utf8)
        let result = try await planner.run(["catalogue", "check", "--catalogue", folder.path], store: false)
        #expect(result.status != 0)
        #expect(result.error.contains(file.lastPathComponent + ":"), "\(result.error)")
    }
}
