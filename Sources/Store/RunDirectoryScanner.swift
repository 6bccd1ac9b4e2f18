import Foundation

/// Finds run directories under an outputs root: a directory holding `.hydra/config.yaml`,
/// `status.json` or `metrics.jsonl`. It does not descend into a run directory, nor into
/// hidden folders.
enum RunDirectoryScanner {
    static func runDirectories(under root: URL, maxDepth: Int = 8) -> [URL] {
        var found: [URL] = []
        visit(root.standardizedFileURL, depth: 0, maxDepth: maxDepth, into: &found)
        return found.sorted { $0.path < $1.path }
    }

    static func isRunDirectory(_ names: Set<String>, _ directory: URL) -> Bool {
        if names.contains("status.json") || names.contains("metrics.jsonl") { return true }
        return names.contains(".hydra")
            && FileManager.default.fileExists(atPath: directory.appendingPathComponent(".hydra/config.yaml").path)
    }

    private static func visit(_ directory: URL, depth: Int, maxDepth: Int, into found: inout [URL]) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
        let nameSet = Set(names)
        if isRunDirectory(nameSet, directory) {
            found.append(directory)
            return
        }
        guard depth < maxDepth else { return }
        for name in names where !name.hasPrefix(".") {
            let child = directory.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: child.path, isDirectory: &isDirectory), isDirectory.boolValue {
                visit(child, depth: depth + 1, maxDepth: maxDepth, into: &found)
            }
        }
    }
}

extension MetricsStore {
    /// The run directories under an outputs root, sorted by path.
    public static func runDirectories(under root: URL) -> [URL] {
        RunDirectoryScanner.runDirectories(under: root)
    }
}
