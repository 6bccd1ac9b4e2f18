import Config
import Foundation
import Testing
@testable import Launch

/// The Slurm launcher's settings, its submission script and its parsers of Slurm's output
/// (no cluster needed).
@Suite("Slurm settings, submission script and state parsing")
struct SlurmSubmissionTests {
    private static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test("the built-in hydra/launcher=slurm decodes to the documented defaults")
    func shippedDefaults() throws {
        let composer = Composer(searchPath: try ConfigSearchPath(primary: Self.repoRoot.appendingPathComponent("configs").path))
        let composed = try composer.compose(configName: "train", overrides: try OverrideParser.parse(["hydra/launcher=slurm"]))
        let node = try #require(composed.config.value(at: "hydra.launcher"))
        #expect(try LauncherChoice(launcher: node) == .slurm(SlurmLauncherSettings()))
    }

    struct BadSetting: Sendable, CustomTestStringConvertible {
        let yaml: String
        let message: String
        var testDescription: String { yaml }
    }

    @Test("bad settings are refused with the dotted key and a fix", arguments: [
        BadSetting(yaml: "{name: slurm, partitoin: gpu}",
                   message: "Unknown setting 'launcher.partitoin'. Known keys: launcher.name, launcher.partition, launcher.timeout_min, "
                       + "launcher.cpus_per_task, launcher.mem_gb, launcher.mem_per_cpu, launcher.gpus_per_node, launcher.gres, "
                       + "launcher.nodes, launcher.tasks_per_node, launcher.array_parallelism, launcher.account, launcher.qos, "
                       + "launcher.constraint, launcher.exclude, launcher.additional_parameters, launcher.setup, "
                       + "launcher.signal_delay_s, launcher.wait."),
        BadSetting(yaml: "{name: slurm, mem_per_cpu: 2G}",
                   message: "Invalid value for 'launcher.mem_per_cpu': sbatch takes either --mem or --mem-per-cpu; "
                       + "add launcher.mem_gb=null to use mem_per_cpu."),
        BadSetting(yaml: "{name: slurm, partition: \"gpu\\nrm -rf /\"}",
                   message: "Invalid value for 'launcher.partition': must be one line without control characters."),
        BadSetting(yaml: "{name: slurm, additional_parameters: {\"--mail-type\": END}}",
                   message: "Invalid value for 'launcher.additional_parameters.--mail-type': not an sbatch option name "
                       + "(letters, digits and dashes, without the leading --)."),
        BadSetting(yaml: "{name: slurm, additional_parameters: {output: /tmp/x.out}}",
                   message: "Invalid value for 'launcher.additional_parameters.output': --output is set by the launcher "
                       + "(the array, its task map and each task's logs/); remove it."),
        BadSetting(yaml: "{name: slurm, array_parallelism: 0}",
                   message: "Invalid value for 'launcher.array_parallelism': expected a whole number >= 1."),
    ])
    func badSettings(_ bad: BadSetting) throws {
        let node = try ConfigValue(yaml: bad.yaml)
        #expect(throws: LaunchError.self) { try SlurmLauncherSettings(launcher: node) }
        do {
            _ = try SlurmLauncherSettings(launcher: node)
        } catch {
            #expect(error.localizedDescription == bad.message)
        }
    }

    @Test("options: array ranges with the throttle, memory, signal, extra parameters quoted for sbatch")
    func options() throws {
        let node = try ConfigValue(yaml: """
            {name: slurm, partition: gpu, timeout_min: 30, cpus_per_task: 4, mem_gb: 1.5, array_parallelism: 2,
             signal_delay_s: 90, additional_parameters: {mail_type: END, comment: 'a "big" sweep', exclusive: true, hold: false},
             setup: ['module load cuda']}
            """)
        let settings = try SlurmLauncherSettings(launcher: node)
        let sweep = URL(fileURLWithPath: "/shared/outputs/my sweep")
        let jobs = [1, 3, 4, 5, 9].map { LaunchJob(num: $0, runDirectory: sweep.appendingPathComponent("\($0)_x=\($0)")) }
        let submission = SlurmSubmission(sweepDirectory: sweep, jobs: jobs, settings: settings,
                                         workerExecutable: URL(fileURLWithPath: "/opt/it's/train-worker"), jobName: "my sweep!")
        #expect(submission.arraySpec == "1,3-5,9%2")
        #expect(submission.jobName == "ablate-my_sweep_")
        #expect(submission.options.map(\.directive) == [
            "#SBATCH --array=1,3-5,9%2", "#SBATCH --partition=gpu", "#SBATCH --time=30", "#SBATCH --nodes=1",
            "#SBATCH --ntasks-per-node=1", "#SBATCH --cpus-per-task=4", "#SBATCH --mem=1536M", "#SBATCH --requeue",
            "#SBATCH --open-mode=append", "#SBATCH --signal=B:USR1@90", "#SBATCH --mail-type=END",
            "#SBATCH --comment=\"a \\\"big\\\" sweep\"", "#SBATCH --exclusive",
        ])
        let script = submission.script
        #expect(script.contains("\nexport ABLATE_LAUNCHER=slurm OMP_NUM_THREADS=4 ABLATE_NUM_THREADS=4\n# launcher.setup\nmodule load cuda\n"))
        #expect(script.contains("\nworker='/opt/it'\\''s/train-worker'\n"))
        #expect(!script.contains("/shared/outputs"), "no path of the sweep in the script")
        #expect(submission.sbatchArguments == [
            "--parsable", "--chdir=/shared/outputs/my sweep", "--output=.slurm/%A_%a.out", "--job-name=ablate-my_sweep_",
            "/shared/outputs/my sweep/.slurm/array.sbatch",
        ])
        let entries = submission.taskMap.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        #expect(entries.count == 11)  // 10 entries (jobs 0-9), then what follows the last NUL
        #expect(entries[3] == "/shared/outputs/my sweep/3_x=3" && entries[0] == "" && entries[9] == "/shared/outputs/my sweep/9_x=9")
    }

    @Test("scontrol records: finished tasks one by one, pending ones as a range")
    func parseScontrol() {
        let text = """
            JobId=12 ArrayJobId=10 ArrayTaskId=2-5%2 ArrayTaskThrottle=2 JobName=ablate-x UserId=root(0) JobState=PENDING Reason=JobArrayTaskLimit Dependency=(null) Requeue=1 Restarts=0 BatchFlag=1 ExitCode=0:0
            JobId=11 ArrayJobId=10 ArrayTaskId=1 JobName=ablate-x JobState=FAILED Reason=NonZeroExitCode Restarts=0 ExitCode=3:0
            JobId=10 ArrayJobId=10 ArrayTaskId=0 JobName=ablate-x JobState=RUNNING Reason=None Restarts=1 ExitCode=0:0 Comment=JobState=COMPLETED
            """
        let states = SlurmTaskState.parseScontrol(text)
        #expect(states.keys.sorted() == [0, 1, 2, 3, 4, 5])
        #expect(states[0] == SlurmTaskState(state: "RUNNING", exitCode: 0, signal: 0, restarts: 1, jobID: "10"))
        #expect(states[1] == SlurmTaskState(state: "FAILED", exitCode: 3, signal: 0, jobID: "11"))
        #expect(states[4]?.state == "PENDING")
        #expect(states[1]?.isFinal == true && states[0]?.isFinal == false)
    }

    @Test("sacct lines, with states such as 'CANCELLED by 0' and bracketed pending ranges")
    func parseSacct() {
        let text = "7_0|COMPLETED|0:0\n7_1|CANCELLED by 0|0:15\n7_[2-3%1]|PENDING|0:0\n70_1|FAILED|1:0\n"
        let states = SlurmTaskState.parseSacct(text, arrayJobID: "7")
        #expect(states.keys.sorted() == [0, 1, 2, 3])
        #expect(states[1] == SlurmTaskState(state: "CANCELLED", exitCode: 0, signal: 15, jobID: "7_1"))
        #expect(states[3]?.state == "PENDING")
    }

    @Test("train -m --dry-run with launcher=slurm prints the jobs and the script, and creates nothing")
    func dryRunPrintsScript() async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let result = try await TrainProcess.run(
            ["task=external", "task.command=[/bin/true]", "launcher=slurm", "launcher.array_parallelism=3",
             "seed=0,1", "exp_name=dry", "-m", "--dry-run"], in: fixture.root)
        #expect(result.exit == .exited(0), "stderr: \(result.stderr)")
        let sweep = fixture.root.appendingPathComponent("outputs/dry").path
        #expect(result.stdout.hasPrefix("2 jobs in outputs/dry\n"))
        #expect(result.stdout.contains("\n\n# Slurm: one job array, submitted from the sweep directory's .slurm/ as\n"
            + "# sbatch --parsable --chdir=\(sweep) --output=.slurm/%A_%a.out --job-name=ablate-dry \(sweep)/.slurm/array.sbatch\n"
            + "#!/bin/bash\n"))
        #expect(result.stdout.contains("\n#SBATCH --array=0-1%3\n"))
        #expect(!FileManager.default.fileExists(atPath: fixture.root.appendingPathComponent("outputs").path))
    }
}
