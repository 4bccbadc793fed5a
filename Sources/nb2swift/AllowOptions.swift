import ArgumentParser
import NotebookKit

/// What a `%%writefile` run may do that it refuses by default: the options of files, script and ipynb.
struct AllowOptions: ParsableArguments {
    @Flag(
        help: "Like Run All with errors allowed: rejected cells and inputs are listed, the rest takes effect (exit 3).")
    var allowErrors = false

    @Flag(help: "Allow paths that are absolute or leave the output folder (.., or through a symbolic link).")
    var allowOutside = false

    /// Sets the options these flags stand for.
    func apply(to options: inout ConversionOptions) {
        options.allowsErrors = allowErrors
        options.allowsOutsideRoot = allowOutside
    }
}
