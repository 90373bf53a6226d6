import Intake

extension GatewaySettings {
    /// The intake pipeline's policy as the operator configured it: the one mapping from the
    /// configuration to what the pipeline knows, for the daemon, the commands and the fuzzers alike.
    public var intakePolicy: IntakePolicy {
        var policy = IntakePolicy(
            catalog: catalog, organisations: organisations, identity: instance, authservID: authservID,
            timeZone: timeZone, limits: limits.mime, language: language, reportLimits: limits.report,
            oversizeKeepBytes: limits.oversizeKeepBytes, correctionsMaxDays: correctionsMaxDays)
        policy.members = workingGroup.members
        policy.insatsBeforeWeeks = workingGroup.beforeWeeks
        return policy
    }
}
