/// A small, fast, seedable random number generator (SplitMix64) used for shuffling and random transforms.
///
/// The same seed gives the same sequence on every platform and run, which is what makes `DataLoader`
/// epochs and `RandomHorizontalFlip` decisions reproducible.
public struct RandomSource: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    /// A generator derived from several values, e.g. (loader seed, epoch, sample index).
    public init(mixing values: UInt64...) {
        var state: UInt64 = 0x6A09_E667_F3BC_C908
        for value in values {
            var mixer = RandomSource(seed: state ^ value)
            state = mixer.next()
        }
        self.state = state
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in `0 ..< 1`.
    public mutating func nextUnitDouble() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}
