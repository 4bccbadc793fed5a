@_exported import ArgumentParser
import Torch

/// `--device auto|cpu|cuda|cuda:N`.
extension DeviceChoice: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument)
    }

    public var defaultValueDescription: String { description }

    public static var allValueStrings: [String] { ["auto", "cpu", "cuda", "cuda:N"] }
}

/// `--memory-format channels-last|contiguous`.
extension MemoryFormat: ExpressibleByArgument {
    public init?(argument: String) {
        switch argument {
        case "channels-last": self = .channelsLast
        case "contiguous": self = .contiguous
        default: return nil
        }
    }

    public var defaultValueDescription: String {
        switch self {
        case .channelsLast: "channels-last"
        case .contiguous: "contiguous"
        }
    }

    public static var allValueStrings: [String] { ["channels-last", "contiguous"] }
}

/// A `transform:` for a numeric option that accepts the numbers in `range` only, checked where the value enters:
/// `@Option(transform: inRange(1...65_536)) var batchSize = 32`. Any other text, a negative number included, is one
/// usage error: `The value '0' is invalid for '--batch-size <batch-size>': must be between 1 and 65536`.
public func inRange<Value: FixedWidthInteger & Sendable>(_ range: ClosedRange<Value>)
    -> @Sendable (String) throws
    -> Value
{
    { text in
        guard let value = Value(text), range.contains(value) else {
            throw ValidationError("must be a whole number between \(range.lowerBound) and \(range.upperBound)")
        }
        return value
    }
}

/// A `transform:` that accepts one of `values` only (`@Option(transform: oneOf(["tinyvgg"])) var model = "tinyvgg"`):
/// anything else is one usage error listing them.
public func oneOf(_ values: [String]) -> @Sendable (String) throws -> String {
    { text in
        guard values.contains(text) else {
            throw ValidationError("must be \(values.map { "'\($0)'" }.joined(separator: " or "))")
        }
        return text
    }
}

/// A `transform:` for a number that must be finite and above 0 (a learning rate).
public func positiveNumber(_ text: String) throws -> Double {
    guard let value = Double(text), value > 0, value.isFinite else {
        throw ValidationError("must be a positive number")
    }
    return value
}

extension NameSpecification {
    /// A long flag and its spelling with underscores, as Python scripts write theirs: `.withUnderscores("batch-size")`
    /// accepts `--batch-size` and `--batch_size`.
    public static func withUnderscores(_ name: String) -> NameSpecification {
        let underscored = name.replacingOccurrences(of: "-", with: "_")
        return underscored == name ? [.customLong(name)] : [.customLong(name), .customLong(underscored)]
    }
}
