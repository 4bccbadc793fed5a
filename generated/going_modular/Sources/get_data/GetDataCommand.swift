import ArgumentParser
import Foundation
import TorchVision

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `get_data`: fetches the lesson's pizza, steak and sushi images, or builds an offline stand-in.
@main
struct GetDataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get_data",
        abstract: "Download the lesson's pizza_steak_sushi images into DATA_DIR, or build an offline stand-in.",
        discussion: """
            Tries the lesson's zip with a short connect timeout; when it cannot be reached (no network), builds a \
            stand-in with the same layout from Fashion-MNIST (Debian's dataset-fashion-mnist): \
            DATA_DIR/fashion_mnist_standin/{train,test}/{pullover,shirt,tshirt_top}/*.jpg (225 train and 75 test \
            images, like the lesson's). Prints the train and test folders to use.
            """
    )

    /// The lesson's dataset: 3 classes of food photos, 225 train and 75 test images.
    static let lessonURL = "https://github.com/mrdbourke/pytorch-deep-learning/raw/main/data/pizza_steak_sushi.zip"

    @Option(name: [.customLong("data-dir"), .customLong("data_dir")], help: "Where the data goes.")
    var dataDir = "data"

    @Option(help: "Seconds to wait for the server to answer before giving up.")
    var timeout = 5.0

    @Flag(help: "Skip the download and build the offline stand-in.")
    var offline = false

    func run() async throws {
        let data = URL(fileURLWithPath: dataDir)
        let lesson = data.appendingPathComponent("pizza_steak_sushi")
        if FileManager.default.fileExists(atPath: lesson.appendingPathComponent("train").path) {
            report(lesson, "[INFO] \(lesson.path) already exists, skipping download.")
            return
        }
        if !offline {
            do {
                print("[INFO] Downloading pizza, steak, sushi data from \(Self.lessonURL) ...")
                let configuration = URLSessionConfiguration.ephemeral
                configuration.timeoutIntervalForRequest = timeout
                let session = URLSession(configuration: configuration)
                try await Download.zip(from: URL(string: Self.lessonURL)!, to: lesson, session: session)
                report(lesson, "[INFO] Unzipped into \(lesson.path)")
                return
            } catch {
                print("[INFO] Download failed (\(error)); building the offline Fashion-MNIST stand-in instead.")
            }
        }
        let standIn = data.appendingPathComponent("fashion_mnist_standin")
        // Builds in a temporary folder renamed at the end; an existing complete stand-in is kept as it is.
        try FashionMNISTStandIn.build(into: standIn)
        report(standIn, "[INFO] Built the stand-in in \(standIn.path)")
    }

    private func report(_ folder: URL, _ message: String) {
        print(message)
        print(
            "[INFO] Train with: --train-dir \(folder.appendingPathComponent("train").path) "
                + "--test-dir \(folder.appendingPathComponent("test").path)")
    }
}
