import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory nb2swift-export [export arguments]`: regenerates the files
/// exported from the package's notebooks in place, running `nb2swift export` in the package folder with the
/// arguments given (by default, every notebook under the package folder, exported into it nbdev-style).
@main
struct ExportNotebooks: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let tool = try context.tool(named: "nb2swift")
        let package = context.package.directoryURL.path
        let process = Process()
        process.executableURL = tool.url
        process.arguments = ["export"] + (arguments.isEmpty ? [package, "--output", package] : arguments)
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
