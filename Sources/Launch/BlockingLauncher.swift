import Foundation

/// A launcher `SweepLaunch` can run to completion from synchronous code.
public protocol BlockingLauncher {
    func launchAndWait(_ jobs: [LaunchJob]) throws -> [JobResult]
}

extension LocalLauncher: BlockingLauncher {}
