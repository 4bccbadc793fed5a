/// A labelled image dataset a `DataLoader` can batch: `ImageFolder` is the one this module provides.
public protocol Dataset: Sendable {
    /// Number of samples.
    var count: Int { get }

    /// Whether `example(at:random:)` returns the same value every time (lets `DataLoader` cache it).
    var isDeterministic: Bool { get }

    /// The transformed sample at `index`; random transforms draw from `random`.
    func example(at index: Int, random: inout RandomSource) throws -> Example
}

/// One transformed sample: a CHW float image and its class index.
public struct Example: Sendable, Equatable {
    /// The image as CHW floats.
    public var image: FloatImage
    /// The class index.
    public var label: Int

    /// A sample.
    public init(image: FloatImage, label: Int) {
        self.image = image
        self.label = label
    }
}
