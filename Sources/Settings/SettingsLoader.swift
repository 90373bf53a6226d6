import Configuration
import Domain
import Foundation
import Yams

/// Reads the YAML configuration with environment variables layered on top
/// (`INSTANCE_ADDRESS` overrides `instance.address`), and checks it.
public enum SettingsLoader {
    public static func load(
        path: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws(SettingsError) -> GatewaySettings {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw SettingsError(
                path: path,
                problems: [
                    SettingsProblem(
                        key: "(file)",
                        message: "cannot read the file: \(error.localizedDescription); pass --config with the path of a readable YAML file")
                ])
        }
        let collections: CollectionKeys
        do {
            collections = try CollectionKeys(yaml: text)
        } catch {
            throw SettingsError(path: path, problems: [SettingsProblem(key: "(file)", message: "not valid YAML: \(error)")])
        }
        let reader: ConfigReader
        do {
            let fileReader = ConfigReader(provider: InMemoryProvider(values: ["filePath": .init(.string(path), isSecret: false)]))
            let yaml = try await FileProvider<YAMLSnapshot>(config: fileReader)
            reader = ConfigReader(providers: [EnvironmentVariablesProvider(environmentVariables: environment), yaml])
        } catch {
            throw SettingsError(
                path: path, problems: [SettingsProblem(key: "(file)", message: "cannot be read as configuration: \(error)")])
        }
        var checked = CheckedReader(reader: reader)
        let baseFolder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let settings = SettingsBuilder.build(from: &checked, collections: collections, baseFolder: baseFolder)
        if !checked.problems.isEmpty { throw SettingsError(path: path, problems: checked.problems) }
        return settings
    }
}

/// The ids under `areas`, `organisations` and `categories`, in file order. swift-configuration reads
/// values by key but cannot list a mapping's keys, so the document structure is read once with Yams.
struct CollectionKeys {
    var areas: [String] = []
    var organisations: [String] = []
    var categories: [String] = []

    init(yaml: String) throws {
        guard let root = try Yams.compose(yaml: yaml)?.mapping else { return }
        func keys(_ name: String) -> [String] {
            guard let node = root[Node(name)]?.mapping else { return [] }
            return node.keys.compactMap(\.string)
        }
        areas = keys("areas")
        organisations = keys("organisations")
        categories = keys("categories")
    }
}

/// Typed reads that record a problem per key instead of stopping at the first.
struct CheckedReader {
    let reader: ConfigReader
    var problems: [SettingsProblem] = []

    mutating func problem(_ key: String, _ message: String) {
        problems.append(SettingsProblem(key: key, message: message))
    }

    private mutating func read<T>(_ key: String, _ expected: String, _ body: (ConfigReader, ConfigKey) throws -> T) -> T? {
        let reader = self.reader
        do {
            return try body(reader, ConfigKey(key))
        } catch {
            if !"\(error)".hasPrefix("Missing required") { problem(key, "expected \(expected)") }
            return nil
        }
    }

    mutating func string(_ key: String) -> String? {
        let value = read(key, "a text value") { try $0.requiredString(forKey: $1) }
        return value.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    mutating func requiredString(_ key: String, _ hint: String) -> String {
        guard let value = string(key), !value.isEmpty else {
            problem(key, "missing; \(hint)")
            return ""
        }
        return value
    }

    mutating func int(_ key: String, default value: Int, range: ClosedRange<Int>) -> Int {
        optionalInt(key, range: range) ?? value
    }

    /// nil when the key is absent or its value unusable (then with a problem recorded).
    mutating func optionalInt(_ key: String, range: ClosedRange<Int>) -> Int? {
        guard let read = read(key, "a whole number", { try $0.requiredInt(forKey: $1) }) else { return nil }
        if !range.contains(read) {
            problem(key, "\(read) is outside \(range.lowerBound)...\(range.upperBound)")
            return nil
        }
        return read
    }

    mutating func bool(_ key: String, default value: Bool) -> Bool {
        read(key, "true or false") { try $0.requiredBool(forKey: $1) } ?? value
    }

    mutating func strings(_ key: String) -> [String] {
        let values = read(key, "a list such as [a, b]") { try $0.requiredStringArray(forKey: $1) } ?? []
        return values.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
