import CCurl
import Foundation
import Logging
@_exported import MailAccess

/// An IMAP client for one account, on one libcurl handle (one cached connection, logged in once and
/// reused between calls). Mailbox names in this API are Unicode; they are modified UTF-7 on the wire.
///
/// Every command is sent by UID, and fetching uses BODY.PEEK[] so no flag changes.
public actor IMAPClient {
    public nonisolated let configuration: IMAPConfiguration
    private let server: ServerURL
    private var easy: CurlEasy
    private let logger: Logger
    private let moveStrategy: MoveStrategy
    private var cachedCapabilities: Set<String>?
    /// Folders created (or found existing) by this client: a CREATE that fails with "already exists"
    /// still ends libcurl's connection, so each poll would log in twice without this.
    private var existingMailboxes: Set<String> = []
    /// After a failed transfer the next one opens a new connection, so no half-known state is reused.
    private var needsFreshConnection = false
    /// Set when a transfer failed or its reply did not parse: the connection may be mid-response.
    private var handleSuspect = false
    /// How many transfers (one command each, plus libcurl's own LOGIN/SELECT) this client has run.
    public private(set) var transferCount = 0

    public init(
        configuration: IMAPConfiguration, moveStrategy: MoveStrategy = .automatic,
        logger: Logger = Logger(label: "est.transport.imap")
    ) throws(TransportError) {
        let server = try ServerURL.parse(configuration.url, schemes: ["imap", "imaps"])
        if !server.path.isEmpty {
            throw .invalidRequest(
                detail: "the IMAP server URL must not name a mailbox (\(server.base)/\(server.path)); mailboxes are configured separately")
        }
        try CurlErrors.checkLine(configuration.username, what: "the IMAP user name")
        self.configuration = configuration
        self.server = server
        self.moveStrategy = moveStrategy
        var logger = logger
        logger[metadataKey: "imap.server"] = .string(server.base)
        logger[metadataKey: "imap.user"] = .string(configuration.username)
        self.logger = logger
        self.easy = try CurlEasy(label: "imap \(server.base)")
    }

    // MARK: - Commands

    /// The server's capabilities after login (cached after the first call).
    /// Drops every cached connection, so the next command logs in and selects afresh. A poll starts
    /// this way: a connection kept from the last poll still has the mailbox selected, and Dovecot then
    /// answers UID SEARCH from a view that lacks mail delivered since. A new easy handle is the only
    /// sure way: libcurl keeps a cache of connections per handle and picks among them itself.
    public func startFreshSession() throws(TransportError) {
        easy = try CurlEasy(label: "imap \(server.base)")
        handleSuspect = false
        needsFreshConnection = true
        cachedCapabilities = nil
    }

    public func capabilities() async throws(TransportError) -> Set<String> {
        if let cachedCapabilities { return cachedCapabilities }
        let result = try await run("CAPABILITY", mailbox: nil, event: "capability")
        var caps: Set<String>?
        for response in try parse(result) {
            if case .untagged(let values) = response, values.first?.atomText?.uppercased() == "CAPABILITY" {
                caps = Set(values.dropFirst().compactMap { $0.atomText?.uppercased() })
            }
        }
        guard let caps else { throw .protocolError(detail: "no CAPABILITY response from \(server.base)") }
        cachedCapabilities = caps
        return caps
    }

    /// STATUS (MESSAGES UIDNEXT UIDVALIDITY UNSEEN) without selecting the mailbox.
    public func status(_ mailbox: String) async throws(TransportError) -> MailboxStatus {
        let wire = ModifiedUTF7.encode(mailbox)
        let command = "STATUS \(try IMAPQuoting.quote(wire)) (MESSAGES UIDNEXT UIDVALIDITY UNSEEN)"
        let result = try await run(command, mailbox: nil, event: "status", about: mailbox)
        for response in try parse(result) {
            guard case .untagged(let values) = response, values.count >= 3,
                values[0].atomText?.uppercased() == "STATUS", case .list(let items) = values[values.count - 1]
            else { continue }
            var fields: [String: UInt64] = [:]
            var k = 0
            while k + 1 < items.count {
                if let key = items[k].atomText?.uppercased(), let value = items[k + 1].number { fields[key] = value }
                k += 2
            }
            guard let messages = fields["MESSAGES"], let uidNext = fields["UIDNEXT"], let validity = fields["UIDVALIDITY"],
                let unseen = fields["UNSEEN"]
            else {
                throw .protocolError(detail: "STATUS response for \(mailbox) lacks a field: \(fields)")
            }
            let status = MailboxStatus(
                messages: Int(clamping: messages), uidNext: UInt32(truncatingIfNeeded: uidNext),
                uidValidity: UInt32(truncatingIfNeeded: validity), unseen: Int(clamping: unseen))
            logger.debug(
                "imap status",
                metadata: [
                    "mailbox": .string(mailbox), "messages": .stringConvertible(status.messages),
                    "uidnext": .stringConvertible(status.uidNext), "uidvalidity": .stringConvertible(status.uidValidity),
                    "unseen": .stringConvertible(status.unseen),
                ])
            return status
        }
        throw .protocolError(detail: "no STATUS response for \(mailbox)")
    }

    /// UID SEARCH in the mailbox, e.g. `"UID 101:*"` or `"SINCE 10-Sep-2018 UID 5:*"`. Returns UIDs
    /// in ascending order. A `UID n:*` criterion is applied strictly: IMAP's `n:*` also matches the
    /// highest UID when that is below n, which is filtered out here.
    public func uidSearch(_ mailbox: String, criteria: String) async throws(TransportError) -> [UInt32] {
        try CurlErrors.checkLine(criteria, what: "the search criteria")
        guard criteria.utf8.allSatisfy({ $0 < 0x80 }) else {
            throw .invalidRequest(detail: "search criteria must be ASCII")
        }
        let result = try await run("UID SEARCH \(criteria)", mailbox: mailbox, event: "search", about: mailbox)
        var uids = Set<UInt32>()
        for response in try parse(result) {
            if case .untagged(let values) = response, values.first?.atomText?.uppercased() == "SEARCH" {
                for value in values.dropFirst() {
                    if let n = value.number, n <= UInt64(UInt32.max) { uids.insert(UInt32(n)) }
                }
            }
        }
        var sorted = uids.sorted()
        if let floor = Self.openRangeFloor(in: criteria) {
            sorted.removeAll { $0 < floor }
        }
        logger.debug(
            "imap search",
            metadata: [
                "mailbox": .string(mailbox), "criteria": .string(criteria), "found": .stringConvertible(sorted.count),
            ])
        return sorted
    }

    /// Bytes of server response one transfer may carry: libcurl (7.88.1 as patched by Debian, and
    /// newer) fails a transfer whose response "headers" exceed 300 kB, and a custom FETCH's
    /// literals arrive as header data. Its count is not the bytes delivered: a group of 235 kB of
    /// messages failed now and then in the 1,000-report benchmark, depending on how the reads fell.
    /// A third of the limit leaves room for that.
    static let transferBudget = 100_000
    /// UIDs per move on a server without QRESYNC, whose EXPUNGE lines libcurl counts (see move).
    static let movesWithoutVanished = 150
    /// Messages larger than this are fetched in BODY.PEEK[]<offset.length> pieces of this size.
    static let partialChunk = 96_000
    /// The most memory reserved up front for one message from its announced RFC822.SIZE; a larger
    /// message still arrives whole, the array grows as its pieces come.
    static let maxReservation = 32 * 1024 * 1024

    /// What to reserve for a message the server says is `size` bytes long.
    static func reservation(forAnnouncedSize size: Int) -> Int { min(max(size, 0), maxReservation) }

    /// Messages by UID, fetched with BODY.PEEK[] so no flag changes. UIDs that no longer exist are
    /// simply absent from the result; results are in ascending UID order.
    ///
    /// First one `UID FETCH <set> (UID RFC822.SIZE FLAGS)`, then one `UID FETCH <set> (UID BODY.PEEK[])`
    /// per group of messages that fits in `transferBudget` (normally the whole batch of small
    /// reports), and for each message larger than `partialChunk`, `BODY.PEEK[]<offset.length>`
    /// pieces. The caller chooses the batch size (the whole batch is held in memory at once).
    public func fetch(_ mailbox: String, uids: [UInt32]) async throws(TransportError) -> [FetchedMessage] {
        guard !uids.isEmpty else { return [] }
        let start = ContinuousClock.now
        let transfersBefore = transferCount
        let info = try await sizesAndFlags(mailbox, uids: uids)
        var groups: [[UInt32]] = []
        var current: [UInt32] = []
        var currentBytes = 0
        var large: [UInt32] = []
        for uid in info.keys.sorted() {
            let size = info[uid]!.size
            if size > Self.partialChunk {
                large.append(uid)
                continue
            }
            let cost = size + 128
            if !current.isEmpty && currentBytes + cost > Self.transferBudget {
                groups.append(current)
                current = []
                currentBytes = 0
            }
            current.append(uid)
            currentBytes += cost
        }
        if !current.isEmpty { groups.append(current) }

        var byUID: [UInt32: FetchedMessage] = [:]
        for group in groups {
            logger.trace(
                "imap fetch group",
                metadata: ["uids": .string(UIDSet.string(group)), "estimated": .stringConvertible(group.reduce(0) { $0 + info[$1]!.size })])
            let result = try await run(
                "UID FETCH \(UIDSet.string(group)) (UID BODY.PEEK[])", mailbox: mailbox, event: "fetch", about: mailbox)
            logger.trace(
                "imap fetch group done",
                metadata: ["header": .stringConvertible(result.header.count), "body": .stringConvertible(result.body.count)])
            for item in try fetchItems(result) {
                guard let uid = item.uid, let body = item.body, info[uid] != nil else { continue }
                byUID[uid] = FetchedMessage(uid: uid, bytes: body, flags: info[uid]?.flags)
            }
        }
        for uid in large {
            if let bytes = try await fetchInPieces(mailbox, uid: uid, expectedSize: info[uid]!.size) {
                byUID[uid] = FetchedMessage(uid: uid, bytes: bytes, flags: info[uid]?.flags)
            }
        }
        let messages = byUID.keys.sorted().map { byUID[$0]! }
        logger.info(
            "imap fetch",
            metadata: [
                "mailbox": .string(mailbox), "requested": .stringConvertible(uids.count),
                "fetched": .stringConvertible(messages.count),
                "bytes": .stringConvertible(messages.reduce(0) { $0 + $1.bytes.count }),
                "commands": .stringConvertible(transferCount - transfersBefore),
                "ms": .stringConvertible((ContinuousClock.now - start).milliseconds),
            ])
        return messages
    }

    /// UIDs per metadata FETCH (sizes, flags): keeps each response far below libcurl's 300 kB cap.
    static let metadataChunk = 2000

    private func sizesAndFlags(_ mailbox: String, uids: [UInt32]) async throws(TransportError) -> [UInt32: (size: Int, flags: [String])] {
        let sorted = Set(uids).sorted()
        var out: [UInt32: (size: Int, flags: [String])] = [:]
        var start = 0
        while start < sorted.count {
            let chunk = Array(sorted[start..<min(sorted.count, start + Self.metadataChunk)])
            start += Self.metadataChunk
            let wanted = Set(chunk)
            let result = try await run(
                "UID FETCH \(UIDSet.string(chunk)) (UID RFC822.SIZE FLAGS)", mailbox: mailbox, event: "fetch-sizes", about: mailbox)
            for item in try fetchItems(result) {
                guard let uid = item.uid, wanted.contains(uid), let size = item.size else { continue }
                out[uid] = (size, item.flags ?? [])
            }
        }
        return out
    }

    /// One large message in BODY.PEEK[]<offset.length> pieces, until a piece comes back short.
    private func fetchInPieces(_ mailbox: String, uid: UInt32, expectedSize: Int) async throws(TransportError) -> [UInt8]? {
        var bytes: [UInt8] = []
        // The size is the server's word: a broken or hostile one may claim exabytes.
        bytes.reserveCapacity(Self.reservation(forAnnouncedSize: expectedSize))
        while true {
            let command = "UID FETCH \(uid) (UID BODY.PEEK[]<\(bytes.count).\(Self.partialChunk)>)"
            let result = try await run(command, mailbox: mailbox, event: "fetch-partial", about: mailbox)
            guard let item = try fetchItems(result).first(where: { $0.uid == uid }), let piece = item.body else {
                return bytes.isEmpty ? nil : bytes  // expunged meanwhile
            }
            bytes += piece
            if piece.count < Self.partialChunk { return bytes }
        }
    }

    struct FetchItem: Equatable {
        var uid: UInt32?
        var body: [UInt8]?
        var size: Int?
        var flags: [String]?
    }

    private func fetchItems(_ result: CurlResult) throws(TransportError) -> [FetchItem] {
        Self.fetchItems(try parse(result))
    }

    /// The FETCH responses among `responses`, read into items; numbers too large for their field
    /// are dropped (UID) or clamped (RFC822.SIZE) rather than trapping.
    static func fetchItems(_ responses: [IMAPResponse]) -> [FetchItem] {
        var items: [FetchItem] = []
        for response in responses {
            guard case .untagged(let values) = response, values.count == 3,
                values[1].atomText?.uppercased() == "FETCH", case .list(let list) = values[2]
            else { continue }
            var item = FetchItem()
            var k = 0
            while k + 1 < list.count {
                let key = list[k].atomText?.uppercased() ?? ""
                let value = list[k + 1]
                if key == "UID", let n = value.number, n <= UInt64(UInt32.max) {
                    item.uid = UInt32(n)
                } else if key.hasPrefix("BODY[]") || key == "RFC822" {
                    switch value {
                    case .string(let bytes): item.body = bytes
                    case .nilValue: item.body = []
                    default: break
                    }
                } else if key == "RFC822.SIZE", let n = value.count {
                    item.size = n
                } else if key == "FLAGS", case .list(let flags) = value {
                    item.flags = flags.compactMap(\.atomText)
                }
                k += 2
            }
            items.append(item)
        }
        return items
    }

    /// One message fetched by libcurl's own FETCH handling, which takes any bytes in the literal but
    /// sets \\Seen (it sends BODY[], not BODY.PEEK[]). The fallback for a message whose bytes the
    /// custom FETCH cannot carry (a line that looks like a command tag ends curl's response early).
    public func fetchWhole(_ mailbox: String, uid: UInt32) async throws(TransportError) -> [UInt8] {
        let result = try await run("UID FETCH \(uid) BODY[]", mailbox: mailbox, event: "fetch-whole", about: mailbox, wholeMessageUID: uid)
        return result.body
    }

    /// Flags of messages by UID (`UID FETCH <set> (UID FLAGS)`).
    public func flags(_ mailbox: String, uids: [UInt32]) async throws(TransportError) -> [UInt32: [String]] {
        let sorted = Set(uids).sorted()
        var out: [UInt32: [String]] = [:]
        var start = 0
        while start < sorted.count {
            let chunk = Array(sorted[start..<min(sorted.count, start + Self.metadataChunk)])
            start += Self.metadataChunk
            let result = try await run("UID FETCH \(UIDSet.string(chunk)) (UID FLAGS)", mailbox: mailbox, event: "flags", about: mailbox)
            for item in try fetchItems(result) {
                if let uid = item.uid { out[uid] = item.flags ?? [] }
            }
        }
        return out
    }

    /// CREATE (and SUBSCRIBE) a mailbox; a mailbox that already exists is fine.
    public func createMailbox(_ name: String) async throws(TransportError) {
        if existingMailboxes.contains(name) { return }
        let quoted = try IMAPQuoting.quote(ModifiedUTF7.encode(name))
        do {
            _ = try await run("CREATE \(quoted)", mailbox: nil, event: "create", about: name) { error in
                if case .commandRejected(_, let reply) = error { return Self.isAlreadyExists(reply) }
                return false
            }
            logger.info("imap mailbox created", metadata: ["mailbox": .string(name)])
        } catch {
            guard case .commandRejected(_, let reply) = error, Self.isAlreadyExists(reply) else { throw error }
            logger.debug("imap mailbox exists", metadata: ["mailbox": .string(name)])
        }
        // Subscribing makes the folder visible in ordinary mail clients; failure does not matter.
        _ = try? await run("SUBSCRIBE \(quoted)", mailbox: nil, event: "subscribe", about: name)
        existingMailboxes.insert(name)
    }

    /// Moves messages by UID: UID MOVE when the server has MOVE (and the strategy allows), otherwise
    /// UID COPY, UID STORE +FLAGS.SILENT (\Deleted) and UID EXPUNGE (plain EXPUNGE without UIDPLUS).
    public func move(uids: [UInt32], from source: String, to target: String) async throws(TransportError) {
        guard !uids.isEmpty else { return }
        let destination = try IMAPQuoting.quote(ModifiedUTF7.encode(target))
        let caps = try await capabilities()
        let start = ContinuousClock.now
        // A move answers with one EXPUNGE line per message, and libcurl counts a command's untagged
        // lines against its 300 kB cap in a way that grows with the square of their number: over
        // about 250 messages fail. With QRESYNC enabled the server answers with one VANISHED line
        // (RFC 7162 §3.2.10), so a set is bounded only by the command line.
        var maxCount: Int? = Self.movesWithoutVanished
        if caps.contains("QRESYNC") {
            _ = try await run("ENABLE QRESYNC", mailbox: nil, event: "enable")
            maxCount = nil
        }
        var method = ""
        do {
            for set in UIDSet.chunks(uids, maxCount: maxCount) {
                method = try await move(set, from: source, to: target, destination: destination, caps: caps)
            }
        } catch {
            // Deleted behind our back: the next createMailbox must create it again.
            if case .mailboxUnavailable = error { existingMailboxes.remove(target) }
            throw error
        }
        logger.info(
            "imap move",
            metadata: [
                "from": .string(source), "to": .string(target), "count": .stringConvertible(uids.count),
                "method": .string(method), "ms": .stringConvertible((ContinuousClock.now - start).milliseconds),
            ])
    }

    /// One command's worth (or the fallback's three); returns the method used, for the log.
    private func move(
        _ set: String, from source: String, to target: String, destination: String, caps: Set<String>
    ) async throws(TransportError) -> String {
        let method: String
        if moveStrategy == .automatic && caps.contains("MOVE") {
            method = "move"
            _ = try await run("UID MOVE \(set) \(destination)", mailbox: source, event: "move", about: source, target: target)
        } else {
            method = caps.contains("UIDPLUS") ? "copy+uid-expunge" : "copy+expunge"
            _ = try await run("UID COPY \(set) \(destination)", mailbox: source, event: "copy", about: source, target: target)
            _ = try await run("UID STORE \(set) +FLAGS.SILENT (\\Deleted)", mailbox: source, event: "store", about: source)
            if caps.contains("UIDPLUS") {
                _ = try await run("UID EXPUNGE \(set)", mailbox: source, event: "expunge", about: source)
            } else {
                logger.warning(
                    "imap server lacks UIDPLUS: plain EXPUNGE also removes other messages flagged \\Deleted",
                    metadata: ["mailbox": .string(source)])
                _ = try await run("EXPUNGE", mailbox: source, event: "expunge", about: source)
            }
        }
        return method
    }

    /// All mailboxes (LIST "" "*"), names decoded.
    public func listMailboxes() async throws(TransportError) -> [MailboxInfo] {
        let result = try await run("LIST \"\" \"*\"", mailbox: nil, event: "list")
        var out: [MailboxInfo] = []
        for response in try parse(result) {
            guard case .untagged(let values) = response, values.count >= 4, values[0].atomText?.uppercased() == "LIST",
                case .list(let attributes) = values[1]
            else { continue }
            let delimiter = values[2].text
            guard let wire = values[3].text else { continue }
            out.append(
                MailboxInfo(
                    name: ModifiedUTF7.decodeLeniently(wire), wireName: wire, delimiter: delimiter,
                    attributes: attributes.compactMap(\.atomText)))
        }
        return out
    }

    /// Formats a date for SEARCH SINCE/BEFORE ("10-Sep-2018").
    public static func searchDate(year: Int, month: Int, day: Int) -> String {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(day)-\(months[max(1, min(12, month)) - 1])-\(year)"
    }

    // MARK: - Plumbing

    /// - Parameter wholeMessageUID: instead of `command`, let libcurl fetch this message itself
    ///   (`mailbox;UID=n`: UID FETCH n BODY[], literal to the body callback).
    private func run(
        _ command: String, mailbox: String?, event: String, about subject: String? = nil,
        target: String? = nil, wholeMessageUID: UInt32? = nil, expected: ((TransportError) -> Bool)? = nil
    ) async throws(TransportError) -> CurlResult {
        var url = server.base + "/"
        if let mailbox {
            url += URLPath.encode(ModifiedUTF7.encode(mailbox))
        }
        if let wholeMessageUID { url += ";UID=\(wholeMessageUID)" }
        var request = CurlRequest(
            url: url, protocols: "imap,imaps", customRequest: wholeMessageUID == nil ? command : nil,
            username: configuration.username, caFile: configuration.caFile,
            startTLS: server.implicitTLS || configuration.allowInsecureTransport ? .none : .required,
            timeouts: configuration.timeouts, freshConnection: needsFreshConnection,
            verbose: configuration.verbose)
        // Read for every transfer: a refreshed token file is used as soon as a connection is made.
        try configuration.auth.apply(to: &request)
        // After a failure the handle's cached connection may be mid-response (libcurl stopped reading
        // early), and libcurl would pick it again: only a new handle is sure to start clean. Nothing
        // else makes a new one: libcurl's limit on the response "headers" a handle has seen (20 times
        // 300 kB) starts again with the reset before every transfer, and a new connection costs a
        // large mailbox dearly (Dovecot writes its UID list at LOGOUT and rescans the Maildir at SELECT).
        if handleSuspect {
            try startFreshSession()
            request.freshConnection = true
        }
        transferCount += 1
        let result = await easy.perform(request)
        if result.succeeded {
            needsFreshConnection = false
            logger.trace(
                "imap command",
                metadata: [
                    "event": .string(event), "mailbox": .string(subject ?? ""), "ms": .stringConvertible(result.duration.milliseconds),
                ])
            return result
        }
        let error = mapError(result, command: command, mailbox: mailbox ?? subject, target: target)
        // A refusal the caller expects (CREATE of a folder that exists) ends in a tagged reply like
        // any other: the connection is clean and stays in use, and there is nothing to warn about.
        if let expected, expected(error) { throw error }
        needsFreshConnection = true
        handleSuspect = true
        cachedCapabilities = nil
        logger.warning(
            "imap command failed",
            metadata: [
                "event": .string(event), "mailbox": .string(subject ?? ""), "curl": .stringConvertible(result.code),
                "error": .string(error.description),
            ])
        throw error
    }

    private func mapError(_ result: CurlResult, command: String, mailbox: String?, target: String?) -> TransportError {
        let reply = IMAPResponse.lastTaggedText(in: result.header)
        switch result.code {
        case CurlErrors.code(CURLE_LOGIN_DENIED):
            if result.errorMessage.contains("Select failed") {
                return .mailboxUnavailable(mailbox: mailbox ?? "", reply: reply)
            }
            if let wanted = configuration.auth.mechanism, let offered = MailAuthentication.offerLacking(wanted, in: result.header) {
                return .mechanismUnavailable(server: server.base, mechanism: wanted, offered: offered)
            }
            return .authenticationFailed(
                server: server.base, username: configuration.username, method: configuration.auth.method,
                reply: MailAuthentication.readableRefusal(reply, in: result.header))
        case CurlErrors.code(CURLE_REMOTE_FILE_NOT_FOUND):
            return .mailboxUnavailable(mailbox: mailbox ?? "", reply: reply.isEmpty ? result.errorMessage : reply)
        case CurlErrors.code(CURLE_QUOTE_ERROR):
            let verb = command.split(separator: " ").prefix(command.hasPrefix("UID ") ? 2 : 1).joined(separator: " ")
            let upper = reply.uppercased()
            if upper.contains("[TRYCREATE]"), let target {
                return .mailboxUnavailable(mailbox: target, reply: reply)
            }
            if upper.contains("[NONEXISTENT]") || upper.contains("DOESN'T EXIST") || upper.contains("DOES NOT EXIST") {
                return .mailboxUnavailable(mailbox: mailbox ?? target ?? "", reply: reply)
            }
            return .commandRejected(command: verb, reply: reply)
        default:
            if result.errorMessage.contains("Too large response") {
                return .protocolError(
                    detail:
                        "the reply to \(command.split(separator: " ").prefix(2).joined(separator: " ")) is larger than libcurl accepts in one transfer (300 kB): narrow the search (a UID range) or fetch fewer messages at once"
                )
            }
            return CurlErrors.common(result, server: server.base)
        }
    }

    private func parse(_ result: CurlResult) throws(TransportError) -> [IMAPResponse] {
        do {
            return try IMAPResponseReader.parse(result.header)
        } catch {
            needsFreshConnection = true
            handleSuspect = true
            throw .protocolError(detail: "IMAP response from \(server.base): \(error)")
        }
    }

    static func isAlreadyExists(_ reply: String) -> Bool {
        let upper = reply.uppercased()
        return upper.contains("[ALREADYEXISTS]") || upper.contains("ALREADY EXISTS")
    }

    /// The n of a `UID n:*` criterion (case-insensitive), if any.
    static func openRangeFloor(in criteria: String) -> UInt32? {
        let tokens = criteria.split(separator: " ").map { $0.uppercased() }
        var floor: UInt32?
        for (index, token) in tokens.enumerated() where token == "UID" && index + 1 < tokens.count {
            let range = tokens[index + 1]
            if range.hasSuffix(":*"), let n = UInt32(range.dropLast(2)) { floor = max(floor ?? 0, n) }
            if range.hasPrefix("*:"), let n = UInt32(range.dropFirst(2)) { floor = max(floor ?? 0, n) }
        }
        return floor
    }
}

/// Quoting of strings (mailbox names) in commands sent verbatim.
public enum IMAPQuoting {
    /// Always a quoted string, with `\` and `"` escaped. The name must already be 7-bit (modified
    /// UTF-7) and may not contain CR, LF or NUL.
    public static func quote(_ text: String) throws(TransportError) -> String {
        try CurlErrors.checkLine(text, what: "the mailbox name")
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else {
            throw .invalidRequest(detail: "mailbox name must be encoded as modified UTF-7 before quoting")
        }
        var out = "\""
        for c in text {
            if c == "\"" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        out.append("\"")
        return out
    }
}

extension Duration {
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
