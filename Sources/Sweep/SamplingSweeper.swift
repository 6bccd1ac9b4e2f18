/// A sweeper that samples `nTrials` points of a search space (Hydra's Optuna sweeper with
/// `hydra/sweeper/sampler=random|tpe`). Every asked trial counts toward `nTrials`, whatever
/// its end. With one slot (`n_jobs=1`) a seeded sampler gives the same trials every time;
/// with more, a trial depends on which earlier ones had finished when it was asked.
public struct SamplingSweeper<S: Sampler>: Sweeper {
    public let space: SearchSpace
    public let nTrials: Int
    public private(set) var sampler: S

    public init(space: SearchSpace, nTrials: Int, sampler: S) {
        self.space = space
        self.nTrials = nTrials
        self.sampler = sampler
    }

    public mutating func ask(_ count: Int, given study: Study) throws -> [TrialRecord] {
        var study = study
        var asked: [TrialRecord] = []
        while asked.count < count, study.trials.count < nTrials {
            let point = sampler.sample(space, given: study)
            let trial = TrialRecord(number: study.nextNumber, point: point, lines: space.jobLines(at: point))
            study.add(trial)
            asked.append(trial)
        }
        return asked
    }

    public func isDone(given study: Study) -> Bool {
        study.trials.count >= nTrials
    }
}
