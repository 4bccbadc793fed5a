import Foundation

/// What can be wrong with the data folders.
public enum DataSetupError: Error, CustomStringConvertible {
    /// The folder does not exist (or is a file).
    case missingFolder(URL)
    /// The folder holds no image in any class sub-folder.
    case emptyFolder(URL)
    /// The training and testing folders hold different classes.
    case classMismatch(train: URL, trainClasses: [String], test: URL, testClasses: [String])
    /// The batch size is not positive.
    case badBatchSize(Int)
    /// The worker count is not positive.
    case badWorkers(Int)
    /// A fixed training order names an image that does not exist.
    case badOrder(index: Int, count: Int)

    public var description: String {
        switch self {
        case .missingFolder(let url):
            return "data folder not found: \(url.path) (run get_data first, or pass --train-dir/--test-dir)"
        case .emptyFolder(let url):
            return "no images in \(url.path): expected one sub-folder of images per class"
        case .classMismatch(let train, let trainClasses, let test, let testClasses):
            return "the classes differ: \(train.path) has \(trainClasses), \(test.path) has \(testClasses)"
        case .badBatchSize(let size):
            return "batch size must be positive, got \(size)"
        case .badWorkers(let workers):
            return "workers must be positive, got \(workers)"
        case .badOrder(let index, let count):
            return "the training order names image \(index), but the training folder holds \(count) images"
        }
    }
}
