import Foundation
import GRDB

/// A study as stored: its identity, settings and trials (the `Sweep` target's `Study`, in
/// the store's own value types so that Store does not depend on Sweep).
public struct StoredStudy: Sendable, Equatable {
    public let id: Int64
    public let name: String
    public let direction: String
    public let sweepDir: String?
    public let settings: String
    public var prunerState: String?
    public var trials: [StoredTrial]
}

public struct StoredTrial: Sendable, Equatable {
    public var number: Int
    /// running | complete | pruned | failed
    public var state: String
    public var value: Double?
    public var prunedStep: Int?
    public var lines: [String]
    public var point: [Double]
    public var runDir: String?
    /// By step; a NaN report is kept as NaN.
    public var intermediateValues: [Int: Double]

    public init(number: Int, state: String = "running", value: Double? = nil, prunedStep: Int? = nil,
                lines: [String], point: [Double] = [], runDir: String? = nil, intermediateValues: [Int: Double] = [:]) {
        self.number = number
        self.state = state
        self.value = value
        self.prunedStep = prunedStep
        self.lines = lines
        self.point = point
        self.runDir = runDir
        self.intermediateValues = intermediateValues
    }
}

extension MetricsStore {
    /// Creates the study `name`, or loads it with its trials when it exists (Optuna's
    /// `load_if_exists`). Throws `StoreError.studyMismatch` when the stored direction or
    /// settings differ from the ones given.
    public func openStudy(name: String, direction: String, sweepDir: String?, settings: String) throws -> StoredStudy {
        try guarded {
            try pool.write { db in
                if let row = try Row.fetchOne(db, sql: "SELECT id, direction, settings FROM studies WHERE name = ?", arguments: [name]) {
                    let storedDirection: String = row["direction"], storedSettings: String = row["settings"]
                    if storedDirection != direction {
                        throw StoreError.studyMismatch(path: path, name: name, what: "direction", stored: storedDirection, given: direction)
                    }
                    if storedSettings != settings {
                        throw StoreError.studyMismatch(path: path, name: name, what: "settings", stored: storedSettings, given: settings)
                    }
                } else {
                    try db.execute(sql: "INSERT INTO studies (name, direction, sweep_dir, settings, created_at) VALUES (?, ?, ?, ?, ?)",
                                   arguments: [name, direction, sweepDir, settings, Date().timeIntervalSince1970])
                }
            }
            return try loadStudy(name: name)!
        }
    }

    /// The study `name` with its trials in number order, or nil.
    public func loadStudy(name: String) throws -> StoredStudy? {
        try guarded {
            try pool.read { db in
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM studies WHERE name = ?", arguments: [name]) else { return nil }
                let id: Int64 = row["id"]
                var values: [Int: [Int: Double]] = [:]
                for value in try Row.fetchAll(db, sql: "SELECT number, step, value FROM study_trial_values WHERE study_id = ?", arguments: [id]) {
                    let number: Int = value["number"], step: Int = value["step"]
                    values[number, default: [:]][step] = (value["value"] as Double?) ?? .nan
                }
                let trials = try Row.fetchAll(db, sql: "SELECT * FROM study_trials WHERE study_id = ? ORDER BY number", arguments: [id]).map { t in
                    let number: Int = t["number"]
                    return StoredTrial(number: number, state: t["state"], value: t["value"], prunedStep: t["pruned_step"],
                                       lines: try Self.decodeJSON([String].self, t["lines"]),
                                       point: try Self.decodeJSON([Double].self, t["point"]),
                                       runDir: t["run_dir"], intermediateValues: values[number] ?? [:])
                }
                return StoredStudy(id: id, name: row["name"], direction: row["direction"], sweepDir: row["sweep_dir"],
                                   settings: row["settings"], prunerState: row["pruner_state"], trials: trials)
            }
        }
    }

    /// Records an asked trial (running unless its state says otherwise).
    public func addTrial(study: Int64, _ trial: StoredTrial) throws {
        try guarded {
            try pool.write { db in
                try db.execute(sql: """
                    INSERT INTO study_trials (study_id, number, state, value, pruned_step, lines, point, run_dir, started_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [study, trial.number, trial.state, trial.value, trial.prunedStep,
                                     try Self.encodeJSON(trial.lines), try Self.encodeJSON(trial.point), trial.runDir,
                                     Date().timeIntervalSince1970])
            }
        }
    }

    /// Records where a trial runs (its run directory, as the store keeps run paths).
    public func setTrialRunDirectory(study: Int64, number: Int, runDir: String) throws {
        try guarded {
            try pool.write { db in
                try db.execute(sql: "UPDATE study_trials SET run_dir = ? WHERE study_id = ? AND number = ?",
                               arguments: [runDir, study, number])
            }
        }
    }

    /// The step each of the given runs (stored paths) was pruned at, for runs a study pruned.
    public func prunedSteps(ofRuns paths: [String]) throws -> [String: Int] {
        try guarded {
            try pool.read { db in
                var steps: [String: Int] = [:]
                for row in try Row.fetchAll(db, sql: """
                    SELECT run_dir, pruned_step FROM study_trials
                    WHERE state = 'pruned' AND pruned_step IS NOT NULL AND run_dir IN (SELECT value FROM json_each(?))
                    """, arguments: [Self.jsonArray(paths)]) {
                    steps[row["run_dir"]] = row["pruned_step"]
                }
                return steps
            }
        }
    }

    /// Records an intermediate value (a step reported again replaces the earlier value).
    public func reportTrialValue(study: Int64, number: Int, step: Int, value: Double) throws {
        try guarded {
            try pool.write { db in
                try db.execute(sql: "INSERT OR REPLACE INTO study_trial_values (study_id, number, step, value) VALUES (?, ?, ?, ?)",
                               arguments: [study, number, step, value.isNaN ? nil : value])
            }
        }
    }

    /// Finishes a trial. A pruned trial's values after `prunedStep` are deleted: they are never used.
    public func finishTrial(study: Int64, number: Int, state: String, value: Double?, prunedStep: Int? = nil) throws {
        try guarded {
            try pool.write { db in
                try db.execute(sql: "UPDATE study_trials SET state = ?, value = ?, pruned_step = ?, finished_at = ? WHERE study_id = ? AND number = ?",
                               arguments: [state, value, prunedStep, Date().timeIntervalSince1970, study, number])
                if let prunedStep {
                    try db.execute(sql: "DELETE FROM study_trial_values WHERE study_id = ? AND number = ? AND step > ?",
                                   arguments: [study, number, prunedStep])
                }
            }
        }
    }

    /// Puts a running trial back to be run again (`--resume` reruns trials that were running):
    /// its intermediate values are dropped and it is running again.
    public func restartTrial(study: Int64, number: Int) throws {
        try guarded {
            try pool.write { db in
                try db.execute(sql: "DELETE FROM study_trial_values WHERE study_id = ? AND number = ?", arguments: [study, number])
                try db.execute(sql: "UPDATE study_trials SET state = 'running', value = NULL, pruned_step = NULL, finished_at = NULL, started_at = ? WHERE study_id = ? AND number = ?",
                               arguments: [Date().timeIntervalSince1970, study, number])
            }
        }
    }

    /// Stores the pruner's own state (JSON), read back by `loadStudy`.
    public func savePrunerState(study: Int64, _ state: String?) throws {
        try guarded {
            try pool.write { db in
                try db.execute(sql: "UPDATE studies SET pruner_state = ? WHERE id = ?", arguments: [state, study])
            }
        }
    }

    private func guarded<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw Self.storeError(error, path: path)
        }
    }

    private static func encodeJSON(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    private static func decodeJSON<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
