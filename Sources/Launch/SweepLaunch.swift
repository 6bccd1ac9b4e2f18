import Config
import Foundation

/// Runs prepared jobs start to finish for the `train` command: resume selection, the launch,
/// the summary; returns the process exit code (0, 1, 130).
public struct SweepLaunch {
    public var jobs: [LaunchJob]
    /// Skip jobs whose status.json says completed.
    public var resume: Bool
    /// Whether the same command with `--resume` finds these run directories again (sweeps).
    public var resumable: Bool

    public init(jobs: [LaunchJob], resume: Bool, resumable: Bool = true) {
        self.jobs = jobs
        self.resume = resume
        self.resumable = resumable
    }

    public func run(with launcher: some BlockingLauncher) throws -> Int32 {
        let plan = resume ? try ResumePlan(jobs: jobs) : nil
        let toRun = plan?.toRun ?? jobs
        if let plan, toRun.isEmpty {
            print("nothing to resume: all \(plan.skipped.count) job(s) already completed")
            return 0
        }
        if let plan, !plan.skipped.isEmpty {
            print("resuming: \(plan.skipped.count) job(s) already completed, running \(toRun.count) again: "
                + toRun.map { String($0.num) }.joined(separator: ", "))
        }
        let launched = try launcher.launchAndWait(toRun)
        let results = plan?.merged(with: launched) ?? launched
        let summary = LaunchSummary(results: results)
        let text = summary.text(resumeHint: resumable) + "\n"
        if summary.exitCode == 0 {
            Console.out(text)
        } else {
            Console.err(text)
        }
        return summary.exitCode
    }
}
