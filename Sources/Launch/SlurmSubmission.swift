import Foundation

/// One sbatch option: `--name=value`, or `--name` alone.
public struct SbatchOption: Sendable, Equatable {
    public var name: String
    public var value: String?

    public init(_ name: String, _ value: String?) {
        self.name = name
        self.value = value
    }

    /// As one argv element.
    public var argument: String { value.map { "--\(name)=\($0)" } ?? "--\(name)" }

    /// As an `#SBATCH` line. sbatch splits these lines at blanks and honours double quotes and
    /// backslashes, so a value holding either, or a blank, is quoted.
    public var directive: String {
        guard let value else { return "#SBATCH --\(name)" }
        let plain = !value.isEmpty && !value.contains { $0 == " " || $0 == "\t" || $0 == "\"" || $0 == "\\" || $0 == "#" }
        if plain { return "#SBATCH --\(name)=\(value)" }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "#SBATCH --\(name)=\"\(escaped)\""
    }
}

/// The submission of a sweep's jobs as one Slurm job array: the batch script, the task map
/// and the sbatch command line. All three live in `<sweep dir>/.slurm/`.
///
/// Array task `i` runs the worker for job number `i`: the script reads the `i`-th entry of the
/// task map (run directories, NUL-separated, indexed by job number), so no value of the sweep
/// ever becomes part of a shell script; only settings validated as single lines go into its
/// `#SBATCH` lines, and paths travel in sbatch's argv.
public struct SlurmSubmission: Sendable, Equatable {
    public static let folderName = ".slurm"
    public static let scriptName = "array.sbatch"
    public static let taskMapName = "tasks"

    /// The sweep directory (a single run's own directory when not sweeping).
    public var sweepDirectory: URL
    public var jobs: [LaunchJob]
    public var settings: SlurmLauncherSettings
    public var workerExecutable: URL
    /// Slurm's job name: letters, digits, `.`, `_` and `-` only (see `jobName(for:)`).
    public var jobName: String

    public init(sweepDirectory: URL, jobs: [LaunchJob], settings: SlurmLauncherSettings, workerExecutable: URL,
                jobName: String) {
        self.sweepDirectory = sweepDirectory
        self.jobs = jobs
        self.settings = settings
        self.workerExecutable = workerExecutable
        self.jobName = Self.jobName(for: jobName)
    }

    public var folder: URL { sweepDirectory.appendingPathComponent(Self.folderName) }
    public var scriptURL: URL { folder.appendingPathComponent(Self.scriptName) }
    public var taskMapURL: URL { folder.appendingPathComponent(Self.taskMapName) }

    /// `ablate-<name>` with anything but letters, digits, `.`, `_`, `-` turned into `_`, so the
    /// name can never be mistaken for another field in scontrol's output.
    public static func jobName(for name: String) -> String {
        let safe = String(name.unicodeScalars.prefix(64).map { scalar -> Character in
            let ok = (scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar)))
            return ok ? Character(scalar) : "_"
        })
        return safe.hasPrefix("ablate") ? safe : "ablate-" + safe
    }

    /// `--array`'s value: the job numbers as ranges (`0-19`, `1,3-5`), then `%N` when throttled.
    public var arraySpec: String {
        let nums = Set(jobs.map(\.num)).sorted()
        var parts: [String] = []
        var index = 0
        while index < nums.count {
            var end = index
            while end + 1 < nums.count, nums[end + 1] == nums[end] + 1 { end += 1 }
            parts.append(end == index ? "\(nums[index])" : "\(nums[index])-\(nums[end])")
            index = end + 1
        }
        let throttle = settings.arrayParallelism.map { "%\($0)" } ?? ""
        return parts.joined(separator: ",") + throttle
    }

    /// Every option of the array, as written into the script.
    public var options: [SbatchOption] {
        var options = [SbatchOption("array", arraySpec)]
        if let partition = settings.partition { options.append(SbatchOption("partition", partition)) }
        if let minutes = settings.timeoutMin { options.append(SbatchOption("time", String(minutes))) }
        options.append(SbatchOption("nodes", String(settings.nodes)))
        options.append(SbatchOption("ntasks-per-node", String(settings.tasksPerNode)))
        options.append(SbatchOption("cpus-per-task", String(settings.cpusPerTask)))
        if let gb = settings.memGB {
            let megabytes = Int((gb * 1024).rounded(.up))
            options.append(SbatchOption("mem", megabytes % 1024 == 0 ? "\(megabytes / 1024)G" : "\(megabytes)M"))
        }
        if let perCPU = settings.memPerCPU { options.append(SbatchOption("mem-per-cpu", perCPU)) }
        if settings.gpusPerNode > 0 { options.append(SbatchOption("gpus-per-node", String(settings.gpusPerNode))) }
        if let gres = settings.gres { options.append(SbatchOption("gres", gres)) }
        if let account = settings.account { options.append(SbatchOption("account", account)) }
        if let qos = settings.qos { options.append(SbatchOption("qos", qos)) }
        if let constraint = settings.constraint { options.append(SbatchOption("constraint", constraint)) }
        if let exclude = settings.exclude { options.append(SbatchOption("exclude", exclude)) }
        options.append(SbatchOption("requeue", nil))
        options.append(SbatchOption("open-mode", "append"))
        if settings.signalDelayS > 0 { options.append(SbatchOption("signal", "B:USR1@\(settings.signalDelayS)")) }
        options.append(contentsOf: settings.additionalParameters)
        return options
    }

    /// The batch script (bash).
    public var script: String {
        let threads = settings.cpusPerTask
        var lines = [
            "#!/bin/bash",
            "# Written by Ablate's Slurm launcher: one array task per job of the sweep in this folder's parent.",
            "# Task i runs train-worker on the i-th run directory of \(Self.folderName)/\(Self.taskMapName) (NUL-separated;",
            "# sbatch --chdir makes the sweep directory the working directory), so no value of the sweep is part of",
            "# this script. Each task's output goes to <run dir>/logs/.",
        ]
        lines += options.map(\.directive)
        lines += [
            "",
            "set -u",
            "mapfile -d '' -t run_dirs < \(Self.folderName)/\(Self.taskMapName) || exit 2",
            "run_dir=\"${run_dirs[$SLURM_ARRAY_TASK_ID]:-}\"",
            "if [ -z \"$run_dir\" ]; then",
            "    echo \"ablate: no run directory for array task $SLURM_ARRAY_TASK_ID in $PWD/\(Self.folderName)/\(Self.taskMapName)\" >&2",
            "    exit 2",
            "fi",
            "mkdir -p \"$run_dir/logs\" || exit 2",
            "exec >>\"$run_dir/logs/stdout.log\" 2>>\"$run_dir/logs/stderr.log\"",
            "cd \"$SLURM_SUBMIT_DIR\" || exit 2",
            "export ABLATE_LAUNCHER=slurm OMP_NUM_THREADS=\(threads) ABLATE_NUM_THREADS=\(threads)",
        ]
        if !settings.setup.isEmpty {
            lines.append("# launcher.setup")
            lines += settings.setup
        }
        lines += [
            "",
            "# The worker runs in the background so that this shell can pass signals on: USR1 (signal_delay_s",
            "# before the time limit) stops it and requeues this task, which then resumes from its checkpoint;",
            "# TERM (scancel, preemption) is forwarded to it.",
            "worker=\(Self.shellQuoted(workerExecutable.path))",
            "pid= requeue=0 stop=0",
            "trap 'requeue=1 stop=1; [ -n \"$pid\" ] && kill -TERM \"$pid\" 2>/dev/null' USR1",
            "trap 'stop=1; [ -n \"$pid\" ] && kill -TERM \"$pid\" 2>/dev/null' TERM INT",
            "[ \"$stop\" = 1 ] && exit 143",
            "\"$worker\" \"$run_dir\" &",
            "pid=$!",
            "while kill -0 \"$pid\" 2>/dev/null; do wait \"$pid\"; done",
            "wait \"$pid\"",
            "code=$?",
            "if [ \"$requeue\" = 1 ]; then",
            "    echo \"ablate: time limit near: requeueing job $SLURM_ARRAY_JOB_ID task $SLURM_ARRAY_TASK_ID\" >&2",
            "    scontrol requeue \"$SLURM_JOB_ID\"",
            "fi",
            "exit \"$code\"",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The task map: entry `n` is job `n`'s run directory (empty for numbers not in this array).
    public var taskMap: Data {
        let byNum = Dictionary(jobs.map { ($0.num, $0.runDirectory.path) }) { first, _ in first }
        let count = (jobs.map(\.num).max() ?? -1) + 1
        var data = Data()
        for num in 0..<count {
            data.append(contentsOf: Array((byNum[num] ?? "").utf8))
            data.append(0)
        }
        return data
    }

    /// sbatch's argv after the program: paths go here, never into the script.
    public var sbatchArguments: [String] {
        [
            "--parsable",
            "--chdir=\(sweepDirectory.path)",
            // Relative to --chdir; only what a task prints before its run dir is known lands here.
            "--output=\(Self.folderName)/%A_%a.out",
            "--job-name=\(jobName)",
            scriptURL.path,
        ]
    }

    /// The command line, quoted for a shell (for messages and `--dry-run`).
    public var commandLine: String {
        (["sbatch"] + sbatchArguments).map(Self.shellQuoted).joined(separator: " ")
    }

    /// What `--dry-run` shows: the sbatch command and the script, creating nothing.
    public var dryRunText: String {
        "# Slurm: one job array, submitted from the sweep directory's \(Self.folderName)/ as\n# \(commandLine)\n"
            + script
    }

    /// Writes the script and the task map into `<sweep dir>/.slurm/`.
    public func write() throws {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(script.utf8).write(to: scriptURL, options: .atomic)
            try taskMap.write(to: taskMapURL, options: .atomic)
        } catch {
            throw LaunchError.cannotWrite(path: folder.path, reason: error.localizedDescription)
        }
    }

    /// `text` as one shell word: bare when it holds only safe characters, else single-quoted.
    public static func shellQuoted(_ text: String) -> String {
        let safe = !text.isEmpty && text.unicodeScalars.allSatisfy {
            $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "@%+=:,./_-".unicodeScalars.contains($0))
        }
        return safe ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
