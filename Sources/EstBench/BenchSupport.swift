import Daemon
import Intake
import Settings

enum BenchSupport {
    static func pipeline(_ settings: GatewaySettings) -> IntakePipeline {
        GatewayAssembly.pipeline(settings)
    }
}
