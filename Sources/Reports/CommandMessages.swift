import Domain

/// What the reporter is told about corrections and withdrawals that could not be carried out.
extension Diagnostic {
    private var named: String { reference ?? "" }

    func commandMessage(sv: Bool) -> String {
        switch kind {
        case .commandsWithIncidents:
            return sv
                ? "mejlet innehåller både rättelser eller återkallelser och nya händelser; skicka dem i separata mejl"
                : "the e-mail holds both corrections or withdrawals and new incidents; send them in separate e-mails"
        case .correctionWithoutFields:
            return sv
                ? "raden Rätta \(named) följs inte av några fältrader; skriv de fält som ska ändras under den"
                : "the line Rätta \(named) is not followed by any field lines; write the fields to change below it"
        case .correctionNeedsOneReference:
            return sv
                ? "en rad Rätta får bara nämna ett referensnummer; skriv en rad Rätta med fältrader för varje händelse"
                : "a Rätta line may name only one reference; write one Rätta line with field lines for each incident"
        case .repeatedReference:
            return sv
                ? "\(named) förekommer i mer än ett kommando i samma mejl"
                : "\(named) appears in more than one command in the same e-mail"
        case .tooManyCommands(let count, let limit):
            return sv
                ? "mejlet innehåller \(count) rättelser och återkallelser, fler än de \(limit) som tas emot i ett mejl; inget ändrades"
                : "the e-mail holds \(count) corrections and withdrawals, more than the \(limit) accepted in one e-mail; nothing was changed"
        case .unknownReference:
            return sv
                ? "det finns ingen händelse \(named) som er organisation har rapporterat"
                : "there is no incident \(named) reported by your organisation"
        case .correctionExpired(let storedOn, let maxDays):
            return sv
                ? "\(named) registrerades \(storedOn.iso), för mer än \(maxDays) dagar sedan, och kan inte längre ändras per mejl"
                : "\(named) was registered on \(storedOn.iso), more than \(maxDays) days ago, and can no longer be changed by e-mail"
        case .alreadyWithdrawn:
            return sv ? "\(named) är redan återkallad" : "\(named) has already been withdrawn"
        case .noAcknowledgmentAnswered:
            return sv
                ? "ett kommando utan referensnummer fungerar bara som svar på en kvittens från rapporteringen"
                : "a command without a reference works only as a reply to an acknowledgment from the reporting address"
        case .correctionNeedsReference(let references):
            return sv
                ? "kvittensen du svarar på gäller flera händelser (\(references.joined(separator: ", "))); skriv vilken: Rätta och referensnumret"
                : "the acknowledgment you are answering names several incidents (\(references.joined(separator: ", "))); say which: Rätta and the reference"
        default:
            return ""
        }
    }

    func commandExpected(sv: Bool) -> String? {
        switch kind {
        case .unknownReference, .noAcknowledgmentAnswered:
            return sv
                ? "ett referensnummer ur en kvittens, som EST-2018-000123"
                : "a reference from an acknowledgment, like EST-2018-000123"
        case .correctionExpired:
            return sv
                ? "kontakta arbetsgruppen för äldre ändringar"
                : "contact the working group about older changes"
        case .correctionWithoutFields, .correctionNeedsOneReference, .correctionNeedsReference:
            return sv
                ? "Rätta EST-2018-000123 på en egen rad och under den de fält som ska ändras, t.ex. Område: Hammarby"
                : "Rätta EST-2018-000123 on a line of its own, and below it the fields to change, e.g. Område: Hammarby"
        default:
            return nil
        }
    }
}
