import Domain
import Foundation
import GRDB

/// The reply rules' questions about mail already queued, answered from the outbox. Read outside the
/// storing transaction (replies are rendered before the write lock is taken); the one process that
/// holds the mailbox lease is the only writer of replies, so the answers still hold at commit. Read
/// on the writer's connection, whose page cache outlives the commits between the questions.
public struct OutboxLedger: ReplyLedger, Sendable {
    let store: GatewayStore

    public func exists(_ key: OutboxKey) throws -> Bool {
        try store.readOnWriter { db in try OutboxRecord.filter(Column("key") == key.rawValue).isEmpty(db) == false }
    }

    public func queued(to recipient: String, since: Date) throws -> Int {
        try store.readOnWriter { db in try OutboxWindow.queued(db, to: recipient.lowercased(), since: since) }
    }

    public func repliesQueued(since: Date) throws -> Int {
        try store.readOnWriter { db in try OutboxWindow.repliesQueued(db, since: since) }
    }

    public func hasWritten(to recipient: String) throws -> Bool {
        try store.readOnWriter { db in try OutboxRecord.filter(Column("recipient") == recipient.lowercased()).isEmpty(db) == false }
    }
}

extension GatewayStore {
    public var ledger: OutboxLedger { OutboxLedger(store: self) }
}
