import GRDB
import Synchronization

/// A record whose Swift properties map to snake_case columns (`placeType` ↔ `place_type`), as every
/// table of this schema is written.
protocol SnakeCaseRecord: Codable, FetchableRecord, MutablePersistableRecord {}

extension SnakeCaseRecord {
    static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    // GRDB's own conversion runs for every column of every row written, a visible share of storing
    // a message; the names are few, so each is converted once.
    static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .custom { SnakeCase.column($0.stringValue) } }
}

enum SnakeCase {
    private static let known = Mutex<[String: String]>([:])

    static func column(_ property: String) -> String {
        if let name = known.withLock({ $0[property] }) { return name }
        let name = convert(property)
        known.withLock { $0[property] = name }
        return name
    }

    /// `placeType` → `place_type`, `messageID` → `message_id`, `URLString` → `url_string`: a word
    /// starts at an upper-case letter after a lower-case one, and at the last capital of a run
    /// followed by a lower-case letter (as Foundation's and GRDB's conversion split words).
    static func convert(_ property: String) -> String {
        let characters = Array(property)
        var out = ""
        for (i, c) in characters.enumerated() {
            if i > 0, c.isUppercase {
                let previous = characters[i - 1]
                let nextIsLower = i + 1 < characters.count && characters[i + 1].isLowercase
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLower) { out.append("_") }
            }
            out += c.lowercased()
        }
        return out
    }
}
