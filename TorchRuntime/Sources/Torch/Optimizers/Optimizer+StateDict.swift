/// An optimizer's state in `torch.optim`'s own layout (`optimizer.state_dict()` / `load_state_dict(...)`), as a
/// `SavedValue` that `Torch.save` writes and Python's `torch.load` reads, and back:
///
/// ```python
/// {"state": {0: {"step": tensor(3.), "exp_avg": ..., "exp_avg_sq": ...}, 1: {...}},      # Adam
///  "param_groups": [{"lr": 0.001, "betas": (0.9, 0.999), "eps": 1e-08, "weight_decay": 0.0, "amsgrad": False,
///                    "maximize": False, "foreach": None, "capturable": False, "differentiable": False,
///                    "fused": False, "params": [0, 1]}]}
/// ```
///
/// Parameters are numbered in the order the optimizer was given them (`model.parameters()`), as PyTorch numbers
/// them; Adam's `step` is a float32 0-d tensor, as torch 1.13 and 2.x store it. A state dict saved by Python's
/// `torch.optim.Adam(model.parameters(), ...).state_dict()` loads here, and one saved here loads into Python's
/// `torch.optim.Adam`: stepping on from either gives the same weights.
extension Optimizer {
    /// The optimizer's state in `torch.optim`'s layout (`optimizer.state_dict()`): per-parameter state under
    /// `"state"`, keyed by parameter index (only parameters that have been stepped), and the hyper-parameters
    /// under `"param_groups"`. The tensors are copies: later steps do not change the returned value.
    public func stateDict() throws -> SavedValue {
        switch self {
        case let adam as Adam: try adam.adamStateDict()
        case let sgd as SGD: try sgd.sgdStateDict()
        default: throw TorchError.invalidArgument(operation: "Optimizer.state_dict", message: "unknown optimizer")
        }
    }

    /// Replaces the optimizer's state and hyper-parameters with `stateDict` (`optimizer.load_state_dict(sd)`): one
    /// written by `stateDict()` here or by Python's `state_dict()` of the same kind of optimizer over parameters
    /// of the same shapes (torch 1.13 or 2.x; keys this runtime does not use, such as torch 2.x's additions, are
    /// ignored). Everything is checked before anything changes; a state dict that does not fit is
    /// `TorchError.invalidArgument` saying why, and leaves the optimizer as it was.
    ///
    /// Refused as well: more than one parameter group, `maximize=True`, Adam's `decoupled_weight_decay=True`
    /// (AdamW's update), and state for a parameter the group does not list.
    public func loadStateDict(_ stateDict: SavedValue) throws {
        switch self {
        case let adam as Adam: try adam.loadAdamStateDict(stateDict)
        case let sgd as SGD: try sgd.loadSGDStateDict(stateDict)
        default: throw TorchError.invalidArgument(operation: "Optimizer.load_state_dict", message: "unknown optimizer")
        }
    }

    /// `[0, 1, ..., n - 1]`: the parameters of the one group, as PyTorch numbers them.
    var parameterIndices: SavedValue { .list(parameters.indices.map { .int($0) }) }
}

extension Adam {
    func adamStateDict() throws -> SavedValue {
        let options = try handle.adamOptions()
        var state = SavedDict()
        for index in parameters.indices {
            guard let entry = try handle.adamState(index) else { continue }
            var values: SavedDict = [
                "step": .tensor(try Tensor([Float(entry.step)], shape: [])),
                "exp_avg": .tensor(entry.expAvg),
                "exp_avg_sq": .tensor(entry.expAvgSq),
            ]
            if options.amsgrad, let maximum = entry.maxExpAvgSq {
                values["max_exp_avg_sq"] = .tensor(maximum)
            }
            state[.int(index)] = .dict(values)
        }
        let group: SavedValue = [
            "lr": .float(options.lr), "betas": .tuple([.float(options.betas.0), .float(options.betas.1)]),
            "eps": .float(options.eps), "weight_decay": .float(options.weightDecay), "amsgrad": .bool(options.amsgrad),
            "maximize": false, "foreach": nil, "capturable": false, "differentiable": false, "fused": false,
            "params": parameterIndices,
        ]
        return ["state": .dict(state), "param_groups": [group]]
    }

    func loadAdamStateDict(_ value: SavedValue) throws {
        var reader = StateDictReader(value, optimizer: self, operation: "Adam.load_state_dict")
        let group = try reader.group()
        try reader.refuse(group, ["maximize", "decoupled_weight_decay"])
        let betas = try reader.pair(group, "betas")
        let options = OptimizerHandle.AdamOptions(
            lr: try reader.number(group, "lr"), betas: betas, eps: try reader.number(group, "eps"),
            weightDecay: try reader.number(group, "weight_decay"), amsgrad: try reader.flag(group, "amsgrad"))
        guard options.lr >= 0, options.lr.isFinite, (0..<1).contains(betas.0), (0..<1).contains(betas.1),
            options.eps >= 0, options.weightDecay >= 0
        else { throw reader.fail("hyper-parameters out of range: \(group)") }
        var states: [OptimizerHandle.AdamState?] = Array(repeating: nil, count: parameters.count)
        for (index, entry) in try reader.states() {
            func tensor(_ name: String) throws -> Tensor { try reader.tensor(entry, name, parameter: index) }
            states[index] = OptimizerHandle.AdamState(
                step: try reader.step(entry, parameter: index), expAvg: try tensor("exp_avg"),
                expAvgSq: try tensor("exp_avg_sq"),
                maxExpAvgSq: options.amsgrad ? try tensor("max_exp_avg_sq") : nil)
        }
        try handle.setAdamState(states)
        try handle.setAdamOptions(options)
        learningRate = options.lr
    }
}

extension SGD {
    func sgdStateDict() throws -> SavedValue {
        let options = try handle.sgdOptions()
        var state = SavedDict()
        for index in parameters.indices {
            if let buffer = try handle.sgdMomentumBuffer(index) {
                state[.int(index)] = ["momentum_buffer": .tensor(buffer)]
            }
        }
        let group: SavedValue = [
            "lr": .float(options.lr), "momentum": .float(options.momentum), "dampening": .float(options.dampening),
            "weight_decay": .float(options.weightDecay), "nesterov": .bool(options.nesterov), "maximize": false,
            "foreach": nil, "differentiable": false, "params": parameterIndices,
        ]
        return ["state": .dict(state), "param_groups": [group]]
    }

    func loadSGDStateDict(_ value: SavedValue) throws {
        var reader = StateDictReader(value, optimizer: self, operation: "SGD.load_state_dict")
        let group = try reader.group()
        try reader.refuse(group, ["maximize"])
        let options = OptimizerHandle.SGDOptions(
            lr: try reader.number(group, "lr"), momentum: try reader.number(group, "momentum"),
            dampening: try reader.number(group, "dampening"), weightDecay: try reader.number(group, "weight_decay"),
            nesterov: try reader.flag(group, "nesterov"))
        guard options.lr >= 0, options.lr.isFinite, options.momentum >= 0, options.weightDecay >= 0 else {
            throw reader.fail("hyper-parameters out of range: \(group)")
        }
        var buffers: [Tensor?] = Array(repeating: nil, count: parameters.count)
        for (index, entry) in try reader.states() where !(entry["momentum_buffer"]?.isNone ?? true) {
            buffers[index] = try reader.tensor(entry, "momentum_buffer", parameter: index)
        }
        try handle.setSGDMomentumBuffers(buffers)
        try handle.setSGDOptions(options)
        learningRate = options.lr
    }
}

/// Reads a `torch.optim` state dict for `load_state_dict`, with one error type: `.invalidArgument(operation, why)`.
private struct StateDictReader {
    let value: SavedValue
    let optimizer: Optimizer
    let operation: String
    /// Parameter position by the id the state dict gives it (its index in the saved group's `params`).
    private var positions: [Int: Int] = [:]

    init(_ value: SavedValue, optimizer: Optimizer, operation: String) {
        (self.value, self.optimizer, self.operation) = (value, optimizer, operation)
    }

    func fail(_ why: String) -> TorchError {
        .invalidArgument(operation: operation, message: why)
    }

    /// The one parameter group, after checking it lists as many parameters as the optimizer has.
    mutating func group() throws -> SavedDict {
        guard let groups = value["param_groups"]?.elements, value["state"]?.dictValue != nil else {
            throw fail("not an optimizer state dict (a dict with \"state\" and \"param_groups\")")
        }
        guard groups.count == 1, let group = groups[0].dictValue else {
            throw fail("the state dict has \(groups.count) parameter groups; this optimizer has 1")
        }
        guard let ids = group["params"]?.elements?.compactMap(\.intValue), ids.count == group["params"]?.elements?.count
        else { throw fail("the parameter group's \"params\" is not a list of ints") }
        guard ids.count == optimizer.parameters.count else {
            throw fail(
                "the parameter group holds \(ids.count) parameters; this optimizer has \(optimizer.parameters.count)")
        }
        for (position, id) in ids.enumerated() where positions.updateValue(position, forKey: id) != nil {
            throw fail("parameter id \(id) appears twice in \"params\"")
        }
        return group
    }

    /// The per-parameter states by parameter position.
    func states() throws -> [(Int, SavedDict)] {
        try (value["state"]?.dictValue ?? SavedDict()).map { key, entry in
            guard case .int(let id) = key, let position = positions[id] else {
                throw fail("state for parameter \(key), which the parameter group does not list")
            }
            guard let values = entry.dictValue else { throw fail("state of parameter \(id) is a \(entry.typeName)") }
            return (position, values)
        }
    }

    /// Throws if any of `keys` is present and not false (a feature this runtime's optimizers do not have).
    func refuse(_ group: SavedDict, _ keys: [String]) throws {
        for key in keys where group[.string(key)].map({ $0.boolValue != false }) ?? false {
            throw fail("\(key)=\(group[.string(key)] ?? nil) is not supported")
        }
    }

    /// A number: an `int`, a `float` or a one-element tensor (torch 2.x allows tensor learning rates).
    func number(_ group: SavedDict, _ key: String) throws -> Double {
        guard let item = group[.string(key)], let number = try Self.number(item) else {
            throw fail(
                "the parameter group's \"\(key)\" is \(group[.string(key)]?.typeName ?? "missing"), not a number")
        }
        return number
    }

    static func number(_ value: SavedValue) throws -> Double? {
        if let number = value.doubleValue { return number }
        if let tensor = value.tensorValue, tensor.count == 1 { return try tensor.item() }
        return nil
    }

    func pair(_ group: SavedDict, _ key: String) throws -> (Double, Double) {
        guard let items = group[.string(key)]?.elements, items.count == 2, let first = try Self.number(items[0]),
            let second = try Self.number(items[1])
        else { throw fail("the parameter group's \"\(key)\" is not a pair of numbers") }
        return (first, second)
    }

    func flag(_ group: SavedDict, _ key: String) throws -> Bool {
        guard let flag = group[.string(key)]?.boolValue else {
            throw fail("the parameter group's \"\(key)\" is not a bool")
        }
        return flag
    }

    /// Adam's step: a float tensor (torch 1.12+), or a number (older releases), holding a whole count.
    func step(_ entry: SavedDict, parameter index: Int) throws -> Int {
        guard let item = entry["step"], let step = try Self.number(item), step >= 0, step <= 0x1p53,
            step.rounded() == step
        else { throw fail("state of parameter \(index) has no valid \"step\" (a whole, non-negative count)") }
        return Int(step)
    }

    /// The state tensor `name` of parameter `index`, of the parameter's shape (libtorch converts its dtype).
    func tensor(_ entry: SavedDict, _ name: String, parameter index: Int) throws -> Tensor {
        guard let tensor = entry[.string(name)]?.tensorValue else {
            throw fail("state of parameter \(index) has no tensor \"\(name)\"")
        }
        let shape = optimizer.parameters[index].shape
        guard tensor.shape == shape, tensor.dtype != nil else {
            throw fail("state \"\(name)\" of parameter \(index) has shape \(tensor.shape), the parameter \(shape)")
        }
        return tensor
    }
}
