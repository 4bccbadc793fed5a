import Foundation
import Testing

@testable import NotebookKit

/// `export --style fastai` against what fast.ai's own exporter wrote for the course notebooks.
@Suite(
    "fastai-style export", .enabled(if: MarkersTestSupport.courseFolder != nil, "\(MarkersTestSupport.absentMessage)"))
struct MarkersFastaiTests {
    @Test("reproduces the 17 committed course exports byte for byte")
    func reproducesCourseExports() throws {
        let course = try #require(MarkersTestSupport.courseFolder)
        let exported = try FileManager.default.contentsOfDirectory(atPath: course + "/exported").sorted()
        #expect(exported.count == 17)
        let root = try CoreTestSupport.temporaryFolder("markers-fastai")
        defer { try? FileManager.default.removeItem(atPath: root) }
        var compared = 0
        for package in exported {
            let stem = String(package.dropFirst("FastaiNotebook_".count))
            let plan = try MarkersTestSupport.plan(.fastai, notebook: "\(course)/notebooks/\(stem).ipynb", root: root)
            let expectedFiles = CoreTestSupport.files(under: "\(course)/exported/\(package)")
            // The committed exports, plus the export state nb2swift keeps of what it wrote.
            let exportedPaths = plan.files.map(\.path).filter { !ExportState.isStatePath($0) }
            #expect(exportedPaths.sorted() == expectedFiles.map { "\(package)/\($0)" }, "\(package)")
            #expect(
                plan.files.map(\.path).filter(ExportState.isStatePath) == [
                    ExportState.path(
                        style: .fastai,
                        notebook: OutputRoot.relativePath(from: root, to: "\(course)/notebooks/\(stem).ipynb"))
                ])
            for relative in expectedFiles {
                let expected = try #require(CoreTestSupport.read("\(course)/exported/\(package)/\(relative)"))
                let planned = plan.file(at: "\(package)/\(relative)")
                let same = planned?.bytes == expected
                let offset = MarkersTestSupport.firstDifference(planned?.bytes ?? [], expected)
                #expect(same, "\(package)/\(relative) differs from byte \(offset)")
                compared += 1
            }
        }
        #expect(compared == 34)
    }

    @Test("exports only the cells whose first line is an export marker, any spacing")
    func markerRule() {
        for line in ["// export", "//export", "  //   export  ", "//export\t"] {
            #expect(FastaiExportMarker.isMarker(line), "\(line)")
        }
        for line in ["// exporti", "// export foo", "/ export", "# export", "// Export", "//| export"] {
            #expect(!FastaiExportMarker.isMarker(line), "\(line)")
        }
        let cell = Cell(kind: .code, index: 3, source: "// export\nlet a = 1\nlet b = 2")
        #expect(FastaiExportMarker.exportedBody(of: cell) == "let a = 1\nlet b = 2")
        let markdown = Cell(kind: .markdown, index: 4, source: "// export\ntext")
        #expect(FastaiExportMarker.exportedBody(of: markdown) == nil)
    }

    @Test("a notebook without export cells plans nothing")
    func noExportCells() throws {
        let course = try #require(MarkersTestSupport.courseFolder)
        let plan = try MarkersTestSupport.plan(
            .fastai, notebook: "\(course)/notebooks/02c_autodiff.ipynb", root: "/tmp")
        #expect(plan.files.isEmpty)
    }
}
