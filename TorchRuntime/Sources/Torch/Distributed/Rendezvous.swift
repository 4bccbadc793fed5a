import Foundation

/// Where the ranks of a process group meet to find each other: PyTorch's `init_method`.
///
/// - ``tcp(host:port:agentRestartCount:)`` is `env://` (`MASTER_ADDR`, `MASTER_PORT`): c10d's TCP store, hosted by
///   rank 0 (or by torchrun's agent), **listening on every interface** of its machine at `port`. Any host that can
///   reach that port can read and write the job's keys, so use it between machines on a network you trust.
/// - ``file(_:)`` is `file://`: c10d's file store, a file that every rank of one machine opens. It opens no port:
///   only processes that may open the file take part. ``LaunchConfiguration`` uses it for single-machine jobs,
///   in a folder only the user can open.
public enum Rendezvous: Sendable, Equatable {
    /// c10d's TCP store at `host:port`. Without `agentRestartCount`, rank 0 hosts it (plain env://); with one, the
    /// store is torchrun's agent's (`TORCHELASTIC_USE_AGENT_STORE=True`), every rank is its client, and this is the
    /// agent's restart count (`TORCHELASTIC_RESTART_COUNT`), which libtorch before 2.6 puts into every key
    /// (`/worker/attempt_N`); the runtime lays the keys out as the libtorch it is built against does.
    case tcp(host: String, port: Int, agentRestartCount: Int? = nil)
    /// c10d's file store: every rank opens this file (on one machine, or a shared file system).
    case file(URL)

    /// The variable that names a file store's path (``file(_:)``) for ranks started by ``LaunchConfiguration``.
    public static let storeFileVariable = "TORCH_RUNTIME_STORE_FILE"

    /// How torchrun's (or ``LaunchConfiguration``'s) variables say to meet: `TORCH_RUNTIME_STORE_FILE`, else
    /// `MASTER_ADDR` and `MASTER_PORT` (with `TORCHELASTIC_USE_AGENT_STORE=True`: the agent's store, and its
    /// `TORCHELASTIC_RESTART_COUNT`).
    ///
    /// - Throws: ``TorchError/invalidArgument(operation:message:)`` naming a missing or malformed variable.
    public static func fromEnvironment(_ environment: [String: String]) throws -> Rendezvous {
        if let path = environment[storeFileVariable], !path.isEmpty {
            return .file(URL(fileURLWithPath: path))
        }
        let address = try EnvironmentVariables(environment).value("MASTER_ADDR")
        let port = try EnvironmentVariables(environment).integer("MASTER_PORT")
        var restarts: Int?
        if environment["TORCHELASTIC_USE_AGENT_STORE"] == "True" {
            restarts = try EnvironmentVariables(environment).integer("TORCHELASTIC_RESTART_COUNT")
        }
        return .tcp(host: address, port: port, agentRestartCount: restarts)
    }

    /// Whether `environment` names a place to meet (a store file, or both `MASTER_ADDR` and `MASTER_PORT`).
    static func isDescribed(by environment: [String: String]) -> Bool {
        environment[storeFileVariable] != nil
            || (environment["MASTER_ADDR"] != nil && environment["MASTER_PORT"] != nil)
    }
}

/// Reads torchrun's variables, each error naming the variable.
struct EnvironmentVariables {
    let environment: [String: String]
    static let operation = "init_process_group(env://)"

    init(_ environment: [String: String]) {
        self.environment = environment
    }

    /// The variable's value; missing or empty is an error.
    func value(_ name: String) throws -> String {
        guard let value = environment[name], !value.isEmpty else {
            throw TorchError.invalidArgument(
                operation: Self.operation, message: "environment variable \(name) is not set")
        }
        return value
    }

    /// The variable's value as an integer.
    func integer(_ name: String) throws -> Int {
        let text = try value(name)
        guard let number = Int(text) else {
            throw TorchError.invalidArgument(
                operation: Self.operation, message: "environment variable \(name)=\(text) is not an integer")
        }
        return number
    }
}
