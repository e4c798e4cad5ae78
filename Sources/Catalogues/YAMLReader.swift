import Foundation
import Planning
import Yams

/// One YAML file being read: its name for messages and its root node for finding lines.
struct YAMLFile {
    let name: String
    let root: Node

    /// Parses `text`; YAML syntax errors and repeated keys become ``ConfigError``s with a line.
    init(name: String, text: String) throws {
        self.name = name
        let composed: Node?
        do {
            composed = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw YAMLFile.configError(from: error, file: name)
        }
        guard let composed else {
            throw ConfigError(file: name, line: 1, path: "", message: "the file is empty", code: .malformedYAML)
        }
        root = composed
    }

    /// Reads the file at `url`; the name in messages is the URL's relative path.
    init(url: URL) throws {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ConfigError(
                file: url.relativePath, line: nil, path: "", message: "cannot read the file (\(error.localizedDescription))",
                code: .unreadableFile)
        }
        try self.init(name: url.relativePath, text: text)
    }

    var value: YAMLValue { YAMLValue(node: root, path: "", file: self) }

    private static func configError(from error: YamlError, file: String) -> ConfigError {
        func make(_ mark: Mark?, _ problem: String, _ code: ConfigError.Code = .malformedYAML) -> ConfigError {
            ConfigError(file: file, line: mark?.line, column: mark?.column, path: "", message: problem, code: code)
        }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
            return make(mark, "malformed YAML: \(problem)\(detail)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return make(
                context.mark, "the key '\(duplicates.joined(separator: "', '"))' appears twice in one mapping (first here); keep one",
                .duplicateKey)
        case .reader(let problem, _, _, _):
            return make(nil, "unreadable text: \(problem) (is the file UTF-8?)")
        default:
            return make(nil, "malformed YAML: \(error)")
        }
    }

    /// The node at `path` (as far as it can be followed) under `base`, for its line.
    func node(at path: String, under base: Node) -> Node {
        var node = base
        for component in YAMLFile.components(of: path) {
            switch (component, node) {
            case (.key(let key), .mapping(let mapping)):
                guard let child = mapping.first(where: { $0.key.string == key })?.value else { return node }
                node = child
            case (.index(let index), .sequence(let sequence)):
                guard sequence.indices.contains(index) else { return node }
                node = sequence[index]
            default:
                return node
            }
        }
        return node
    }

    enum PathComponent { case key(String), index(Int) }

    /// `members[3].availability[1]` → key members, index 3, key availability, index 1.
    static func components(of path: String) -> [PathComponent] {
        var result: [PathComponent] = []
        for part in path.split(separator: ".") {
            var rest = Substring(part)
            if let bracket = rest.firstIndex(of: "[") {
                let key = rest[..<bracket]
                if !key.isEmpty { result.append(.key(String(key))) }
                rest = rest[bracket...]
                while rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
                    if let index = Int(rest[rest.index(after: rest.startIndex)..<close]) { result.append(.index(index)) }
                    rest = rest[rest.index(after: close)...]
                }
            } else {
                result.append(.key(String(rest)))
            }
        }
        return result
    }
}

/// Joins a parent path and a child component: `members[3]` + `availability[1]`.
func joinPath(_ parent: String, _ child: String) -> String {
    if parent.isEmpty { return child }
    if child.isEmpty { return parent }
    return child.hasPrefix("[") ? parent + child : parent + "." + child
}

/// A node in a file at a known path, with typed readers that fail with file, line and path.
struct YAMLValue {
    let node: Node
    let path: String
    let file: YAMLFile

    /// An error at this node.
    func error(_ code: ConfigError.Code, _ message: String, at node: Node? = nil, path: String? = nil) -> ConfigError {
        let mark = (node ?? self.node).mark
        return ConfigError(
            file: file.name, line: mark?.line, column: mark?.column, path: path ?? self.path, message: message, code: code)
    }

    /// Runs `body` (which builds a Planning value from this node's contents) and turns a
    /// ``PlanningError`` into a ``ConfigError`` at the line its path leads to under this node.
    func building<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let planning as PlanningError {
            throw configError(for: planning)
        }
    }

    /// A ``PlanningError`` whose path is relative to this node, at the line its path leads to.
    func configError(for planning: PlanningError) -> ConfigError {
        let target = file.node(at: planning.path, under: node)
        return error(.planning(planning.code), planning.message, at: target, path: joinPath(path, planning.path))
    }

    private var kind: String {
        switch node {
        case .scalar(let scalar): scalar.string.isEmpty ? "nothing" : "the text '\(scalar.string)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    /// This node as a mapping whose keys are all in `allowed` (an unknown key is an error at its line).
    func mapping(allowed: [String]) throws -> YAMLMapping {
        guard case .mapping(let mapping) = node else {
            throw error(.wrongType, "expected a mapping (key: value lines), found \(kind)")
        }
        for (key, _) in mapping {
            guard let name = key.string, allowed.contains(name) else {
                let name = key.string ?? "?"
                let hint = closest(to: name, in: allowed).map { "did you mean '\($0)'? " } ?? ""
                throw error(
                    .unknownKey, "unknown key '\(name)': \(hint)allowed keys are \(allowed.joined(separator: ", "))",
                    at: key, path: joinPath(path, name))
            }
        }
        return YAMLMapping(value: self, mapping: mapping)
    }

    /// This node as a list of values (`path[i]`).
    func list() throws -> [YAMLValue] {
        guard case .sequence(let sequence) = node else {
            throw error(.wrongType, "expected a list ([a, b] or '- ' lines), found \(kind)")
        }
        return sequence.enumerated().map { index, child in YAMLValue(node: child, path: "\(path)[\(index)]", file: file) }
    }

    /// This node as text (any scalar: `2027-03-08`, `15:00`, `NO` stay as written).
    func string() throws -> String {
        guard case .scalar(let scalar) = node else {
            throw error(.wrongType, "expected a single value, found \(kind)")
        }
        return scalar.string
    }

    /// This node as a whole number.
    func int() throws -> Int {
        let text = try string()
        guard let number = Int(text) else { throw error(.wrongType, "expected a whole number, found '\(text)'") }
        return number
    }

    /// This node as a number.
    func double() throws -> Double {
        let text = try string()
        guard let number = Double(text), number.isFinite else { throw error(.wrongType, "expected a number, found '\(text)'") }
        return number
    }

    /// This node as `true` or `false`.
    func bool() throws -> Bool {
        switch try string() {
        case "true": return true
        case "false": return false
        case let text: throw error(.wrongType, "expected true or false, found '\(text)'")
        }
    }

    /// This node's text parsed by a Planning initialiser (`Slug.init`, `LocalDate.init(parsing:)`…).
    func parse<T>(_ parser: (String) throws -> T) throws -> T {
        let text = try string()
        return try building { try parser(text) }
    }

    /// This node as one of an enumeration's words.
    func word<T: RawRepresentable & CaseIterable>(_ type: T.Type) throws -> T where T.RawValue == String {
        let text = try string()
        guard let value = T(rawValue: text) else {
            let words = T.allCases.map(\.rawValue)
            let hint = closest(to: text, in: words).map { " (did you mean '\($0)'?)" } ?? ""
            throw error(.notAllowed, "'\(text)' is not one of \(words.joined(separator: ", "))\(hint)")
        }
        return value
    }

    /// This node as a list whose items `item` reads.
    func list<T>(_ item: (YAMLValue) throws -> T) throws -> [T] { try list().map(item) }

    /// This node as a URL.
    func url() throws -> URL {
        let text = try string()
        guard let url = URL(string: text) else { throw error(.wrongType, "'\(text)' is not a URL") }
        return url
    }
}

/// A mapping whose keys have been checked.
struct YAMLMapping {
    let value: YAMLValue
    let mapping: Node.Mapping

    /// The value under `key`, or nil if absent.
    func optional(_ key: String) -> YAMLValue? {
        mapping.first { $0.key.string == key }.map { YAMLValue(node: $0.value, path: joinPath(value.path, key), file: value.file) }
    }

    /// The value under `key`; its absence is an error at the mapping's line.
    func required(_ key: String) throws -> YAMLValue {
        guard let child = optional(key) else {
            throw value.error(.missingKey, "missing key '\(key)'")
        }
        return child
    }

    /// `optional(key).map(read)`.
    func optional<T>(_ key: String, _ read: (YAMLValue) throws -> T) throws -> T? { try optional(key).map(read) }

    /// `read(required(key))`.
    func required<T>(_ key: String, _ read: (YAMLValue) throws -> T) throws -> T { try read(required(key)) }

    /// Whether `key` is present.
    func has(_ key: String) -> Bool { optional(key) != nil }
}

/// The allowed word closest to a typo, if one is close (edit distance ≤ 2).
func closest(to word: String, in candidates: [String]) -> String? {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
    let scored = candidates.map { ($0, distance(Array(word), Array($0))) }.filter { $0.1 <= 2 }
    return scored.min { $0.1 < $1.1 }?.0
}
