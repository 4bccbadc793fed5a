import ArgumentParser
import NotebookKit

/// The export convention: the option of export and update.
struct StyleOption: ParsableArguments {
    @Option(help: ArgumentHelp("The export convention (update: swiftai or nbdev).", valueName: "fastai|swiftai|nbdev"))
    var style: ExportStyle = .nbdev
}

extension ExportStyle: ExpressibleByArgument {}
