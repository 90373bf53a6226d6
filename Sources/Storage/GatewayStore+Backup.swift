import Foundation
import GRDB

/// What `backup` wrote.
public struct BackupResult: Sendable, Hashable {
    public var path: String
    public var bytes: Int
    /// The last schema migration the copy has (`v12-bodies`): what version of the gateway it needs.
    public var schemaVersion: String
}

public enum BackupError: Error, Sendable, Hashable, CustomStringConvertible {
    case exists(String)
    case cannotReplace(String, reason: String)
    case damaged([String])

    public var description: String {
        switch self {
        case .exists(let path): "\(path) exists; choose a new file name, or pass --force to replace it"
        case .cannotReplace(let path, let reason): "cannot write \(path): \(reason)"
        case .damaged(let problems):
            "the copy failed SQLite's integrity check (\(problems.prefix(3).joined(separator: "; "))); nothing was written; run `est-gateway backup` again, and if it fails again the database itself needs a look (PRAGMA integrity_check)"
        }
    }
}

extension GatewayStore {
    /// An online, consistent copy of the whole database through SQLite's backup API: it reads one
    /// snapshot while the daemon goes on writing. The copy is written beside `path` and renamed over it
    /// only when complete, so a crash or a full disk never leaves half a backup under the name asked for.
    /// The copy is one self-contained file (rollback journal); the gateway turns WAL on again when it opens it.
    public func backup(to path: String, replacing: Bool = false) throws -> BackupResult {
        let manager = FileManager.default
        if manager.fileExists(atPath: path) && !replacing { throw BackupError.exists(path) }
        let partial = path + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        try? manager.removeItem(atPath: partial)
        defer { try? manager.removeItem(atPath: partial) }
        let copy = try DatabaseQueue(path: partial)
        try pool.backup(to: copy)
        let (version, check) = try copy.writeWithoutTransaction { db -> (String, [String]) in
            try db.execute(sql: "PRAGMA journal_mode = DELETE")
            return (
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations").max(by: Self.migrationOrder) ?? "none",
                try String.fetchAll(db, sql: "PRAGMA integrity_check")
            )
        }
        try copy.close()
        guard check == ["ok"] else { throw BackupError.damaged(check) }
        if rename(partial, path) != 0 { throw BackupError.cannotReplace(path, reason: String(cString: strerror(errno))) }
        let bytes = ((try? manager.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
        return BackupResult(path: path, bytes: bytes, schemaVersion: version)
    }

    /// `v9-…` before `v10-…`: migrations are numbered, and text order would put v10 first.
    static func migrationOrder(_ a: String, _ b: String) -> Bool {
        func number(_ id: String) -> Int { Int(id.dropFirst().prefix { $0.isNumber }) ?? 0 }
        return number(a) < number(b)
    }

    /// The schema version this database is at (its last migration).
    public var schemaVersion: String {
        get throws { try pool.read { db in try Schema.migrator.appliedIdentifiers(db).max(by: Self.migrationOrder) ?? "none" } }
    }

    /// SQLite's own check of every page and index: `["ok"]` for a sound file, else what is wrong.
    public func integrityCheck() throws -> [String] {
        try pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }
}
