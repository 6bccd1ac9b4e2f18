import Foundation

/// Headless Chromium (Debian's `chromium`), run as a child process: it turns an SVG into a PNG
/// for `generate_report --plot ... --output x.png`, and the tests and benchmark open reports in it.
public struct HeadlessChromium: Sendable {
    public var executable: URL

    /// `ABLATE_CHROMIUM`, else the first of chromium, chromium-browser, google-chrome on PATH.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        if let named = environment["ABLATE_CHROMIUM"], !named.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: named) else { throw ReportError.noBrowser(searched: named) }
            executable = URL(fileURLWithPath: named)
            return
        }
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for folder in path where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
                executable = URL(fileURLWithPath: folder + "/" + name)
                return
            }
        }
        throw ReportError.noBrowser(searched: "chromium, chromium-browser, google-chrome on PATH")
    }

    /// What one run printed.
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs the browser headless on `url` with `arguments` (e.g. `--dump-dom`), in a fresh profile
    /// that is removed afterwards, or in `profile` when given (kept: a later run sees what this one
    /// stored, as a browser reopening a page does); gives up after `timeout` seconds.
    public func run(_ arguments: [String], url: URL, profile: URL? = nil, timeout: Double = 60) throws -> Output {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ablate-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("stdout"), err = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                             "--disable-extensions", "--hide-scrollbars", "--mute-audio", "--disable-dev-shm-usage",
                             "--user-data-dir=" + (profile ?? scratch.appendingPathComponent("profile")).path]
            + arguments + [url.absoluteString]
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw ReportError.browserFailed(reason: "it did not finish within \(Int(timeout)) s")
        }
        return Output(status: process.terminationStatus,
                      stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    /// Renders `svg` (a file) at its own size into a PNG at `png`.
    public func screenshot(of page: URL, to png: URL, width: Int, height: Int, scale: Double = 1) throws {
        let output = try run(["--screenshot=" + png.path, "--window-size=\(width),\(height)",
                              "--force-device-scale-factor=\(scale)", "--default-background-color=ffffffff"], url: page)
        guard output.status == 0, FileManager.default.fileExists(atPath: png.path) else {
            let last = output.stderr.split(separator: "\n").last.map(String.init) ?? "exit status \(output.status)"
            throw ReportError.browserFailed(reason: last)
        }
    }
}
