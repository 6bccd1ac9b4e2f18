import Foundation
import TestSupport
import Report
import Store
import Testing

/// The built `collect_results` and `generate_ablation_table`, run as real processes.
@Suite("collect_results and generate_ablation_table as processes")
struct CommandTests {
    struct BadInput: Sendable, CustomTestStringConvertible {
        let id: String
        let command: String
        /// `ROOT` stands for the outputs root, `DB` for its database.
        let arguments: [String]
        let stderr: String
        var testDescription: String { id }
    }

    static let badInputs: [BadInput] = [
        BadInput(id: "missing database named by --db", command: "collect_results",
                 arguments: ["--root", "ROOT", "--db", "ROOT/missing.sqlite"],
                 stderr: "error: no results database at 'ROOT/missing.sqlite': check the --db / ABLATE_DB path, or leave both unset to use outputs/ablate.sqlite"),
        BadInput(id: "no database and no runs", command: "collect_results", arguments: ["--root", "ROOT/empty"],
                 stderr: "error: no results database at 'ROOT/empty/ablate.sqlite' and no run directories under 'ROOT/empty': run a sweep first (scripts/train ... -m) or point --root / --db at existing results"),
        BadInput(id: "corrupt database", command: "generate_ablation_table",
                 arguments: ["--root", "ROOT", "--db", "ROOT/corrupt.sqlite", "--metric", "val/hmean"],
                 stderr: "error: 'ROOT/corrupt.sqlite' is not an Ablate results database (file is not a database): move it aside and run collect_results to rebuild it from the run directories"),
        BadInput(id: "unknown metric in the table", command: "generate_ablation_table",
                 arguments: ["--root", "ROOT", "--metric", "val/hmeen"],
                 stderr: "error: unknown metric 'val/hmeen'; known metrics: train/loss, val/hmean, val/precision"),
        BadInput(id: "unknown metric in collect", command: "collect_results",
                 arguments: ["--root", "ROOT", "--metrics", "val/hmean,val/f1"],
                 stderr: "error: unknown metric 'val/f1'; known metrics: train/loss, val/hmean, val/precision"),
        BadInput(id: "selection matches nothing", command: "collect_results",
                 arguments: ["--root", "ROOT", "--project", "OCR_Ablation", "--tag", "lr", "--tag", "arch"],
                 stderr: "error: no runs match --project OCR_Ablation --tag lr --tag arch --status completed (the store holds 4 runs); loosen the filters, or try --status all"),
        BadInput(id: "unknown status", command: "collect_results", arguments: ["--root", "ROOT", "--status", "completed,finished"],
                 stderr: "error: --status 'finished' is not valid: expected completed, failed, interrupted, pruned, lost, running, queued, all, any"),
        BadInput(id: "where without =", command: "collect_results", arguments: ["--root", "ROOT", "--where", "seed"],
                 stderr: "error: --where 'seed' is not key=value: write it as --where model.lr=0.001"),
        BadInput(id: "missing input CSV", command: "generate_ablation_table",
                 arguments: ["--input", "ROOT/results.csv", "--metric", "val/hmean"],
                 stderr: "error: cannot read 'ROOT/results.csv': no such file; write it with collect_results --output ROOT/results.csv"),
        BadInput(id: "unknown output format", command: "collect_results", arguments: ["--root", "ROOT", "--output", "ROOT/r.txt"],
                 stderr: "error: cannot tell the format of 'ROOT/r.txt' from its extension: use .csv or .json, or - for stdout"),
        BadInput(id: "unknown option", command: "generate_ablation_table", arguments: ["--metric", "m", "--bogus"],
                 stderr: "error: Unknown option '--bogus' (see generate_ablation_table --help)"),
        BadInput(id: "input and store filters together", command: "generate_ablation_table",
                 arguments: ["--input", "r.csv", "--tag", "x", "--metric", "m"],
                 stderr: "error: --input reads a CSV; --project, --tag, --exp, --where and --db read the database: use one or the other (see generate_ablation_table --help)"),
    ]

    @Test(arguments: badInputs)
    func badInputIsOneLineAndExitTwo(_ bad: BadInput) throws {
        let fixture = try RunDirectoryFixture()
        let root = fixture.root.path
        try SweepFixture.write(into: fixture, exp: "lr", key: "optimizer.lr", values: ["0.1", "0.2"], seeds: [1, 2],
                               tags: ["lr"], best: { _, _ in 0.5 })
        try FileManager.default.createDirectory(at: fixture.root.appendingPathComponent("empty"), withIntermediateDirectories: true)
        try Data("SQLite format 2? no: just text, not a database\n".utf8)
            .write(to: fixture.root.appendingPathComponent("corrupt.sqlite"))
        let arguments = bad.arguments.map { $0.replacingOccurrences(of: "ROOT", with: root) }
        let result = try Executables.run(bad.command, arguments)
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr == bad.stderr.replacingOccurrences(of: "ROOT", with: root) + "\n")
    }

    /// The launcher dies mid-sweep: some runs ingested, one half ingested, the rest never, one
    /// left "running". A collect_results killed with SIGKILL mid-ingestion makes it worse.
    /// The next collect_results must still recover every metric of every run exactly once.
    @Test func collectRecoversEverythingAfterTheLauncherIsKilled() throws {
        let fixture = try RunDirectoryFixture()
        let runs = try SweepFixture.write(
            into: fixture, exp: "arch", key: "model.architecture_name", values: ["dbnet", "dbnetpp", "craft"],
            seeds: Array(1...40), tags: ["arch"],
            best: { value, seedIndex in 0.5 + 0.1 * Double(value) + 0.001 * Double(seedIndex) })
        let store = try MetricsStore(path: fixture.databasePath)
        for run in runs.prefix(10) { try store.ingest(runDirectory: run) }
        // Run 10 was ingested mid-training; it then logged one more eval line before the kill.
        try fixture.writeStatus(runs[10], state: "running", job: 10)
        try store.ingest(runDirectory: runs[10])
        try fixture.append(runs[10], RunDirectoryFixture.line(step: 400, epoch: 3, [("val/hmean", 0.1)]))

        let killed = Process()
        killed.executableURL = Executables.directory.appendingPathComponent("collect_results")
        killed.arguments = ["--root", fixture.root.path, "--output", fixture.root.appendingPathComponent("x.csv").path]
        killed.standardError = FileHandle.nullDevice
        try killed.run()
        usleep(30_000)
        kill(killed.processIdentifier, SIGKILL)
        killed.waitUntilExit()

        let output = fixture.root.appendingPathComponent("results.json").path
        let result = try Executables.run("collect_results", ["--root", fixture.root.path, "--status", "all", "--output", output])
        #expect(result.status == 0)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [[String: Any]])
        #expect(rows.count == runs.count)
        for (index, row) in rows.enumerated() {
            let job = try #require(row["job_num"] as? Int)
            #expect(job == index)
            let value = index / 40
            #expect(row["val/hmean:best"] as? Double == 0.5 + 0.1 * Double(value) + 0.001 * Double(index % 40))
            #expect(row["status"] as? String == (index == 10 ? "running" : "completed"))
            if index == 10 {
                #expect(row["val/hmean:last"] as? Double == 0.1)
                #expect(row["train/loss:last"] as? Double == 0.5 + 0.1)
            }
        }
        // The default selection (completed runs) says what it left out.
        let completed = try Executables.run("collect_results", ["--root", fixture.root.path, "--metrics", "val/hmean"])
        #expect(completed.status == 0)
        #expect(completed.stdout.split(separator: "\n").count == runs.count)
        #expect(completed.stderr == "note: 1 matching run not completed left out (1 running); --status all includes them\n")

        // Every line exactly once: 3 lines × 3 metrics per run, plus run 10's extra line.
        let reopened = try MetricsStore(path: fixture.databasePath)
        var total = 0
        for record in try reopened.runs(matching: RunFilter(statuses: nil)) {
            total += try reopened.metricHistory(ofRun: record.id).count
        }
        #expect(total == runs.count * 9 + 1)
    }

    @Test func collectThenTableThroughFiles() throws {
        let fixture = try RunDirectoryFixture()
        try SweepFixture.write(into: fixture, exp: "bs", key: "data.batch_size", values: ["8", "16"], seeds: [1, 2],
                               tags: ["batch"], best: { value, seed in [[0.80, 0.82], [0.70, 0.74]][value][seed] })
        let csv = fixture.root.appendingPathComponent("results.csv").path
        let markdown = fixture.root.appendingPathComponent("comparison.md").path
        let collect = try Executables.run("collect_results", [
            "--root", fixture.root.path, "--project", "OCR_Ablation", "--tag", "batch", "--output", csv])
        #expect(collect.status == 0)
        #expect(collect.stderr.hasSuffix("wrote \(csv): 4 runs, 20 columns\n"))
        let table = try Executables.run("generate_ablation_table", [
            "--input", csv, "--metric", "val/hmean", "--columns", "val/precision", "--baseline", "data.batch_size=16",
            "--output-md", markdown])
        #expect(table.status == 0)
        #expect(table.stderr == "wrote \(markdown): 2 rows from 4 runs\n")
        #expect(try String(contentsOfFile: markdown, encoding: .utf8) == """
            Ablation of data.batch_size on val/hmean (best per run; mean ± std over seeds): 4 runs in 2 groups, higher is better, best in bold, compared with data.batch_size=16.

            | data.batch_size | val/hmean | val/precision | n | Δ val/hmean | improvement |
            | :--- | ---: | ---: | ---: | ---: | ---: |
            | 8 | **0.8100 ± 0.0141** | 0.8600 ± 0.0141 | 2 | +0.0900 | +12.50% |
            | 16 | 0.7200 ± 0.0283 | 0.7700 ± 0.0283 | 2 | baseline | — |

            """)
        // Straight from the store, printed to stdout: the same table.
        let direct = try Executables.run("generate_ablation_table", [
            "--root", fixture.root.path, "--tag", "batch", "--metric", "val/hmean", "--columns", "val/precision",
            "--baseline", "data.batch_size=16"])
        #expect(direct.status == 0)
        #expect(direct.stdout == (try String(contentsOfFile: markdown, encoding: .utf8)))
    }

    @Test func databaseChosenByEnvironment() throws {
        let fixture = try RunDirectoryFixture()
        try SweepFixture.write(into: fixture, exp: "lr", key: "optimizer.lr", values: ["0.1"], seeds: [1],
                               tags: [], best: { _, _ in 0.5 })
        let database = fixture.root.appendingPathComponent("elsewhere.sqlite").path
        let created = try MetricsStore(path: database, outputsRoot: fixture.root)
        _ = created
        let result = try Executables.run("collect_results", ["--root", fixture.root.path, "--metrics", "val/hmean"],
                                         environment: ["ABLATE_DB": database])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("run_id,exp_name,job_num,run_dir,status,duration,val/hmean:best,"))
        #expect(!FileManager.default.fileExists(atPath: fixture.databasePath))
    }

    @Test("generate_ablation_table averages completed runs only by default and says under the table what it left out")
    func tableLeavesOutUnfinishedRuns() throws {
        let fixture = try RunDirectoryFixture()
        let runs = try SweepFixture.write(into: fixture, exp: "bs", key: "data.batch_size", values: ["8", "16"], seeds: [1, 2, 3],
                                          tags: ["batch"], best: { value, seed in [[0.80, 0.82, 0.10], [0.70, 0.74, 0.20]][value][seed] })
        // The third seed of each group failed (batch 8) or was interrupted (batch 16) after logging a poor value.
        try fixture.writeStatus(runs[2], state: "failed", job: 2, start: 1763712000, end: 1763712030, exitCode: 1)
        try fixture.writeStatus(runs[5], state: "interrupted", job: 5, start: 1763712000, end: 1763712030, exitCode: nil)
        let csv = fixture.root.appendingPathComponent("all.csv").path
        #expect(try Executables.run("collect_results", ["--root", fixture.root.path, "--status", "all", "--output", csv]).status == 0)
        let note = "Note: 2 matching runs not completed left out (1 failed, 1 interrupted); --status all includes them.\n"
        for source in [["--input", csv], ["--root", fixture.root.path, "--tag", "batch"]] {
            let table = try Executables.run("generate_ablation_table", source + ["--metric", "val/hmean"])
            #expect(table.status == 0, "\(table.stderr)")
            #expect(table.stdout.contains("| 8 | **0.8100 ± 0.0141** | 2 |"), "\(source): \(table.stdout)")
            #expect(table.stdout.contains("| 16 | 0.7200 ± 0.0283 | 2 |"), "\(source): \(table.stdout)")
            #expect(table.stdout.hasSuffix("|\n\n" + note), "\(source): \(table.stdout)")
            #expect(table.stderr.contains("note: 2 matching runs not completed left out"))
            // Asked for, every run counts, and nothing is said.
            let all = try Executables.run("generate_ablation_table", source + ["--metric", "val/hmean", "--status", "all"])
            #expect(all.status == 0)
            #expect(all.stdout.contains("| 3 |") && !all.stdout.contains("Note:"), "\(source): \(all.stdout)")
        }
    }

    @Test("generate_ablation_table --fit: each group's train vs val gap at the last evaluation, its reading and advice")
    func tableFitColumn() throws {
        let fixture = try RunDirectoryFixture()
        // Two weight decays x two seeds; the small one overfits (train far above val), the large one does not.
        var job = 0
        for (decay, gaps) in [("0.0001", [0.02, 0.03]), ("0.00003", [0.11, 0.13])] {
            for (seed, gap) in gaps.enumerated() {
                let run = try fixture.makeRun(exp: "wd", job: job, overrides: ["optimizer.weight_decay=\(decay)", "seed=\(seed)"],
                                              config: "exp_name: wd\nseed: \(seed)\noptimizer:\n  weight_decay: \(decay)\n")
                try fixture.append(run, RunDirectoryFixture.line(step: 10, epoch: 1, [("val/top1", 0.90), ("train/top1", 0.90 + gap / 2), ("fit/gap", gap / 2)]))
                try fixture.append(run, RunDirectoryFixture.line(step: 20, epoch: 2, [("val/top1", 0.92), ("train/top1", 0.92 + gap), ("fit/gap", gap)]))
                try fixture.append(run, RunDirectoryFixture.line(step: 30, epoch: 3, [("val/top1", 0.91), ("train/top1", 0.91 + gap), ("fit/gap", gap)]))
                try fixture.writeStatus(run, state: "completed", job: job, end: 1763712060, exitCode: 0)
                job += 1
            }
        }
        let table = try Executables.run("generate_ablation_table", ["--root", fixture.root.path, "--exp", "wd", "--metric", "val/top1", "--fit"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("| train vs val |"), "\(table.stdout)")
        #expect(table.stdout.contains("| fine +2.5 pts; best @ep 2, last -0.0100 |"), "\(table.stdout)")
        #expect(table.stdout.contains("| overfitting +12.0 pts; best @ep 2, last -0.0100: raise weight decay, add augmentation or label smoothing |"),
                "\(table.stdout)")
        // Runs that never logged a gap (detection) cannot have the column.
        let detection = try RunDirectoryFixture()
        try SweepFixture.write(into: detection, exp: "bs", key: "data.batch_size", values: ["8"], seeds: [1], tags: [], best: { _, _ in 0.5 })
        let refused = try Executables.run("generate_ablation_table", ["--root", detection.root.path, "--metric", "val/hmean", "--fit"])
        #expect(refused.status == 2)
        #expect(refused.stderr.hasPrefix("error: --fit reads fit/gap"), "\(refused.stderr)")
    }
}
