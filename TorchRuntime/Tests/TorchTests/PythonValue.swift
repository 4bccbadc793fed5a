import Foundation
import Testing

@testable import Torch

/// A value as `Fixtures/pth_values.py` describes it (one JSON array per object, exact to the bit), so that a value
/// Python loaded or saved compares with a `SavedValue` here.
indirect enum PythonValue: Decodable, Equatable, CustomStringConvertible {
    case none
    case bool(Bool)
    case int(String)
    case float(String)
    case string(String)
    case tensor(dtype: String, shape: [Int], requiresGrad: Bool, hex: String)
    case list([PythonValue])
    case tuple([PythonValue])
    case dict(ordered: Bool, items: [Item])
    /// A value nested `depth` containers deep, described by its depth alone (JSON readers limit nesting).
    case deep(Int)

    struct Item: Decodable, Equatable {
        var key: PythonValue
        var value: PythonValue

        init(key: PythonValue, value: PythonValue) {
            (self.key, self.value) = (key, value)
        }

        init(from decoder: Decoder) throws {
            var container = try decoder.unkeyedContainer()
            key = try container.decode(PythonValue.self)
            value = try container.decode(PythonValue.self)
        }
    }

    init(from decoder: Decoder) throws {
        var container = try decoder.unkeyedContainer()
        switch try container.decode(String.self) {
        case "none": self = .none
        case "bool": self = .bool(try container.decode(Bool.self))
        case "int": self = .int(try container.decode(String.self))
        case "float": self = .float(try container.decode(String.self))
        case "str": self = .string(try container.decode(String.self))
        case "tensor":
            self = .tensor(
                dtype: try container.decode(String.self), shape: try container.decode([Int].self),
                requiresGrad: try container.decode(Bool.self), hex: try container.decode(String.self))
        case "list": self = .list(try container.decode([PythonValue].self))
        case "tuple": self = .tuple(try container.decode([PythonValue].self))
        case "dict": self = .dict(ordered: try container.decode(Bool.self), items: try container.decode([Item].self))
        case "deep": self = .deep(try container.decode(Int.self))
        case let tag:
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown tag \(tag)")
        }
    }

    /// The description of a Swift value; its tensors are appended to `tensors` with Python's paths.
    init(_ value: SavedValue, path: String = "", tensors: inout [(path: String, tensor: Tensor)]) throws {
        switch value {
        case .none: self = .none
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .int(String(number))
        case .float(let number): self = .float(String(number.bitPattern))
        case .string(let text): self = .string(text)
        case .tensor(let tensor):
            tensors.append((path, tensor))
            let dtype = try #require(tensor.dtype)
            let bytes =
                tensor.count > Self.valueLimit
                ? [] : dtype == .bool ? try tensor.bools().map { $0 ? 1 : 0 } : try tensor.bytes(as: dtype)
            self = .tensor(
                dtype: dtype.description, shape: tensor.shape, requiresGrad: tensor.requiresGrad,
                hex: bytes.map { String(format: "%02x", $0) }.joined())
        case .list(let items):
            self = .list(try items.enumerated().map { try PythonValue($1, path: "\(path)/\($0)", tensors: &tensors) })
        case .tuple(let items):
            self = .tuple(try items.enumerated().map { try PythonValue($1, path: "\(path)/\($0)", tensors: &tensors) })
        case .dict(let dict):
            self = .dict(
                ordered: dict.isOrderedDict,
                items: try dict.map { key, item in
                    let (keyValue, name): (PythonValue, String) =
                        switch key {
                        case .string(let text): (.string(text), text)
                        case .int(let number): (.int(String(number)), String(number))
                        }
                    return Item(key: keyValue, value: try PythonValue(item, path: "\(path)/\(name)", tensors: &tensors))
                })
        }
    }

    /// Tensors with more elements are described without their values (`VALUE_LIMIT` in pth_values.py).
    static let valueLimit = 65536

    var description: String {
        switch self {
        case .none: "None"
        case .bool(let flag): "\(flag)"
        case .int(let text), .float(let text): text
        case .string(let text): "'\(text)'"
        case .tensor(let dtype, let shape, let requiresGrad, let hex):
            "tensor(\(dtype), \(shape), grad: \(requiresGrad), \(hex.prefix(32)))"
        case .list(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .tuple(let items): "(" + items.map(\.description).joined(separator: ", ") + ")"
        case .deep(let depth): "<\(depth) levels deep>"
        case .dict(let ordered, let items):
            (ordered ? "OrderedDict" : "") + "{" + items.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
                + "}"
        }
    }
}

/// The number of containers on the longest path from `value` (keys are not containers here), without recursion.
func nestingDepth(_ value: SavedValue) -> Int {
    var deepest = 0
    var pending = [(value, 1)]
    while let (item, depth) = pending.popLast() {
        switch item {
        case .list(let items), .tuple(let items):
            deepest = Swift.max(deepest, depth)
            pending += items.map { ($0, depth + 1) }
        case .dict(let dict):
            deepest = Swift.max(deepest, depth)
            pending += dict.map { ($0.value, depth + 1) }
        default: break
        }
    }
    return deepest
}

/// `pth_values.py`'s description: the value, and which tensors share a storage or are one object.
struct PythonDescription: Decodable, Equatable {
    var value: PythonValue
    var shared: [[String]]
    var same: [[String]]

    /// The description of a Swift value, as Python describes one.
    init(_ value: SavedValue) throws {
        var tensors: [(path: String, tensor: Tensor)] = []
        self.value = try PythonValue(value, tensors: &tensors)
        shared = []
        same = []
        for (index, first) in tensors.enumerated() {
            for second in tensors[(index + 1)...] {
                if first.tensor === second.tensor { same.append([first.path, second.path]) }
                if first.tensor.count > 0, second.tensor.count > 0,
                    first.tensor.storageLayout.storageID == second.tensor.storageLayout.storageID
                {
                    shared.append([first.path, second.path])
                }
            }
        }
    }

    /// Decodes the last line of a script's output.
    init(output: String) throws {
        let line = output.split(separator: "\n").last.map(String.init) ?? ""
        self = try JSONDecoder().decode(Self.self, from: Data(line.utf8))
    }
}
