import Foundation
import Store
import TestSupport
import Testing
@testable import Launch

/// An unmodified `@hydra.main` application (Tests/Fixtures/hydra_app: its own conf/ tree and
/// runners/train.py logging through Lightning's CSVLogger and TensorBoardLogger) swept 2x2 by
/// the built `train` binary; collect_results and generate_ablation_table report what it logged.
@Suite("an unmodified @hydra.main application under Ablate (built binaries, real Lightning loggers)", .serialized)
struct HydraAppTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/hydra_app")
    static let appFiles = ["conf/config.yaml", "conf/model/small.yaml", "conf/model/large.yaml", "runners/train.py"]

    @Test("arguments that tie a Hydra application to the job's run directory, quoted for Hydra's grammar")
    func runDirectoryArguments() {
        let task = WorkerTask.hydraApp(command: ["python3", "app.py"])
        let run = URL(fileURLWithPath: "/out/x/0_lr=0.1,model=small")
        #expect(task.invocation(overrides: ["lr=0.1", "model=small"], runDirectory: run)?.extraArguments
            == ["lr=0.1", "model=small", "hydra.run.dir='/out/x/0_lr=0.1,model=small'", "hydra.output_subdir=.hydra_app"])
        #expect(WorkerTask.hydraAppArguments(runDirectory: URL(fileURLWithPath: "/out/it's"))
            == ["hydra.run.dir=\"/out/it's\"", "hydra.output_subdir=.hydra_app"])
    }

    @Test(.enabled(if: ReferencePython.available, Comment(rawValue: ReferencePython.skipNote)))
    func sweptTwoByTwoAndReported() async throws {
        let python = try #require(ReferencePython.path, "ABLATE_REF_PYTHON")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ablate-hydra-app-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.fixture, to: root)
        defer { try? FileManager.default.removeItem(at: root) }

        let train = try TrainProcess.start(["-cp", "conf", "-cn", "config", "model=small,large", "optim.lr=0.05,0.1", "-m",
                                            "task=hydra_app", "task.command=[\(python),runners/train.py]",
                                            "hydra.sweep.dir=sweep"], in: root)
        let exit = try await train.wait(limit: 300)
        #expect(exit == .exited(0), "stderr: \(train.stderr)")

        // No file of the application was changed.
        for file in Self.appFiles {
            #expect(readText(root.appendingPathComponent(file)) == readText(Self.fixture.appendingPathComponent(file)), "\(file)")
        }

        let jobs = try sweepJobs(root.appendingPathComponent("sweep"))
        #expect(jobs.map(\.lastPathComponent) == ["0", "1", "2", "3"])
        var logged: [Int: [String: [(step: Int, value: Double)]]] = [:]
        for (num, job) in jobs.enumerated() {
            let overrides = "- model=\(num < 2 ? "small" : "large")\n- optim.lr=\(num % 2 == 0 ? "0.05" : "0.1")\n"
            // Ablate's .hydra/ holds the job's overrides; the application's own went to .hydra_app/.
            #expect(readText(job.appendingPathComponent(".hydra/overrides.yaml")) == overrides)
            #expect(readText(job.appendingPathComponent(".hydra_app/overrides.yaml")) == overrides)
            #expect(readText(job.appendingPathComponent(".hydra/config.yaml")).contains("hidden: \(num < 2 ? 4 : 16)"))
            // Its outputs are inside the job's run directory.
            let stdout = readText(job.appendingPathComponent("logs/stdout.log"))
            let line = try #require(stdout.split(separator: "\n").last, "job \(num): \(stdout)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect((object["output_dir"] as? String) == job.resolvingSymlinksInPath().path)
            #expect(FileManager.default.fileExists(atPath: job.appendingPathComponent("csv/version_0/metrics.csv").path))
            let events = try FileManager.default.contentsOfDirectory(atPath: job.appendingPathComponent("tb/version_0").path)
            #expect(events.filter { $0.hasPrefix("events.out.tfevents.") }.count == 1)
            for entry in try #require(object["logged"] as? [[String: Any]]) {
                let step = try #require(entry["step"] as? Int)
                for (name, value) in try #require(entry["metrics"] as? [String: Any]) {
                    logged[num, default: [:]][name, default: []].append((step, try #require(value as? Double)))
                }
            }
        }

        let collect = try Self.run("collect_results", ["--root", "sweep", "--output", "results.csv"], in: root)
        #expect(collect.status == 0, "\(collect.stderr)")
        let json = try Self.run("collect_results", ["--root", "sweep", "--output", "-", "--format", "json"], in: root)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 4)
        for row in rows {
            let num = try #require(row["job_num"] as? Int)
            let metrics = try #require(logged[num])
            #expect(Set(metrics.keys) == ["train_loss", "val/mse", "val/score", "epoch"])
            // TensorBoard keeps 32-bit floats: the CSV's double or the event file's float.
            func close(_ a: Any?, _ b: Double) -> Bool {
                guard let a = a as? Double else { return false }
                return abs(a - b) <= 1e-6 * max(1, abs(b))
            }
            let score = metrics["val/score"]!.map(\.value)
            #expect(close(row["val/score:best"], score.max()!), "job \(num): \(row)")
            #expect(close(row["val/score:last"], score.last!), "job \(num): \(row)")
            #expect((row["val/score:best_step"] as? Int) == metrics["val/score"]![score.firstIndex(of: score.max()!)!].step)
            #expect(close(row["train_loss:last"], metrics["train_loss"]!.last!.value), "job \(num): \(row)")
            #expect(close(row["train_loss:best"], metrics["train_loss"]!.map(\.value).min()!), "job \(num): \(row)")
        }

        let table = try Self.run("generate_ablation_table", ["--input", "results.csv", "--metric", "val/score",
                                                             "--output-md", "comparison.md"], in: root)
        #expect(table.status == 0, "\(table.stderr)")
        let markdown = readText(root.appendingPathComponent("comparison.md"))
        for row in rows {
            let best = try #require(row["val/score:best"] as? Double)
            #expect(markdown.contains(String(format: "%.4f", best)), "\(markdown)")
        }
        #expect(markdown.contains("model.hidden") && markdown.contains("optim.lr"), "\(markdown)")
    }

    @Test("values logged through Lightning's CSVLogger and TensorBoardLogger are in the store while the job still runs (the launcher's own ingestion)",
          .enabled(if: ReferencePython.available, Comment(rawValue: ReferencePython.skipNote)))
    func ingestedWhileRunning() async throws {
        let python = try #require(ReferencePython.path, "ABLATE_REF_PYTHON")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ablate-live-loggers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        // Logs one step with each logger, then waits for go<step> before the next.
        try """
            import os, time
            from lightning_fabric.loggers import CSVLogger, TensorBoardLogger
            csv, tb = CSVLogger("csv"), TensorBoardLogger("tb")
            for step in range(3):
                csv.log_metrics({"val_score": 0.5 + step / 10}, step=step)
                csv.save()
                tb.log_metrics({"tb_score": step / 4}, step=step)
                tb.experiment.flush()
                while not os.path.exists(os.path.join(os.environ["ABLATE_RUN_DIR"], "go%d" % step)):
                    time.sleep(0.05)
            csv.finalize("success")
            tb.finalize("success")
            """.write(to: root.appendingPathComponent("live.py"), atomically: true, encoding: .utf8)
        let database = root.appendingPathComponent("live.sqlite")
        let train = try TrainProcess.start(["task=external", "task.command=[\(python),\(root.path)/live.py]", "exp_name=live",
                                            "seed=1", "hydra.sweep.dir=sweep", "-m"],
                                           in: root, environment: ["ABLATE_DB": database.path])
        var jobs: [URL] = []
        for _ in 0..<600 where jobs.isEmpty {
            jobs = (try? sweepJobs(root.appendingPathComponent("sweep"))) ?? []
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        let job = try #require(jobs.first, "no job started: \(train.stderr)")

        /// The stored (step, value) pairs of `metric` of the one run, read from the store alone.
        func stored(_ metric: String) throws -> [Double] {
            guard FileManager.default.fileExists(atPath: database.path) else { return [] }
            let store = try MetricsStore(path: database.path)
            guard let run = try store.runs(matching: RunFilter(expName: "live", statuses: nil)).first else { return [] }
            return try store.metricHistory(ofRun: run.id, name: metric).map(\.value)
        }
        for step in 0..<3 {
            // The job waits for go<step>: the step's values must reach the store before it ends.
            var csv: [Double] = [], tb: [Double] = []
            for _ in 0..<600 {
                csv = try stored("val_score")
                tb = try stored("tb_score")
                if csv.count > step && tb.count >= step { break }
                try await Task.sleep(nanoseconds: 50_000_000)
            }
            // The CSV is rewritten whole at each save. The event writer (torch's SummaryWriter
            // behind the logger) may hold the newest scalar back even after flush(), writing it
            // with the next one, on close, or on its own timer: the file, and so the store, hold
            // every earlier step and perhaps this one.
            #expect(csv.count == step + 1 && (step...(step + 1)).contains(tb.count), "step \(step): csv \(csv), tb \(tb)")
            #expect(isAlive(train.pid), "the job is still running at step \(step)")
            try Data().write(to: job.appendingPathComponent("go\(step)"))
        }
        let exit = try await train.wait(limit: 120)
        #expect(exit == .exited(0), "stderr: \(train.stderr)")
        #expect(try stored("val_score") == [0.5, 0.6, 0.7])
        #expect(try stored("tb_score") == [0, 0.25, 0.5])
    }

    static func run(_ name: String, _ arguments: [String], in folder: URL) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = BuiltProducts.url(name)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["ABLATE_DB"] = nil
        process.environment = environment
        let out = folder.appendingPathComponent("\(name).stdout"), err = folder.appendingPathComponent("\(name).stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, readText(out), readText(err))
    }
}
