import Foundation
import Testing
@testable import Launch

/// A Hydra user's own project (Tests/Fixtures/user_project: conf/ with a `model` group, a
/// top-level `task` key of its own, and my_train.py) run through the built `train` binary.
@Suite("a Hydra user's own config tree and script (built binary)", .serialized)
struct UserProjectTests {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let command = "task.command=[python3,my_train.py]"

    /// A fresh copy of the project in a temporary directory.
    struct Project {
        let root: URL
        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("ablate-user-\(UUID().uuidString)")
            try FileManager.default.copyItem(at: UserProjectTests.repoRoot.appendingPathComponent("Tests/Fixtures/user_project"),
                                             to: root)
        }
        func remove() { try? FileManager.default.removeItem(at: root) }
        func run(_ arguments: [String]) async throws -> (exit: ProcessExit, stdout: String, stderr: String) {
            try await TrainProcess.run(["-cp", "conf"] + arguments, in: root)
        }
        /// Run directories (those holding .hydra/) under `folder`, relative to the project, sorted.
        func runDirectories(under folder: String) -> [String] {
            let base = root.appendingPathComponent(folder)
            let all = (FileManager.default.enumerator(atPath: base.path)?.allObjects as? [String]) ?? []
            return all.filter { $0.hasSuffix("/.hydra") || $0 == ".hydra" }
                .map { folder + "/" + String($0.dropLast("/.hydra".count)) }.sorted()
        }
        func text(_ path: String) -> String { readText(root.appendingPathComponent(path)) }
    }

    @Test("a sweep goes to multirun/<date>/<time>/<num>, a single run to outputs/<date>/<time>")
    func hydraDefaultDirectories() async throws {
        let project = try Project()
        defer { project.remove() }
        let sweep = try await project.run(["-cn", "config", "lr=0.1,0.01", Self.command, "hydra.job.chdir=true", "-m"])
        #expect(sweep.exit == .exited(0), "stderr: \(sweep.stderr)")
        let jobs = project.runDirectories(under: "multirun")
        #expect(jobs.count == 2)
        for (num, job) in jobs.enumerated() {
            #expect(job.range(of: #"^multirun/\d{4}-\d{2}-\d{2}/\d{2}-\d{2}-\d{2}/\#(num)$"#, options: .regularExpression) != nil, "\(job)")
        }
        // The job's config is the user's config: their own `task` key, nothing of Ablate's.
        let config = project.text(jobs[1] + "/.hydra/config.yaml")
        #expect(config == "model:\n  width: 16\n  depth: 2\nlr: 0.01\nbatch: 8\ntask: classify\n")
        #expect(project.text(jobs[1] + "/.hydra/overrides.yaml") == "- lr=0.01\n")
        #expect(project.text(jobs[1] + "/logs/stdout.log").contains(#""lr": 0.01"#))
        let hydra = project.text(jobs[1] + "/.hydra/hydra.yaml")
        #expect(hydra.contains("    command:\n    - python3\n    - my_train.py\n"))
        #expect(hydra.contains("override_dirname: lr=0.01\n"))

        let single = try await project.run(["-cn", "config", Self.command])
        #expect(single.exit == .exited(0), "stderr: \(single.stderr)")
        let runs = project.runDirectories(under: "outputs")
        #expect(runs.count == 1)
        #expect(runs.first?.range(of: #"^outputs/\d{4}-\d{2}-\d{2}/\d{2}-\d{2}-\d{2}$"#, options: .regularExpression) != nil,
                "\(runs)")
    }

    @Test("--dry-run needs no task and creates nothing; -cn config.yaml is -cn config")
    func dryRun() async throws {
        let project = try Project()
        defer { project.remove() }
        let listed = try await project.run(["-cn", "config.yaml", "lr=0.1,0.01", "model=small,large", "-m", "--dry-run"])
        #expect(listed.exit == .exited(0), "stderr: \(listed.stderr)")
        #expect(listed.stdout.hasPrefix("4 jobs in multirun/"))
        #expect(listed.stdout.contains("/3\n    lr=0.01 model=large\n"))
        #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("multirun").path))
        let noTask = try await project.run(["-cn", "config", "lr=0.1"])
        #expect(noTask.exit == .exited(2))
        #expect(noTask.stderr == "error: Invalid value for 'task.command': empty; give the program to run, "
            + "e.g. task.command=[python3,train.py], or choose task=train.\n")
    }

    @Test("hydra/launcher=joblib hydra.launcher.n_jobs=2 runs the sweep two at a time")
    func joblibSpelling() async throws {
        let project = try Project()
        defer { project.remove() }
        let result = try await project.run(["-cn", "config", "lr=0.1,0.01,0.001", Self.command,
                                            "hydra/launcher=joblib", "hydra.launcher.n_jobs=2", "-m"])
        #expect(result.exit == .exited(0), "stderr: \(result.stderr)")
        #expect(result.stdout.contains("launching 3 job(s) locally, 2 at a time"))
        let jobs = project.runDirectories(under: "multirun")
        #expect(jobs.count == 3)
        #expect(!project.text(jobs[0] + "/.hydra/config.yaml").contains("launcher"))
    }

    @Test("an absolute hydra.sweep.dir is honoured; a value substituted into it may not climb out")
    func absoluteSweepDirectory() async throws {
        let project = try Project()
        defer { project.remove() }
        let scratch = project.root.appendingPathComponent("scratch/sweeps").path
        let result = try await project.run(["-cn", "with_command", "lr=0.1,0.01", "hydra.sweep.dir=\(scratch)", "-m"])
        #expect(result.exit == .exited(0), "stderr: \(result.stderr)")
        #expect(project.runDirectories(under: "scratch/sweeps") == ["scratch/sweeps/0", "scratch/sweeps/1"])
        let refused = try await project.run(["-cn", "with_command", "+name=../../up", "hydra.sweep.dir=out/${name}",
                                             "lr=0.1,0.01", "-m"])
        #expect(refused.exit == .exited(2))
        #expect(refused.stderr == "error: Refusing to place a run: in hydra.sweep.dir, ${name} is '../../up', which climbs "
            + "out with '..'. Choose a value without '..' or a leading '/' (to write elsewhere, set hydra.sweep.dir itself to that path).\n")
    }

    @Test("a config may state the command once; task=... then sets the user's own task key")
    func commandStatedOnce() async throws {
        let project = try Project()
        defer { project.remove() }
        let result = try await project.run(["-cn", "with_command", "task=regress", "lr=0.1,0.01", "-m"])
        #expect(result.exit == .exited(0), "stderr: \(result.stderr)")
        let jobs = project.runDirectories(under: "multirun")
        #expect(jobs.count == 2)
        #expect(project.text(jobs[0] + "/.hydra/config.yaml").hasSuffix("task: regress\n"))
        #expect(project.text(jobs[0] + "/.hydra/overrides.yaml") == "- task=regress\n- lr=0.1\n")
    }

    @Test("task.command= on Ablate's own configs: orchestration keys out of config.yaml and dir names")
    func ablateConfigs() async throws {
        let project = try Project()
        defer { project.remove() }
        let configs = Self.repoRoot.appendingPathComponent("configs").path
        let result = try await TrainProcess.run(
            ["-cp", configs, "exp_name=x", "seed=1,2", "task.command=[python3,-c,'print(1)']", "launcher.n_jobs=1", "-m"],
            in: project.root)
        #expect(result.exit == .exited(0), "stderr: \(result.stderr)")
        let jobs = project.runDirectories(under: "outputs/x")
        try #require(jobs == ["outputs/x/0_exp_name=x,seed=1", "outputs/x/1_exp_name=x,seed=2"])
        let config = project.text(jobs[0] + "/.hydra/config.yaml")
        #expect(!config.contains("\ntask:") && !config.contains("\nlauncher:") && !config.contains("hydra"))
        #expect(project.text(jobs[0] + "/.hydra/overrides.yaml") == "- exp_name=x\n- seed=1\n")
    }
}
