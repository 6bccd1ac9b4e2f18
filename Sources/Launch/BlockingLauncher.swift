import Foundation

/// A launcher `SweepLaunch` can run to completion from synchronous code.
public protocol BlockingLauncher {
    func launchAndWait(_ jobs: [LaunchJob]) throws -> [JobResult]
    /// Where the jobs' run directories are recorded (the sweep summary lists their skipped lines).
    var ingestor: RunIngestor? { get }
}

extension LocalLauncher: BlockingLauncher {}
