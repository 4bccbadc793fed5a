import Foundation

/// The subset of the zip format PyTorch uses for `.pt`/`.pth` files: uncompressed ("stored") entries, read from or
/// written to memory. Reading accepts the zip64 end records PyTorch writes; anything compressed is an error.
///
/// Names are compared as PyTorch's zip reader (miniz) compares them, ignoring ASCII case, and a name that appears
/// twice is an error: readers disagree on which of the two they read (miniz takes the last, a naive reader the
/// first), so one file would hold two models.
struct StoredZipArchive {
    /// Entry names in archive order, each with the byte range of its data in `data`.
    private(set) var entries: [(name: String, range: Range<Int>)] = []
    private let data: Data

    /// Parses the central directory of `data`; `describe` names the file in errors.
    init(data: Data, describe: String) throws {
        self.data = data
        let bytes = [UInt8](data)
        func fail(_ why: String) -> TorchError {
            .file(path: describe, .corrupt("not a readable PyTorch zip archive (\(why))"))
        }
        guard bytes.count >= 22, bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) else {
            throw fail(bytes.count < 22 ? "file too short" : "no zip signature")
        }
        // The end-of-central-directory record: the last 0x06054b50 within the final 64 KiB + 22 bytes.
        let searchStart = Swift.max(0, bytes.count - 22 - 65_535)
        guard
            let eocd = stride(from: bytes.count - 22, through: searchStart, by: -1).first(where: {
                bytes.readUInt32(at: $0) == 0x0605_4B50
            })
        else { throw fail("no end of central directory; the file may be truncated") }
        var entryCount = Int(bytes.readUInt16(at: eocd + 10))
        var directoryOffset = Int(bytes.readUInt32(at: eocd + 16))
        if entryCount == 0xFFFF || directoryOffset == 0xFFFF_FFFF {
            // zip64: the locator sits just before the classic record and points at the zip64 record.
            let locator = eocd - 20
            guard locator >= 0, bytes.readUInt32(at: locator) == 0x0706_4B50 else { throw fail("bad zip64 locator") }
            let recordOffset = bytes.readUInt64(at: locator + 8)
            guard bytes.count >= 56, recordOffset <= UInt64(bytes.count - 56),
                bytes.readUInt32(at: Int(recordOffset)) == 0x0606_4B50
            else { throw fail("bad zip64 end record") }
            let record = Int(recordOffset)
            entryCount = Int(clamping: bytes.readUInt64(at: record + 32))
            directoryOffset = Int(clamping: bytes.readUInt64(at: record + 48))
        }
        guard directoryOffset <= bytes.count else { throw fail("central directory beyond the end (truncated?)") }
        var position = directoryOffset
        for _ in 0..<entryCount {
            guard position + 46 <= bytes.count, bytes.readUInt32(at: position) == 0x0201_4B50 else {
                throw fail("corrupt central directory")
            }
            let method = bytes.readUInt16(at: position + 10)
            var compressedSize = UInt64(bytes.readUInt32(at: position + 20))
            var size = UInt64(bytes.readUInt32(at: position + 24))
            let nameLength = Int(bytes.readUInt16(at: position + 28))
            let extraLength = Int(bytes.readUInt16(at: position + 30))
            let commentLength = Int(bytes.readUInt16(at: position + 32))
            var localOffset = UInt64(bytes.readUInt32(at: position + 42))
            let nameStart = position + 46
            guard nameStart + nameLength + extraLength <= bytes.count else { throw fail("corrupt central directory") }
            let name = String(decoding: bytes[nameStart..<nameStart + nameLength], as: UTF8.self)
            // zip64 extended information: the 0xFFFFFFFF fields, in order, as 8-byte values.
            var extra = nameStart + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = bytes.readUInt16(at: extra)
                let length = Int(bytes.readUInt16(at: extra + 2))
                if id == 0x0001 {
                    var field = extra + 4
                    if size == 0xFFFF_FFFF, field + 8 <= extraEnd {
                        size = bytes.readUInt64(at: field)
                        field += 8
                    }
                    if compressedSize == 0xFFFF_FFFF, field + 8 <= extraEnd {
                        compressedSize = bytes.readUInt64(at: field)
                        field += 8
                    }
                    if localOffset == 0xFFFF_FFFF, field + 8 <= extraEnd {
                        localOffset = bytes.readUInt64(at: field)
                    }
                }
                extra += 4 + length
            }
            guard method == 0, compressedSize == size else {
                throw TorchError.file(
                    path: describe,
                    .unsupported(
                        "not a readable PyTorch zip archive (entry \(name) is compressed (method \(method)); "
                            + "PyTorch archives store entries)"))
            }
            guard bytes.count >= 30, localOffset <= UInt64(bytes.count - 30),
                bytes.readUInt32(at: Int(localOffset)) == 0x0403_4B50
            else { throw fail("bad local header for \(name)") }
            let local = Int(localOffset)
            let start = local + 30 + Int(bytes.readUInt16(at: local + 26)) + Int(bytes.readUInt16(at: local + 28))
            guard size <= UInt64(bytes.count), start + Int(size) <= bytes.count else {
                throw fail("entry \(name) runs past the end of the file (truncated?)")
            }
            let end = start + Int(size)
            let crc = bytes.readUInt32(at: position + 16)
            guard CRC32.checksum(bytes[start..<end]) == crc else { throw fail("CRC mismatch in \(name)") }
            entries.append((name, start..<end))
            position = extraEnd + commentLength
        }
        var seen: [String: String] = [:]
        for entry in entries {
            if let first = seen.updateValue(entry.name, forKey: Self.folded(entry.name)) {
                let what = first == entry.name ? "\(entry.name) appears twice" : "\(first) and \(entry.name)"
                throw fail("duplicate zip entry: \(what); zip readers disagree on which one they read")
            }
        }
        self.indexByName = Dictionary(uniqueKeysWithValues: entries.enumerated().map { (Self.folded($1.name), $0) })
    }

    /// Entry indices by ASCII-lowercased name.
    private var indexByName: [String: Int] = [:]

    /// A name with ASCII letters lowercased, as miniz compares names.
    private static func folded(_ name: String) -> String {
        String(decoding: name.utf8.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
    }

    /// The bytes of the entry called `name` (ASCII case ignored), or `nil` if there is none.
    func contents(of name: String) -> Data? {
        indexByName[Self.folded(name)].map { data.subdata(in: entries[$0].range) }
    }

    /// The size in bytes of the entry called `name` (ASCII case ignored), or `nil` if there is none.
    func size(of name: String) -> Int? {
        indexByName[Self.folded(name)].map { entries[$0].range.count }
    }

    /// A stored zip holding `files` in order, each entry's data aligned to 64 bytes as PyTorch's writer does
    /// (padding in a local-header extra field with id "FB").
    static func archive(_ files: [(name: String, data: [UInt8])], describe: String = "archive") throws -> Data {
        var output = [UInt8]()
        var directory = [UInt8]()
        for (name, contents) in files {
            let nameBytes = Array(name.utf8)
            let offset = output.count
            guard offset < 0xFFFF_FFFF, contents.count < 0xFFFF_FFFF else {
                throw TorchError.file(
                    path: describe, .cannotWrite("state dict too large for a non-zip64 archive (entry \(name))"))
            }
            let crc = CRC32.checksum(contents[...])
            let headerEnd = offset + 30 + nameBytes.count + 4
            let padding = (64 - headerEnd % 64) % 64
            output.appendUInt32(0x0403_4B50)
            output.appendUInt16(20)  // version needed
            output.appendUInt16(0)  // flags
            output.appendUInt16(0)  // method: stored
            output.appendUInt16(0)  // time
            output.appendUInt16(0)  // date
            output.appendUInt32(crc)
            output.appendUInt32(UInt32(contents.count))
            output.appendUInt32(UInt32(contents.count))
            output.appendUInt16(UInt16(nameBytes.count))
            output.appendUInt16(UInt16(4 + padding))
            output += nameBytes
            output.appendUInt16(0x4246)  // "FB": PyTorch's alignment padding
            output.appendUInt16(UInt16(padding))
            output += [UInt8](repeating: 0x5A, count: padding)
            output += contents

            directory.appendUInt32(0x0201_4B50)
            directory.appendUInt16(20)  // version made by
            directory.appendUInt16(20)  // version needed
            directory.appendUInt16(0)
            directory.appendUInt16(0)
            directory.appendUInt16(0)
            directory.appendUInt16(0)
            directory.appendUInt32(crc)
            directory.appendUInt32(UInt32(contents.count))
            directory.appendUInt32(UInt32(contents.count))
            directory.appendUInt16(UInt16(nameBytes.count))
            directory.appendUInt16(0)  // extra
            directory.appendUInt16(0)  // comment
            directory.appendUInt16(0)  // disk
            directory.appendUInt16(0)  // internal attributes
            directory.appendUInt32(0)  // external attributes
            directory.appendUInt32(UInt32(offset))
            directory += nameBytes
        }
        let directoryOffset = output.count
        guard files.count < 0xFFFF, directoryOffset < 0xFFFF_FFFF else {
            throw TorchError.file(path: describe, .cannotWrite("state dict too large for a non-zip64 archive"))
        }
        output += directory
        output.appendUInt32(0x0605_4B50)
        output.appendUInt16(0)
        output.appendUInt16(0)
        output.appendUInt16(UInt16(files.count))
        output.appendUInt16(UInt16(files.count))
        output.appendUInt32(UInt32(directory.count))
        output.appendUInt32(UInt32(directoryOffset))
        output.appendUInt16(0)
        return Data(output)
    }
}

/// CRC-32 (ISO-HDLC, the zip checksum).
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 {
            value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1
        }
        return value
    }

    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return crc ^ 0xFFFF_FFFF
    }
}

extension [UInt8] {
    func readUInt16(at offset: Int) -> UInt16 {
        UInt16(self[offset]) | UInt16(self[offset + 1]) << 8
    }

    func readUInt32(at offset: Int) -> UInt32 {
        UInt32(readUInt16(at: offset)) | UInt32(readUInt16(at: offset + 2)) << 16
    }

    func readUInt64(at offset: Int) -> UInt64 {
        UInt64(readUInt32(at: offset)) | UInt64(readUInt32(at: offset + 4)) << 32
    }

    mutating func appendUInt16(_ value: UInt16) {
        append(UInt8(value & 0xFF))
        append(UInt8(value >> 8))
    }

    mutating func appendUInt32(_ value: UInt32) {
        appendUInt16(UInt16(value & 0xFFFF))
        appendUInt16(UInt16(value >> 16))
    }
}
