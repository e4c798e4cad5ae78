import ArgumentParser
import Configuration
import Foundation
import Yams

extension ServerConfiguration {
    /// How the sources are layered: the discussion of `plannerd --help`.
    public static let layering = """
        Every option comes from the YAML file (--config FILE or PLANNERD_CONFIG; default \
        Config/plannerd.yaml when present), then from its PLANNERD_* environment variable, then from its \
        flag (--port 9000 or --port=9000): a later source wins. Config/plannerd.yaml lists them all with \
        their defaults.
        """

    /// Loads the configuration from the command line's arguments (without the program's name):
    /// see ``load(flags:environment:defaultFile:)``.
    ///
    /// - Throws: ``StartupError`` naming the file, variable or flag that was wrong, or what
    ///   swift-argument-parser says of the arguments (`--help` among them).
    public static func load(
        arguments: [String], environment: [String: String], defaultFile: String = "Config/plannerd.yaml"
    ) async throws -> ServerConfiguration {
        let flags: ServerFlags
        do {
            flags = try ServerFlags.parse(ServerFlags.emptyValuesSpelledOut(arguments))
        } catch {
            throw StartupError(ServerFlags.message(for: error))
        }
        return try await load(flags: flags, environment: environment, defaultFile: defaultFile)
    }

    /// Loads the configuration: defaults, then the YAML file (if the flags or the environment name
    /// one with `--config`/`PLANNERD_CONFIG`, or `defaultFile` exists), then the environment, then
    /// the flags. swift-configuration reads and layers the three sources; the options' own rules
    /// (ranges, levels, formats) check the value that wins.
    ///
    /// - Throws: ``StartupError`` naming the file, variable or flag that was wrong.
    public static func load(
        flags: ServerFlags, environment: [String: String], defaultFile: String = "Config/plannerd.yaml"
    ) async throws -> ServerConfiguration {
        var given: [AbsoluteConfigKey: ConfigValue] = [:]
        if let file = flags.config { given[["config"]] = ConfigValue(.string(file), isSecret: false) }
        for option in options {
            if let value = flags[keyPath: option.flag] {
                given[AbsoluteConfigKey([option.key])] = ConfigValue(.string(value), isSecret: false)
            }
        }
        let flagProvider = InMemoryProvider(name: "flags", values: given)
        // `PLANNERD_` and the key in capitals, '-' as '_': PLANNERD_BASE_URL for base-url.
        let variables = EnvironmentVariablesProvider(environmentVariables: environment).prefixKeys(with: "plannerd")

        let named = try await ConfigReader(providers: [flagProvider, variables]).fetchString(forKey: "config")
        let path = named ?? defaultFile
        let file = try await yamlFile(path, allowMissing: named == nil)

        let sources: [(provider: any ConfigProvider, name: (Option) -> String)] = [
            (flagProvider, { "flag --\($0.key)" }),
            (variables, { "environment variable \($0.environmentVariable)" }),
            (file, { "\(path): \($0.key)" }),
        ]
        let reader = ConfigReader(providers: sources.map(\.provider))
        // Which source gave an option its value (or failed to), for the error.
        func origin(_ option: Option) -> String {
            for source in sources {
                let lookup = try? source.provider.value(forKey: AbsoluteConfigKey([option.key]), type: .string)
                if let lookup, lookup.value == nil { continue }
                return source.name(option)
            }
            return option.key
        }

        var configuration = ServerConfiguration()
        for option in options {
            let text: String?
            do {
                text = try await reader.fetchString(forKey: ConfigKey([option.key]))
            } catch {
                throw StartupError("\(origin(option)): \(firstLine(of: error))")
            }
            guard let text else { continue }
            guard option.parse(&configuration, text) else {
                throw StartupError("\(origin(option)): '\(text)' is not a valid \(option.key) (\(option.help))")
            }
        }
        return configuration
    }

    /// The YAML file at `path` as a swift-configuration provider, after checking that it names
    /// only known options, each with one value. A missing file is no error if `allowMissing`.
    private static func yamlFile(_ path: String, allowMissing: Bool) async throws -> any ConfigProvider {
        let provider: FileProvider<YAMLSnapshot>
        do {
            // The file provider's path, as a configuration of its own: this keeps swift-system's
            // FilePath out of this module's imports.
            let location = ConfigReader(
                provider: InMemoryProvider(values: [
                    "filePath": ConfigValue(.string(path), isSecret: false),
                    "allowMissing": ConfigValue(.bool(allowMissing), isSecret: false),
                ]))
            provider = try await FileProvider<YAMLSnapshot>(config: location)
        } catch {
            // A file that is empty or only comments sets nothing, as before; YAMLSnapshot wants a mapping.
            if let text = try? String(contentsOfFile: path, encoding: .utf8), holdsNoDocument(text) {
                return InMemoryProvider(name: path, values: [:])
            }
            throw StartupError("cannot use the configuration file \(path): \(firstLine(of: error))")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return provider }
        // By hand: YAMLSnapshot flattens nested mappings into dotted keys and does not list its
        // keys, so a misspelt option (`prot: 80`) or a nested one would be ignored without a word.
        // The file has parsed already; Yams lists its top-level keys here.
        guard case .mapping(let mapping) = try? Yams.compose(yaml: text) else { return provider }
        for (key, value) in mapping {
            let name = key.string ?? "\(key)"
            guard options.contains(where: { $0.key == name }) else {
                throw StartupError(
                    "\(path): unknown option '\(name)'; known: " + options.map(\.key).joined(separator: ", "))
            }
            guard case .scalar = value else {
                throw StartupError("\(path): \(name) must be a single value, not a list or a mapping")
            }
        }
        return provider
    }

    /// Whether YAML text is empty or only comments.
    private static func holdsNoDocument(_ text: String) -> Bool {
        do {
            return try Yams.compose(yaml: text) == nil
        } catch {
            return false
        }
    }

    /// The first line of an error's description: YAML errors quote the line with a caret below.
    private static func firstLine(of error: any Error) -> String {
        String(describing: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
    }
}
