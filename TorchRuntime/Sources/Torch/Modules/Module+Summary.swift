/// Model summaries, as torchinfo 1.8's `summary(model, input_size=...)` makes them: one forward pass on a random
/// input records every layer's output shape, parameters and mult-adds, and ``ModelStatistics`` prints torchinfo's
/// table.
///
/// ```swift
/// let model = try TinyVGG(inputShape: 3, hiddenUnits: 10, outputShape: 3)
/// print(try model.summary(inputSize: [32, 3, 64, 64]))
/// ```
extension Module {
    /// Summarises the model the way torchinfo 1.8's `summary(model, input_size=inputSize, ...)` does, running one
    /// forward pass on a `torch.rand` input of `inputSize`; `print` the result for torchinfo's table.
    ///
    /// As torchinfo, the pass runs without autograd, in the chosen `mode` (eval by default), and afterwards the
    /// whole model is put back in the mode the model itself was in (`model.train(saved_mode)`). The input is drawn
    /// from the global generator on the CPU, as `torch.rand` is, so later draws match a PyTorch program that calls
    /// torchinfo at the same point. It goes to the device of the model's first parameter (torchinfo would move a
    /// CPU model to a GPU when one is present; this does not move the model).
    ///
    /// Layers are recorded through forward hooks (`registerForwardPreHook(_:)`, `registerForwardHook(_:)`), removed
    /// afterwards, so a layer shows its shapes when the model calls it as `layer(x)`; a registered child that the
    /// forward pass never calls is listed with its parameters and no shape, as in torchinfo. Do not train the
    /// model on another thread meanwhile.
    ///
    /// - Parameters:
    ///   - inputSize: The input's shape, batch dimension first (`input_size`).
    ///   - columns: The columns after the layer names (`col_names`).
    ///   - columnWidth: Each column's width (`col_width`).
    ///   - depth: The deepest layer level shown (`depth`); deeper layers still count in the totals.
    ///   - mode: The mode the forward pass runs in (`mode`).
    ///   - rowSettings: What each layer's name shows (`row_settings`).
    /// - Returns: The layers and totals; its `description` is the table.
    /// - Throws: ``TorchError/invalidArgument(operation:message:)`` for an empty or non-positive `inputSize` or
    ///   `columnWidth`; any error of the forward pass itself (the model is left in its mode, without the hooks).
    public func summary(
        inputSize: [Int], columns: [ModelStatistics.Column] = [.outputSize, .numParams], columnWidth: Int = 25,
        depth: Int = 3, mode: ModelStatistics.Mode = .eval, rowSettings: Set<ModelStatistics.RowSetting> = [.depth]
    ) throws -> ModelStatistics {
        guard !inputSize.isEmpty, inputSize.allSatisfy({ $0 > 0 }) else {
            throw TorchError.invalidArgument(
                operation: "torchinfo.summary", message: "input size \(inputSize) must hold positive sizes")
        }
        guard columnWidth > 0 else {
            throw TorchError.invalidArgument(
                operation: "torchinfo.summary", message: "column width must be greater than 0: \(columnWidth)")
        }
        var input = try Tensor.rand(inputSize)
        if let device = parameters().first?.device, device != .cpu {
            input = try input.to(device)
        }
        let layers = try SummaryRecorder(model: self).record(input: input, mode: mode)
        return ModelStatistics(
            layers: layers, inputBytes: input.count * (input.dtype?.byteCount ?? 4) + pythonStorageObjectBytes,
            format: .init(columns: columns, columnWidth: columnWidth, depth: depth, rowSettings: rowSettings))
    }
}

/// torchinfo counts the input's memory as `sys.getsizeof` of its storage: the data plus the Python object holding
/// it, 56 bytes with torch 1.13.
private let pythonStorageObjectBytes = 56

/// The recording pass of torchinfo's `forward_pass`: hooks on every module of the tree, one forward pass, then the
/// containers the pass did not call put back in the hierarchy, and each layer's depth index and descendants set.
private final class SummaryRecorder {
    private let model: Module
    /// The layers in the order they were called (`summary_list`).
    private var layers: [LayerRecord] = []
    /// The modules already listed, to mark a second call of one as recursive (`layer_ids`).
    private var listedModules: Set<ObjectIdentifier> = []
    /// Each module's latest record: the fallback made while walking the tree, then the one its latest call made.
    private var latestRecord: [ObjectIdentifier: LayerRecord] = [:]
    private var handles: [ObjectIdentifier: [RemovableHandle]] = [:]

    init(model: Module) {
        self.model = model
    }

    /// Runs the pass and returns the layers, ready to print.
    func record(input: Tensor, mode: ModelStatistics.Mode) throws -> [LayerRecord] {
        let savedMode = model.isTraining
        defer {
            for handle in handles.values.joined() {
                handle.remove()
            }
            model.train(savedMode)
        }
        registerHooks()
        model.train(mode == .train)
        _ = try noGrad { try model(input) }
        addMissingContainerLayers()
        setChildrenLayers()
        return layers
    }

    /// Walks the module tree depth first (children in registration order) and hooks every module; a module
    /// reachable twice keeps the hooks of its last position (`apply_hooks`).
    private func registerHooks() {
        var stack: [(name: String, module: Module, depth: Int, parent: LayerRecord?)] = [
            (LayerRecord.className(of: model), model, 0, nil)
        ]
        while let (name, module, depth, parent) = stack.popLast() {
            let id = ObjectIdentifier(module)
            let fallback = LayerRecord(varName: name, module: module, depth: depth, parent: parent)
            latestRecord[id] = fallback
            for handle in handles[id] ?? [] {
                handle.remove()
            }
            let preHook = module.registerForwardPreHook { [unowned self] module, _ in
                let record = LayerRecord(varName: name, module: module, depth: depth, parent: parent)
                record.calculateNumParams()
                record.isRecursive = listedModules.contains(id)
                layers.append(record)
                listedModules.insert(id)
                latestRecord[id] = record
            }
            let hook = module.registerForwardHook { [unowned self] module, input, output in
                guard let record = latestRecord[ObjectIdentifier(module)] else { return }
                record.inputSize = input.shape
                record.outputSize = output.shape
                record.outputBytes = (output.dtype?.byteCount ?? 4) * output.shape.reduce(1, *)
                record.executed = true
                record.calculateMacs()
            }
            handles[id] = [preHook, hook]
            stack += module.namedChildren.reversed().map { ($0.0, $0.1, depth + 1, fallback) }
        }
    }

    /// Inserts the ancestors of each layer that the pass did not list right above it, e.g. a container whose
    /// children a parent called directly (`add_missing_container_layers`).
    private func addMissingContainerLayers() {
        var currentHierarchy: [Int: LayerRecord] = [:]
        var index = 0
        while index < layers.count {
            let layer = layers[index]
            var inserted = 0
            var hierarchy: [Int: LayerRecord] = [:]
            var ancestor = layer.parent
            while let parent = ancestor, parent.depth > 0 {
                hierarchy[parent.depth] = parent
                ancestor = parent.parent
            }
            for depth in stride(from: 1, to: layer.depth, by: 1) {
                guard let expected = hierarchy[depth] else { continue }
                let previousIndex = index + inserted - 1
                let previous = layers[previousIndex >= 0 ? previousIndex : layers.count + previousIndex]
                if currentHierarchy[depth].map({ $0.module !== expected.module }) ?? true, expected !== previous {
                    expected.calculateNumParams()
                    expected.isRecursive = listedModules.contains(ObjectIdentifier(expected.module))
                    layers.insert(expected, at: index + inserted)
                    listedModules.insert(ObjectIdentifier(expected.module))
                    currentHierarchy[depth] = expected
                    inserted += 1
                }
            }
            currentHierarchy[layer.depth] = layer
            var deeper = layer.depth + 1
            while currentHierarchy.removeValue(forKey: deeper) != nil {
                deeper += 1
            }
            index += 1
        }
    }

    /// Numbers the layers of each depth in order (the `2-5` of `MaxPool2d: 2-5`) and gives each layer the layers
    /// listed under it (`set_children_layers`).
    private func setChildrenLayers() {
        var counts: [Int: Int] = [:]
        for (index, layer) in layers.enumerated() {
            counts[layer.depth, default: 0] += 1
            layer.depthIndex = counts[layer.depth]
            let descendants = layers[(index + 1)...].prefix { $0.depth > layer.depth }
            layer.children = Array(descendants)
        }
    }
}

/// What the pass learns about one layer (torchinfo's `LayerInfo`): a class, as records are shared between a
/// layer's position in the tree and its entries in the list.
final class LayerRecord {
    let module: Module
    /// The module's class name: `Conv2d`, `Sequential`, the model's own class.
    let className: String
    /// The name the parent registered it under (`conv_block_1`, `0`); the class name for the model itself.
    let varName: String
    /// 0 for the model, 1 for its children, ...
    let depth: Int
    /// The record of the module this one is registered in, from the walk over the tree.
    let parent: LayerRecord?
    /// Whether the module has no children.
    let isLeafLayer: Bool
    var depthIndex: Int?
    /// Every layer listed under this one (all descendants, not only children).
    var children: [LayerRecord] = []
    var executed = false
    /// A module called again after its first call (its parameters are counted once).
    var isRecursive = false
    var inputSize: [Int] = []
    var outputSize: [Int] = []
    /// The module's parameters and its descendants', counted once each.
    var numParams = 0
    var trainableParams = 0
    var paramBytes = 0
    var outputBytes = 0
    var macs = 0

    init(varName: String, module: Module, depth: Int, parent: LayerRecord?) {
        self.module = module
        self.className = Self.className(of: module)
        self.varName = varName
        self.depth = depth
        self.parent = parent
        self.isLeafLayer = module.namedChildren.isEmpty
    }

    /// The unqualified class name, as Python's `module.__class__.__name__`.
    static func className(of module: Module) -> String {
        String(describing: type(of: module))
    }

    /// Counts the module's parameters, trainable ones (requiring grad) and their bytes (`calculate_num_params`).
    func calculateNumParams() {
        numParams = 0
        trainableParams = 0
        paramBytes = 0
        for (_, parameter) in module.namedParameters() {
            let count = parameter.count
            paramBytes += (parameter.dtype?.byteCount ?? 4) * count
            numParams += count
            if parameter.requiresGrad {
                trainableParams += count
            }
        }
    }

    /// torchinfo's mult-adds (`calculate_macs`), summed over the module's parameters for this call: a weight or bias
    /// of its own counts once per output position of a convolution (batch and spatial sizes, not channels), once
    /// per batch element otherwise; a descendant's counts once per element of the first two output sizes.
    func calculateMacs() {
        for (name, parameter) in module.namedParameters() {
            let count = parameter.count
            if name == "weight" || name == "bias" {
                if className.contains("Conv") {
                    macs += count * (outputSize.prefix(1) + outputSize.dropFirst(2)).reduce(1, *)
                } else {
                    macs += (outputSize.first ?? 1) * count
                }
            } else if name.contains("weight") || name.contains("bias") {
                macs += outputSize.prefix(2).reduce(1, *) * count
            }
        }
    }

    /// The parameters not counted by the layers listed under this one (`leftover_params`).
    func leftoverParams() -> Int {
        numParams
            - children.filter { !$0.isRecursive }.reduce(0) {
                $0 + ($1.isLeafLayer ? $1.numParams : $1.leftoverParams())
            }
    }

    /// The trainable parameters not counted by the layers listed under this one (`leftover_trainable_params`).
    func leftoverTrainableParams() -> Int {
        trainableParams
            - children.filter { !$0.isRecursive }.reduce(0) {
                $0 + ($1.isLeafLayer ? $1.trainableParams : $1.leftoverTrainableParams())
            }
    }
}
