import Foundation

/// A model summary, torchinfo 1.8's `ModelStatistics`: the layers a forward pass went through, with their output
/// shapes and parameter counts, the totals, and the memory estimates. Made by
/// ``Module/summary(inputSize:columns:columnWidth:depth:mode:rowSettings:)``; its `description` is the table
/// torchinfo prints, character for character:
///
/// ```text
/// ==========================================================================================
/// Layer (type:depth-idx)                   Output Shape              Param #
/// ==========================================================================================
/// TinyVGG                                  [32, 3]                   --
/// ├─Sequential: 1-1                        [32, 10, 30, 30]          --
/// │    └─Conv2d: 2-1                       [32, 10, 62, 62]          280
/// ...
/// ==========================================================================================
/// Total params: 8,083
/// Trainable params: 8,083
/// Non-trainable params: 0
/// Total mult-adds (Units.MEGABYTES): 181.95
/// ==========================================================================================
/// Input size (MB): 1.57
/// Forward/backward pass size (MB): 22.80
/// Params size (MB): 0.03
/// Estimated Total Size (MB): 24.40
/// ==========================================================================================
/// ```
///
/// The mult-adds unit reads `Units.MEGABYTES` (not `M`) because torchinfo 1.8 formats its `Units` enum with
/// Python 3.11's rules, which print an enum member's name; Debian's Python, the one the fixtures come from, is 3.11.
public struct ModelStatistics: CustomStringConvertible, Sendable {
    /// A column of the table (torchinfo's `col_names`).
    public enum Column: String, CaseIterable, Sendable {
        /// The shape of the layer's input ("Input Shape").
        case inputSize = "input_size"
        /// The shape of the layer's output ("Output Shape").
        case outputSize = "output_size"
        /// The layer's parameter count ("Param #").
        case numParams = "num_params"
        /// The layer's share of all parameters ("Param %").
        case paramsPercent = "params_percent"
        /// The layer's multiply-accumulate operations for this input ("Mult-Adds").
        case multAdds = "mult_adds"
        /// Whether the layer's parameters require grad: True, False or Partial ("Trainable").
        case trainable

        /// The column's heading.
        var title: String {
            switch self {
            case .inputSize: "Input Shape"
            case .outputSize: "Output Shape"
            case .numParams: "Param #"
            case .paramsPercent: "Param %"
            case .multAdds: "Mult-Adds"
            case .trainable: "Trainable"
            }
        }
    }

    /// The mode the summary's forward pass runs in (torchinfo's `mode`).
    public enum Mode: String, Sendable {
        /// `model.train()` (dropout and batch norm as in training).
        case train
        /// `model.eval()`, torchinfo's default.
        case eval
    }

    /// What a layer's row shows besides its class (torchinfo's `row_settings`).
    public enum RowSetting: String, Hashable, Sendable {
        /// The depth and the layer's number at that depth: `Conv2d: 2-1`.
        case depth
        /// The name the parent registered the layer under: `Sequential (conv_block_1)`.
        case varNames = "var_names"
        /// `+ ` and `|` instead of the box-drawing characters.
        case asciiOnly = "ascii_only"
        /// Leaves out the rows of modules called a second time.
        case hideRecursiveLayers = "hide_recursive_layers"
    }

    /// One layer as the forward pass met it (torchinfo's `LayerInfo`).
    public struct LayerInfo: Equatable, Sendable {
        /// The module's class: `Conv2d`, `Sequential`, the model's own class.
        public let className: String
        /// The name its parent registered it under (`conv_block_1`, `0`); the class name for the model.
        public let varName: String
        /// 0 for the model, 1 for its children, and so on.
        public let depth: Int
        /// Its number among the layers of its depth, counted down the whole table (`2-7`).
        public let depthIndex: Int
        /// The shape of its input; empty when the forward pass did not call it.
        public let inputSize: [Int]
        /// The shape of its output; empty when the forward pass did not call it.
        public let outputSize: [Int]
        /// Its parameters, its descendants' included.
        public let numParams: Int
        /// Those of its parameters that require grad.
        public let trainableParams: Int
        /// Its multiply-accumulate operations for this input, as torchinfo counts them.
        public let macs: Int
        /// Whether it has no child modules.
        public let isLeafLayer: Bool
        /// Whether it was called before in this pass (its parameters are counted at its first call).
        public let isRecursive: Bool
    }

    /// The layers in the order the forward pass called them, with the containers it did not call put in above
    /// their children (torchinfo's `summary_list`); the table leaves out those deeper than its `depth`.
    public let layers: [LayerInfo]
    /// All parameters, each counted once.
    public let totalParams: Int
    /// The parameters that require grad.
    public let trainableParams: Int
    /// The multiply-accumulate operations of one forward pass over the input, summed over the leaf layers.
    public let totalMultAdds: Int
    /// The input's bytes as torchinfo counts them (with the 56 bytes of the Python object holding its storage).
    public let totalInputBytes: Int
    /// Twice the output bytes of every leaf layer with parameters (outputs and their gradients): the
    /// "Forward/backward pass size".
    public let totalOutputBytes: Int
    /// The bytes of the leaf layers' parameters: the "Params size".
    public let totalParamBytes: Int
    /// The table torchinfo prints (without a final newline).
    public let description: String

    /// The parameters that do not require grad.
    public var nonTrainableParams: Int { totalParams - trainableParams }

    /// The input, the forward/backward pass and the parameters, in bytes: the "Estimated Total Size".
    public var estimatedTotalBytes: Int { totalInputBytes + totalOutputBytes + totalParamBytes }

    /// The table's layout options.
    struct Format {
        var columns: [Column]
        var columnWidth: Int
        var depth: Int
        var rowSettings: Set<RowSetting>
    }

    /// Totals and the table from the recorded layers (torchinfo's `ModelStatistics.__init__` and `__repr__`).
    init(layers records: [LayerRecord], inputBytes: Int, format: Format) {
        var totalParams = 0
        var trainableParams = 0
        var totalMultAdds = 0
        var totalOutputBytes = 0
        var totalParamBytes = 0
        for layer in records {
            if layer.isLeafLayer {
                totalMultAdds += layer.macs
                if layer.numParams > 0 {
                    totalOutputBytes += layer.outputBytes * 2
                }
                if layer.isRecursive {
                    continue
                }
                totalParams += max(layer.numParams, 0)
                totalParamBytes += layer.paramBytes
                trainableParams += max(layer.trainableParams, 0)
            } else if !layer.isRecursive {
                totalParams += max(layer.leftoverParams(), 0)
                trainableParams += max(layer.leftoverTrainableParams(), 0)
            }
        }
        self.layers = records.map {
            LayerInfo(
                className: $0.className, varName: $0.varName, depth: $0.depth, depthIndex: $0.depthIndex ?? 0,
                inputSize: $0.inputSize, outputSize: $0.outputSize, numParams: $0.numParams,
                trainableParams: $0.trainableParams, macs: $0.macs, isLeafLayer: $0.isLeafLayer,
                isRecursive: $0.isRecursive)
        }
        self.totalParams = totalParams
        self.trainableParams = trainableParams
        self.totalMultAdds = totalMultAdds
        self.totalInputBytes = inputBytes
        self.totalOutputBytes = totalOutputBytes
        self.totalParamBytes = totalParamBytes
        let table = TableFormatter(format: format, layers: records)
        description = table.render(
            layers: records, totalParams: totalParams, trainableParams: trainableParams, totalMultAdds: totalMultAdds,
            inputBytes: inputBytes, outputBytes: totalOutputBytes, paramBytes: totalParamBytes)
    }
}

/// torchinfo's `FormattingOptions`: the table's rows, widths and numbers, in Python's formatting.
private struct TableFormatter {
    let format: ModelStatistics.Format
    /// The first column's width: 40, or more for long names, rounded up to a multiple of 5.
    private(set) var layerNameWidth = 40

    init(format: ModelStatistics.Format, layers: [LayerRecord]) {
        self.format = format
        let longest = layers.map { $0.depth * 5 + 1 + layerName($0).unicodeScalars.count }.max() ?? 0
        if longest >= layerNameWidth {
            layerNameWidth = (longest + 4) / 5 * 5
        }
    }

    private var showVarNames: Bool { format.rowSettings.contains(.varNames) }
    private var showDepth: Bool { format.rowSettings.contains(.depth) }
    private var asciiOnly: Bool { format.rowSettings.contains(.asciiOnly) }

    func render(
        layers: [LayerRecord], totalParams: Int, trainableParams: Int, totalMultAdds: Int, inputBytes: Int,
        outputBytes: Int, paramBytes: Int
    ) -> String {
        let divider = String(repeating: "=", count: format.columns.count * format.columnWidth + layerNameWidth)
        var header = ""
        if showVarNames {
            header += " (var_name)"
        }
        if showDepth {
            header += ":depth-idx"
        }
        var table = divider + "\n"
        table += row("Layer (type\(header))", Dictionary(uniqueKeysWithValues: format.columns.map { ($0, $0.title) }))
        table += divider + "\n"
        for layer in layers
        where layer.depth <= format.depth && !(format.rowSettings.contains(.hideRecursiveLayers) && layer.isRecursive) {
            table += layerRow(layer, reachedMaxDepth: layer.depth == format.depth, totalParams: totalParams)
        }
        table += divider + "\n"
        table += "Total params: \(Self.grouped(totalParams))\n"
        table += "Trainable params: \(Self.grouped(trainableParams))\n"
        table += "Non-trainable params: \(Self.grouped(totalParams - trainableParams))\n"
        table += "Total mult-adds \(Self.readable(totalMultAdds))\n"
        table += divider + "\n"
        table += "Input size (MB): \(Self.megabytes(inputBytes))\n"
        table += "Forward/backward pass size (MB): \(Self.megabytes(outputBytes))\n"
        table += "Params size (MB): \(Self.megabytes(paramBytes))\n"
        table += "Estimated Total Size (MB): \(Self.megabytes(inputBytes + outputBytes + paramBytes))\n"
        return table + divider
    }

    /// `Conv2d`, `Conv2d (0)`, `Conv2d: 2-1` or `Conv2d (0): 2-1` (`get_layer_name`).
    private func layerName(_ layer: LayerRecord) -> String {
        var name = layer.className
        if showVarNames, !layer.varName.isEmpty {
            name += " (\(layer.varName))"
        }
        if showDepth, layer.depth > 0 {
            name += ": \(layer.depth)"
            if let index = layer.depthIndex {
                name += "-\(index)"
            }
        }
        return name
    }

    /// The tree drawing in front of a name at `depth` (`get_start_str`).
    private func treePrefix(depth: Int) -> String {
        switch depth {
        case 0: ""
        case 1: asciiOnly ? "+ " : "├─"
        default: String(repeating: asciiOnly ? "|    " : "│    ", count: depth - 1) + (asciiOnly ? "+ " : "└─")
        }
    }

    private func layerRow(_ layer: LayerRecord, reachedMaxDepth: Bool, totalParams: Int) -> String {
        var values: [ModelStatistics.Column: String] = [:]
        for column in format.columns {
            values[column] =
                switch column {
                case .inputSize: Self.shape(layer.inputSize)
                case .outputSize: Self.shape(layer.outputSize)
                case .numParams: parameterCount(layer, reachedMaxDepth: reachedMaxDepth)
                case .paramsPercent: parameterShare(layer, reachedMaxDepth: reachedMaxDepth, totalParams: totalParams)
                case .multAdds: multAdds(layer, reachedMaxDepth: reachedMaxDepth)
                case .trainable: Self.trainable(layer)
                }
        }
        return row(treePrefix(depth: layer.depth) + layerName(layer), values)
    }

    /// The name left-aligned in the first column, each value in its column, trailing spaces dropped (`format_row`).
    private func row(_ name: String, _ values: [ModelStatistics.Column: String]) -> String {
        var line = Self.padded(name, to: layerNameWidth) + " "
        for column in format.columns {
            line += Self.padded(values[column] ?? "", to: format.columnWidth) + " "
        }
        while line.last?.isWhitespace == true {
            line.removeLast()
        }
        return line + "\n"
    }

    /// `num_params_to_str`: a leaf's (or a row at the depth limit's) count, in parentheses when none is trainable;
    /// a container's own parameters beyond its children's.
    private func parameterCount(_ layer: LayerRecord, reachedMaxDepth: Bool) -> String {
        if layer.numParams == 0 {
            return "--"
        }
        if layer.isRecursive {
            return "(recursive)"
        }
        if reachedMaxDepth || layer.isLeafLayer {
            let count = Self.grouped(layer.numParams)
            return layer.trainableParams != 0 ? count : "(\(count))"
        }
        let leftover = layer.leftoverParams()
        return leftover > 0 ? Self.grouped(leftover) : "--"
    }

    /// `params_percent`: the share of all parameters, as Python's `{:>7.2%}`.
    private func parameterShare(_ layer: LayerRecord, reachedMaxDepth: Bool, totalParams: Int) -> String {
        let none = "     --"
        if totalParams == 0 {
            return none
        }
        if layer.isRecursive {
            return "(recursive)"
        }
        let count = reachedMaxDepth || layer.isLeafLayer ? layer.numParams : layer.leftoverParams()
        if count == 0 {
            return none
        }
        let percent = String(format: "%.2f%%", Double(count) / Double(totalParams) * 100)
        return String(repeating: " ", count: max(0, 7 - percent.count)) + percent
    }

    /// `macs_to_str`: a leaf's mult-adds; at the depth limit, the sum of the leaves below.
    private func multAdds(_ layer: LayerRecord, reachedMaxDepth: Bool) -> String {
        if layer.macs <= 0 {
            return "--"
        }
        if layer.isLeafLayer {
            return Self.grouped(layer.macs)
        }
        if reachedMaxDepth {
            return Self.grouped(layer.children.filter(\.isLeafLayer).reduce(0) { $0 + $1.macs })
        }
        return "--"
    }

    /// `trainable`: True, False, Partial, or `--` without parameters.
    private static func trainable(_ layer: LayerRecord) -> String {
        if layer.numParams == 0 {
            return "--"
        }
        if layer.trainableParams == 0 {
            return "False"
        }
        return layer.numParams == layer.trainableParams ? "True" : "Partial"
    }

    // MARK: Python's formatting

    /// `str(list)`, or `--` for an empty shape.
    private static func shape(_ sizes: [Int]) -> String {
        sizes.isEmpty ? "--" : "[" + sizes.map(String.init).joined(separator: ", ") + "]"
    }

    /// `f"{text:<{width}}"`: padded with spaces to `width` code points.
    private static func padded(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.unicodeScalars.count))
    }

    /// `f"{number:,}"`: thousands separated by commas.
    private static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 {
                result += ","
            }
            result.append(digit)
        }
        return number < 0 ? "-" + result : result
    }

    /// `f"{value:,.2f}"`.
    private static func groupedFixed(_ value: Double) -> String {
        let text = String(format: "%.2f", value.magnitude)
        let parts = text.split(separator: ".", maxSplits: 1)
        let whole = grouped(Int(parts[0]) ?? 0)
        return (value < 0 ? "-" : "") + whole + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// `format_output_num(num, Units.AUTO)` for the mult-adds: `(Units.MEGABYTES): 181.95`, in T, G or M units.
    private static func readable(_ number: Int) -> String {
        let (unit, value): (String, Double) =
            if Double(number) >= 1e12 {
                ("Units.TERABYTES", Double(number) / 1e12)
            } else if Double(number) >= 1e9 {
                ("Units.GIGABYTES", Double(number) / 1e9)
            } else {
                ("Units.MEGABYTES", Double(number) / 1e6)
            }
        let text = value.rounded(.towardZero) == value ? grouped(Int(value)) : groupedFixed(value)
        return "(\(unit)): \(text)"
    }

    /// Bytes as megabytes with two decimals (`f"{num / 1e6:0.2f}"`).
    private static func megabytes(_ bytes: Int) -> String {
        String(format: "%.2f", Double(bytes) / 1e6)
    }
}
