import Config
import Foundation
import TestSupport
import Report
import Store
import Sweep
import Testing

/// Run directories laid out by the real sweep planner and writer over the repository's
/// `configs/`, then ingested: the run-directory contract, end to end.
@Suite("Run directories from the sweep writer")
struct SweepWriterTests {
    static let configs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("configs")

    @Test func sweepRunDirectoriesIngestAndCompare() throws {
        let fixture = try RunDirectoryFixture()
        let composer = Composer(searchPath: try ConfigSearchPath(primary: Self.configs.path))
        let planner = SweepPlanner(composer: composer,
                                   workingDirectory: fixture.root.deletingLastPathComponent(), environment: [:])
        let overrides = try OverrideParser.parse([
            "exp_name=arch", "model.architecture_name=dbnet,craft", "seed=1,2", "logger.tags=[arch_cmp]",
            "hydra.sweep.dir=\(fixture.root.path)/arch",
        ])
        let plan = try planner.planMultirun(overrides)
        try RunDirectoryWriter().write(plan, resume: false)
        #expect(plan.jobs.count == 4)
        for (index, job) in plan.jobs.enumerated() {
            let hmean = [0.80, 0.82, 0.70, 0.74][index]
            try fixture.append(job.runDirectory, RunDirectoryFixture.line(step: 10, epoch: 0, [("val/hmean", hmean)]))
            try fixture.writeStatus(job.runDirectory, state: "completed", job: index, end: 1763712060, exitCode: 0)
        }

        let store = try MetricsStore(path: fixture.databasePath)
        let summary = try store.ingestAll(under: fixture.root)
        #expect(summary.failures.isEmpty)
        #expect(summary.reports.count == 4)
        let runs = try store.runs(matching: RunFilter(project: "OCR_Ablation", tags: ["arch_cmp", "arch"]))
        // Hydra's override_dirname: every non-hydra override, sorted by key.
        #expect(runs.map(\.runDirectory) == [
            "arch/0_exp_name=arch,logger.tags=[arch_cmp],model.architecture_name=dbnet,seed=1",
            "arch/1_exp_name=arch,logger.tags=[arch_cmp],model.architecture_name=dbnet,seed=2",
            "arch/2_exp_name=arch,logger.tags=[arch_cmp],model.architecture_name=craft,seed=1",
            "arch/3_exp_name=arch,logger.tags=[arch_cmp],model.architecture_name=craft,seed=2",
        ])
        #expect(runs.map(\.jobNum) == [0, 1, 2, 3])
        #expect(runs.map(\.expName) == ["arch", "arch", "arch", "arch"])
        #expect(runs[0].overrides.prefix(4) == ["exp_name=arch", "model.architecture_name=dbnet", "seed=1", "logger.tags=[arch_cmp]"])
        #expect(runs[0].tags == ["arch_cmp", "arch"])

        let results = try ResultsQuery(filter: RunFilter(project: "OCR_Ablation", tags: ["arch_cmp"])).run(on: store)
        #expect(results.configKeys.first == "model.architecture_name")
        #expect(results.configKeys.contains("seed"))
        let table = try AblationTable(results: results, options: AblationOptions(
            metric: "val/hmean", groupBy: ["model.architecture_name"],
            baseline: [ConfigCondition(key: "model.architecture_name", value: "craft")]))
        #expect(table.markdown() == """
            Ablation of model.architecture_name on val/hmean (best per run; mean ± std over seeds): 4 runs in 2 groups, higher is better, best in bold, compared with model.architecture_name=craft.

            | model.architecture_name | val/hmean | n | Δ val/hmean | improvement |
            | :--- | ---: | ---: | ---: | ---: |
            | dbnet | **0.8100 ± 0.0141** | 2 | +0.0900 | +12.50% |
            | craft | 0.7200 ± 0.0283 | 2 | baseline | — |

            """)
        // The default grouping: the architecture alone; the head settings it selects only follow it.
        #expect(results.configKeys.contains("model.head.name"))
        let byDefault = try AblationTable(results: results, options: AblationOptions(
            metric: "val/hmean", baseline: [ConfigCondition(key: "model.architecture_name", value: "craft")]))
        #expect(byDefault.groupBy == ["model.architecture_name"])
        #expect(byDefault.markdown() == table.markdown())
    }
}
