import Foundation

/// libFuzzer's bytes read as a stream of choices: each call takes the next byte (0 once they run out), so a
/// mutation of the input changes one decision of the generator instead of breaking the file's framing.
struct Choices {
    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var exhausted: Bool { index >= bytes.count }

    mutating func byte() -> UInt8 {
        guard index < bytes.count else { return 0 }
        defer { index += 1 }
        return bytes[index]
    }

    mutating func pick<Element>(_ options: [Element]) -> Element {
        options[Int(byte()) % options.count]
    }

    /// True with probability about `percent`%.
    mutating func chance(_ percent: Int) -> Bool {
        Int(byte()) * 100 < percent * 256
    }
}

/// Generates `.pth` files from choices: a pickle program built by a grammar of what `torch.save` writes (dicts,
/// OrderedDicts, lists, tuples, scalars, strings, tensors as `_rebuild_tensor_v2` views with chosen storages,
/// offsets, sizes, strides and dtypes, Parameters, `torch.Size`, memo puts and gets, deep nesting, recursive
/// containers) with perturbations, or a free sequence of opcodes; then the zip around it, whose storage records,
/// version record, folder and duplicate names are chosen too.
struct PthGenerator {
    var choices: Choices
    private var pickle: [UInt8] = []
    private var memoCount = 0
    private var steps = 0

    static let storageTypes = [
        "FloatStorage", "DoubleStorage", "LongStorage", "IntStorage", "ByteStorage",
        "BoolStorage", "HalfStorage",
    ]
    static let elementSizes = [
        "FloatStorage": 4, "DoubleStorage": 8, "LongStorage": 8, "IntStorage": 4,
        "ByteStorage": 1, "BoolStorage": 1, "HalfStorage": 2,
    ]
    static let sizes = [0, 1, 1, 2, 2, 3, 4, 7, 1 << 31, 1 << 32, 1 << 62, -1, 200_000]
    static let strides = [0, 1, 1, 2, 4, -1, 1 << 62, Int.min, 3]
    static let counts = [0, 1, 2, 4, 6, 12, 24, 1 << 40, -1]
    static let strings = ["w", "b", "weight", "storage", "cpu", "0", "1", "2", "_metadata", "", "caf\u{E9}", "state"]
    static let globals = [
        ("collections", "OrderedDict"), ("torch._utils", "_rebuild_tensor_v2"),
        ("torch._utils", "_rebuild_tensor"), ("torch._utils", "_rebuild_parameter"), ("torch", "Size"),
        ("torch", "FloatStorage"), ("torch", "HalfStorage"), ("torch.storage", "UntypedStorage"), ("torch", "Tensor"),
        ("builtins", "dict"), ("os", "system"),
    ]

    /// Storage declarations: key, type, declared element count.
    private var storages: [(key: String, type: String, count: Int)] = []

    init(_ bytes: [UInt8]) {
        choices = Choices(bytes)
    }

    /// The archive's bytes.
    mutating func archive() -> [UInt8] {
        for key in ["0", "1", "2"] {
            storages.append((key, choices.pick(Self.storageTypes), choices.pick(Self.counts)))
        }
        pickle = [0x80, choices.pick([2, 2, 2, 4])]
        if choices.chance(80) {
            value(depth: 0)
        } else {
            while !choices.exhausted, steps < 400 { randomOpcode() }
        }
        if choices.chance(95) { pickle.append(0x2E) }  // STOP
        return zip()
    }

    // MARK: The grammar

    private mutating func value(depth: Int) {
        steps += 1
        if choices.chance(3) {
            randomOpcode()  // a perturbation
        }
        let kinds = depth > 6 || steps > 300 ? 6 : 15
        switch Int(choices.byte()) % kinds {
        case 0: int(choices.pick([0, 1, 3, 255, 65_535, -1, 1 << 40, Int.min]))
        case 1: pickle += [0x47] + (0..<8).map { _ in choices.byte() }  // BINFLOAT
        case 2: string(choices.pick(Self.strings))
        case 3: pickle.append(choices.pick([0x4E, 0x88, 0x89]))  // None, True, False
        case 4, 5: tensor()
        case 6, 7: dict(depth: depth)
        case 8:  // list
            pickle += [0x5D]
            put()
            pickle.append(0x28)
            for _ in 0..<Int(choices.byte() % 4) { value(depth: depth + 1) }
            pickle.append(0x65)  // APPENDS
        case 9:  // tuple
            let count = Int(choices.byte() % 5)
            if count > 3 { pickle.append(0x28) }
            for _ in 0..<count { value(depth: depth + 1) }
            pickle.append(count == 0 ? 0x29 : count > 3 ? 0x74 : [0x85, 0x86, 0x87][count - 1])
        case 10:  // a memoized object again
            get(Int(choices.byte()) % Swift.max(memoCount, 1))
        case 11:  // deep nesting
            value(depth: depth + 1)
            pickle += [UInt8](repeating: 0x85, count: choices.pick([10, 500, 999, 1000, 1001, 3000]))
        case 12:  // Parameter
            global("torch._utils", "_rebuild_parameter")
            pickle.append(0x28)
            tensor()
            pickle.append(choices.pick([0x88, 0x89]))
            ordered()
            pickle += [0x74, 0x52]
        case 13:  // torch.Size
            global("torch", "Size")
            pickle.append(0x28)
            ints((0..<Int(choices.byte() % 3)).map { _ in choices.pick(Self.sizes) })
            pickle += [0x74, 0x52]
        default:  // a list that holds itself, or lists nested through the memo
            let first = memoCount
            pickle.append(0x5D)
            put()
            if choices.chance(50) {
                get(first)
                pickle.append(0x61)  // APPEND: l.append(l)
            } else {
                let levels = choices.pick([3, 50, 1200])
                for _ in 0..<levels {
                    pickle.append(0x5D)
                    put()
                }
                for level in 0..<levels {
                    get(first + level)
                    get(first + level + 1)
                    pickle.append(0x61)  // APPEND: list[level].append(list[level + 1])
                }
            }
        }
    }

    private mutating func dict(depth: Int) {
        if choices.chance(40) { ordered() } else { pickle.append(0x7D) }
        put()
        let count = Int(choices.byte() % 4)
        pickle.append(0x28)
        for _ in 0..<count {
            switch choices.byte() % 8 {
            case 0: int(Int(choices.byte() % 4))
            case 1: value(depth: depth + 1)  // any key, hashable or not
            default: string(choices.pick(Self.strings))
            }
            value(depth: depth + 1)
        }
        pickle.append(0x75)  // SETITEMS
        if choices.chance(10) {  // an OrderedDict's attributes
            pickle.append(0x7D)
            string("_metadata")
            value(depth: depth + 1)
            pickle += [0x73, 0x62]
        }
    }

    private mutating func ordered() {
        global("collections", "OrderedDict")
        pickle += [0x29, 0x52]
    }

    private mutating func tensor() {
        let storage = choices.pick(storages)
        global("torch._utils", choices.chance(90) ? "_rebuild_tensor_v2" : "_rebuild_tensor")
        pickle += [0x28, 0x28]
        string("storage")
        global(
            choices.chance(90) ? "torch" : "torch.cuda",
            choices.chance(85) ? storage.type : choices.pick(Self.storageTypes))
        if choices.chance(90) { string(storage.key) } else { int(Int(storage.key) ?? 0) }
        string("cpu")
        int(choices.chance(90) ? storage.count : choices.pick(Self.counts))
        pickle += [0x74, 0x51]  // TUPLE, BINPERSID
        let rank = Int(choices.byte() % 5)
        let shape = (0..<rank).map { _ in choices.pick(Self.sizes) }
        int(choices.pick([0, 0, 0, 1, 2, 5, -1, 1 << 62]))
        ints(shape)
        if choices.chance(60) {
            var running = 1
            var strides = [Int](repeating: 1, count: rank)
            for index in (0..<rank).reversed() {
                strides[index] = running
                running = running &* Swift.max(shape[index], 1)
            }
            ints(strides)
        } else {
            ints((0..<rank + (choices.chance(5) ? 1 : 0)).map { _ in choices.pick(Self.strides) })
        }
        pickle.append(choices.pick([0x89, 0x89, 0x88, 0x4E]))  // requires_grad
        ordered()
        pickle += [0x74, 0x52]
        if choices.chance(30) { put() }
    }

    // MARK: Opcodes

    private mutating func randomOpcode() {
        steps += 1
        switch choices.byte() % 12 {
        case 0: int(choices.pick([0, 1, 2, 4, -1, 1 << 62]))
        case 1: string(choices.pick(Self.strings))
        case 2: pickle.append(choices.pick([0x5D, 0x7D, 0x29, 0x28, 0x4E, 0x88]))
        case 3: pickle.append(choices.pick([0x74, 0x85, 0x86, 0x87, 0x61, 0x65, 0x73, 0x75, 0x52, 0x62, 0x51, 0x2E]))
        case 4: put()
        case 5: get(Int(choices.byte()) % Swift.max(memoCount, 1))
        case 6: global(choices.pick(Self.globals))
        case 7:  // STACK_GLOBAL
            let (module, name) = choices.pick(Self.globals)
            string(module)
            string(name)
            pickle.append(0x93)
        case 8: pickle += [0x8A, choices.byte() % 12] + (0..<8).map { _ in choices.byte() }  // LONG1, any width
        case 9: pickle += [0x58, 3, 0, 0, 0, 0xED, 0xA0, choices.byte()]  // BINUNICODE, maybe invalid UTF-8
        case 10: pickle.append(choices.byte())  // any byte
        default: tensor()
        }
    }

    private mutating func int(_ value: Int) {
        switch value {
        case 0...0xFF: pickle += [0x4B, UInt8(value)]
        case 0...0xFFFF: pickle += [0x4D, UInt8(value & 0xFF), UInt8(value >> 8)]
        default: pickle += [0x8A, 8] + (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
        }
    }

    private mutating func ints(_ values: [Int]) {
        pickle.append(0x28)
        for value in values { int(value) }
        pickle.append(0x74)
    }

    private mutating func string(_ text: String) {
        let utf8 = Array(text.utf8)
        if utf8.count < 256, choices.chance(30) {
            pickle += [choices.pick([0x8C, 0x55]), UInt8(utf8.count)] + utf8  // SHORT_BINUNICODE, SHORT_BINSTRING
        } else {
            pickle += [0x58] + (0..<4).map { UInt8(truncatingIfNeeded: utf8.count >> (8 * $0)) } + utf8
        }
    }

    private mutating func global(_ module: String, _ name: String) {
        pickle += [0x63] + Array("\(module)\n\(name)\n".utf8)
    }

    private mutating func global(_ pair: (String, String)) {
        global(pair.0, pair.1)
    }

    private mutating func put() {
        if choices.chance(20) {
            pickle.append(0x94)  // MEMOIZE
        } else if memoCount < 256, choices.chance(80) {
            pickle += [0x71, UInt8(memoCount)]
        } else {
            pickle += [0x72] + (0..<4).map { UInt8(truncatingIfNeeded: memoCount >> (8 * $0)) }
        }
        memoCount += 1
    }

    private mutating func get(_ index: Int) {
        if index < 256 {
            pickle += [0x68, UInt8(index)]
        } else {
            pickle += [0x6A] + (0..<4).map { UInt8(truncatingIfNeeded: index >> (8 * $0)) }
        }
    }

    // MARK: The zip

    private mutating func zip() -> [UInt8] {
        let folder = choices.chance(95) ? "archive" : choices.pick(["Archive", "a", ""])
        var entries: [(String, [UInt8])] = [("\(folder)/data.pkl", pickle)]
        for storage in storages where choices.chance(95) {
            let size = Self.elementSizes[storage.type, default: 1]
            var length = storage.count >= 0 && storage.count < 1 << 20 ? storage.count * size : 16
            switch choices.byte() % 10 {
            case 0: length = Swift.max(0, length - 1 - Int(choices.byte() % 8))
            case 1: length += 1 + Int(choices.byte() % 8)
            default: break
            }
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37) }
            let name = "\(folder)/data/\(storage.key)"
            entries.append((name, bytes))
            if choices.chance(3) { entries.append((choices.chance(50) ? name : name.uppercased(), bytes)) }
        }
        if choices.chance(3) {
            entries.append(("\(folder)/byteorder", Array((choices.chance(50) ? "big" : "little").utf8)))
        }
        if choices.chance(97) {
            entries.append(
                ("\(folder)/version", Array(choices.pick(["3\n", "3\n", "3\n", "0", "11", "x", " 3junk"]).utf8)))
        }
        return StoredZip.archive(entries)
    }
}

/// A minimal stored (uncompressed) zip writer with CRC-32, enough for the generator's archives.
enum StoredZip {
    static func archive(_ files: [(String, [UInt8])]) -> [UInt8] {
        var output: [UInt8] = []
        var directory: [UInt8] = []
        func u16(_ value: Int, into bytes: inout [UInt8]) { bytes += [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        func u32(_ value: UInt32, into bytes: inout [UInt8]) {
            bytes += (0..<4).map { UInt8(value >> (8 * $0) & 0xFF) }
        }
        for (name, contents) in files {
            let nameBytes = Array(name.utf8)
            let crc = crc32(contents)
            let offset = UInt32(output.count)
            u32(0x0403_4B50, into: &output)
            for value in [20, 0, 0, 0, 0] { u16(value, into: &output) }
            u32(crc, into: &output)
            u32(UInt32(contents.count), into: &output)
            u32(UInt32(contents.count), into: &output)
            u16(nameBytes.count, into: &output)
            u16(0, into: &output)
            output += nameBytes + contents
            u32(0x0201_4B50, into: &directory)
            for value in [20, 20, 0, 0, 0, 0] { u16(value, into: &directory) }
            u32(crc, into: &directory)
            u32(UInt32(contents.count), into: &directory)
            u32(UInt32(contents.count), into: &directory)
            u16(nameBytes.count, into: &directory)
            for value in [0, 0, 0, 0] { u16(value, into: &directory) }
            u32(0, into: &directory)
            u32(offset, into: &directory)
            directory += nameBytes
        }
        let directoryOffset = UInt32(output.count)
        output += directory
        u32(0x0605_4B50, into: &output)
        for value in [0, 0, files.count, files.count] { u16(value, into: &output) }
        u32(UInt32(directory.count), into: &output)
        u32(directoryOffset, into: &output)
        u16(0, into: &output)
        return output
    }

    private static let table: [UInt32] = (0..<256).map { index in
        (0..<8).reduce(UInt32(index)) { value, _ in value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        ~bytes.reduce(UInt32(0xFFFF_FFFF)) { table[Int(($0 ^ UInt32($1)) & 0xFF)] ^ ($0 >> 8) }
    }
}
