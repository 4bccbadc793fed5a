import ArgumentParser
import NotebookKit
import NotebookProject

/// `nb2swift` with no paths inside a project: what its `nb2swift.toml` says (every pairing group), `--check` checks
/// it all, `--list` lists it all.
struct ProjectRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nb2swift",
        abstract: "Run every pairing group of the nb2swift.toml in this folder or a folder above it.")

    /// The flags a run with no paths takes; any other argument means a subcommand or paths.
    static let flags: Set<String> = ["--check", "--list", "-q", "--quiet"]

    @Flag(help: "Write nothing; exit 1 with what is stale, missing or orphaned in any pairing group.")
    var check = false

    @Flag(help: "Print the plans and write nothing.")
    var list = false

    @Flag(name: [.short, .long], help: "Print no messages.")
    var quiet = false

    /// Whether `arguments` ask for the project run: no paths, no subcommand, only its flags.
    static func handles(_ arguments: [String]) -> Bool { arguments.allSatisfy(flags.contains) }

    func validate() throws {
        if check && list { throw ValidationError("--check and --list cannot be combined.") }
    }

    func run() throws {
        let project = try Self.project()
        try ReportPrinter.exit(with: project.run(check ? .check : list ? .list : .write), quiet: quiet)
    }

    /// The project of the current directory; a usage error (exit 2) when there is none or its config is bad.
    static func project() throws -> Project {
        let found: ProjectConfig?
        do throws(Diagnostic) { found = try ProjectConfig.find(from: ".") } catch {
            ReportPrinter.printError(ReportPrinter.render(error))
            throw ExitCode(2)
        }
        guard let config = found else {
            ReportPrinter.printError(
                "nb2swift: error: no paths given, and no \(ProjectConfig.fileName) in this folder or a folder above it"
                    + " (see nb2swift --help)")
            throw ExitCode(2)
        }
        return Project(config: config)
    }
}
