import Domain

/// Finds the organisation a From address belongs to (report-format.md "Senders").
public struct SenderRegistry: Sendable {
    private var byAddress: [String: Organisation] = [:]
    private var byDomain: [String: Organisation] = [:]
    /// `*.domain` entries, stored without the `*.`.
    private var byParentDomain: [(String, Organisation)] = []

    public init(_ organisations: [Organisation]) {
        for organisation in organisations {
            for address in organisation.addresses { byAddress[address.lowercased()] = organisation }
            for domain in organisation.domains {
                let d = domain.lowercased()
                if d.hasPrefix("*.") {
                    byParentDomain.append((String(d.dropFirst(2)), organisation))
                } else {
                    byDomain[d] = organisation
                }
            }
        }
    }

    public func organisation(for address: String) -> Organisation? {
        let lower = address.lowercased()
        if let organisation = byAddress[lower] { return organisation }
        guard let at = lower.lastIndex(of: "@") else { return nil }
        let domain = String(lower[lower.index(after: at)...])
        if let organisation = byDomain[domain] { return organisation }
        // `*.domain` covers the domain itself and any subdomain.
        for (parent, organisation) in byParentDomain where domain == parent || domain.hasSuffix("." + parent) {
            return organisation
        }
        return nil
    }
}
