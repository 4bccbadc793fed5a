import ArgumentParser
import NotebookKit

/// How markdown cells are rendered: in scripts (`--pretty`) and on top of `%%writefile` files (`--docs`).
struct ProseOptions: ParsableArguments {
    @Flag(
        help:
            "In scripts, render markdown cells for reading (MARK: headings, wrapped paragraphs) instead of line for line."
    )
    var pretty = false

    @Flag(
        help:
            "Put the markdown cells before each %%writefile cell at the top of its file as // comments (implies --header)."
    )
    var docs = false

    @Option(help: ArgumentHelp("The width --pretty and --docs wrap paragraphs at, // included.", valueName: "n"))
    var width = 100

    func validate() throws {
        guard width >= 20 else { throw ValidationError("--width must be at least 20, got \(width).") }
    }

    /// Sets the options these flags stand for.
    func apply(to options: inout ConversionOptions) {
        options.pretty = pretty
        options.docs = docs
        options.width = width
    }
}
