import Foundation
import PackagePlugin

/// A build-tool plugin that lets a target hold notebooks as its sources: at `swift build`, each `.ipynb` in the
/// target is exported nbdev-style (`nb2swift export NOTEBOOK --into NAME.swift`, every `//| export` cell) into the
/// plugin's work folder, and the exported file is compiled with the target.
@main
struct NotebookSources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let tool = try context.tool(named: "nb2swift")
        let folder = context.pluginWorkDirectoryURL
        return target.sourceFiles(withSuffix: "ipynb").map { file in
            let name = file.url.deletingPathExtension().lastPathComponent + ".swift"
            return .buildCommand(
                displayName: "Exporting \(file.url.lastPathComponent) with nb2swift",
                executable: tool.url,
                arguments: ["export", file.url.path, "--output", folder.path, "--into", name, "--quiet"],
                inputFiles: [file.url],
                outputFiles: [folder.appendingPathComponent(name)])
        }
    }
}
