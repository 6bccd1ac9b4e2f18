import Foundation
import Testing
@testable import Train

@Suite("LR schedules")
struct ScheduleTests {
    let clock = ScheduleClock(stepsPerEpoch: 10)

    func close(_ a: Double, _ b: Double) -> Bool { Swift.abs(a - b) < 1e-12 }

    @Test func constantAndLinearScaling() {
        #expect(ConstantSchedule(lr: 0.1).learningRate(at: 1234) == 0.1)
        #expect(linearlyScaledLearningRate(0.1, globalBatch: 512, baseBatch: 256) == 0.2)
        #expect(linearlyScaledLearningRate(0.1, globalBatch: 512, baseBatch: nil) == 0.1)
    }

    @Test func piecewiseWithValuesAndGamma() {
        let values = PiecewiseSchedule(boundariesInEpochs: [3, 6], values: [0.1, 0.01, 0.001], clock: clock)
        #expect([0, 29, 30, 59, 60, 500].map(values.learningRate(at:)) == [0.1, 0.1, 0.01, 0.01, 0.001, 0.001])
        let gamma = PiecewiseSchedule(boundariesInEpochs: [1, 2], lr: 1, gamma: 0.5, clock: clock)
        #expect([9, 10, 25].map(gamma.learningRate(at:)) == [1, 0.5, 0.25])
    }

    @Test func cosineHitsEndpointsAndMidpoint() {
        let s = CosineSchedule(lr: 1, etaMin: 0.1, epochs: 2, clock: clock)   // T = 20 steps
        #expect(close(s.learningRate(at: 0), 1))
        #expect(close(s.learningRate(at: 10), 0.55))
        #expect(close(s.learningRate(at: 5), 0.1 + 0.9 * (1 + cos(Double.pi / 4)) / 2))
        #expect(close(s.learningRate(at: 20), 0.1) && close(s.learningRate(at: 99), 0.1))
    }

    @Test func polynomialAndExponential() {
        let p = PolynomialSchedule(lr: 1, endLR: 0.2, power: 2, epochs: 1, clock: clock)
        #expect(close(p.learningRate(at: 5), 0.8 * 0.25 + 0.2))
        #expect(close(p.learningRate(at: 50), 0.2))
        let e = ExponentialSchedule(lr: 2, gamma: 0.5, clock: ScheduleClock(stepsPerEpoch: 10, byEpoch: true))
        #expect([0, 9, 10, 35].map(e.learningRate(at:)) == [2, 2, 1, 0.25])
    }

    @Test func warmupThenCosineRestartsAfterWarmup() {
        let cosine = CosineSchedule(lr: 1, epochs: 2, clock: clock)
        let s = WarmupSchedule(after: cosine, warmupEpochs: 1, startLR: 0.1, peakLR: 1, clock: clock)
        #expect(close(s.learningRate(at: 0), 0.1))
        #expect(close(s.learningRate(at: 5), 0.1 + 0.9 * 0.5))
        #expect(close(s.learningRate(at: 10), 1))
        #expect(close(s.learningRate(at: 20), 0.5))
        let byEpoch = ScheduleClock(stepsPerEpoch: 10, byEpoch: true)
        let e = WarmupSchedule(after: ConstantSchedule(lr: 1), warmupEpochs: 2, startLR: 0, peakLR: 1, clock: byEpoch)
        #expect([0, 9, 10, 19, 20].map(e.learningRate(at:)) == [0, 0, 0.5, 0.5, 1])
    }

    @Test func configBuildsWarmupCosineOverTheEpochsAfterWarmup() throws {
        var config = TrainConfig()
        config.maxEpochs = 5
        config.optimizer.lr = 0.4
        config.data.batchSize = 32
        config.optimizer.lrScalingBaseBatch = 64
        config.scheduler.name = "cosine"
        config.scheduler.warmupEpochs = 1
        let s = config.makeSchedule(stepsPerEpoch: 4)   // peak 0.2, cosine over 16 steps
        #expect(close(s.learningRate(at: 2), 0.1))
        #expect(close(s.learningRate(at: 4), 0.2))
        #expect(close(s.learningRate(at: 12), 0.1))
    }
}
