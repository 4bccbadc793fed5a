import ArgumentParser
import NotebookKit

/// The inputs, and how they are read: the options of every mode (each works in every mode, as the one reader reads
/// every mode's inputs).
struct InputOptions: ParsableArguments {
    @Argument(
        help: ArgumentHelp(
            "Notebooks (.ipynb), or folders to search for them (ipynb: scripts, NAME.swift).",
            valueName: "file-or-folder"))
    var inputs: [String]

    @Flag(
        help:
            "Report nbformat schema violations (missing ids or metadata, unknown keys; in scripts, id-less or repeated ids) as errors."
    )
    var strict = false

    @Option(
        help: ArgumentHelp(
            "The largest file read: a notebook or script, or an exported file export and update compare (K, M, G or "
                + "KiB, MiB, GiB: powers of 1024; default 256MiB).",
            valueName: "bytes"),
        transform: { text in
            guard let bytes = ConversionOptions.byteCount(parsing: text) else {
                throw ValidationError(
                    "--max-input-size needs a positive byte count such as 300000000 or 512MiB, got '\(text)'.")
            }
            return bytes
        })
    var maxInputSize: Int = ConversionOptions.defaultMaxInputSize

    /// Sets the options these flags stand for.
    func apply(to options: inout ConversionOptions) {
        options.strict = strict
        options.maxInputSize = maxInputSize
    }
}
