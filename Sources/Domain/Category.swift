/// An incident category from the configured list (default list: report-format.md).
public struct Category: Sendable, Hashable, Codable {
    /// Short code stored and exported, e.g. `SKAD`.
    public var code: String
    /// Swedish display name, e.g. `Skadegörelse`.
    public var name: String
    /// Words reporters use for it (`vandalisering`, `krossad ruta`).
    public var synonyms: [String]

    public init(code: String, name: String, synonyms: [String] = []) {
        self.code = code
        self.name = name
        self.synonyms = synonyms
    }
}
