import Foundation
import Testing

/// Same input, same bytes, whatever the process: Swift seeds `Set` and `Dictionary` hashing
/// anew in every process, so an output that follows their order differs between runs. Each
/// command here runs twice, in processes with different hash seeds (the fixed seed of
/// `SWIFT_DETERMINISTIC_HASHING` and a random one), and the outputs must be equal byte for byte.
@Suite struct DeterminismTests {
    static let seeds: [[String: String]] = [["SWIFT_DETERMINISTIC_HASHING": "1"], [:]]

    @Test func plansAndFeedsAreTheSameBytesUnderDifferentHashSeeds() async throws {
        let planner = try await PlannerRunner.withExampleGroup()
        try await planner.ok(["import", "holidays", "Calendars/holidays/austria-2026-2028.ics", "--group", "vienna"])

        func sameInBoth(_ arguments: [String]) async throws -> String {
            var outputs: [String] = []
            for environment in Self.seeds {
                let result = try await planner.run(arguments, environment: environment)
                #expect(result.status == 0, "planner \(arguments.joined(separator: " ")): \(result.error)")
                outputs.append(result.output)
            }
            #expect(outputs[0] == outputs[1], "planner \(arguments.joined(separator: " ")) differs between hash seeds")
            return outputs[0]
        }
        let programme = try await sameInBoth([
            "plan", "programme", "--group", "vienna", "--year", "2027", "--dry-run", "--format", "json",
        ])
        #expect(programme.contains("\"months\""))
        try await planner.ok(["plan", "programme", "--group", "vienna", "--year", "2027"])
        let assignment = try await sameInBoth([
            "assign", "--group", "vienna", "--from", "2027-01-01", "--to", "2027-06-30", "--dry-run", "--format",
            "json",
        ])
        #expect(assignment.contains("\"sessions\""))
        try await planner.ok(["assign", "--group", "vienna", "--from", "2027-01-01", "--to", "2027-06-30"])

        var folders: [URL] = []
        for (index, environment) in Self.seeds.enumerated() {
            let folder = planner.directory.appendingPathComponent("feeds-\(index)")
            let result = try await planner.run(
                [
                    "export", "feeds", "--group", "vienna", "--out", folder.path, "--private-out",
                    folder.appendingPathComponent("private").path, "--now", "2027-01-15T00:00:00Z",
                ], environment: environment)
            #expect(result.status == 0, "\(result.error)")
            folders.append(folder)
        }
        let files = try Self.files(in: folders[0])
        #expect(files.count > 20, "public and private feeds: \(files.count)")
        #expect(try Self.files(in: folders[1]) == files)
        for file in files {
            let first = try Data(contentsOf: folders[0].appendingPathComponent(file))
            let second = try Data(contentsOf: folders[1].appendingPathComponent(file))
            #expect(first == second, "\(file) differs between hash seeds")
        }
    }

    /// Every file below `folder`, as relative paths, sorted.
    static func files(in folder: URL) throws -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isFolder),
                !isFolder.boolValue
            {
                files.append(path)
            }
        }
        return files.sorted()
    }
}
