/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of TFRecord framing, and TensorFlow's
/// "masked" form of it that the framing stores.
///
/// TFRecord masks each CRC (rotate right by 15 bits, add a constant) because a CRC computed over data that itself
/// holds CRCs is weak; readers (TensorBoard's `tf_record_iterator`, TensorFlow's `RecordReader`) unmask and compare.
enum CRC32C {
    /// The byte-at-a-time lookup table, built once.
    private static let table: [UInt32] = (0..<256).map { byte in
        var crc = UInt32(byte)
        for _ in 0..<8 {
            crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1
        }
        return crc
    }

    /// The CRC-32C of `bytes` (initial value and final xor 0xFFFFFFFF): "123456789" gives 0xE3069283.
    static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return crc ^ 0xFFFF_FFFF
    }

    /// TFRecord's masked CRC of `bytes`: the CRC rotated right by 15 bits, plus 0xA282EAD8 (wrapping).
    static func maskedChecksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        let crc = checksum(bytes)
        return ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8
    }
}
