/// One thing wrong with the configuration, named by its key so the operator can find it.
public struct SettingsProblem: Sendable, Hashable, CustomStringConvertible {
    public var key: String
    public var message: String

    public init(key: String, message: String) {
        self.key = key
        self.message = message
    }

    public var description: String { "\(key): \(message)" }
}

/// The configuration could not be used; carries every problem found, not just the first.
public struct SettingsError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var problems: [SettingsProblem]

    public init(path: String, problems: [SettingsProblem]) {
        self.path = path
        self.problems = problems
    }

    public var description: String {
        let list = problems.map { "  - \($0)" }.joined(separator: "\n")
        return "configuration \(path) has \(problems.count) problem(s):\n\(list)"
    }
}
