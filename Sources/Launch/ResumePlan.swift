import Foundation
import Store

/// Which jobs of a sweep `--resume` runs again: everything not recorded as completed
/// (failed, interrupted, queued, running when the launcher died, or never written).
public struct ResumePlan: Sendable, Equatable {
    /// Jobs to launch, in sweep order.
    public var toRun: [LaunchJob]
    /// Completed jobs, reported as skipped.
    public var skipped: [JobResult]

    public init(jobs: [LaunchJob]) throws {
        toRun = []
        skipped = []
        for job in jobs {
            let status = try JobStatus.read(from: job.runDirectory)
            if let status, status.state == .completed {
                skipped.append(JobResult(job: job, state: .completed, exitCode: status.exitCode,
                                         attempt: status.attempt, skipped: true))
            } else if let status, status.state == .running,
                      ProcessLiveness.isAlive(pid: status.pid, host: status.host, startedBy: status.startTime) == true {
                // Its launcher is gone (the sweep directory's lock was free) but the job was not.
                throw LaunchError.jobStillRunning(num: job.num, runDirectory: job.runDirectory.path, pid: status.pid ?? 0)
            } else {
                toRun.append(job)
            }
        }
    }

    /// Skipped and launched results together, in job order.
    public func merged(with launched: [JobResult]) -> [JobResult] {
        (skipped + launched).sorted { $0.job.num < $1.job.num }
    }
}
