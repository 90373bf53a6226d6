import GRDB

// The statements intake runs for every message, compiled once per connection. GRDB's
// `execute(sql:)` and `fetchOne(_:sql:)` prepare and authorize the SQL again on every call, which
// was a tenth of storing a message; a cached statement is only reset and bound.
extension Database {
    func executeCached(sql: String, arguments: StatementArguments = StatementArguments()) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}

extension DatabaseValueConvertible where Self: StatementColumnConvertible {
    static func fetchOneCached(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments()) throws -> Self? {
        try fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }
}
