import Foundation
import Torch

/// A module a generated state dict is loaded into (strict `load_state_dict`). libFuzzer calls in from one thread.
nonisolated(unsafe) let model = try! Sequential(Linear(inFeatures: 2, outFeatures: 3), ReLU())

/// libFuzzer's entry point: the bytes choose a `.pth` file (`PthGenerator`), which goes through `Torch.load`,
/// `StateDict(data:)` and `loadStateDict`. Beyond "no crash, no leak, no huge allocation" (AddressSanitizer and
/// `-malloc_limit_mb`), the target checks that every refusal is one line naming the file, that `StateDict` reads
/// the file exactly when `Torch.load` gives a dict from names to tensors, and that a loaded value saved again
/// (`Torch.save`) loads back to the same value, tensor identities included.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStructuredPth(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    var generator = PthGenerator(input)
    let data = Data(generator.archive())
    let value: SavedValue
    do {
        value = try Torch.load(data: data, describedAs: "fuzz.pth")
    } catch {
        checkRefusal(error)
        _ = try? StateDict(data: data, describedAs: "fuzz.pth")  // refused as well, or it would have loaded
        return 0
    }
    let isStateDict = value.dictValue.map { dict in
        dict.allSatisfy { if case .string = $0.key, $0.value.tensorValue != nil { true } else { false } }
    }
    do {
        let stateDict = try StateDict(data: data, describedAs: "fuzz.pth")
        guard isStateDict == true else { fatalError("StateDict read a value that is not a state dict: \(value)") }
        try? model.loadStateDict(stateDict)
    } catch {
        checkRefusal(error)
        guard isStateDict != true else { fatalError("StateDict refused a state dict: \(error)") }
    }
    do {
        let again = try Torch.load(data: Torch.save(value), describedAs: "fuzz-again.pth")
        let (before, after) = (Description(value).text, Description(again).text)
        guard before == after else { fatalError("the value changed in a save/load round trip:\n\(before)\n\(after)") }
    } catch {
        fatalError("a loaded value could not be saved and loaded again: \(error)")
    }
    return 0
}

/// Every refusal is a `TorchError.file` naming the file, in one line.
func checkRefusal(_ error: Error) {
    guard let error = error as? TorchError, case .file("fuzz.pth", _) = error else {
        fatalError("not a TorchError naming the file: \(error)")
    }
    guard !error.message.contains("\n") else { fatalError("a multi-line error: \(error.message)") }
}

/// A value's full description: structure, scalars to the bit, tensors' dtypes, shapes, grad flags and (up to 4,096
/// elements) bytes, and which tensors are one object.
struct Description {
    private(set) var text = ""
    private var seen: [ObjectIdentifier: Int] = [:]

    init(_ value: SavedValue) {
        describe(value)
    }

    private mutating func describe(_ value: SavedValue) {
        switch value {
        case .none: text += "N"
        case .bool(let flag): text += flag ? "T" : "F"
        case .int(let number): text += "i\(number)"
        case .float(let number): text += "f\(number.bitPattern)"
        case .string(let text): self.text += "s\(text.utf8.count):\(text)"
        case .tensor(let tensor):
            if let index = seen[ObjectIdentifier(tensor)] {
                text += "t#\(index)"
                return
            }
            seen[ObjectIdentifier(tensor)] = seen.count
            text += "t(\(tensor.dtype.map { "\($0)" } ?? "?"),\(tensor.shape),\(tensor.requiresGrad)"
            if tensor.count <= 4096, let dtype = tensor.dtype {
                let bytes = dtype == .bool ? (try? tensor.bools().map { $0 ? 1 : 0 }) : try? tensor.bytes(as: dtype)
                text += ",\(bytes ?? [])"
            }
            text += ")"
        case .list(let items), .tuple(let items):
            text += value.typeName + "["
            for item in items { describe(item) }
            text += "]"
        case .dict(let dict):
            text += value.typeName + "{"
            for (key, item) in dict {
                text += "\(key)="
                describe(item)
            }
            text += "}"
        }
    }
}

/// libFuzzer's driver, entered explicitly because SwiftPM gives executables a Swift `main`.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

var argumentCount = CommandLine.argc
var argumentValues: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(runFuzzerDriver(&argumentCount, &argumentValues, { fuzzStructuredPth($0, $1) }))
