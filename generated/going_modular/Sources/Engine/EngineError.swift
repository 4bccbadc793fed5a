/// What can go wrong in a training or test pass.
public enum EngineError: Error, CustomStringConvertible {
    /// A data loader produced no batch (its folder holds no image, or `dropLast` dropped them all).
    case emptyDataLoader(String)

    public var description: String {
        switch self {
        case .emptyDataLoader(let phase):
            return "the \(phase) data loader produced no batch: is its folder empty?"
        }
    }
}
