import Foundation
import Store
import Sweep
import Testing
@testable import Launch

/// Random kill points over small real sweeps, each followed by `train ... --resume` and
/// `collect_results`; then the store is read and every invariant checked:
/// - every step's value that any attempt wrote whole into a metrics file is in the store exactly
///   once (the latest attempt's, as the final metrics file holds it), and nothing else is;
/// - no process of the sweep (launcher, guardian, worker, task, their children) survives;
/// - every run ends `completed`, in status.json and in the store.
///
/// The kill points come from a seeded generator: the seed is printed, and ABLATE_FAULT_SEED=<seed>
/// replays the same points. Each (task, fault) pair is drawn at least once.
@Suite("fault injection: random kill points over real sweeps, then --resume and collect_results", .serialized)
struct FaultInjectionTests {
    /// The kill points tried per run of the suite.
    static let pointCount = 14

    @Test("every kill point: each step once in the store, no process left, every run completed")
    func randomKillPoints() async throws {
        let seed = ProcessInfo.processInfo.environment["ABLATE_FAULT_SEED"].flatMap(UInt64.init)
            ?? UInt64.random(in: 0..<1_000_000)
        print("fault injection: seed \(seed) (ABLATE_FAULT_SEED=\(seed) replays these kill points)")
        let points = KillPoint.draw(count: Self.pointCount, seed: seed)
        var survived = 0
        for (index, point) in points.enumerated() {
            let (broken, checked) = try await Self.run(point, number: index)
            if broken.isEmpty {
                survived += 1
                print("kill point \(index + 1)/\(points.count) survived: \(point) (\(checked))")
            } else {
                print("kill point \(index + 1)/\(points.count) FAILED: \(point)")
                let message = "kill point \(index + 1) (\(point), seed \(seed)): " + broken.joined(separator: "; ")
                Issue.record("\(message)")
            }
        }
        print("survived \(survived)/\(points.count) kill points (seed \(seed))")
        #expect(survived == points.count)
    }

    /// Runs one sweep to `point`, injects its fault, resumes, collects; returns the invariants
    /// broken, and what was checked.
    static func run(_ point: KillPoint, number: Int) async throws -> (broken: [String], checked: String) {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        var broken: [String] = []
        let exp = "fault\(number)"
        let arguments = point.task.arguments + ["seed=0,1", "launcher.n_jobs=2", "launcher.kill_timeout=1",
                                                "exp_name=\(exp)", "-m"]
        let sweep = fixture.root.appendingPathComponent("outputs/\(exp)")
        let train = try TrainProcess.start(arguments, in: fixture.root)

        // Watched and hit from a thread of its own: the test's async tasks share a pool of as many
        // threads as cores with every other test, which may hold them long enough for the job
        // to run past its kill point.
        let injected = await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: Self.inject(point, sweep: sweep, train: train)) }.start()
        }
        guard case .success(let target) = injected else {
            kill(-train.pid, SIGKILL)
            _ = try? await train.wait()
            if case .failure(let failure) = injected { return (["\(failure.reason): \(train.stderr)"], "") }
            return (["no kill point"], "")
        }
        let exit = try await train.wait(limit: 180)
        switch point.fault {
        case .killLauncher:
            if exit != .signaled(Int(SIGKILL)) { broken.append("train ended \(exit) after SIGKILL") }
        case .interruptLauncher:
            if exit != .exited(130) { broken.append("train ended \(exit) after SIGINT, not exit 130: \(train.stderr)") }
        case .killTask, .killWorker, .tornWrite:
            // 1: the job failed; 0 only if it had ended before the kill reached it.
            if exit != .exited(1) && exit != .exited(0) { broken.append("train ended \(exit) after a job was killed: \(train.stderr)") }
        }
        // The fault hit a job still running: it did not complete in this launch.
        let hitState = try JobStatus.read(from: target)?.state
        if hitState == .completed { broken.append("the fault missed: job \(point.job) had completed") }
        // Within kill_timeout (1 s) of the launcher's end, with room for a loaded machine.
        if let survivors = await survivingProcesses(under: fixture.root, within: 10) {
            broken.append("processes of the sweep outlived it: \(survivors)")
        }

        // What every attempt so far wrote whole, before --resume may rewrite the files.
        let jobs = try sweepJobs(sweep)
        var writtenBefore: [[MetricKey: Double]] = []
        for job in jobs { writtenBefore.append(metricValues(job.appendingPathComponent("metrics.jsonl")).values) }

        let resumed = try await TrainProcess.run(arguments + ["--resume"], in: fixture.root)
        if resumed.exit != .exited(0) { broken.append("--resume ended \(resumed.exit): \(resumed.stderr)") }
        if let survivors = await survivingProcesses(under: fixture.root, within: 10) {
            broken.append("processes of the resumed sweep outlived it: \(survivors)")
        }
        let collect = try runProduct("collect_results", ["--exp", exp, "--status", "all"], in: fixture.root)
        if collect.exit != .exited(0) { broken.append("collect_results ended \(collect.exit): \(collect.stderr)") }

        let outputs = fixture.root.appendingPathComponent("outputs")
        let store = try MetricsStore(path: outputs.appendingPathComponent("ablate.sqlite").path, outputsRoot: outputs)
        let runs = try store.runs(matching: RunFilter(expName: exp))
        if runs.count != 2 { broken.append("\(runs.count) runs in the store, not 2") }
        var valuesChecked = 0
        for (index, job) in jobs.enumerated() {
            let name = job.lastPathComponent
            let state = try JobStatus.read(from: job)?.state
            if state != .completed { broken.append("\(name): status.json says \(state.map(\.rawValue) ?? "nothing")") }
            guard let run = runs.first(where: { $0.path == store.storedPath(of: job) }) else {
                broken.append("\(name): not in the store")
                continue
            }
            if run.status != "completed" { broken.append("\(name): the store says \(run.status ?? "nothing")") }
            var stored: [MetricKey: Double] = [:]
            for row in try store.metricHistory(ofRun: run.id) {
                let key = MetricKey(name: row.name, step: row.step ?? -1)
                if stored.updateValue(row.value, forKey: key) != nil { broken.append("\(name): \(key) is in the store twice") }
            }
            let final = metricValues(job.appendingPathComponent("metrics.jsonl"))
            valuesChecked += final.values.count
            broken += final.duplicates.map { "\(name): \($0) is in metrics.jsonl twice" }
            if !sameValues(stored, final.values) {
                let missing = final.values.filter { !same(stored[$0.key], $0.value) }.keys.sorted()
                let extra = stored.keys.filter { final.values[$0] == nil }.sorted()
                broken.append("\(name): the store differs from metrics.jsonl: missing or other value \(missing.prefix(5)), "
                    + "not in the file \(extra.prefix(5))")
            }
            // Written whole by an earlier attempt: in the store now (a resumed training core
            // logs the steps past its checkpoint again; the latest value is kept).
            let lostSteps = writtenBefore[index].keys.filter { stored[$0] == nil }.sorted()
            if !lostSteps.isEmpty { broken.append("\(name): written before --resume but not in the store: \(lostSteps.prefix(5))") }
            if point.task == .external {
                broken += checkExternalTask(job, stored: stored, name: name)
                if point.fault == .tornWrite, index == point.job {
                    // The fragment is a line of its own, skipped and reported; never merged with a good line.
                    let skipped = try store.skippedLines(ofRuns: [run.id])
                    if skipped.count != 1 || skipped.first?.reason.hasPrefix("not valid JSON") != true {
                        broken.append("\(name): the torn line is not reported once as skipped: \(skipped)")
                    } else if !collect.stderr.contains("warning: \(skipped[0])") {
                        broken.append("\(name): collect_results does not report \(skipped[0]): \(collect.stderr)")
                    }
                }
            }
        }
        let checked = "train \(exit), job \(point.job) left \(hitState.map(\.rawValue) ?? "no status"), --resume \(resumed.exit), "
            + "\(runs.count) runs, \(valuesChecked) stored values checked"
        return (broken, checked)
    }

    struct InjectionFailure: Error {
        var reason: String
    }

    /// Waits (polling every 5 ms) until the kill point, then injects the fault; returns the
    /// target job's run directory.
    static func inject(_ point: KillPoint, sweep: URL, train: TrainProcess) -> Result<URL, InjectionFailure> {
        var target: URL?
        let deadline = Date().addingTimeInterval(120)
        while target == nil {
            let jobs = (try? sweepJobs(sweep)) ?? []
            if jobs.count == 2, completeLines(jobs[point.job].appendingPathComponent("metrics.jsonl")) >= point.afterLines,
               point.task != .trainingCore || trainingCorePID(of: jobs[point.job]) != nil || point.fault.hitsLauncher {
                target = jobs[point.job]
            } else if !isAlive(train.pid) || Date() > deadline {
                return .failure(InjectionFailure(reason: "the kill point was not reached (train ended, or 120 s passed)"))
            } else {
                usleep(5000)
            }
        }
        guard let target, let jobPID = (try? JobStatus.read(from: target))?.pid.map(Int32.init), jobPID > 0 else {
            return .failure(InjectionFailure(reason: "the target job records no process"))
        }
        switch point.fault {
        case .killTask, .tornWrite:
            // The task itself: train-core under its worker, or the external program.
            let victim = point.task == .trainingCore ? trainingCorePID(of: target) ?? jobPID : jobPID
            kill(victim, SIGKILL)
            if point.fault == .tornWrite {
                while isAlive(victim) { usleep(2000) }
                // What a write cut short by the kill leaves: part of a record, no newline.
                guard let handle = try? FileHandle(forWritingTo: target.appendingPathComponent("metrics.jsonl")),
                      (try? handle.seekToEnd()) != nil,
                      (try? handle.write(contentsOf: Data(#"{"step": 99999, "epoch": 7, "metrics": {"loss": 0.12"#.utf8))) != nil,
                      (try? handle.close()) != nil else {
                    return .failure(InjectionFailure(reason: "cannot append a torn line to \(target.path)/metrics.jsonl"))
                }
            }
        case .killWorker:
            // The job's recorded process: train-worker for the training core; an external task
            // has no worker, so its whole process group goes.
            if point.task == .trainingCore { kill(jobPID, SIGKILL) } else { kill(-jobPID, SIGKILL) }
        case .killLauncher:
            kill(train.pid, SIGKILL)
        case .interruptLauncher:
            kill(train.pid, SIGINT)
        }
        return .success(target)
    }

    /// The external task's own account (writes.log): every step it wrote once, steps 1...8 all there.
    static func checkExternalTask(_ job: URL, stored: [MetricKey: Double], name: String) -> [String] {
        var broken: [String] = []
        for line in readText(job.appendingPathComponent("writes.log")).split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 2, let step = Int(fields[0]), let value = Double(fields[1]) else { continue }
            if !same(stored[MetricKey(name: "loss", step: step)], value) {
                broken.append("\(name): step \(step) written with \(value), stored \(stored[MetricKey(name: "loss", step: step)].map { "\($0)" } ?? "nothing")")
            }
        }
        let steps = stored.keys.filter { $0.name == "loss" }.map(\.step).sorted()
        if steps != Array(1...TaskUnderTest.externalSteps) { broken.append("\(name): stored steps \(steps)") }
        return broken
    }
}

/// What runs in the sweep's jobs.
enum TaskUnderTest: String, CaseIterable, Sendable {
    case trainingCore = "task=train"
    case external = "task=external"

    static let externalSteps = 8

    var arguments: [String] {
        switch self {
        case .trainingCore:
            // A DBNet small enough to train a few epochs in seconds on a loaded 2-core machine.
            return ["task=train", "trainer.max_epochs=8", "model.width_multiplier=0.25", "data.image_size=64",
                    "data.train_samples=24", "data.val_samples=4", "data.batch_size=4", "data.num_workers=0",
                    "launcher.threads_per_job=1"]
        case .external:
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Fixtures/fault_task/fault_task.py").path
            return ["task=external", "task.command=[/usr/bin/python3,\(script),\(Self.externalSteps),0.15]"]
        }
    }

    /// Whole metrics lines a complete run writes. The kill point leaves at least three to come, so
    /// that on a loaded machine the fault still finds the job running (a miss fails the point).
    var linesPerRun: Int { self == .trainingCore ? 8 : Self.externalSteps }
}

/// One injected fault.
enum Fault: String, CaseIterable, Sendable {
    case killTask = "SIGKILL of the job's task"
    case killWorker = "SIGKILL of the job's worker"
    case killLauncher = "SIGKILL of the launcher"
    case interruptLauncher = "SIGINT to the launcher"
    case tornWrite = "a torn write (task SIGKILLed, a partial line left)"

    var hitsLauncher: Bool { self == .killLauncher || self == .interruptLauncher }
}

/// Where and how a sweep is hit.
struct KillPoint: CustomStringConvertible, Sendable {
    var task: TaskUnderTest
    var fault: Fault
    /// The job (0 or 1) whose metrics file is watched, and hit by a job fault.
    var job: Int
    /// The fault comes once the job's metrics file holds this many whole lines.
    var afterLines: Int

    var description: String {
        let what = task == .external && fault == .killWorker ? "SIGKILL of the job's process group (no worker)" : fault.rawValue
        return "\(task.rawValue), \(what), job \(job), after \(afterLines) line(s)"
    }

    /// `count` points from `seed`: every (task, fault) pair once, the rest drawn at random, in a random order.
    static func draw(count: Int, seed: UInt64) -> [KillPoint] {
        // Sweep's seeded generator: a seed names the same kill points everywhere.
        var generator = SeededGenerator(seed: seed)
        var pairs = TaskUnderTest.allCases.flatMap { task in Fault.allCases.map { (task, $0) } }
        while pairs.count < count {
            pairs.append((TaskUnderTest.allCases.randomElement(using: &generator)!, Fault.allCases.randomElement(using: &generator)!))
        }
        pairs.shuffle(using: &generator)
        return pairs.prefix(count).map { task, fault in
            KillPoint(task: task, fault: fault, job: Int.random(in: 0...1, using: &generator),
                      afterLines: Int.random(in: 1...(task.linesPerRun - 3), using: &generator))
        }
    }
}

/// A metric at a step.
struct MetricKey: Hashable, Comparable, CustomStringConvertible, Sendable {
    var name: String
    var step: Int

    static func < (a: MetricKey, b: MetricKey) -> Bool { (a.step, a.name) < (b.step, b.name) }
    var description: String { "\(name)@\(step)" }
}

/// Newline-terminated lines in `url` (0 when missing).
func completeLines(_ url: URL) -> Int {
    (FileManager.default.contents(atPath: url.path) ?? Data()).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
}

/// The numeric metric values of a metrics file's whole, valid lines, by metric and step (a later
/// line wins), and the keys logged on more than one line.
func metricValues(_ url: URL) -> (values: [MetricKey: Double], duplicates: [MetricKey]) {
    var values: [MetricKey: Double] = [:]
    var duplicates: [MetricKey] = []
    var lines = readText(url).split(separator: "\n", omittingEmptySubsequences: false)
    lines.removeLast()  // after the last newline: empty, or a torn line
    for line in lines {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let metrics = object["metrics"] as? [String: Any] else { continue }
        let step = (object["step"] as? NSNumber)?.intValue ?? -1
        for (name, value) in metrics {
            guard let number = value as? NSNumber else { continue }
            let key = MetricKey(name: name, step: step)
            if values.updateValue(number.doubleValue, forKey: key) != nil { duplicates.append(key) }
        }
    }
    return (values, duplicates)
}

/// The training core's process (train-core, a child of the job's worker), if it runs.
func trainingCorePID(of job: URL) -> Int32? {
    guard let status = try? JobStatus.read(from: job), status.state == .running, let worker = status.pid.map(Int32.init) else { return nil }
    return processes(inGroups: [worker]).first { $0 != worker }
}

/// Processes whose working directory is under `root` (the launcher and its guardian, the workers,
/// the tasks and what they started), waiting up to `seconds` for them to end; nil when none is left.
/// Those still alive at the end are SIGKILLed, so one failure does not spill into the next point.
func survivingProcesses(under root: URL, within seconds: Double) async -> [String]? {
    let prefix = root.resolvingSymlinksInPath().path
    func find() -> [(pid: Int32, what: String)] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).compactMap { pid in
            guard pid != getpid(), isAlive(pid),
                  let cwd = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd"),
                  cwd == prefix || cwd.hasPrefix(prefix + "/") else { return nil }
            let command = readText(URL(fileURLWithPath: "/proc/\(pid)/cmdline")).replacingOccurrences(of: "\0", with: " ")
            return (pid, "\(pid) \(command.prefix(120))")
        }
    }
    let deadline = Date().addingTimeInterval(seconds)
    var left = find()
    while !left.isEmpty, Date() < deadline {
        try? await Task.sleep(nanoseconds: 50_000_000)
        left = find()
    }
    guard !left.isEmpty else { return nil }
    for entry in left { kill(entry.pid, SIGKILL) }
    return left.map(\.what)
}

/// Equal up to the last bits a decimal-to-binary parser may round differently (SQLite's own, Foundation's).
func same(_ a: Double?, _ b: Double) -> Bool {
    guard let a else { return false }
    return a == b || Swift.abs(a - b) <= 1e-12 * Swift.max(Swift.abs(a), Swift.abs(b))
}

func sameValues(_ a: [MetricKey: Double], _ b: [MetricKey: Double]) -> Bool {
    a.count == b.count && b.allSatisfy { same(a[$0.key], $0.value) }
}
