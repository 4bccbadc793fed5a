import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory nb2swift-export [export arguments]`: regenerates the files
/// exported from the package's notebooks in place, running `nb2swift export` in the package folder with the
/// arguments given. With no arguments, a package with an `nb2swift.toml` runs what it says (`nb2swift`, every
/// pairing group); one without exports every notebook under the package folder into it, nbdev-style.
@main
struct ExportNotebooks: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let tool = try context.tool(named: "nb2swift")
        let package = context.package.directoryURL.path
        let process = Process()
        process.executableURL = tool.url
        let configured = FileManager.default.fileExists(atPath: package + "/nb2swift.toml")
        process.arguments =
            arguments.isEmpty
            ? (configured ? [] : ["export", package, "--output", package]) : ["export"] + arguments
        process.currentDirectoryURL = context.package.directoryURL
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            Diagnostics.error("nb2swift export failed with exit status \(process.terminationStatus)")
            throw ExitFailure(status: process.terminationStatus)
        }
    }

    /// The export's failure, as the plugin's.
    struct ExitFailure: Error, CustomStringConvertible {
        var status: Int32
        var description: String { "nb2swift export exited with status \(status)" }
    }
}
