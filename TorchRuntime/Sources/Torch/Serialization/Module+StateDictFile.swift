import Foundation

extension Module {
    /// Loads the state dict in the file at `url` into the module's parameters (`model.load_state_dict(
    /// torch.load(url))`, strict), checking the file's names and shapes against the module's parameters before any
    /// tensor is built: a file that does not fit is one line naming it (`TorchError.file(path, .mismatched)`) and
    /// costs no more memory than its own bytes, whatever shapes it declares. Other errors are those of
    /// `StateDict(contentsOf:)`; nothing is copied unless everything fits.
    public func loadStateDict(contentsOf url: URL) throws {
        let reader = try PthReader(data: RuntimeFile.read(url), describe: url.path)
        let entries = try reader.stateDictEntries()
        let parameters = namedParameters()
        let shapes = Dictionary(uniqueKeysWithValues: parameters.map { ($0.0, $0.1.shape) })
        let provided = Set(entries.map(\.name))
        var problems: [String] = []
        let missing = parameters.map(\.0).filter { !provided.contains($0) }
        if !missing.isEmpty { problems.append("missing \(missing.joined(separator: ", "))") }
        let unexpected = entries.map(\.name).filter { shapes[$0] == nil }
        if !unexpected.isEmpty { problems.append("unexpected \(unexpected.joined(separator: ", "))") }
        for entry in entries {
            if let shape = shapes[entry.name], shape != entry.view.shape {
                problems.append("\(entry.name) has shape \(entry.view.shape), the model's \(shape)")
            }
        }
        guard problems.isEmpty else {
            throw TorchError.file(
                path: url.path,
                .mismatched("the state dict does not fit \(type(of: self)): \(problems.joined(separator: "; "))"))
        }
        try loadStateDict(StateDict(reader.value(), describedAs: url.path))
    }
}
