/// One EST district the working group follows (Råby, Hammarby, Bäckby/Skälby).
public struct Area: Sendable, Hashable, Codable {
    /// Stable identifier used in storage, JSON and configuration keys, e.g. `raby`.
    public var id: String
    /// Display name as people write it, e.g. `Råby`.
    public var name: String
    /// Other spellings reporters use (`Bäckby`, `Skälby`, `Raby`).
    public var aliases: [String]
    /// Addresses that receive spike alerts for this area.
    public var contacts: [String]

    public init(id: String, name: String, aliases: [String] = [], contacts: [String] = []) {
        self.id = id
        self.name = name
        self.aliases = aliases
        self.contacts = contacts
    }
}
