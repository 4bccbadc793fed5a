extension Module {
    /// The parameters by dotted name in `namedParameters()` order, detached from autograd but sharing storage
    /// (`model.state_dict()`).
    public func stateDict() throws -> StateDict {
        try StateDict(namedParameters().map { ($0.0, try $0.1.detach()) })
    }

    /// Copies every tensor of `stateDict` into the parameter of the same name (`model.load_state_dict(sd)`,
    /// strict): missing keys, unexpected keys and shape mismatches are all reported in one error and nothing is
    /// copied unless everything matches.
    public func loadStateDict(_ stateDict: StateDict) throws {
        let parameters = namedParameters()
        let names = Set(parameters.map(\.0))
        let provided = Set(stateDict.keys)
        let missing = parameters.map(\.0).filter { !provided.contains($0) }
        let unexpected = stateDict.keys.filter { !names.contains($0) }
        var sizeMismatches: [String] = []
        for (name, parameter) in parameters {
            guard let source = stateDict[name], source.shape != parameter.shape else { continue }
            sizeMismatches.append(
                "size mismatch for \(name): copying a param with shape \(source.shape) from checkpoint, "
                    + "the shape in current model is \(parameter.shape).")
        }
        guard missing.isEmpty, unexpected.isEmpty, sizeMismatches.isEmpty else {
            throw TorchError.stateDictMismatch(
                module: "\(type(of: self))", missing: missing, unexpected: unexpected, sizeMismatches: sizeMismatches)
        }
        for (name, parameter) in parameters {
            if let source = stateDict[name] {
                try parameter.copyFrom(source)
            }
        }
    }
}
