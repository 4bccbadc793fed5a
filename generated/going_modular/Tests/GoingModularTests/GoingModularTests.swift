import Foundation
import Testing

/// Every suite of the package runs inside this one, one test at a time: the tests share Torch's global random
/// generator and thread count, which parallel tests would disturb.
@Suite(.serialized) enum GoingModularTests {}

/// The repository's `reference/` folder: the Python reference, the parity images and the fixtures.
/// This file is `generated/going_modular/Tests/GoingModularTests/GoingModularTests.swift`, five levels below the root.
let referenceFolder: URL = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<5 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("reference", isDirectory: true)
}()

/// The committed parity image set: `train/` and `test/`, three classes.
let parityData = referenceFolder.appendingPathComponent("parity_data", isDirectory: true)

/// A fresh empty folder for one test's files.
func temporaryFolder(_ name: String = #function) throws -> URL {
    let safe = name.filter { $0.isLetter || $0.isNumber }
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("going_modular-tests-\(safe)-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
