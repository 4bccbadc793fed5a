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
