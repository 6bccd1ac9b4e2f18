import Config
import Foundation

/// Runs prepared jobs start to finish for the `train` command: resume selection, the launch,
/// the summary; returns the process exit code (0, 1, 130).
public struct SweepLaunch {
    public var jobs: [LaunchJob]
    /// With `--resume`: which jobs run again (those whose status.json does not say completed).
    public let plan: ResumePlan?
    /// Whether the same command with `--resume` finds these run directories again (sweeps).
    public var resumable: Bool

    /// With `resume`, reads the jobs' statuses now, so a job still running elsewhere is refused
    /// before anything starts.
    public init(jobs: [LaunchJob], resume: Bool, resumable: Bool = true) throws {
        self.jobs = jobs
        self.plan = resume ? try ResumePlan(jobs: jobs) : nil
        self.resumable = resumable
    }

    public func run(with launcher: some BlockingLauncher) throws -> Int32 {
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
        var summary = LaunchSummary(results: results)
        summary.skippedLines = LaunchSummary.skippedLines(of: results, in: launcher.ingestor)
        let text = summary.text(resumeHint: resumable) + "\n"
        if summary.exitCode == 0 {
            Console.out(text)
        } else {
            Console.err(text)
        }
        return summary.exitCode
    }
}
