import Daemon
import Domain
import Foundation
import MIME
import MailAccess
import Storage
import Synchronization
import Testing

/// The daemon's own rules, on in-memory mail: what it stores, answers, moves and retries, in which
/// order, whatever the servers say. The same rules against real Dovecot and Postfix are in DaemonTests.
@Suite struct DaemonLogicTests {
    @Test func reportIsStoredAnsweredAndMoved() async throws {
        let world = try await LogicWorld()
        await world.mailbox.deliver(LogicWorld.report(id: "one"))
        let result = await (try world.daemon()).cycle()
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.intake?.stored == 1 && result.intake?.moved == 1)
        #expect(result.outbox?.sent == 1)
        #expect(await world.mailbox.count("INBOX") == 0)
        #expect(await world.mailbox.count("EST/Behandlade") == 1)
        let sent = try #require(await world.smtp.accepted.first)
        #expect(sent.recipients == ["anna.lind@mimer.example"] && sent.from == "est@vasteras.example")
        let reply = try MailMessage.parse(sent.message)
        #expect(reply.headers.first("In-Reply-To") == "<one@mimer.example>")
        #expect(reply.headers.first("Auto-Submitted") == "auto-replied")
        #expect(try world.store.outboxRows().map(\.status) == [.sent])
    }

    @Test func batchesAreStoredInUIDOrderAndNumberedSo() async throws {
        let world = try await LogicWorld(batchSize: 2)
        for n in 1...5 { await world.mailbox.deliver(LogicWorld.report(id: "order-\(n)", place: "Plats \(n)")) }
        let result = await (try world.daemon()).cycle()
        #expect(result.intake?.fetched == 5 && result.intake?.stored == 5)
        #expect(await world.mailbox.fetches == [[1, 2], [3, 4], [5]], "one FETCH per batch")
        let incidents = try world.store.incidents(IncidentQuery())
        #expect(incidents.map(\.incident.place) == (1...5).map { "Plats \($0)" })
        #expect(incidents.map(\.ref) == (1...5).map { "EST-2018-00000\($0)" })
        #expect(try world.store.cursor(mailbox: "INBOX")?.lastUID == 5)
    }

    @Test func aPollMovesEverythingItStoredInOneCommandPerFolder() async throws {
        let world = try await LogicWorld(batchSize: 2)
        for n in 1...5 { await world.mailbox.deliver(LogicWorld.report(id: "set-\(n)", place: "Plats \(n)")) }
        await world.mailbox.deliver(Array("From: nobody@elsewhere.example\r\nSubject: hej\r\n\r\nhej\r\n".utf8))
        let result = await (try world.daemon()).cycle()
        #expect(result.intake?.moved == 6)
        let moves = await world.mailbox.moves
        #expect(moves.count == 2, "one per folder, not one per batch: \(moves.map(\.target))")
        #expect(moves.first { $0.target == "EST/Behandlade" }?.uids == [1, 2, 3, 4, 5])
    }

    /// Intake commits skip the WAL sync; the poll syncs once before its moves, the point of no
    /// return (issue 13): at every move, nothing committed is still unsynced.
    @Test func everyCommitIsSyncedBeforeTheMovesThatFollowIt() async throws {
        let log = StatementLog()
        let world = try await LogicWorld(batchSize: 2, statementLog: log)
        for n in 1...5 { await world.mailbox.deliver(LogicWorld.report(id: "sync-\(n)", place: "Plats \(n)")) }
        await world.mailbox.deliver(Array("From: nobody@elsewhere.example\r\nSubject: hej\r\n\r\nhej\r\n".utf8))
        let store = world.store
        let unsyncedAtMoves = Mutex<[Bool]>([])
        await world.mailbox.onMove { unsyncedAtMoves.withLock { $0.append(store.hasUnsyncedCommits) } }
        let result = await (try world.daemon()).cycle()
        #expect(result.intake?.moved == 6)
        let seen = unsyncedAtMoves.withLock { $0 }
        #expect(seen.count == 2 && seen.allSatisfy { !$0 }, "unsynced commits at the moves: \(seen)")
        #expect(log.all.contains { $0.contains("sync_marks") }, "the poll synced what it committed")
        #expect(try store.commitsAreDurable, "the writer is back to synced commits")
    }

    @Test func anIdlePollIsOneStatusOnTheSessionItKept() async throws {
        let world = try await LogicWorld()
        await world.mailbox.deliver(LogicWorld.report(id: "idle"))
        let daemon = try world.daemon()
        _ = await daemon.cycle()
        let afterWork = await world.mailbox.sessionsEnded
        #expect(afterWork == 1, "a poll that selected the mailbox ends its session")
        let before = await world.mailbox.calls.count
        for _ in 0..<3 { _ = await daemon.cycle() }
        let idle = await world.mailbox.calls.dropFirst(before)
        #expect(Array(idle) == [.status, .status, .status], "nothing but STATUS: \(idle)")
        #expect(await world.mailbox.sessionsEnded == afterWork, "idle polls keep their session")
        // New mail after idle polls is found and read.
        await world.mailbox.deliver(LogicWorld.report(id: "after-idle"))
        #expect(await daemon.cycle().intake?.stored == 1)
    }

    @Test func failedMoveIsRetriedOnTheNextPollWithoutStoringAgain() async throws {
        let world = try await LogicWorld()
        await world.mailbox.deliver(LogicWorld.report(id: "move"))
        // A poll moves what it stored once, at its end: that fails here.
        await world.mailbox.fail(.move, with: .commandRejected(command: "UID MOVE", reply: "NO [SERVERBUG] try later"))
        let daemon = try world.daemon()
        let first = await daemon.cycle()
        #expect(first.intake?.stored == 1 && first.intake?.moved == 0)
        #expect(await world.mailbox.count("INBOX") == 1)
        #expect(try world.store.pendingMoveCount() == 1)
        let second = await daemon.cycle()
        #expect(second.intake?.fetched == 0, "the cursor is past it: not fetched again")
        #expect(second.intake?.moved == 1)
        #expect(await world.mailbox.count("INBOX") == 0)
        #expect(try world.store.messageCounts() == ["accepted": 1])
        #expect(await world.smtp.accepted.count == 1)
    }

    @Test func temporaryRefusalIsRetriedAfterTheBackoff() async throws {
        let world = try await LogicWorld()
        await world.mailbox.deliver(LogicWorld.report(id: "defer"))
        await world.smtp.refuse(.smtpRejected(code: 451, reply: "451 4.3.0 try again later", permanent: false))
        let daemon = try world.daemon()
        let first = await daemon.cycle()
        #expect(first.outbox?.deferred == 1 && first.outbox?.sent == 0)
        // Not due again before the first backoff (60 s here) has passed.
        world.clock.advance(by: 30)
        #expect(await daemon.cycle().outbox?.sent == 0)
        world.clock.advance(by: 31)
        #expect(await daemon.cycle().outbox?.sent == 1)
        let (accepted, attempts) = (await world.smtp.accepted.count, await world.smtp.attempts)
        #expect(accepted == 1 && attempts == 2)
    }

    @Test func permanentRefusalFailsTheRowAtOnce() async throws {
        let world = try await LogicWorld()
        await world.mailbox.deliver(LogicWorld.report(id: "refused"))
        await world.smtp.refuse(.smtpRejected(code: 550, reply: "550 5.1.1 no such user", permanent: true))
        let daemon = try world.daemon()
        #expect(await daemon.cycle().outbox?.failed == 1)
        world.clock.advance(by: 7200)
        #expect(await daemon.cycle().outbox?.sent == 0)
        #expect(await world.smtp.attempts == 1, "never tried again")
        let row = try #require(try world.store.outboxRows().first)
        #expect(row.status == .failed && row.lastError?.contains("550") == true)
    }

    @Test func unreachableServerStopsThePassAndKeepsTheRest() async throws {
        let world = try await LogicWorld()
        for n in 1...3 { await world.mailbox.deliver(LogicWorld.report(id: "away-\(n)")) }
        await world.smtp.refuse(.connectionFailed(server: "smtp://127.0.0.1:1", detail: "connection refused"))
        let daemon = try world.daemon()
        let first = await daemon.cycle()
        #expect(first.errors.contains { $0.hasPrefix("smtp:") })
        #expect(await world.smtp.attempts == 1, "the server is away: the other replies wait")
        #expect(try world.store.outboxCounts().pending == 3)
        world.clock.advance(by: 61)
        #expect(await daemon.cycle().outbox?.sent == 3)
    }

    @Test func recipientCapHoldsRepliesBack() async throws {
        let world = try await LogicWorld(capPerRecipient: 2)
        for n in 1...4 { await world.mailbox.deliver(LogicWorld.report(id: "cap-\(n)", place: "Plats \(n)")) }
        let result = await (try world.daemon()).cycle()
        #expect(result.intake?.stored == 4)
        #expect(await world.smtp.accepted.count == 2)
        let held = try world.store.heldReplies()
        #expect(held.map(\.reply.reason) == [.recipientCap, .recipientCap])
        // An hour later the cap has room again for new mail.
        world.clock.advance(by: 3601)
        await world.mailbox.deliver(LogicWorld.report(id: "cap-5", place: "Plats 5"))
        _ = await (try world.daemon()).cycle()
        #expect(await world.smtp.accepted.count == 3)
    }

    @Test func newUIDValidityRescansWithoutDoubling() async throws {
        let world = try await LogicWorld()
        await world.mailbox.deliver(LogicWorld.report(id: "kept"), to: "INBOX")
        let daemon = try world.daemon()
        _ = await daemon.cycle()
        // The message is back in the inbox (restored from a backup) and the server renumbered everything.
        await world.mailbox.deliver(LogicWorld.report(id: "kept"))
        await world.mailbox.deliver(LogicWorld.report(id: "new"))
        await world.mailbox.renumber()
        let result = await daemon.cycle()
        #expect(result.intake?.fetched == 2)
        #expect(result.intake?.duplicates == 1 && result.intake?.stored == 1)
        #expect(try world.store.incidents(IncidentQuery()).count == 2)
        #expect(await world.smtp.accepted.count == 2, "no second reply to the same report")
    }

    @Test func unreadableMessageIsQuarantinedAndTheNextOneIsRead() async throws {
        let world = try await LogicWorld()
        let bad = await world.mailbox.deliver(LogicWorld.report(id: "bad"))
        await world.mailbox.deliver(LogicWorld.report(id: "good"))
        await world.mailbox.makeUnreadable(bad)
        let result = await (try world.daemon()).cycle()
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.intake?.stored == 1)
        #expect(try world.store.messageCounts() == ["accepted": 1, "quarantined": 1])
        #expect(await world.mailbox.count("EST/Karantän") == 1)
        #expect(await world.mailbox.count("INBOX") == 0)
    }

    @Test func firstRunLeavesOldMailAlone() async throws {
        let world = try await LogicWorld()
        await world.mailbox.deliver(LogicWorld.report(id: "old"), received: LogicWorld.start.addingTimeInterval(-30 * 86_400))
        await world.mailbox.deliver(LogicWorld.report(id: "recent"), received: LogicWorld.start.addingTimeInterval(-3600))
        let daemon = try world.daemon()
        let result = await daemon.cycle()
        #expect(result.intake?.fetched == 1 && result.intake?.stored == 1)
        #expect(await world.mailbox.count("INBOX") == 1, "the old mail stays where it is")
        #expect(await daemon.cycle().intake?.fetched == 0, "and is not looked at again")
    }
}

/// What a restart does with replies a crash interrupted mid-send (issue 8: a lost reply is worse
/// than a rare duplicate).
@Suite struct InterruptedSendTests {
    @Test func aRowInterruptedBeforeTheBodyIsSentAgainPlainly() async throws {
        let world = try await LogicWorld()
        await world.mailbox.deliver(LogicWorld.report(id: "cut"))
        await world.smtp.refuse(.connectionLost(server: "smtp", detail: "process died"))
        let daemon = try world.daemon()
        _ = await daemon.cycle()
        // As a crash leaves it: marked sending, nothing transmitted.
        let row = try #require(try world.store.outboxRows().first)
        try world.store.markSending(row.id)
        try daemon.recoverCrashLeftovers()
        let requeued = try #require(try world.store.outboxRows().first)
        #expect(requeued.status == .pending && requeued.resent == 1 && !requeued.possibleDuplicate)
        #expect(await daemon.cycle().outbox?.sent == 1)
        let sent = try #require(await world.smtp.accepted.last)
        #expect(try MailMessage.parse(sent.message).messageID == row.messageID, "the same Message-ID")
    }

    @Test func aRowInterruptedAfterTheBodyIsFlaggedAsAPossibleDuplicate() async throws {
        let world = try await LogicWorld()
        await world.mailbox.deliver(LogicWorld.report(id: "cut-late"))
        let daemon = try world.daemon()
        _ = await daemon.cycle()
        let row = try #require(try world.store.outboxRows().first)
        #expect(row.status == .sent)
        // As a crash after the last byte leaves it: the server may have it.
        try world.store.markSending(row.id)
        try world.store.markTransmitted(row.id)
        try daemon.recoverCrashLeftovers()
        let requeued = try #require(try world.store.outboxRows().first)
        #expect(requeued.possibleDuplicate && requeued.resent == 1)
        #expect(requeued.lastError?.contains("may get it twice") == true)
        #expect(await daemon.cycle().outbox?.sent == 1)
        let status = try GatewayStatus(store: world.store, mailbox: "INBOX").render()
        #expect(status.contains("possible duplicate"), "\(status)")
    }

    @Test func theOperatorRetriesAFailedRow() async throws {
        let world = try await LogicWorld()
        await world.mailbox.deliver(LogicWorld.report(id: "retry"))
        await world.smtp.refuse(.smtpRejected(code: 550, reply: "550 5.2.1 mailbox disabled", permanent: true))
        let daemon = try world.daemon()
        _ = await daemon.cycle()
        let failed = try #require(try world.store.outboxRows(status: .failed, newest: 1).first)
        #expect(throws: OutboxError.notFailed(failed.id, .pending)) {
            _ = try world.store.retryFailed(failed.id)
            _ = try world.store.retryFailed(failed.id)
        }
        #expect(throws: OutboxError.noSuchRow(999)) { _ = try world.store.retryFailed(999) }
        // The first retry above queued it; the pass sends it.
        try world.store.markFailed(failed.id, error: "550 again")
        _ = try world.store.retryFailed(failed.id)
        #expect(await daemon.cycle().outbox?.sent == 1)
    }
}
