/// A short, stable fingerprint of exported text (64-bit FNV-1a, 16 hex digits), the same on every run and machine,
/// used by ``ExportState`` to remember what each file and cell looked like when it was exported.
enum StableHash {
    /// The fingerprint of `text`'s UTF-8 bytes.
    static func hex(_ text: String) -> String { hex(bytes: text.utf8) }

    /// The fingerprint of `bytes`.
    static func hex(bytes: some Sequence<UInt8>) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
