extension ExportPlan {
    /// Adds a file to the plan and to the run's view of the disk, so that later notebooks of the run see it.
    mutating func record(_ file: PlannedFile, in files: inout VirtualFileSystem) {
        let absolute = OutputRoot.normalize(outputRoot + "/" + file.path)
        files.write(.init(append: false, startingBytes: file.bytes, continuingBytes: file.bytes), to: absolute)
        self.files.removeAll { $0.path == file.path }
        self.files.append(file)
    }
}
