import Foundation
import GRDB
import Synchronization

/// The distinct SQL statements a store ran (their text, parameters unbound), so that a test can ask
/// SQLite how it plans each one without the test writing SQL of its own.
public final class StatementLog: Sendable {
    /// In the order first run, and the same as a set for the check.
    private let recorded = Mutex<(order: [String], seen: Set<String>)>(([], []))

    public init() {}

    func record(_ sql: String) {
        recorded.withLock { if $0.seen.insert(sql).inserted { $0.order.append(sql) } }
    }

    /// In the order first run.
    public var all: [String] { recorded.withLock { $0.order } }

    /// Forgets what was recorded (to log one path at a time).
    public func reset() { recorded.withLock { $0 = ([], []) } }
}

/// How SQLite runs one statement: the detail lines of EXPLAIN QUERY PLAN.
public struct QueryPlan: Sendable, Hashable {
    public var sql: String
    public var steps: [String]

    /// Steps that read every row of one of `tables` (SCAN t, also through an index, is as long as t).
    public func fullScans(of tables: Set<String>) -> [String] {
        steps.filter { step in
            let words = step.split(separator: " ")
            return words.count >= 2 && words[0] == "SCAN" && tables.contains(String(words[1]))
        }
    }
}

extension GatewayStore {
    /// The plans of the statements `log` recorded that read tables (not transactions or pragmas).
    public func queryPlans(_ log: StatementLog) throws -> [QueryPlan] {
        let statements = log.all.filter { sql in
            let head = sql.trimmingCharacters(in: .whitespacesAndNewlines).prefix(7).uppercased()
            return ["SELECT", "UPDATE", "DELETE", "INSERT", "WITH"].contains { head.hasPrefix($0) }
                && !sql.contains("grdb_migrations") && !sql.contains("sqlite_")
        }
        return try pool.read { db in
            try statements.map { sql in
                let statement = try db.makeStatement(sql: "EXPLAIN QUERY PLAN " + sql)
                // Parameters stay unbound (NULL): the plan depends on the indexes, not on the values.
                statement.setUncheckedArguments(StatementArguments())
                let rows = try Row.fetchAll(statement)
                return QueryPlan(sql: sql, steps: rows.map { $0["detail"] })
            }
        }
    }
}
