// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "est-gateway",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "est-gateway", targets: ["EstGateway"]),
        .executable(name: "est-bench", targets: ["EstBench"]),
        .executable(name: "est-demo", targets: ["EstDemo"]),
        .executable(name: "est-fuzz", targets: ["EstFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0", traits: ["YAML"]),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // Domain vocabulary shared by every other module: areas, categories, organisations, incidents, weeks.
        .target(name: "Domain"),
        // RFC 5322 / MIME reader working on bytes; no I/O. Domain only for its calendar arithmetic.
        .target(name: "MIME", dependencies: ["Domain"]),
        // The EST report format (shared/spec/report-format.md): text in, incidents and diagnostics out.
        .target(name: "Reports", dependencies: ["Domain"]),
        // mail-rules.md §2-3: is this mail a report, may we answer it, who sent it.
        .target(name: "Classification", dependencies: ["Domain", "MIME"]),
        // The pure pipeline from raw bytes to the machine-readable result.
        .target(name: "Intake", dependencies: ["Domain", "MIME", "Reports", "Classification", "ReadModels"]),
        // Loading and checking the operator's configuration (YAML file + environment).
        .target(
            name: "Settings",
            dependencies: [
                "Domain", "Classification", "MIME", "Reports", "Intake", "MailAccess", "Monitoring",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Yams", package: "Yams"),
            ]),
        // What monitoring makes of the gateway's figures: status --check's judgement and the
        // Prometheus metrics text, as pure functions of plain values.
        .target(name: "Monitoring"),
        // Plain rows the store returns for reports built from many queries (the digest's input), so
        // that the renderers need no storage.
        .target(name: "ReadModels", dependencies: ["Domain"]),
        // SQLite persistence through GRDB: speaks the domain, hides its SQL.
        .target(
            name: "Storage",
            dependencies: [
                "Domain", "Intake", "Classification", "ReadModels",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        // libcurl, with typed wrappers for its variadic setters (apt: libcurl4-openssl-dev).
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // IMAP and SMTP through libcurl: blocking calls on a dedicated thread, typed errors.
        .target(name: "MailTransport", dependencies: ["CCurl", "MailAccess", .product(name: "Logging", package: "swift-log")]),
        // The libcurl clients built from the settings, with their secrets read: what `run` connects with.
        .target(
            name: "MailConnections",
            dependencies: [
                "MailTransport", "Settings", "Daemon", .product(name: "Logging", package: "swift-log"),
            ]),
        // The operator-overridable Mustache templates of every mail we send: one folder per language.
        .target(name: "MailTemplates", dependencies: ["Domain", .product(name: "Mustache", package: "swift-mustache")]),
        // RFC 5322 writing of the mail we send: encoded headers, quoted-printable UTF-8, alternatives.
        .target(name: "OutgoingMail", dependencies: ["Domain"]),
        // Acknowledgments, rejections and the reporting guide: Mustache templates and the reply rules of mail-rules §4.
        .target(
            name: "Replies",
            dependencies: [
                "Domain", "Reports", "Classification", "Intake", "OutgoingMail", "MailTemplates", "MIME",
                .product(name: "Mustache", package: "swift-mustache"),
            ]),
        // Weekly counts, the negative-binomial threshold and the Poisson CUSUM for spike detection. Pure.
        .target(name: "Statistics", dependencies: ["Domain"]),
        // The working group's weekly situation picture (lägesbild): numbers from storage, text and HTML.
        .target(
            name: "Digest",
            dependencies: [
                "Domain", "Statistics", "ReadModels", "OutgoingMail", "MailTemplates",
                .product(name: "Mustache", package: "swift-mustache"),
            ]),
        // How the picture changed where an insats acted (working-group.md §3): windows, series, figures, and their
        // text, HTML and JSON. Pure: rows in, values and rendered text out.
        .target(
            name: "Insatser",
            dependencies: [
                "Domain", "Statistics", "ReadModels", "MailTemplates", .product(name: "Mustache", package: "swift-mustache"),
            ]),
        // Reports over a longer period (working-group.md §5): numbers from storage, text, HTML and CSV attachments.
        .target(
            name: "PeriodReport",
            dependencies: [
                "Domain", "Statistics", "ReadModels", "OutgoingMail", "MailTemplates", "Digest",
                .product(name: "Mustache", package: "swift-mustache"),
            ]),
        // When the digest, reminders, alerts, insats follow-ups and period reports are due, and turning them into outbox rows.
        .target(
            name: "Periodic",
            dependencies: [
                "Domain", "Settings", "Storage", "Statistics", "Digest", "PeriodReport", "Replies", "Reports", "OutgoingMail",
                "Classification", "Insatser", "ReadModels", .product(name: "Logging", package: "swift-log"),
            ]),
        // The composition root: builds the pipeline, the reply rules, the processor and the periodic
        // jobs from the settings; the one place that knows how the parts fit. No transport in it.
        .target(
            name: "Assembly",
            dependencies: [
                "MIME", "Classification", "Intake", "Settings", "Storage", "Replies", "Periodic", "Digest", "PeriodReport", "Daemon",
                "MailAccess", "Insatser",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]),
        // What the daemon needs of a mail server, as protocols and values: the seam between the
        // daemon's logic and libcurl (in-memory implementations stand in for it in the logic tests).
        .target(name: "MailAccess"),
        // The daemon: IMAP intake, moves, the outbox sender, leases; thin shells around the pure core.
        .target(
            name: "Daemon",
            dependencies: [
                "Domain", "Intake", "Storage", "Replies", "MailAccess", "Settings", "Monitoring",
                "Periodic", .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        .executableTarget(
            name: "EstGateway",
            dependencies: [
                "Domain", "MIME", "Classification", "Intake", "Settings", "Storage", "Daemon",
                "Periodic", "Digest", "PeriodReport", "Statistics", "Assembly", "MailConnections", "OutgoingMail", "Reports", "Monitoring",
                "ReadModels",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        .executableTarget(
            name: "EstBench",
            dependencies: [
                "Domain", "Intake", "Settings", "Daemon", "MailServerHarness", "Periodic", "Digest", "Storage",
                "OutgoingMail", "Assembly",
            ]),

        // Starts real Dovecot and Postfix on 127.0.0.1 in temporary folders for the tests; stops them by PID.
        .target(name: "MailServerHarness", path: "Tests/Harness"),
        .testTarget(
            name: "TransportTests",
            dependencies: [
                "MailTransport", "MailServerHarness", .product(name: "Logging", package: "swift-log"),
            ]),
        // The README's demo: real servers, sample reports, one gateway run, what was stored and sent.
        .executableTarget(name: "EstDemo", dependencies: ["MailServerHarness", "MIME", "OutgoingMail"]),
        .testTarget(name: "MIMETests", dependencies: ["MIME", "MailServerHarness"]),
        .testTarget(
            name: "RepliesTests",
            dependencies: [
                "Replies", "OutgoingMail", "Domain", "Reports", "Classification", "Intake", "Storage", "Settings", "MIME", "Assembly",
                "Daemon",
                "MailServerHarness",
            ]),
        .testTarget(name: "StatisticsTests", dependencies: ["Statistics", "Domain", "MailServerHarness"]),
        .testTarget(name: "MonitoringTests", dependencies: ["Monitoring", "MailServerHarness"]),
        .testTarget(
            name: "DigestTests",
            dependencies: [
                "Digest", "Statistics", "Storage", "Domain", "Settings", "Intake", "Assembly", "MIME", "OutgoingMail",
                "MailServerHarness", "Daemon", "ReadModels",
            ]),
        // Period reports and the pilot evaluation: a seeded six-month pilot through pipeline and store, the HTML in a
        // real HTML5 parser and Chromium, the CSV attachments and the mail around them in Python, the schedule, the CLI.
        .testTarget(
            name: "PeriodReportTests",
            dependencies: [
                "PeriodReport", "Digest", "Statistics", "Storage", "Domain", "Settings", "Assembly", "Daemon", "Periodic", "MIME",
                "OutgoingMail", "ReadModels", "MailServerHarness", .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "DaemonTests",
            dependencies: [
                "Daemon", "Storage", "Settings", "MailTransport", "MailServerHarness", "MIME", "Domain", "OutgoingMail", "Assembly",
                "MailConnections", "Intake", .product(name: "Logging", package: "swift-log"),
            ]),
        // The daemon's logic (ordering, retries, moves, caps) on in-memory mail: no servers.
        .testTarget(
            name: "DaemonLogicTests",
            dependencies: [
                "Daemon", "Assembly", "Storage", "Settings", "MailAccess", "MIME", "Domain", "MailServerHarness", "Periodic",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Domain"]),
        .testTarget(
            name: "InsatserTests", dependencies: ["Insatser", "Domain", "ReadModels", "Statistics", "MailTemplates", "MailServerHarness"]),
        // libFuzzer targets when built with -DFUZZING (scripts/fuzz); otherwise replays kept inputs through them.
        .executableTarget(
            name: "EstFuzz", dependencies: ["Domain", "MIME", "Reports", "Classification", "Intake", "Settings", "MailTransport"]),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["MailServerHarness"]),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "Domain", "MIME", "Classification", "Intake", "Settings", "Storage", "Daemon", "MailServerHarness", "Periodic",
                "Assembly", "Reports", "ReadModels",
                // The schema migration test writes a database as the previous release did.
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
    ]
)
