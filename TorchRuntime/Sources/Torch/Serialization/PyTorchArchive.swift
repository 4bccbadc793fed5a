import Foundation

/// The layout `torch.save` gives its zip archive, checked as PyTorch's reader (`PyTorchStreamReader`) checks it:
/// every entry lies in one folder named by the first entry (`archive/`), a `version` record (or `.data/version`)
/// holds a file format version PyTorch reads (1 to 10), the pickle is `<folder>/data.pkl` and each storage
/// `<folder>/data/<key>`.
struct PyTorchArchive {
    /// The folder all records live in, with its slash.
    let folder: String
    /// The zip underneath.
    let zip: StoredZipArchive
    private let describe: String

    /// The file format versions PyTorch 1.13 and 2.x read (`kMinSupportedFileFormatVersion` to
    /// `kMaxSupportedFileFormatVersion`).
    static let supportedVersions: ClosedRange<UInt64> = 1...10

    init(data: Data, describe: String) throws {
        self.describe = describe
        zip = try StoredZipArchive(data: data, describe: describe)
        func fail(_ why: String) -> TorchError {
            .file(path: describe, .corrupt("not a PyTorch archive (\(why))"))
        }
        guard let first = zip.entries.first else { throw fail("the zip holds no entries") }
        guard let slash = first.name.firstIndex(of: "/") else {
            throw fail("entry \(first.name) is not in a folder")
        }
        folder = String(first.name[...slash])
        if let stray = zip.entries.first(where: { !$0.name.hasPrefix(folder) }) {
            throw fail("entry \(stray.name) is outside the archive's folder \(folder)")
        }
        let versionName = zip.size(of: folder + ".data/version") != nil ? ".data/version" : "version"
        guard let version = zip.contents(of: folder + versionName) else {
            throw fail("no version record; torch.save writes \(folder)version")
        }
        guard let number = Self.parseVersion([UInt8](version)) else {
            throw fail("cannot parse the version record \(String(decoding: version.prefix(20), as: UTF8.self))")
        }
        guard Self.supportedVersions.contains(number) else {
            throw TorchError.file(
                path: describe,
                .unsupported("file format version \(number); PyTorch reads versions \(Self.supportedVersions)"))
        }
        if let order = zip.contents(of: folder + "byteorder"), order != Data("little".utf8) {
            throw TorchError.file(
                path: describe,
                .unsupported("byte order \(String(decoding: order.prefix(20), as: UTF8.self)); only little-endian"))
        }
    }

    /// The bytes of the record `name` (relative to the folder, e.g. "data.pkl"), or `nil` if there is none.
    func record(_ name: String) -> Data? {
        zip.contents(of: folder + name)
    }

    /// The size of the record `name`, or `nil` if there is none.
    func recordSize(_ name: String) -> Int? {
        zip.size(of: folder + name)
    }

    /// The version number as C's `strtoull` (behind PyTorch's `stoull`) reads it: leading white space, an optional
    /// sign, decimal digits, anything after them ignored; `nil` without digits or when it overflows.
    static func parseVersion(_ bytes: [UInt8]) -> UInt64? {
        var index = bytes.firstIndex { ![0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D].contains($0) } ?? bytes.endIndex
        var negative = false
        if index < bytes.endIndex, bytes[index] == 0x2B || bytes[index] == 0x2D {
            negative = bytes[index] == 0x2D
            index += 1
        }
        var value: UInt64 = 0
        var digits = 0
        while index < bytes.endIndex, (0x30...0x39).contains(bytes[index]) {
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, carry) = times.addingReportingOverflow(UInt64(bytes[index] - 0x30))
            guard !overflow, !carry else { return nil }
            value = sum
            digits += 1
            index += 1
        }
        guard digits > 0 else { return nil }
        return negative ? 0 &- value : value
    }
}
