/// Configs that come with `train` itself, searched after every directory of the search path
/// (as Hydra's own `pkg://hydra.conf` is): the orchestration groups. They land in the `hydra`
/// node, never in the config a job reads:
///
/// - `hydra/launcher`: `local` (Ablate's process pool, the default), `slurm` (a Slurm job
///   array), and Hydra's plugin spellings `basic`, `joblib`, `submitit_local`, `submitit_slurm`
///   with those plugins' keys, run by the same two launchers.
/// - `hydra/sweeper`: `basic` (Hydra's grid, the default) and `optuna` (a study: TPE, random or
///   grid sampling with asynchronous slots and pruning), with `hydra/sweeper/sampler` and
///   `hydra/sweeper/pruner` under it.
/// - `hydra/task`: what a job runs: `train` (Ablate's training core), `external`
///   (`hydra.task.command`, any program) or `hydra_app` (an unmodified `@hydra.main` script).
///
/// A config tree may shadow any of them with a file of the same path.
enum BuiltinConfigs {
    static let provider = "ablate"
    static let location = "pkg://ablate.conf"

    /// The groups every composition has, with their default option, as if
    /// listed first in the primary config's defaults list. A primary config may choose another
    /// option with `override hydra/launcher: joblib`, as in Hydra.
    static let implicitDefaults: [(group: String, option: String)] = [
        ("hydra/launcher", "local"),
        ("hydra/sweeper", "basic"),
        ("hydra/task", "external"),
    ]

    /// Config path (no `.yaml`) -> file text.
    static let files: [String: String] = [
        "hydra/launcher/local": """
            # Ablate's local process pool: each job is a worker process on this machine.
            _target_: ablate.launcher.Local
            # Jobs at once; null: cores / threads_per_job.
            n_jobs: null
            # Torch/OpenMP threads per job (jobs x threads <= cores).
            threads_per_job: 1
            # GPU ids handed out one per job (CUDA_VISIBLE_DEVICES); []: CPU only.
            gpus: []
            # Start no more jobs after the first failure: the running ones finish, the rest stay queued for --resume.
            fail_fast: false
            # Seconds a signalled job gets to stop (an interrupt forwarded, a pruned trial's SIGTERM, the
            # launcher's death seen by its guardian) before its whole process group is killed.
            kill_timeout: 10
            """,
        "hydra/launcher/slurm": """
            # Submits the sweep as one Slurm job array (sbatch --array); run dirs must be on a filesystem
            # the compute nodes share. `train ... hydra/launcher=slurm -m --dry-run` prints the script.
            _target_: ablate.launcher.Slurm
            # Partition (sbatch --partition); null: the cluster's default.
            partition: null
            # Time limit per job, minutes (--time); null: the partition's limit.
            timeout_min: 60
            # CPUs per task (--cpus-per-task); also the worker's thread count (OMP_NUM_THREADS).
            cpus_per_task: 1
            # Memory per node in GB (--mem); null to use mem_per_cpu instead (sbatch takes only one of them).
            mem_gb: 4
            # Memory per CPU, e.g. 2G or 1500M (--mem-per-cpu); set mem_gb to null to use it.
            mem_per_cpu: null
            # GPUs per node (--gpus-per-node); 0: none.
            gpus_per_node: 0
            # Generic resources, e.g. gpu:a100:1 (--gres); null: none.
            gres: null
            # Nodes per job (--nodes).
            nodes: 1
            # Tasks per node (--ntasks-per-node).
            tasks_per_node: 1
            # Array tasks running at once (--array=...%N); null: no limit.
            array_parallelism: null
            # Account to charge (--account); null: default.
            account: null
            # Quality of service (--qos); null: default.
            qos: null
            # Node features required (--constraint); null: none.
            constraint: null
            # Nodes to avoid (--exclude); null: none.
            exclude: null
            # Any other sbatch options, name -> value, without the leading dashes (e.g. {mail-type: END});
            # true for an option without a value.
            additional_parameters: {}
            # Shell lines run before the worker in each task (module load, venv activation).
            setup: []
            # Seconds before the time limit at which the task is stopped (SIGUSR1 to the batch script, which
            # stops the worker) and requeued; it then resumes from its checkpoint. 0: never.
            signal_delay_s: 120
            # Wait for the array to finish (polling), showing progress and ingesting results; false: submit,
            # print the job id and return (as --detach); collect_results and --resume work on the sweep later.
            wait: true
            """,
        "hydra/launcher/basic": """
            # Hydra's basic launcher: one job at a time. Run by Ablate's local pool with n_jobs 1.
            _target_: hydra._internal.core_plugins.basic_launcher.BasicLauncher
            """,
        "hydra/launcher/joblib": """
            # Hydra's joblib launcher (hydra-joblib-launcher 1.2 keys). Run by Ablate's local pool:
            # n_jobs jobs at once (-1: all cores, -2: all but one, as joblib counts); every job is its own
            # process, so backend, prefer, require, pre_dispatch, batch_size, temp_folder, max_nbytes and
            # mmap_mode have nothing to choose and are accepted as they are.
            _target_: hydra_plugins.hydra_joblib_launcher.joblib_launcher.JoblibLauncher
            n_jobs: -1
            backend: null
            prefer: processes
            require: null
            verbose: 0
            timeout: null
            pre_dispatch: 2*n_jobs
            batch_size: auto
            temp_folder: null
            max_nbytes: null
            mmap_mode: r
            """,
        "hydra/launcher/submitit_local": """
            # Hydra's submitit local launcher (hydra-submitit-launcher 1.2 keys). Run by Ablate's local
            # pool: cpus_per_task sets each job's threads, gpus_per_node its GPUs (ids 0..n-1 handed out
            # in turn); timeout_min, mem_gb, nodes, tasks_per_node, name, stderr_to_stdout and
            # submitit_folder are accepted and not applied on this machine.
            _target_: hydra_plugins.hydra_submitit_launcher.submitit_launcher.LocalLauncher
            submitit_folder: ${hydra.sweep.dir}/.submitit/%j
            timeout_min: 60
            cpus_per_task: null
            gpus_per_node: null
            tasks_per_node: 1
            mem_gb: null
            nodes: 1
            name: ${hydra.job.name}
            stderr_to_stdout: false
            """,
        "hydra/launcher/submitit_slurm": """
            # Hydra's submitit Slurm launcher (hydra-submitit-launcher 1.2 keys), run as one Slurm job
            # array by Ablate's Slurm launcher (see docs/slurm.md for how each key maps to sbatch).
            _target_: hydra_plugins.hydra_submitit_launcher.submitit_launcher.SlurmLauncher
            submitit_folder: ${hydra.sweep.dir}/.submitit/%j
            timeout_min: 60
            cpus_per_task: null
            gpus_per_node: null
            tasks_per_node: 1
            mem_gb: null
            nodes: 1
            name: ${hydra.job.name}
            stderr_to_stdout: false
            partition: null
            qos: null
            comment: null
            constraint: null
            exclude: null
            gres: null
            cpus_per_gpu: null
            gpus_per_task: null
            mem_per_gpu: null
            mem_per_cpu: null
            account: null
            signal_delay_s: 120
            max_num_timeout: 0
            additional_parameters: {}
            array_parallelism: 256
            setup: null
            """,
        "hydra/sweeper/basic": """
            # Hydra's basic sweeper: every combination of the sweep overrides (a grid).
            _target_: hydra._internal.core_plugins.basic_sweeper.BasicSweeper
            max_batch_size: null
            """,
        "hydra/sweeper/optuna": """
            # A study (Hydra's Optuna sweeper spelling): trials asked from a sampler as slots free up.
            defaults:
              - sampler: tpe
              - pruner: none
            _target_: hydra_plugins.hydra_optuna_sweeper.optuna_sweeper.OptunaSweeper
            direction: minimize
            storage: null
            # null: the sweep directory's name.
            study_name: null
            n_trials: 20
            # Trials in flight at once; a slot is refilled the moment its job ends.
            n_jobs: 2
            max_failure_rate: 0.0
            search_space: null
            custom_search_space: null
            # Ablate: the metric a trial's objective is read from (metrics.jsonl), and which value of it.
            metric: null
            objective: last
            """,
        "hydra/sweeper/sampler/tpe": """
            _target_: optuna.samplers.TPESampler
            seed: null
            consider_prior: true
            prior_weight: 1.0
            consider_magic_clip: true
            consider_endpoints: false
            n_startup_trials: 10
            n_ei_candidates: 24
            multivariate: false
            warn_independent_sampling: true
            """,
        "hydra/sweeper/sampler/random": """
            _target_: optuna.samplers.RandomSampler
            seed: null
            """,
        "hydra/sweeper/sampler/grid": """
            _target_: optuna.samplers.GridSampler
            seed: null
            """,
        "hydra/sweeper/pruner/none": """
            _target_: optuna.pruners.NopPruner
            """,
        "hydra/sweeper/pruner/median": """
            _target_: optuna.pruners.MedianPruner
            n_startup_trials: 5
            n_warmup_steps: 0
            interval_steps: 1
            n_min_trials: 1
            """,
        "hydra/sweeper/pruner/percentile": """
            _target_: optuna.pruners.PercentilePruner
            # Required, as in Optuna: e.g. hydra.sweeper.pruner.percentile=25.
            percentile: ???
            n_startup_trials: 5
            n_warmup_steps: 0
            interval_steps: 1
            n_min_trials: 1
            """,
        "hydra/sweeper/pruner/successive_halving": """
            _target_: optuna.pruners.SuccessiveHalvingPruner
            min_resource: auto
            reduction_factor: 4
            min_early_stopping_rate: 0
            """,
        "hydra/sweeper/pruner/hyperband": """
            _target_: optuna.pruners.HyperbandPruner
            min_resource: 1
            max_resource: auto
            reduction_factor: 3
            """,
        "hydra/sweeper/pruner/asha": """
            # Ray Tune's ASHAScheduler keys.
            _target_: ray.tune.schedulers.ASHAScheduler
            max_t: 100
            grace_period: 1
            reduction_factor: 4
            brackets: 1
            """,
        "hydra/task/train": """
            # Train with Ablate's own training core (train-worker). A command runs that program instead.
            name: train
            command: []
            pass_overrides: false
            """,
        "hydra/task/external": """
            # Run another program as the job, e.g. [python3, my_train.py]. It starts in the job's run
            # directory with ABLATE_RUN_DIR, ABLATE_CONFIG and ABLATE_METRICS in its environment.
            name: external
            command: []
            # Also pass the job's overrides as arguments (key=value ...).
            pass_overrides: false
            """,
        "hydra/task/hydra_app": """
            # Run an unmodified @hydra.main application as the job, e.g. [python3, runners/train.py]:
            # it gets the job's overrides on its command line plus hydra.run.dir=<the job's run dir>
            # and hydra.output_subdir=.hydra_app, so its outputs, log and working directory are the
            # job's run dir and its own .hydra files do not overwrite Ablate's.
            name: hydra_app
            command: []
            """,
    ]

    /// The built-in groups: `hydra/launcher`, `hydra/sweeper` (and its `sampler`, `pruner`), `hydra/task`.
    static let groups: Set<String> = Set(files.keys.compactMap { path in
        path.lastIndex(of: "/").map { String(path[..<$0]) }
    })

    /// The options of a built-in group.
    static func options(in group: String) -> [String] {
        files.keys.compactMap { path in
            guard let slash = path.lastIndex(of: "/"), path[..<slash] == group else { return nil }
            return String(path[path.index(after: slash)...])
        }
    }
}
