import Foundation
import Testing

@testable import NotebookKit

/// `update` matches cells by id first: swiftai's markers name cells by position (`//cellN`), which goes stale when a
/// cell is added or moved in the notebook after the export; the export state records each cell's id.
@Suite("update: cells matched by id first")
struct UpdateByIDTests {
    /// An nbformat 4.5 notebook of code cells with the given ids and sources.
    static func notebook(_ cells: [(id: String, source: String)]) -> String {
        let items = cells.map { cell in
            "{\"cell_type\": \"code\", \"execution_count\": null, \"id\": \"\(cell.id)\", \"metadata\": {}, "
                + "\"outputs\": [], \"source\": \(String(decoding: try! JSONEncoder().encode(cell.source), as: UTF8.self))}"
        }
        return "{\"cells\": [" + items.joined(separator: ", ") + "], \"metadata\": {\"kernelspec\": {\"display_name\": "
            + "\"Swift\", \"language\": \"swift\", \"name\": \"swift\"}}, \"nbformat\": 4, \"nbformat_minor\": 5}\n"
    }

    @Test("a cell inserted above the exported ones after the export: the edit still goes into its own cell")
    func insertedCell() throws {
        let folder = try CoreTestSupport.temporaryFolder("update-id")
        let path = folder + "/01_core.ipynb"
        let exported = [(id: "a", source: "//export\nlet a = 1"), (id: "b", source: "//export\nlet b = 2")]
        try CoreTestSupport.write(Self.notebook(exported), to: path)
        let plan = try MarkersTestSupport.export(.swiftai, notebook: path, root: folder + "/out")
        let file = try #require(plan.files.first { $0.path.hasSuffix(".swift") }).path
        let state = String(
            decoding: try #require(
                CoreTestSupport.read(
                    folder + "/out/"
                        + ExportState.path(
                            style: .swiftai, notebook: "../01_core.ipynb"))), as: UTF8.self)
        // Each cell record ends with the cell's id.
        #expect(state.contains("\t0\t") && state.contains("\ta\n") && state.contains("\tb\n"), "\(state)")
        // A cell is added at the top of the notebook, and the second exported block is edited in the file.
        try CoreTestSupport.write(Self.notebook([(id: "new", source: "let z = 0")] + exported), to: path)
        let exportedPath = folder + "/out/" + file
        let text = String(decoding: try #require(CoreTestSupport.read(exportedPath)), as: UTF8.self)
        #expect(text.contains("//cell1\nlet b = 2"))
        try CoreTestSupport.write(text.replacingOccurrences(of: "let b = 2", with: "let b = 3"), to: exportedPath)
        let update = try MarkersTestSupport.update(.swiftai, notebook: path, root: folder + "/out")
        #expect(update.changedCells.map(\.index) == [2])
        #expect(update.changedCells.map(\.id) == ["b"])
        let notebook = try NotebookReader().read(contentsOf: path)
        #expect(notebook.cells.map(\.source) == ["let z = 0", "//export\nlet a = 1", "//export\nlet b = 3"])
    }

    @Test("a state written before ids were recorded is still read; its cells are matched by position")
    func stateWithoutIDs() throws {
        let text = "nb2swift export state 2\tswiftai\tn.ipynb\n# comment\ncell\tA.swift\t0\t0123456789abcdef\n"
        let full = text + "end\t1\t\(StableHash.hex(text))\n"
        let state = try ExportStateCodec.state(from: Array(full.utf8))
        #expect(state.entries == [.init(path: "A.swift", key: "0", hash: "0123456789abcdef", cellID: nil)])
        var withID = state
        withID.entries[0].cellID = "x\ty"
        #expect(try ExportStateCodec.state(from: Array(ExportStateCodec.text(of: withID).utf8)) == withID)
    }
}
