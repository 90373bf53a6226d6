import Foundation

/// Writes an est-gateway configuration for a gateway running against these servers: the example
/// file's areas and categories, the servers' URLs and CA, and the organisations given. Shared by the
/// daemon tests, the demo and the intake benchmark.
public struct GatewayConfigurationFile {
    public struct Organisation {
        public var id: String
        public var name: String
        public var addresses: [String]
        public var areas: [String]
        public var language: String
        public var contact: String?

        public init(
            id: String, name: String? = nil, addresses: [String], areas: [String] = [], language: String = "sv", contact: String? = nil
        ) {
            self.id = id
            self.name = name ?? "Organisation \(id)"
            self.addresses = addresses
            self.areas = areas
            self.language = language
            self.contact = contact
        }
    }

    public var repoRoot: URL
    public var instanceName = "est-test"
    public var gateway: String
    public var database: String
    public var imapURL: String
    public var smtpURL: String
    public var caFile: String?
    public var organisations: [Organisation]
    public var capPerRecipientPerHour = 10
    public var capPerHour = 200
    public var batchSize = 50
    public var pollIntervalSeconds = 1
    /// The working group's addresses for the weekly digest (no digest when empty).
    public var digestRecipients: [String] = []
    /// Replaces every area's alert contacts when set.
    public var areaContacts: [String]?
    public var maxMessageBytes = 10_000_000
    public var processedFolder = "EST/Behandlade"
    /// Reminders and spike alerts; off by default so that tests of intake see only replies.
    public var remindersEnabled = false
    public var alertsEnabled = false
    /// working_group.members: who may register insatser by mail and get follow-ups and period reports.
    public var members: [String] = []
    /// Further top-level YAML (whole sections, e.g. `metrics:`), as an operator adds them.
    public var extraYAML = ""
    /// pilot.start and pilot.end (YYYY-MM-DD); none when nil.
    public var pilot: (start: String, end: String)?

    public init(
        repoRoot: URL, gateway: String, database: String, imapURL: String, smtpURL: String, caFile: String?,
        organisations: [Organisation]
    ) {
        self.repoRoot = repoRoot
        self.gateway = gateway
        self.database = database
        self.imapURL = imapURL
        self.smtpURL = smtpURL
        self.caFile = caFile
        self.organisations = organisations
    }

    public func yaml() throws -> String {
        let example = try String(contentsOfFile: repoRoot.appendingPathComponent("config/est-gateway.example.yaml").path, encoding: .utf8)
        var areas = example.components(separatedBy: "\nareas:\n")[1].components(separatedBy: "\n# Organisations")[0]
        if let areaContacts {
            areas = areas.components(separatedBy: "\n").map { line in
                line.trimmingCharacters(in: .whitespaces).hasPrefix("contacts:")
                    ? "    contacts: [\(areaContacts.joined(separator: ", "))]" : line
            }.joined(separator: "\n")
        }
        let categories = example.components(separatedBy: "\ncategories:\n")[1]
        let domain = gateway.split(separator: "@").last.map(String.init) ?? "test.local"
        var text = """
            time_zone: Europe/Stockholm
            language: sv
            instance:
              name: \(instanceName)
              address: \(gateway)
              message_id_domain: est.\(domain)
            storage:
              database: \(database)
            limits:
              max_message_bytes: \(maxMessageBytes)
            imap:
              url: \(imapURL)
              username: \(gateway)
              password_env: EST_IMAP_PASSWORD
              ca_file: "\(caFile ?? "")"
              mailbox: INBOX
              poll_interval_seconds: \(pollIntervalSeconds)
              batch_size: \(batchSize)
              start_days_back: 14
            folders:
              processed: "\(processedFolder)"
            smtp:
              url: \(smtpURL)
              ca_file: "\(caFile ?? "")"
              helo_name: est.\(domain)
            replies:
              templates: \(repoRoot.appendingPathComponent("templates").path)
              cap_per_recipient_per_hour: \(capPerRecipientPerHour)
              cap_per_hour: \(capPerHour)
            digest:
              recipients: [\(digestRecipients.joined(separator: ", "))]
            reminders:
              enabled: \(remindersEnabled)
            alerts:
              enabled: \(alertsEnabled)
            working_group:
              members: [\(members.joined(separator: ", "))]
            \(pilot.map { "pilot:\n  start: \"\($0.start)\"\n  end: \"\($0.end)\"" } ?? "")
            \(extraYAML)
            areas:

            """
        text += areas + "\norganisations:\n"
        for o in organisations {
            text += "  \(o.id):\n    name: \(o.name)\n    addresses: [\(o.addresses.joined(separator: ", "))]\n"
            text += "    areas: [\(o.areas.joined(separator: ", "))]\n    language: \(o.language)\n"
            if let contact = o.contact { text += "    contact: \(contact)\n" }
        }
        return text + "\ncategories:\n" + categories
    }

    public func write(to path: String) throws {
        try yaml().write(toFile: path, atomically: true, encoding: .utf8)
    }
}

extension MailServers {
    /// Puts messages straight into a user's Maildir (as a delivery agent would): much faster than one
    /// delivery process per message when a test needs a full mailbox.
    public func fillMaildir(_ user: String, messages: [[UInt8]]) throws {
        let root = maildir(user)
        for sub in ["new", "cur", "tmp"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        for (n, raw) in messages.enumerated() {
            let name = "\(1_700_000_000 + n).M\(n)P\(getpid()).est"
            try Data(raw).write(to: root.appendingPathComponent("new").appendingPathComponent(name))
        }
        try chownTree(homeDirectory(user).path)
    }
}
