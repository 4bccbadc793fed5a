import Foundation
import Glibc

/// The rank executable the distributed tests start (built with the tests, beside their binary).
let distributedWorker: URL = {
    let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    return directory.appendingPathComponent("distributed-test-worker")
}()

/// The repository's reference/ directory (the Python peer lives there).
let referenceDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("reference")

/// A TCP port on 127.0.0.1 that nothing listens on right now (the kernel's pick for port 0).
func freePort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw POSIXError(.EMFILE) }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
        }
    }
    guard bound else { throw POSIXError(.EADDRINUSE) }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// A started rank: its process and everything it printed.
final class RankProcess: @unchecked Sendable {
    let process = Process()
    private let pipe = Pipe()
    private let reader: Thread
    private let box = DataBox()

    /// Starts `executable` with `arguments` as rank `rank` of `worldSize` with torchrun's variables (plus `extra`).
    init(
        _ executable: URL, _ arguments: [String], rank: Int, worldSize: Int, port: Int, extra: [String: String] = [:]
    ) throws {
        var environment = ProcessInfo.processInfo.environment
        environment["MASTER_ADDR"] = "127.0.0.1"
        environment["MASTER_PORT"] = String(port)
        environment["RANK"] = String(rank)
        environment["WORLD_SIZE"] = String(worldSize)
        environment["DIST_TEST_TIMEOUT_S"] = "20"
        environment.merge(extra) { $1 }
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = pipe
        process.standardError = pipe
        let handle = pipe.fileHandleForReading
        let box = box
        reader = Thread { box.set(handle.readDataToEndOfFile()) }
        try process.run()
        reader.start()
    }

    /// Waits for the process to exit; returns its status and output.
    func finish() -> (status: Int32, output: String) {
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: box.wait(), as: UTF8.self))
    }
}

/// Hands a reader thread's data to the waiting test.
private final class DataBox: @unchecked Sendable {
    private let condition = NSCondition()
    private var data: Data?

    func set(_ value: Data) {
        condition.lock()
        data = value
        condition.broadcast()
        condition.unlock()
    }

    func wait() -> Data {
        condition.lock()
        defer { condition.unlock() }
        while data == nil { condition.wait() }
        return data!
    }
}

/// The numbers a rank wrote, one per line.
func readWeights(_ url: URL) throws -> [Float] {
    try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
        guard let value = Float($0) else { throw CocoaError(.fileReadCorruptFile) }
        return value
    }
}

/// Two network namespaces joined by a veth pair (10.77.0.1 in the first, 10.77.0.2 in the second): two "hosts" on
/// one machine. Needs root and iproute2; `remove()` deletes both (and with them the pair).
struct NamespacePair {
    let names: [String]
    let interfaces: [String]
    let addresses = ["10.77.0.1", "10.77.0.2"]
    static let ip = URL(fileURLWithPath: "/usr/sbin/ip")

    /// Whether this process may create namespaces (root, with `ip`): tried once with a throw-away namespace.
    static let available: Bool = {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: ip.path) else { return false }
        let name = "nb2sprobe\(getpid())"
        guard (try? runProcess(ip, ["netns", "add", name]))?.status == 0 else { return false }
        _ = try? runProcess(ip, ["netns", "del", name])
        return true
    }()

    init() throws {
        let tag = String(getpid() % 100_000)
        names = ["nb2sa\(tag)", "nb2sb\(tag)"]
        interfaces = ["nb2vx\(tag)", "nb2vy\(tag)"]
        let steps: [[String]] = [
            ["netns", "add", names[0]], ["netns", "add", names[1]],
            ["link", "add", interfaces[0], "type", "veth", "peer", "name", interfaces[1]],
            ["link", "set", interfaces[0], "netns", names[0]], ["link", "set", interfaces[1], "netns", names[1]],
            ["-n", names[0], "addr", "add", addresses[0] + "/24", "dev", interfaces[0]],
            ["-n", names[1], "addr", "add", addresses[1] + "/24", "dev", interfaces[1]],
            ["-n", names[0], "link", "set", interfaces[0], "up"], ["-n", names[1], "link", "set", interfaces[1], "up"],
            ["-n", names[0], "link", "set", "lo", "up"], ["-n", names[1], "link", "set", "lo", "up"],
        ]
        for step in steps {
            let result = try runProcess(Self.ip, step)
            guard result.status == 0 else {
                remove()
                throw CocoaError(
                    .featureUnsupported, userInfo: [NSLocalizedDescriptionKey: "ip \(step): \(result.output)"])
            }
        }
    }

    func remove() {
        for name in names { _ = try? runProcess(Self.ip, ["netns", "del", name]) }
    }
}
