import ArgumentParser
import Torch

/// The trade-offs of speed against doing exactly what the lesson does, as one option group:
/// `@OptionGroup(title: "Speed") var speed: PerformanceOptions`.
///
/// - `--memory-format channels-last|contiguous` (default channels-last): how the model's weights are laid out in
///   memory (`Module.to(memoryFormat:)`). Channels-last (NHWC) lets libtorch's oneDNN convolutions skip
///   reordering every activation: about twice as fast for TinyVGG on the CPU, the same numbers up to float
///   rounding. Contiguous is PyTorch's default, as the lesson.
/// - `--no-cache`: decode and transform every image again in every epoch, instead of keeping each transformed image
///   after its first epoch (the `DataLoader`'s decoded-sample cache; only for transforms that are not random).
/// - `--fast-decode`: decode JPEGs at a reduced scale before resizing: faster, pixels slightly off torchvision's.
public struct PerformanceOptions: ParsableArguments {
    /// `--memory-format`.
    @Option(
        help: """
            How the model's weights are laid out in memory: channels-last (NHWC, about twice as fast for \
            convolutions on the CPU) or contiguous (NCHW, PyTorch's default). Same numbers.
            """)
    public var memoryFormat: MemoryFormat = .channelsLast

    /// `--no-cache`.
    @Flag(help: "Decode and transform every image again in every epoch, instead of keeping the first epoch's tensors.")
    public var noCache = false

    /// `--fast-decode`.
    @Flag(help: "Decode JPEGs at a reduced scale before resizing: faster, pixels slightly off torchvision's.")
    public var fastDecode = false

    /// Whether the data loaders keep each transformed sample (not `--no-cache`).
    public var cache: Bool { !noCache }

    public init() {}
}
