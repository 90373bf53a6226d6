import Domain

/// The commands of one mail as the parser meets them: withdrawals whole, corrections as the blocks of
/// field lines under their `Rätta` line, read once the whole body is seen.
struct CommandCollector {
    enum Entry {
        case withdraw(ReportCommand)
        case correct(Block)
    }

    /// Kept entries are bounded like incident blocks: one past the limit tells "too many".
    let limit: Int
    private(set) var entries: [Entry] = []
    private(set) var total = 0
    /// Where the first new incident starts, for the error about mixing them with commands.
    var firstIncidentLine: Int?
    /// `Rätta` lines that named several references.
    var ambiguousCorrectionLines: [Int] = []

    init(limit: Int) { self.limit = limit }

    var isEmpty: Bool { total == 0 }

    mutating func add(_ withdrawal: ReportCommand) {
        total += 1
        if entries.count <= limit { entries.append(.withdraw(withdrawal)) }
    }

    mutating func add(correction block: Block) {
        total += 1
        if entries.count <= limit { entries.append(.correct(block)) }
    }
}

extension Run {
    /// Reads the collected commands; records every error. Commands are all or nothing, like incidents.
    mutating func read(_ collected: CommandCollector, reference: LocalDate) -> [ReportCommand] {
        if collected.total > collected.limit {
            errors.add(
                Diagnostic(
                    incident: nil, field: nil as String?, line: nil,
                    kind: .tooManyCommands(count: collected.total, limit: collected.limit)))
            return []
        }
        if let line = collected.firstIncidentLine {
            errors.add(Diagnostic(incident: nil, field: nil as String?, line: line, kind: .commandsWithIncidents))
        }
        for line in collected.ambiguousCorrectionLines {
            errors.add(Diagnostic(incident: nil, field: nil as String?, line: line, kind: .correctionNeedsOneReference))
        }
        var commands: [ReportCommand] = []
        var seen: Set<String> = []
        for (n, entry) in collected.entries.enumerated() {
            var command: ReportCommand
            switch entry {
            case .withdraw(let withdrawal):
                command = withdrawal
            case .correct(let block):
                guard let start = block.correction else { continue }
                command = ReportCommand(action: .withdraw, reference: start.reference, line: start.line)
                guard block.hasIncidentFields else {
                    errors.add(
                        Diagnostic(
                            incident: nil, reference: start.reference, field: nil as String?, line: start.line,
                            kind: .correctionWithoutFields))
                    continue
                }
                correcting = start
                defer { correcting = nil }
                guard let patch = readValues(block, number: n + 1, reference: reference, partial: true) else { continue }
                command.action = .correct(patch)
            }
            if let ref = command.reference, !seen.insert(ref).inserted {
                errors.add(
                    Diagnostic(incident: nil, reference: ref, field: nil as String?, line: command.line, kind: .repeatedReference))
                continue
            }
            commands.append(command)
        }
        return commands
    }
}
