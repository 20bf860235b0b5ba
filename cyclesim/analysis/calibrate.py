"""Calibration to a client's record: priors, likelihood, sampling, diagnostics, forecasts.

**Priors.** Each calibrated parameter is uniform over its plausible range
(:mod:`cyclesim.model.params`, ``low``–``high``); the noise scales are log-uniform.

**Likelihood** (periods independent given the model; the model value of a period is the
mean of its saved points over the period):

* ``incident_rate``: the period's count (rate × length in weeks) is negative binomial
  around the model's count, with a fitted dispersion ``k``. Incidents are counts, but they
  cluster (a bad day brings several), so a Poisson would be overconfident; the negative
  binomial tends to the Poisson as ``k`` grows, so the data decide.
* ``sickness_absence_percentage`` and ``temp_share``: beta around the model's share with a
  fitted precision ``phi``. They are shares of a team's hours, bounded in [0, 1], with a
  spread that shrinks towards 0; a binomial would need the number of independent
  person-hours, which does not exist (one burnout spell is months of absence).
* ``team_size``: log-normal (registration errors proportional to the team), fitted sigma.
* ``satisfaction``: Gaussian on the 0–1 scale (survey means), fitted sigma.

**Sampling.** emcee's ensemble sampler (differential-evolution and stretch moves, see
:func:`sampler_moves`) in logit coordinates
of each prior range (free moves that mix near the edges; the Jacobian keeps the prior
uniform), all walkers of a
half-step simulated in one batch on the compiled engine (``vectorize=True``), started
from the best prior draws of a screening batch, run until the chain is 50 autocorrelation
times long (emcee's advice) or ``max_steps``. Diagnostics: integrated autocorrelation
time, effective sample size and split R-hat over walkers (ArviZ); a warning when the
chain is short against the autocorrelation time, R-hat is above 1.05 or the effective
sample size is below 200.
"""

from __future__ import annotations

import json
import math
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.special import expit, gammaln, logit

from cyclesim.analysis.record import Record
from cyclesim.model.params import PARAMETERS, POLICY_PARAMETERS
from cyclesim.scenario.files import OUTCOME_PARAMETERS, Scenario, ScenarioError
from cyclesim.scenario.runner import rest_failed, run_batch, scenario_parameters
from cyclesim.version import __version__

# indicator: (noise parameter, its log-uniform prior range, likelihood in words)
NOISE = {
    "incident_rate": ("incident_dispersion", (0.5, 1000.0),
                      "negative binomial on the period's count, dispersion k"),
    "sickness_absence_percentage": ("absence_precision", (10.0, 1e4),
                                    "beta on the share, precision phi"),
    "team_size": ("team_size_sigma", (0.002, 0.5), "log-normal, sigma"),
    "temp_share": ("temp_share_precision", (10.0, 1e4), "beta on the share, precision phi"),
    "satisfaction": ("satisfaction_sigma", (0.002, 0.3), "Gaussian, sigma"),
}
SHARE_CLIP = 1e-4  # observed shares are clipped into [1e-4, 1 - 1e-4] (0 % absence occurs)
DEFAULT_N_PARAMS = 4
MORRIS_TRAJECTORIES = 8
RHAT_LIMIT = 1.05
ESS_LIMIT = 200.0
TAU_LENGTHS = 50.0  # chain length in autocorrelation times that counts as converged
FORECAST_KEYS = ("return_week_censored", "honeymoon_depth", "honeymoon_weeks",
                 "integrated_improvement", "peak_dependency", "total_cost")


def candidate_parameters() -> list[str]:
    """Structural parameters a calibration may fit (not policy, not outcome settings,
    and with a plausible range wider than a point)."""
    return [n for n, p in PARAMETERS.items() if n not in POLICY_PARAMETERS
            and n not in OUTCOME_PARAMETERS and n != "escalation_stages" and p.high > p.low]


def check_parameter_names(names: list[str]) -> list[str]:
    allowed = candidate_parameters()
    for name in names:
        if name not in allowed:
            raise ScenarioError(f"--params: {name!r} cannot be calibrated; allowed: structural "
                                f"parameters with a plausible range ({', '.join(allowed)})")
    if len(set(names)) < len(names) or not names:
        raise ScenarioError("--params: give one or more different parameter names")
    return names


class Problem:
    """The posterior of ``names`` (and the noise scales) given ``record`` under ``base``."""

    def __init__(self, record: Record, base: Scenario, names: list[str],
                 engine: str = "auto"):
        self.record, self.base, self.names = record, base, list(names)
        self.scenario = record.scenario(base)
        self.engine = engine
        self.low = np.array([PARAMETERS[n].low for n in names])
        self.high = np.array([PARAMETERS[n].high for n in names])
        self.indicators = [k for k in NOISE if k in record.observed
                           and np.isfinite(record.observed[k]).any()]
        self.noise_names = [NOISE[k][0] for k in self.indicators]
        self.noise_low = np.log([NOISE[k][1][0] for k in self.indicators])
        self.noise_high = np.log([NOISE[k][1][1] for k in self.indicators])
        self.runs = 0
        self._matrix = None

    @property
    def ndim(self) -> int:
        return len(self.names) + len(self.indicators)

    @property
    def all_names(self) -> list[str]:
        return self.names + self.noise_names

    def simulate(self, values: np.ndarray) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Model means per period (periods × runs) for parameter rows ``values`` (runs ×
        len(names)), and per run whether the run is usable (rest found, finite)."""
        values = np.atleast_2d(values)
        overrides = {n: values[:, i] for i, n in enumerate(self.names)}
        params = scenario_parameters(self.scenario, overrides, values.shape[0])
        result = run_batch(self.scenario, params, tuple(self.indicators), engine=self.engine)
        self.runs += values.shape[0]
        if self._matrix is None:
            self._matrix = self.record.period_matrix(result.trajectory.times)
        means = {k: self._matrix @ result.trajectory[k] for k in self.indicators}
        ok = ~rest_failed(result.rest_residual)
        for m in means.values():
            ok &= np.isfinite(m).all(axis=0)
        return means, ok

    def log_likelihood(self, means: dict[str, np.ndarray], log_noise: np.ndarray) -> np.ndarray:
        total = 0.0
        for j, k in enumerate(self.indicators):
            obs = self.record.observed[k]
            seen = np.isfinite(obs)
            y = obs[seen][:, None]
            m = means[k][seen]
            s = np.exp(log_noise[:, j])[None, :]
            total = total + _log_density(k, y, m, s, self.record.lengths[seen][:, None]).sum(axis=0)
        return total

    @property
    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """Prior ranges of every sampled coordinate (noise on the log scale)."""
        return (np.concatenate([self.low, self.noise_low]),
                np.concatenate([self.high, self.noise_high]))

    def natural(self, z: np.ndarray) -> np.ndarray:
        """Sampler coordinates (logit of the place in each prior range: the sampler moves
        freely, and mixes near the range's edges) to parameters and log noise."""
        lo, hi = self.bounds
        return lo + (hi - lo) * expit(np.atleast_2d(z))

    def log_prob(self, z: np.ndarray) -> np.ndarray:
        """Log posterior (up to a constant) of sampler rows ``z``: the likelihood at
        :meth:`natural` ``(z)`` plus the log Jacobian, which makes the prior uniform over
        each range (log-uniform for the noise scales)."""
        z = np.atleast_2d(z)
        x = self.natural(z)
        theta, log_noise = x[:, :len(self.names)], x[:, len(self.names):]
        jacobian = (-np.logaddexp(0.0, z) - np.logaddexp(0.0, -z)).sum(axis=1)
        means, ok = self.simulate(theta)
        value = self.log_likelihood(means, log_noise) + jacobian
        return np.where(ok & np.isfinite(value), value, -np.inf)

    def prior_draws(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """Draws from the prior, in sampler coordinates."""
        return logit(rng.uniform(1e-6, 1 - 1e-6, (n, self.ndim)))


def _log_density(kind: str, y: np.ndarray, m: np.ndarray, s: np.ndarray,
                 length: np.ndarray) -> np.ndarray:
    """Log density of observations ``y`` (periods × 1) around model means ``m``
    (periods × runs) with noise ``s`` (1 × runs)."""
    if kind == "incident_rate":
        count, mu, k = y * length, np.maximum(m, 1e-9) * length, s
        return (gammaln(count + k) - gammaln(k) - gammaln(count + 1)
                + k * np.log(k / (k + mu)) + count * np.log(mu / (k + mu)))
    if kind in ("sickness_absence_percentage", "temp_share"):
        scale = 100.0 if kind == "sickness_absence_percentage" else 1.0
        p = np.clip(y / scale, SHARE_CLIP, 1 - SHARE_CLIP)
        mu = np.clip(m / scale, 1e-6, 1 - 1e-6)
        a, b = mu * s, (1 - mu) * s
        return (gammaln(s) - gammaln(a) - gammaln(b) + (a - 1) * np.log(p)
                + (b - 1) * np.log1p(-p))
    if kind == "team_size":
        z = (np.log(y) - np.log(np.maximum(m, 1e-9))) / s
        return -0.5 * z * z - np.log(s) - np.log(y) - 0.5 * math.log(2 * math.pi)
    z = (y - m) / s
    return -0.5 * z * z - np.log(s) - 0.5 * math.log(2 * math.pi)


def sample_noise(kind: str, m: np.ndarray, s: float, length: np.ndarray,
                 rng: np.random.Generator) -> np.ndarray:
    """Observations drawn around model means ``m`` with the likelihood's own noise."""
    if kind == "incident_rate":
        mu = np.maximum(m, 1e-9) * length
        return rng.poisson(rng.gamma(s, mu / s)) / length
    if kind in ("sickness_absence_percentage", "temp_share"):
        scale = 100.0 if kind == "sickness_absence_percentage" else 1.0
        mu = np.clip(m / scale, 1e-6, 1 - 1e-6)
        return rng.beta(mu * s, (1 - mu) * s) * scale
    if kind == "team_size":
        return m * np.exp(rng.normal(0.0, s, m.shape))
    return np.clip(m + rng.normal(0.0, s, m.shape), 0.0, 1.0)


# ---------------------------------------------------------------------------------------
# Which parameters: a Morris screening of the record's own indicators
# ---------------------------------------------------------------------------------------
def rank_parameters(record: Record, base: Scenario, trajectories: int = MORRIS_TRAJECTORIES,
                    seed: int = 1, engine: str = "auto") -> pd.Series:
    """Morris mu* (elementary effects over each parameter's plausible range) of the model's
    values at the record's observed periods, each indicator scaled by the spread of its
    observations; mean over outputs, largest first."""
    from SALib.sample import morris

    names = candidate_parameters()
    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    unit = morris.sample(problem, trajectories, num_levels=4, seed=seed)
    low = np.array([PARAMETERS[n].low for n in names])
    high = np.array([PARAMETERS[n].high for n in names])
    screen = Problem(record, base, names, engine)
    means, ok = screen.simulate(low + unit * (high - low))
    outputs = []
    for k in screen.indicators:
        obs = record.observed[k]
        seen = np.isfinite(obs)
        spread = max(np.nanstd(obs), 0.05 * abs(np.nanmean(obs)), 1e-6)
        outputs.append(means[k][seen] / spread)
    y = np.concatenate(outputs).T  # runs × outputs
    y[~ok] = np.nan
    d = len(names)
    effects: list[list[float]] = [[] for _ in range(d)]
    for t in range(unit.shape[0] // (d + 1)):
        block = slice(t * (d + 1), (t + 1) * (d + 1))
        u, v = unit[block], y[block]
        steps = np.diff(u, axis=0)
        for j in range(d):
            which = int(np.argmax(np.abs(steps[j])))
            ee = np.abs(v[j + 1] - v[j]) / abs(steps[j, which])
            if np.isfinite(ee).all():
                effects[which].append(float(ee.mean()))
    mu_star = pd.Series([np.mean(e) if e else 0.0 for e in effects], index=names)
    return mu_star.sort_values(ascending=False)


# ---------------------------------------------------------------------------------------
# Sampling and diagnostics
# ---------------------------------------------------------------------------------------
@dataclass
class Calibration:
    """A finished calibration: chains, draws, diagnostics and what it was run on."""

    problem: Problem
    chain: np.ndarray  # (steps, walkers, ndim) after burn-in and thinning
    log_prob: np.ndarray  # (steps, walkers)
    tau: np.ndarray
    steps: int
    burn: int
    thin: int
    seconds: float
    runs: int
    ranking: pd.Series | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return self.problem.all_names

    def draws(self) -> pd.DataFrame:
        """Posterior draws, noise scales on their natural scale."""
        flat = self.problem.natural(self.chain.reshape(-1, self.chain.shape[-1]))
        k = len(self.problem.names)
        flat[:, k:] = np.exp(flat[:, k:])
        return pd.DataFrame(flat, columns=self.names)

    def diagnostics(self) -> pd.DataFrame:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import arviz as az

            per_walker = np.swapaxes(self.chain, 0, 1)  # walkers (chains) × steps × ndim
            ess = [float(np.asarray(az.ess(per_walker[:, :, j]))) for j in range(len(self.names))]
            rhat = [float(np.asarray(az.rhat(per_walker[:, :, j]))) for j in range(len(self.names))]
        return pd.DataFrame({"tau": self.tau, "ess": ess, "rhat": rhat}, index=self.names)

    def summary(self) -> pd.DataFrame:
        draws = self.draws()
        table = pd.DataFrame({
            "kind": ["parameter"] * len(self.problem.names) + ["noise"] * len(self.problem.noise_names),
            "median": draws.median(), "p5": draws.quantile(0.05), "p95": draws.quantile(0.95),
            "mean": draws.mean(), "sd": draws.std(),
            "prior_low": list(self.problem.low) + list(np.exp(self.problem.noise_low)),
            "prior_high": list(self.problem.high) + list(np.exp(self.problem.noise_high)),
        })
        return table.join(self.diagnostics())

    def converged(self) -> bool:
        return not self.warnings


def _check(cal: Calibration) -> list[str]:
    out = []
    diag = cal.diagnostics()
    tau = float(np.nanmax(cal.tau)) if np.isfinite(cal.tau).any() else math.inf
    if cal.steps < TAU_LENGTHS * tau:
        out.append(f"warning: the chain ({cal.steps} steps) is shorter than {TAU_LENGTHS:g} "
                   f"autocorrelation times (max tau {tau:.0f}); raise --steps")
    bad = diag.index[diag["rhat"] > RHAT_LIMIT].tolist()
    if bad:
        out.append(f"warning: R-hat above {RHAT_LIMIT} for {', '.join(bad)} "
                   f"(max {diag['rhat'].max():.3f}): the walkers disagree")
    low = diag.index[diag["ess"] < ESS_LIMIT].tolist()
    if low:
        out.append(f"warning: effective sample size below {ESS_LIMIT:g} for "
                   f"{', '.join(low)} (min {diag['ess'].min():.0f})")
    return out


def sampler_moves() -> list:
    """emcee moves: differential evolution (80 %) and the affine-invariant stretch (20 %).

    Not emcee's ``DESnookerMove``: in emcee 3.1.6 it does not leave the target invariant
    (its projection divides by the square root of the distance where the unit vector
    needs the distance, and its acceptance factor is halved); on a standard 8-d Gaussian
    with 48 walkers it gives standard deviations 0.79 of the truth alone, 0.90-0.95 mixed
    20 % with DE, and so 90 % intervals that are too narrow (the coverage of issue 13).
    ``tests/test_calibrate.py`` checks these moves on a Gaussian."""
    import emcee

    return [(emcee.moves.DEMove(), 0.8), (emcee.moves.StretchMove(), 0.2)]


def calibrate(record: Record, base: Scenario, names: list[str] | None = None, *,
              walkers: int | None = None, max_steps: int = 3000, min_steps: int = 400,
              seed: int = 1, engine: str = "auto", progress: bool = False,
              n_params: int = DEFAULT_N_PARAMS) -> Calibration:
    """Sample the posterior of ``names`` (default: the ``n_params`` parameters the Morris
    screening of this record ranks highest) given ``record`` under ``base``."""
    import emcee

    began = time.perf_counter()
    ranking = None
    if names is None:
        ranking = rank_parameters(record, base, seed=seed, engine=engine)
        names = list(ranking.index[:n_params])
    problem = Problem(record, base, check_parameter_names(list(names)), engine)
    rng = np.random.default_rng(seed)
    walkers = walkers or max(48, 2 * ((6 * problem.ndim + 1) // 2))
    screen = problem.prior_draws(30 * walkers, rng)
    screen_lp = problem.log_prob(screen)
    if not np.isfinite(screen_lp).any():
        raise ScenarioError(f"{record.source}: no prior draw gives a finite likelihood; "
                            "the record and the model disagree entirely (check units)")
    start = screen[np.argsort(-np.nan_to_num(screen_lp, nan=-np.inf))[:walkers]]
    moves = sampler_moves()
    sampler = emcee.EnsembleSampler(walkers, problem.ndim, problem.log_prob, moves=moves,
                                    vectorize=True)
    sampler.random_state = np.random.RandomState(seed).get_state()  # reproducible
    old_tau, steps = np.inf, 0
    for state in sampler.sample(start, iterations=max_steps, progress=progress,
                                progress_kwargs={"desc": "calibrating", "leave": False, "mininterval": 1.0}):
        steps = sampler.iteration
        if steps % 100 or steps < min_steps:
            continue
        tau = sampler.get_autocorr_time(tol=0)
        if np.all(TAU_LENGTHS * tau < steps) and np.all(np.abs(old_tau - tau) < 0.02 * tau):
            break
        old_tau = tau
    tau = sampler.get_autocorr_time(tol=0)
    tau_max = float(np.nanmax(tau)) if np.isfinite(tau).any() else steps / 4
    burn = int(min(3 * tau_max, steps // 2))
    thin = max(1, int(np.nanmin(tau) / 2)) if np.isfinite(tau).all() else 1
    chain = sampler.get_chain(discard=burn, thin=thin)
    cal = Calibration(problem, chain, sampler.get_log_prob(discard=burn, thin=thin), tau,
                      steps, burn, thin, time.perf_counter() - began, problem.runs, ranking)
    cal.warnings = _check(cal)
    return cal


# ---------------------------------------------------------------------------------------
# Synthetic records (tests, the benchmark, the shipped example)
# ---------------------------------------------------------------------------------------
def synthetic_observations(record: Record, base: Scenario, truth: dict[str, float],
                           noise: dict[str, float], rng: np.random.Generator,
                           engine: str = "auto") -> dict[str, np.ndarray]:
    """Observations for ``record``'s periods and policy (its observed columns), simulated
    at parameters ``truth`` with the likelihood's noise (``noise``: noise parameter name ->
    value); cells missing in ``record`` stay missing."""
    problem = Problem(record, base, list(truth), engine)
    means, ok = problem.simulate(np.array([list(truth.values())]))
    if not ok.all():
        raise ValueError("the rest state was not found at these parameters")
    out = {}
    for k in problem.indicators:
        values = sample_noise(k, means[k][:, 0], noise[NOISE[k][0]], record.lengths, rng)
        out[k] = np.where(np.isfinite(record.observed[k]), values, np.nan)
    return out


def with_observations(record: Record, observed: dict[str, np.ndarray]) -> Record:
    return Record(record.source, record.weeks, record.lengths, record.labels,
                  {**record.observed, **observed}, record.policy)


# ---------------------------------------------------------------------------------------
# Outputs: posterior directory, calibrated scenario; forecasts from a posterior
# ---------------------------------------------------------------------------------------
POSTERIOR_FILE = "posterior.csv"
META_FILE = "calibration.json"


def _toml_value(value) -> str:
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    return repr(float(value)) if isinstance(value, float) else str(value)


def scenario_toml(scenario: Scenario, parameters: dict[str, float], header: str) -> str:
    """``scenario`` as a scenario file, with ``parameters`` set in its [parameters]."""
    data = scenario.model_dump(mode="json", exclude_none=True)
    lines = [f"# {line}" for line in header.splitlines()]
    for key in ("title", "description", "start_week", "horizon_weeks", "dt", "method",
                "save_every"):
        lines.append(f"{key} = {_toml_value(data[key])}")
    params = {**data["parameters"], **{k: float(f"{v:.6g}") for k, v in parameters.items()}}
    for section, values in (("intervention", data["intervention"]), ("parameters", params),
                            ("outcome", data["outcome"])):
        lines += ["", f"[{section}]"] + [f"{k} = {_toml_value(v)}" for k, v in values.items()]
    for item in data["schedules"]:
        lines += ["", "[[schedules]]"] + [f"{k} = {_toml_value(v)}" for k, v in item.items()]
    for item in data["escalation"]:
        lines += ["", "[[escalation]]"] + [f"{k} = {_toml_value(v)}" for k, v in item.items()]
    return "\n".join(lines) + "\n"


def write_calibration(cal: Calibration, out: Path, max_draws: int = 4000) -> list[Path]:
    """Posterior draws, summary, metadata and the calibrated scenario file in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    problem = cal.problem
    draws = cal.draws()
    if len(draws) > max_draws:
        draws = draws.iloc[np.linspace(0, len(draws) - 1, max_draws).astype(int)]
    draws.to_csv(out / POSTERIOR_FILE, index=False)
    summary = cal.summary()
    summary.to_csv(out / "summary.csv", index_label="parameter")
    medians = {n: float(summary.loc[n, "median"]) for n in problem.names}
    fixed = {n: float(v) for n, v in problem.base.parameters.items() if n not in problem.names}
    meta = {
        "model": "cyclesim", "model_version": __version__, "record": problem.record.source,
        "scenario": problem.base.name, "parameters": problem.names,
        "noise": dict(zip(problem.indicators, problem.noise_names)),
        "likelihood": {k: NOISE[k][2] for k in problem.indicators},
        "fixed_parameters": fixed, "prior": "uniform over each plausible range; noise "
        "log-uniform", "walkers": int(cal.chain.shape[1]), "steps": cal.steps,
        "burn": cal.burn, "thin": cal.thin, "draws": int(cal.chain.shape[0] * cal.chain.shape[1]),
        "runs": cal.runs, "seconds": round(cal.seconds, 2),
        "runs_per_second": round(cal.runs / max(cal.seconds, 1e-9), 1),
        "warnings": cal.warnings, "converged": cal.converged(),
        "summary": json.loads(summary.to_json(orient="index")),
        "ranking": None if cal.ranking is None else
        {k: round(float(v), 4) for k, v in cal.ranking.head(12).items()},
    }
    (out / META_FILE).write_text(json.dumps(meta, indent=2))
    header = (f"Calibrated to {Path(problem.record.source).name} (cyclesim calibrate, model "
              f"{__version__}): posterior medians of {', '.join(problem.names)}.\n"
              f"The full posterior is in {out}; forecast with --posterior {out}.")
    toml = out / "calibrated.toml"
    toml.write_text(scenario_toml(problem.base, medians, header))
    return [out / POSTERIOR_FILE, out / "summary.csv", out / META_FILE, toml]


@dataclass
class Posterior:
    """A posterior directory, read back: draws and the parameters held fixed."""

    path: Path
    draws: pd.DataFrame  # calibrated parameters only
    fixed: dict[str, float]
    meta: dict

    def overrides(self, n: int, seed: int = 0) -> dict[str, np.ndarray]:
        rng = np.random.default_rng(seed)
        rows = rng.choice(len(self.draws), size=min(n, len(self.draws)), replace=False)
        out = {k: np.full(rows.size, v) for k, v in self.fixed.items()}
        out.update({k: self.draws[k].to_numpy()[rows] for k in self.draws.columns})
        return out


def read_posterior(path: str | Path) -> Posterior:
    """A directory written by ``cyclesim calibrate``; raises ScenarioError when it is not."""
    path = Path(path)
    try:
        meta = json.loads((path / META_FILE).read_text())
        draws = pd.read_csv(path / POSTERIOR_FILE)
        names = list(meta["parameters"])
        draws = draws[names].astype(float)
    except (OSError, ValueError, KeyError, TypeError) as problem:
        raise ScenarioError(f"{path}: not a posterior directory written by cyclesim "
                            f"calibrate ({META_FILE} and {POSTERIOR_FILE}): {problem}") from None
    try:
        check_parameter_names(names)
    except ScenarioError as error:
        raise ScenarioError(f"{path / META_FILE}: {error}") from None
    for name in names:
        p = PARAMETERS[name]
        if not draws[name].between(p.lower, p.upper).all():
            raise ScenarioError(f"{path / POSTERIOR_FILE}, column {name}: values outside "
                                f"{p.lower:g} to {p.upper:g} [{p.unit}]")
    if draws.empty:
        raise ScenarioError(f"{path / POSTERIOR_FILE}: no draws")
    return Posterior(path, draws, {k: float(v) for k, v in meta.get("fixed_parameters", {}).items()}, meta)


def forecast(scenario: Scenario, posterior: Posterior, draws: int = 200, seed: int = 0,
             engine: str | None = None):
    """Run ``scenario``'s policy over ``draws`` posterior draws; returns the batch
    (:class:`~cyclesim.scenario.runner.RunResult`) and a JSON-ready summary: per outcome
    the median and 90 % band, and the probability of a return to start in the horizon."""
    overrides = posterior.overrides(draws, seed)
    n = len(next(iter(overrides.values())))
    result = run_batch(scenario, scenario_parameters(scenario, overrides, n), engine=engine)
    table = result.table
    usable = ~rest_failed(result.rest_residual)
    row = {"scenario": scenario.name, "title": scenario.title, "posterior": str(posterior.path),
           "posterior_draws": int(n), "rest_failed_draws": int((~usable).sum()),
           "p_return_within_horizon": float(np.mean(np.asarray(table["returned_to_start"])[usable]))
           if usable.any() else None,
           "horizon_weeks": scenario.horizon_weeks}
    classes = np.asarray(table["outcome"])[usable]
    row["outcome_shares"] = {c: float(np.mean(classes == c)) for c in sorted(set(classes))}
    for key in FORECAST_KEYS:
        values = np.asarray(table[key], dtype=float)[usable]
        values = values[np.isfinite(values)]
        row[key] = ({"median": float(np.median(values)), "p5": float(np.quantile(values, 0.05)),
                     "p95": float(np.quantile(values, 0.95))} if values.size else None)
    row["model_version"] = __version__
    return result, row


FORECAST_COLUMNS = {"p_return_within_horizon": "P(return in horizon)",
                    "return_week_censored": "return week (censored)",
                    "honeymoon_depth": "honeymoon depth", "honeymoon_weeks": "honeymoon weeks",
                    "total_cost": "total cost [EUR]", "peak_dependency": "peak dependency"}


def forecast_table(rows: list[dict]) -> pd.DataFrame:
    """Median [5 %–95 %] per outcome, one row per scenario."""
    def band(stat, key):
        if stat is None:
            return ""
        digits = 0 if key == "total_cost" else 2
        return (f"{stat['median']:,.{digits}f} [{stat['p5']:,.{digits}f}–"
                f"{stat['p95']:,.{digits}f}]")

    frame = pd.DataFrame({"scenario": [r["scenario"] for r in rows]})
    for key, column in FORECAST_COLUMNS.items():
        frame[column] = [f"{r[key]:.0%}" if key.startswith("p_") and r[key] is not None
                         else band(r.get(key), key) for r in rows]
    return frame.set_index("scenario")


def fit_bands(cal: Calibration, draws: int = 200, seed: int = 0) -> dict:
    """Per observed indicator: period starts, the record and the posterior's model mean
    and predictive (with noise) 5/50/95 % per period."""
    rng = np.random.default_rng(seed)
    flat = cal.chain.reshape(-1, cal.chain.shape[-1])
    pick = cal.problem.natural(flat[rng.choice(len(flat), size=min(draws, len(flat)),
                                              replace=False)])
    problem = cal.problem
    means, ok = problem.simulate(pick[:, :len(problem.names)])
    out = {}
    for j, k in enumerate(problem.indicators):
        m = means[k][:, ok]
        noise = np.exp(pick[ok, len(problem.names) + j])
        pred = np.stack([sample_noise(k, m[:, i], noise[i], problem.record.lengths, rng)
                         for i in range(m.shape[1])], axis=1)
        out[k] = {"weeks": problem.record.weeks, "record": problem.record.observed[k],
                  "mean": np.quantile(m, [0.05, 0.5, 0.95], axis=1),
                  "predictive": np.quantile(pred, [0.05, 0.5, 0.95], axis=1)}
    return out
