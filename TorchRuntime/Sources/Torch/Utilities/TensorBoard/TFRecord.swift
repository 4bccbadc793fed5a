/// TFRecord framing, the container of TensorBoard event files: each record is
///
/// ```text
/// uint64 length (little-endian) | uint32 masked CRC-32C of those 8 bytes | data | uint32 masked CRC-32C of data
/// ```
///
/// so a reader can tell a whole record from a torn one: TensorBoard stops at a truncated last record and keeps
/// everything before it.
enum TFRecord {
    /// The 16 bytes of framing plus `data`, ready to append to a file.
    static func frame(_ data: [UInt8]) -> [UInt8] {
        let length = littleEndian(UInt64(data.count), byteCount: 8)
        var record = length
        record.reserveCapacity(data.count + 16)
        record += littleEndian(UInt64(CRC32C.maskedChecksum(length)), byteCount: 4)
        record += data
        record += littleEndian(UInt64(CRC32C.maskedChecksum(data)), byteCount: 4)
        return record
    }

    private static func littleEndian(_ value: UInt64, byteCount: Int) -> [UInt8] {
        (0..<byteCount).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
}
