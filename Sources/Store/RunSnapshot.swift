import Foundation

/// What one ingestion pass reads from a run directory, read without touching the database,
/// so the next batch of run directories is read on another core while this one is written.
struct RunSnapshot: Sendable {
    let directory: URL
    /// The run directory as stored.
    let key: String
    /// The cursor the reads started from; nil for a run not ingested yet.
    let basis: IngestCursor?
    let stats: RunFileStats
    /// The config, when new or changed since `basis`.
    var config: ConfigSnapshot?
    /// The status, when new or changed since `basis`.
    var status: RunStatus?
    /// metrics.jsonl from the cursor's offset on (from 0 after a rewrite), when it changed.
    var metrics: MetricsRead?
    /// The logger files (Lightning CSV, TensorBoard events) that are new or changed since
    /// `basis`, each from its cursor's offset (from 0 after a rewrite).
    var loggerFiles: [LoggerRead] = []
    /// Why a file could not be read; the pass fails with it.
    var failure: StoreError?

    /// What was read of metrics.jsonl.
    struct MetricsRead: Sendable {
        /// The bytes from `offset` to the end.
        var bytes: [UInt8]
        var offset: Int64
        /// The file was replaced or rewritten: its rows go and it is read from the start.
        var restarted: Bool
        /// The file's first bytes and the bytes just before `offset` (for fingerprints).
        var head: [UInt8]
        var before: [UInt8]
        var stat: FileStat

        /// The fingerprint of the file's first `offset + consumed` bytes.
        func fingerprint(consumed: Int) -> Int64 {
            let end = offset + Int64(consumed)
            return MetricsFingerprint.of(head: head[...], tail: (before + bytes.prefix(consumed))[...], offset: end)
        }
    }

    /// What was read of one logger file.
    struct LoggerRead: Sendable {
        /// Relative to the run directory.
        var path: String
        var format: LoggerFormat
        var read: MetricsRead
        /// A CSV file's header line, when `read` starts after it.
        var header: String?
    }

    /// A run's config and what is derived from it.
    struct ConfigSnapshot: Sendable {
        var flat: FlatConfig
        var overrides: [String]
        var expName: String?
        /// `logger.tags` plus exp_name.
        var tags: [String]
        var jobNum: Int?
    }

    init(directory: URL, key: String, basis: IngestCursor?) {
        self.directory = directory
        self.key = key
        self.basis = basis
        stats = RunFileStats.of(directory)
        do {
            if basis == nil || stats.config?.mtime != basis?.configMtime {
                config = try readConfig()
            }
            if let status = stats.status, status.mtime != basis?.statusMtime || status.size != basis?.statusSize {
                self.status = try RunStatus.read(directory.appendingPathComponent("status.json"))
            }
            if let stat = stats.metrics, basis.map({ !$0.isMetricsUnchanged(stat) }) ?? true {
                metrics = try Self.readTail(directory.appendingPathComponent("metrics.jsonl"), stat: stat,
                                            offset: basis?.metricsOffset ?? 0, inode: basis?.metricsInode,
                                            fingerprint: basis?.metricsFingerprint)
            }
            for (path, stat) in stats.loggerFiles.sorted(by: { $0.key < $1.key }) {
                let cursor = basis?.loggerFiles[path]
                // An unchanged file is read again only for a tail left unread when the status
                // changed (a torn last record is reported once the run is over).
                if let cursor, cursor.isUnchanged(stat), status == nil || cursor.offset >= stat.size { continue }
                guard let format = LoggerFormat(fileName: (path as NSString).lastPathComponent) else { continue }
                let url = directory.appendingPathComponent(path)
                let read = try Self.readTail(url, stat: stat, offset: cursor?.offset ?? 0, inode: cursor?.stat?.inode,
                                             fingerprint: cursor?.fingerprint)
                var header: String?
                if format == .lightningCSV, read.offset > 0 {
                    header = LightningCSV.headerLine(read.head)
                    if header == nil { header = LightningCSV.headerLine(try Self.readAll(url)) }
                }
                loggerFiles.append(LoggerRead(path: path, format: format, read: read, header: header))
            }
        } catch let error as StoreError {
            failure = error
        } catch {
            failure = .unreadableRunFile(path: directory.path, reason: "\(error)")
        }
    }

    private func readConfig() throws -> ConfigSnapshot {
        let hydra = directory.appendingPathComponent(".hydra")
        let configURL = hydra.appendingPathComponent("config.yaml")
        var flat = FlatConfig()
        if let text = try? String(contentsOf: configURL, encoding: .utf8) {
            flat = try FlatConfig(yaml: text, file: configURL.path)
        }
        let expName = flat.expName ?? fallbackExpName()
        var tags = flat.tags
        if let expName, !tags.contains(expName) { tags.append(expName) }
        return ConfigSnapshot(flat: flat, overrides: readOverrides(hydra.appendingPathComponent("overrides.yaml")),
                              expName: expName, tags: tags, jobNum: jobNumFromLayout())
    }

    private func readOverrides(_ url: URL) -> [String] {
        guard let text = try? String(contentsOf: url, encoding: .utf8),
              let node = try? ConfigText.compose(text), case let .sequence(list) = node else { return [] }
        return list.compactMap(\.string)
    }

    /// A sweep's run dir is `<exp_name>/<N>_<override_dirname>`; without `exp_name` in the
    /// config, the parent folder's name is the experiment.
    private func fallbackExpName() -> String? {
        let parent = directory.standardizedFileURL.deletingLastPathComponent().lastPathComponent
        return parent.isEmpty || parent == "/" ? nil : parent
    }

    /// The job number: the `N_` prefix of the run dir's name, else `hydra.job.num`.
    private func jobNumFromLayout() -> Int? {
        let name = directory.standardizedFileURL.lastPathComponent
        if let prefix = name.split(separator: "_", maxSplits: 1).first, let number = Int(prefix) { return number }
        let url = directory.appendingPathComponent(".hydra/hydra.yaml")
        guard let text = try? String(contentsOf: url, encoding: .utf8),
              let node = try? ConfigText.compose(text),
              let number = node["hydra"]?["job"]?["num"] else { return nil }
        return Int(ConfigText.scalarText(number))
    }

    /// Reads a metrics file past a cursor's `offset`, or whole when it was replaced (another
    /// inode), shrank, or holds other bytes before the offset than those ingested.
    static func readTail(_ url: URL, stat: FileStat, offset cursorOffset: Int64, inode: Int64?, fingerprint: Int64?) throws -> MetricsRead {
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            let window = MetricsFingerprint.window
            let head = [UInt8](try handle.read(upToCount: window) ?? Data())
            var offset = cursorOffset
            var restarted = false
            if offset > 0 {
                if stat.size < offset || (inode.map { $0 != stat.inode } ?? false) {
                    restarted = true
                } else if let fingerprint {
                    let start = max(0, offset - Int64(window))
                    try handle.seek(toOffset: UInt64(start))
                    let tail = [UInt8](try handle.read(upToCount: Int(offset - start)) ?? Data())
                    restarted = MetricsFingerprint.of(head: head[...], tail: tail[...], offset: offset) != fingerprint
                }
            }
            if restarted { offset = 0 }
            let start = max(0, offset - Int64(window))
            try handle.seek(toOffset: UInt64(start))
            let data = [UInt8](try handle.readToEnd() ?? Data())
            let split = min(data.count, Int(offset - start))
            return MetricsRead(bytes: Array(data[split...]), offset: offset, restarted: restarted,
                               head: head, before: Array(data[..<split]), stat: stat)
        } catch {
            throw StoreError.unreadableRunFile(path: url.path, reason: "cannot be read")
        }
    }

    private static func readAll(_ url: URL) throws -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: url))
        } catch {
            throw StoreError.unreadableRunFile(path: url.path, reason: "cannot be read")
        }
    }
}

/// The stats of the files ingestion reads.
struct RunFileStats: Sendable {
    var config: FileStat?
    var status: FileStat?
    var metrics: FileStat?
    /// Logger files anywhere under the run directory, by path relative to it.
    var loggerFiles: [String: FileStat] = [:]

    static func of(_ directory: URL) -> RunFileStats {
        RunFileStats(
            config: FileStat.of(directory.appendingPathComponent(".hydra/config.yaml").path),
            status: FileStat.of(directory.appendingPathComponent("status.json").path),
            metrics: FileStat.of(directory.appendingPathComponent("metrics.jsonl").path),
            loggerFiles: LoggerFileScanner.files(in: directory))
    }
}
