import Config
import Foundation

/// What `train ... --dry-run` prints: the jobs a run would launch, creating nothing.
public enum DryRun {
    /// One line per job: number, directory (relative to `workingDirectory` when inside it), overrides.
    public static func text(_ plan: SweepPlan, workingDirectory: URL) -> String {
        var out = "\(plan.jobs.count) job\(plan.jobs.count == 1 ? "" : "s") in \(display(plan.directory, workingDirectory))\n"
        let width = String(max(plan.jobs.count - 1, 0)).count
        for job in plan.jobs {
            let number = String(job.num).leftPadded(to: width)
            out += "#\(number)  \(display(job.runDirectory, workingDirectory))\n"
            out += String(repeating: " ", count: width + 3) + (job.overrides.isEmpty ? "(no overrides)" : job.overrides.joined(separator: " ")) + "\n"
        }
        return out
    }

    /// `{"jobs":[{"num":0,"dir":"...","overrides":["a=1","b=x"]}, ...]}`.
    public static func json(_ plan: SweepPlan, workingDirectory: URL) -> String {
        let jobs = plan.jobs.map { job -> ConfigValue in
            .dict(["num": .int(job.num), "dir": .string(display(job.runDirectory, workingDirectory)),
                   "overrides": .list(job.overrides.map { .string($0) })])
        }
        return ConfigValue.dict(["jobs": .list(jobs)]).jsonString(indent: 0)
    }

    static func display(_ url: URL, _ workingDirectory: URL) -> String {
        let base = OutputsRoot.canonical(workingDirectory).path
        let path = url.path
        if path.hasPrefix(base + "/") { return String(path.dropFirst(base.count + 1)) }
        return path
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
