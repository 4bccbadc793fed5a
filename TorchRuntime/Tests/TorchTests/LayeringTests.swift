import Foundation
import Testing

/// The runtime's layering, read from its sources: only the Tensor layer (`Sources/Torch/Tensor`, tensors, and
/// `Sources/Torch/Native`, the other libtorch objects and settings) imports the C shim; modules, optimizers,
/// serialization, distributed training and TorchVision are built on Swift types alone.
@Suite struct LayeringTests {
    /// `TorchRuntime/Sources`, found from this file.
    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources")

    /// The Swift files under `folder` (relative paths) whose lines include `import CTorch`.
    static func filesImportingTheShim(under folder: URL) throws -> [String] {
        let walker = try #require(FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil))
        var found: [String] = []
        for case let url as URL in walker where url.pathExtension == "swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            let imports = text.split(separator: "\n").contains {
                $0.trimmingCharacters(in: .whitespaces).hasPrefix("import CTorch")
            }
            if imports { found.append(String(url.path.dropFirst(folder.path.count + 1))) }
        }
        return found.sorted()
    }

    @Test func onlyTheTensorLayerImportsTheShim() throws {
        let importing = try Self.filesImportingTheShim(under: Self.sources)
        #expect(!importing.isEmpty, "no Swift file imports CTorch: the scan looked in the wrong folder")
        let outside = importing.filter { !$0.hasPrefix("Torch/Tensor/") && !$0.hasPrefix("Torch/Native/") }
        #expect(outside.isEmpty, "outside the Tensor layer: \(outside)")
        #expect(importing.contains("Torch/Tensor/Tensor.swift"))
        #expect(importing.contains("Torch/Native/ShimCall.swift"))
    }
}
