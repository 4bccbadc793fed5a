import Foundation

/// The test command (`launcher-test-command`), built beside the test binary.
let testCommand: URL = {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("launcher-test-command")
}()
