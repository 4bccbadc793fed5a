/// One record of a TensorBoard event file: the fields of `tensorboard.Event` (TensorFlow's `Event` protobuf) that
/// `SummaryWriter` writes, and their serialisation.
///
/// ```text
/// message Event {
///   double wall_time = 1;  int64 step = 2;
///   oneof what { string file_version = 3; Summary summary = 5; SessionLog session_log = 7; ... }
///   SourceMetadata source_metadata = 10;            // { string writer = 1; }
/// }
/// message Summary { repeated Value value = 1; }   // Value { string tag = 1; oneof { float simple_value = 2; ... } }
/// message SessionLog { SessionStatus status = 1; ... }   // START = 1
/// ```
///
/// Proto3 rules: a plain field holding its default (a zero step, an empty tag) is left out; a `oneof` member is
/// written even when zero (`simple_value: 0`).
struct TensorBoardEvent: Equatable {
    /// Seconds since the Unix epoch (`time.time()`).
    var wallTime: Double
    /// The global step; 0 when none was given.
    var step: Int64 = 0
    /// What the event holds.
    var content: Content
    /// `source_metadata.writer`: the program that wrote the file, on the first event only.
    var sourceWriter: String?

    /// The `oneof what` member an event carries.
    enum Content: Equatable {
        /// The file's first event: `file_version`, "brain.Event:2" for files TensorBoard reads.
        case fileVersion(String)
        /// A summary of scalar values, each under its tag (`Summary.Value.simple_value`).
        case scalars([Scalar])
        /// `SessionLog{status: START}`: TensorBoard hides earlier events whose step is at or after this event's
        /// (`purge_step`).
        case sessionStart
    }

    /// One `Summary.Value` with a `simple_value`.
    struct Scalar: Equatable {
        /// The series name TensorBoard plots it under.
        var tag: String
        /// The value, stored as a 32-bit float as TensorBoard's `simple_value` is.
        var simpleValue: Float
    }

    /// The protobuf bytes, field by field in field-number order (as `Event.SerializeToString()` writes them).
    func serialized() -> [UInt8] {
        var encoder = ProtobufEncoder()
        if wallTime.bitPattern != 0 {
            encoder.appendDouble(1, wallTime)
        }
        if step != 0 {
            encoder.appendInt64(2, step)
        }
        switch content {
        case .fileVersion(let version):
            encoder.appendString(3, version)
        case .scalars(let scalars):
            encoder.appendMessage(5) { summary in
                for scalar in scalars {
                    summary.appendMessage(1) { value in
                        if !scalar.tag.isEmpty {
                            value.appendString(1, scalar.tag)
                        }
                        value.appendFloat(2, scalar.simpleValue)
                    }
                }
            }
        case .sessionStart:
            encoder.appendMessage(7) { $0.appendInt64(1, 1) }
        }
        if let sourceWriter {
            encoder.appendMessage(10) { metadata in
                if !sourceWriter.isEmpty {
                    metadata.appendString(1, sourceWriter)
                }
            }
        }
        return encoder.bytes
    }
}
