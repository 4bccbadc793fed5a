/// The few pieces of protobuf's binary wire format that TensorBoard's `Event` needs, written by hand so the runtime
/// needs no protobuf library: varints, 64- and 32-bit little-endian fields, length-delimited fields.
///
/// Fields are appended in the order the caller writes them; `TensorBoardEvent` writes them in field-number order, as
/// the protobuf runtimes do, so its bytes equal Python's `Event.SerializeToString()`.
struct ProtobufEncoder {
    /// The bytes written so far.
    private(set) var bytes: [UInt8] = []

    /// Protobuf's wire types (the low three bits of a field's key).
    private enum WireType: UInt64 {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
        case fixed32 = 5
    }

    /// An unsigned LEB128 varint: seven bits a byte, low bits first, the high bit set on every byte but the last.
    private mutating func appendVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// The low `byteCount` bytes of `value`, least significant first.
    private mutating func appendLittleEndian(_ value: UInt64, byteCount: Int) {
        for index in 0..<byteCount {
            bytes.append(UInt8(truncatingIfNeeded: value >> (8 * index)))
        }
    }

    private mutating func appendKey(_ field: Int, _ wireType: WireType) {
        appendVarint(UInt64(field) << 3 | wireType.rawValue)
    }

    /// A `double` field (wire type 1).
    mutating func appendDouble(_ field: Int, _ value: Double) {
        appendKey(field, .fixed64)
        appendLittleEndian(value.bitPattern, byteCount: 8)
    }

    /// A `float` field (wire type 5).
    mutating func appendFloat(_ field: Int, _ value: Float) {
        appendKey(field, .fixed32)
        appendLittleEndian(UInt64(value.bitPattern), byteCount: 4)
    }

    /// An `int64` or enum field (wire type 0); a negative value takes ten bytes, as in every protobuf runtime.
    mutating func appendInt64(_ field: Int, _ value: Int64) {
        appendKey(field, .varint)
        appendVarint(UInt64(bitPattern: value))
    }

    /// A `string` field: its UTF-8 bytes, length first (wire type 2).
    mutating func appendString(_ field: Int, _ value: String) {
        appendBytes(field, Array(value.utf8))
    }

    /// A `bytes` or embedded-message field: `value`, length first (wire type 2).
    mutating func appendBytes(_ field: Int, _ value: [UInt8]) {
        appendKey(field, .lengthDelimited)
        appendVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// An embedded message field, encoded by `body`.
    mutating func appendMessage(_ field: Int, _ body: (inout ProtobufEncoder) -> Void) {
        var message = ProtobufEncoder()
        body(&message)
        appendBytes(field, message.bytes)
    }
}
