import NotebookKit

#if canImport(Glibc)
    import Glibc

    /// The pipe the watch's SIGINT and SIGTERM handlers write to (a C signal handler captures nothing).
    nonisolated(unsafe) private var watchSignalPipe: Int32 = -1

    /// `nb2swift watch`: syncs the pairs of a notebook or script each time it is saved (inotify), until SIGINT or
    /// SIGTERM. Every folder that holds a pair's notebook or script is watched for files closed after writing or
    /// moved into place (how editors save), so a save by rename is seen; hidden files (editors' and nb2swift's own
    /// temporaries) are ignored. Changes that arrive together are synced together; what the sync writes triggers a
    /// second look that finds the pair in sync and does nothing.
    public struct ProjectWatcher: Sendable {
        /// The project watched.
        public var project: Project
        /// How long to wait for more changes after the first one of a batch, in milliseconds.
        public var settleMilliseconds: Int32 = 50

        /// Creates a watcher of `project`.
        public init(project: Project) { self.project = project }

        /// The folders watched: each notebook's folder, and the output folder of each script pair's notebook.
        public func folders() -> [String] {
            var folders: [String] = []
            func add(_ folder: String) { if !folders.contains(folder) { folders.append(folder) } }
            for pairing in project.config.pairings {
                for entry in pairing.notebooks where ProjectPaths.isFolder(entry) { add(entry) }
                for notebook in pairing.expandedNotebooks(excluding: project.config.excludedPaths) {
                    add(ProjectPaths.parent(of: notebook.path))
                    if case .script = pairing.kind { add(notebook.outputFolder(pairing.output)) }
                }
            }
            return folders.filter(ProjectPaths.isFolder)
        }

        /// Watches until SIGINT or SIGTERM: calls `ready` once the folders are watched, then `synced` with the
        /// changed paths and the sync's report after each batch of saves. Returns normally on a signal; throws when
        /// inotify cannot be set up.
        public func run(ready: () -> Void, synced: ([String], ConversionReport) -> Void) throws(Diagnostic) {
            // The signals are written to a pipe beside inotify's descriptor, so that the loop ends between two syncs.
            var pipeEnds: [Int32] = [0, 0]
            guard pipe(&pipeEnds) == 0 else { throw Diagnostic("cannot watch: pipe failed (errno \(errno))") }
            watchSignalPipe = pipeEnds[1]
            let previousInterrupt = signal(SIGINT) { _ in
                var byte: UInt8 = 1
                _ = write(watchSignalPipe, &byte, 1)
            }
            let previousTerminate = signal(SIGTERM) { _ in
                var byte: UInt8 = 1
                _ = write(watchSignalPipe, &byte, 1)
            }
            // A parent may have started us with them blocked (a test runner's thread): they must arrive.
            var signals = sigset_t()
            sigemptyset(&signals)
            sigaddset(&signals, SIGINT)
            sigaddset(&signals, SIGTERM)
            pthread_sigmask(SIG_UNBLOCK, &signals, nil)
            let signalDescriptor = pipeEnds[0]
            let inotify = inotify_init1(Int32(IN_CLOEXEC))
            defer {
                signal(SIGINT, previousInterrupt)
                signal(SIGTERM, previousTerminate)
                if inotify >= 0 { close(inotify) }
                close(pipeEnds[0])
                close(pipeEnds[1])
            }
            guard inotify >= 0 else { throw Diagnostic("cannot watch: inotify failed (errno \(errno))") }
            var watched: [Int32: String] = [:]
            for folder in folders() {
                let descriptor = inotify_add_watch(inotify, folder, UInt32(IN_CLOSE_WRITE | IN_MOVED_TO))
                guard descriptor >= 0 else { throw Diagnostic("cannot watch the folder", file: folder) }
                watched[descriptor] = folder
            }
            ready()
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                var changed: [String] = []
                var timeout: Int32 = -1
                while true {
                    var descriptors = [
                        pollfd(fd: inotify, events: Int16(POLLIN), revents: 0),
                        pollfd(fd: signalDescriptor, events: Int16(POLLIN), revents: 0),
                    ]
                    let ready = poll(&descriptors, 2, timeout)
                    if ready < 0 && errno == EINTR { continue }
                    if descriptors[1].revents != 0 { return }
                    guard ready > 0 else { break }  // settled
                    let count = read(inotify, &buffer, buffer.count)
                    guard count > 0 else { continue }
                    for path in Self.paths(in: buffer[..<count], watched: watched) where !changed.contains(path) {
                        changed.append(path)
                    }
                    timeout = changed.isEmpty ? -1 : settleMilliseconds
                }
                synced(changed, ProjectSync(project: project).run(changed))
            }
        }

        /// The notebooks and scripts named by the inotify events in `bytes`.
        static func paths(in bytes: ArraySlice<UInt8>, watched: [Int32: String]) -> [String] {
            var paths: [String] = []
            var offset = bytes.startIndex
            let headerSize = MemoryLayout<inotify_event>.size
            while offset + headerSize <= bytes.endIndex {
                let (descriptor, length) = bytes.withUnsafeBytes { raw -> (Int32, Int) in
                    let base = raw.baseAddress! + (offset - bytes.startIndex)
                    let event = base.loadUnaligned(as: inotify_event.self)
                    return (event.wd, Int(event.len))
                }
                let nameBytes = bytes[(offset + headerSize)..<min(offset + headerSize + length, bytes.endIndex)]
                let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
                offset += headerSize + length
                guard let folder = watched[descriptor], !name.hasPrefix("."),
                    name.hasSuffix(".ipynb") || name.hasSuffix(".swift")
                else { continue }
                paths.append(folder + "/" + name)
            }
            return paths
        }
    }
#endif
