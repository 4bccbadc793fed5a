#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Opens folders beneath an output root through descriptors only, so that no folder swapped for a symbolic link
/// during a run can send a write elsewhere.
///
/// Each folder is reached from the root's descriptor one component at a time with `O_NOFOLLOW`. A symbolic link met
/// on the way is read (`readlinkat`) and, when its target stays inside the root, the walk starts again from the root
/// along the target (so a link inside the root that points inside the root keeps working); a link whose target leaves
/// the root is refused. With `followingLinks` (`--allow-outside`), links are followed as the kernel follows them.
struct ContainedFolders {
    /// The root's descriptor.
    let root: FolderDescriptor
    /// The root's absolute paths: as given, and with links resolved (absolute link targets are compared with both).
    let rootPaths: [String]
    /// Whether links are followed freely (`--allow-outside`).
    let followingLinks: Bool

    /// Opens `root` (a folder the user named: links on the way to it are followed).
    init(root: OutputRoot, followingLinks: Bool) throws(Diagnostic) {
        do { self.root = try FolderDescriptor.open(path: root.path) } catch {
            throw Diagnostic("cannot open the output folder \(root.path): \(error)")
        }
        self.rootPaths = root.path == root.resolvedPath ? [root.path] : [root.path, root.resolvedPath]
        self.followingLinks = followingLinks
    }

    /// The folder at `components` (relative to the root), created with its parents when `creating`; `nil` when it does
    /// not exist and `creating` is false.
    func folder(_ components: [String], creating: Bool) throws(Diagnostic) -> FolderDescriptor? {
        var pending = components[...]
        var current = root
        var walked: [String] = []
        var expansions = 0
        while let name = pending.first {
            let opened: FolderDescriptor
            do { opened = try current.openFolder(name, followingLinks: followingLinks) } catch {
                let shown = display(walked + [name])
                switch error.systemCode {
                case ENOENT?:
                    guard creating else { return nil }
                    do { try current.makeFolder(name) } catch {
                        throw Diagnostic("cannot create the folder \(shown): \(error)")
                    }
                    expansions += 1
                    guard expansions <= 64 else {
                        throw Diagnostic("the folder \(shown) keeps disappearing while it is created")
                    }
                    continue
                case ELOOP?, ENOTDIR?:
                    let kind = try? current.kind(of: name)
                    switch kind {
                    case .symbolicLink? where !followingLinks: break
                    case .symbolicLink?:
                        throw Diagnostic("the symbolic link \(shown) cannot be followed: \(error)")
                    case .folder?, nil:
                        // A folder now, or gone: it changed between the open and the look (something swaps it while
                        // nb2swift runs). Open it again, a bounded number of times.
                        expansions += 1
                        guard expansions <= 64 else {
                            throw Diagnostic(
                                "\(shown) keeps changing between a folder and something else while it "
                                    + "is opened (another program is replacing it?), so nothing is written under it")
                        }
                        continue
                    case let other?:
                        throw Diagnostic(
                            "\(shown) is \(other.phrase), not a folder, so nothing can be written under it"
                        )
                    }
                    expansions += 1
                    guard expansions <= 40 else {
                        throw Diagnostic("too many levels of symbolic links at \(shown)")
                    }
                    let target: String
                    do { target = try current.linkTarget(name) } catch {
                        // EINVAL: not a link any more (swapped back since the look): open it again.
                        if error.systemCode == EINVAL { continue }
                        throw Diagnostic("cannot read the symbolic link \(shown): \(error)")
                    }
                    guard let inside = insidePath(ofLinkTarget: target, in: walked, then: pending.dropFirst()) else {
                        throw Diagnostic(
                            "the symbolic link \(shown) leads outside the output root \(rootPaths[0]) "
                                + "(use --allow-outside to write there anyway)")
                    }
                    pending = inside[...]
                    current = root
                    walked = []
                    continue
                default:
                    throw Diagnostic("cannot open the folder \(shown): \(error)")
                }
            }
            current = opened
            walked.append(name)
            pending = pending.dropFirst()
        }
        return current
    }

    /// The components (relative to the root) that a link in the folder `walked` with `target`, followed by `rest`,
    /// names; `nil` when they leave the root.
    private func insidePath(ofLinkTarget target: String, in walked: [String], then rest: ArraySlice<String>)
        -> [String]?
    {
        var start: [String]
        var relative = Substring(target)
        if target.hasPrefix("/") {
            let normalized = OutputRoot.normalize(target)
            guard
                let base = rootPaths.first(where: {
                    normalized == $0 || normalized.hasPrefix($0 == "/" ? "/" : $0 + "/")
                })
            else { return nil }
            start = []
            relative = normalized.dropFirst(base == "/" ? 1 : base.count + 1)
        } else {
            start = walked
        }
        for component in relative.split(separator: "/").map(String.init) + rest {
            switch component {
            case ".": continue
            case "..":
                guard !start.isEmpty else { return nil }
                start.removeLast()
            default: start.append(component)
            }
        }
        return start
    }

    private func display(_ components: [String]) -> String {
        (rootPaths[0] == "/" ? "" : rootPaths[0]) + "/" + components.joined(separator: "/")
    }
}
