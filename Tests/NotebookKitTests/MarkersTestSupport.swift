import Foundation

@testable import NotebookKit

/// What the export-marker tests share: the course notebooks and a plan-and-write helper.
enum MarkersTestSupport {
    /// The fast.ai course folder, when the shared corpus is present.
    static var courseFolder: String? {
        guard let shared = CoreTestSupport.sharedFolder else { return nil }
        let folder = shared.appendingPathComponent("corpus/fastai-course-v3").path
        return FileManager.default.fileExists(atPath: folder + "/exported") ? folder : nil
    }

    /// The message a suite shows when the corpus is absent.
    static let absentMessage =
        "the fast.ai corpus is absent: set NB2SWIFT_SHARED or place it at <package root>/../shared"

    /// Where the notebook at `path` is shown and exported to, exported into `root`.
    static func source(notebook path: String, root: String) -> NotebookSource {
        NotebookSource(
            displayPath: path, outputRoot: OutputRoot(root).path,
            pathFromRoot: OutputRoot.relativePath(from: OutputRoot(root).path, to: OutputRoot(path).path))
    }

    /// The plan for the notebook at `path` in `style`, exported into `root`.
    static func plan(_ style: ExportStyle, notebook path: String, root: String) throws -> ExportPlan {
        let notebook = try NotebookReader().read(contentsOf: path)
        let source = source(notebook: path, root: root)
        var files = VirtualFileSystem(readingDisk: false)
        return style.planner().plan(notebook, source: source, files: &files)[0]
    }

    /// Exports the notebook at `path` in `style` into `root` (written to disk).
    @discardableResult
    static func export(_ style: ExportStyle, notebook path: String, root: String) throws -> ExportPlan {
        let plan = try plan(style, notebook: path, root: root)
        try PlanWriter().apply(plan)
        return plan
    }

    /// Runs `update` for the notebook at `path` against `root`, writing the notebook; returns the update.
    @discardableResult
    static func update(_ style: ExportStyle, notebook path: String, root: String) throws -> UpdatePlanner.Update {
        let source = source(notebook: path, root: root)
        let bytes = CoreTestSupport.read(path) ?? []
        let notebook = try NotebookReader().read(bytes: bytes, displayName: path)
        let update = UpdatePlanner(style: style).update(notebook, bytes: bytes, source: source) { relative in
            CoreTestSupport.read(OutputRoot(root).path + "/" + relative)
        }
        guard update.problems.isEmpty else { throw UpdateProblems(errors: update.problems) }
        try CoreTestSupport.write(update.notebookBytes, to: path)
        return update
    }

    /// The offset of the first byte where `a` and `b` differ (the shorter length when one is a prefix of the other).
    static func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> Int {
        zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
    }

    /// Whether the built executable has the `export` and `update` subcommands.
    static let executableHasMarkerSubcommands: Bool = {
        guard let executable = CoreTestSupport.executable else { return false }
        let export = try? CoreTestSupport.run(executable, ["export", "--help"])
        let update = try? CoreTestSupport.run(executable, ["update", "--help"])
        return export?.status == 0 && export?.stdout.contains("--style") == true && update?.status == 0
    }()
}

/// The problems an update found, thrown by ``MarkersTestSupport/update(_:notebook:root:)``.
struct UpdateProblems: Error, CustomStringConvertible {
    /// The problems, in the order found.
    var errors: [Diagnostic]

    /// One line per problem.
    var description: String { errors.map(\.description).joined(separator: "\n") }
}
