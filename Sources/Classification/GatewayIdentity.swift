/// Who the gateway is on the wire: what makes mail recognisable as our own.
public struct GatewayIdentity: Sendable, Hashable {
    /// Names this installation in the loop header.
    public var instanceName: String
    /// Our From address.
    public var address: String
    /// The domain of every Message-ID we generate.
    public var messageIDDomain: String

    /// Our loop header; its presence on incoming mail means the mail came from us.
    public static let loopHeader = "X-EST-Gateway-Loop"

    public init(instanceName: String, address: String, messageIDDomain: String) {
        self.instanceName = instanceName
        self.address = address
        self.messageIDDomain = messageIDDomain
    }
}
