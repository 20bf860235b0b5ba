"""The story of the cycle (MODEL.md, seed 000) in nine phases, one sentence each, in
English and Dutch, with the indicators of the model that show each phase.

The interactive page's story mode and the trainers' notebook read this table; the
sentences tell, the model's trajectories show.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Phase:
    """One phase of the cycle: a sentence in each language and the variables that show it."""

    number: int
    title_en: str
    title_nl: str
    en: str
    nl: str
    indicators: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"number": self.number, "title": {"en": self.title_en, "nl": self.title_nl},
                "text": {"en": self.en, "nl": self.nl}, "indicators": list(self.indicators)}


PHASES: tuple[Phase, ...] = (
    Phase(1, "Short term it works", "Op korte termijn werkt het",
          "With structural 1-on-1 support the client feels close to someone, incidents drop "
          "and satisfaction rises.",
          "Met structurele 1-op-1-begeleiding ervaart de cliënt nabijheid, nemen de incidenten "
          "af en stijgt de tevredenheid.",
          ("incident_rate", "satisfaction")),
    Phase(2, "Proximity becomes dependency", "Nabijheid wordt afhankelijkheid",
          "Over the months the client comes to feel it cannot do without this support, and the "
          "staff member becomes a guard.",
          "In de loop van maanden voelt de cliënt dat hij niet meer zonder deze begeleiding kan, "
          "en de begeleider wordt een bewaker.",
          ("dependency",)),
    Phase(3, "Staffing pressure", "Druk op de bezetting",
          "The extra hours press on staffing: the team grows and leans on temp staff.",
          "De extra uren drukken op de bezetting: het team groeit en leunt op uitzendkrachten.",
          ("team_size", "temp_share")),
    Phase(4, "Big teams, more rules", "Grote teams, meer regels",
          "A big team with many temps is hard to coordinate, and the answer, more rules, "
          "creates a controlling climate.",
          "Een groot team met veel invallers is moeilijk af te stemmen, en het antwoord, meer "
          "regels, schept een beheersmatig klimaat.",
          ("controlling_climate",)),
    Phase(5, "The guard role is a burden", "De bewakersrol is een belasting",
          "Hours tied to one client with complex needs weigh on the staff who carry them.",
          "Uren vastgebonden aan één cliënt met complexe zorgvragen belasten de begeleiders "
          "die ze dragen.",
          ("staff_strain",)),
    Phase(6, "Stigma", "Stigma",
          "A client who walks the grounds with a fixed guard is seen as dangerous, and his "
          "self-image suffers.",
          "Een cliënt die met een vaste bewaker over het terrein loopt, wordt als gevaarlijk "
          "gezien, en zijn zelfbeeld lijdt eronder.",
          ("stigma",)),
    Phase(7, "Tension rises", "De spanning stijgt",
          "Dependency and a negative self-image bring more tension and stress to the client.",
          "Afhankelijkheid en een negatief zelfbeeld brengen de cliënt meer spanning en stress.",
          ("client_tension",)),
    Phase(8, "Fewer can do the shifts", "Steeds minder collega's kunnen de diensten doen",
          "Fewer and fewer staff can do the individual shifts; those who still can are "
          "overworked until they fall ill.",
          "Steeds minder teamleden kunnen de individuele diensten draaien; wie het nog kan, "
          "wordt overvraagd tot hij uitvalt.",
          ("able_share", "sickness_absence_percentage")),
    Phase(9, "Back to start", "Terug bij af",
          "Dissatisfaction rises again on all sides, and the organisation tries again with "
          "2-on-1 or a small core team.",
          "De ontevredenheid stijgt weer bij alle partijen, en de organisatie probeert het "
          "opnieuw met 2-op-1 of een klein kernteam.",
          ("composite_improvement", "sickness_absence_percentage", "client_tension")),
)


def story(language: str = "en") -> list[str]:
    """The nine sentences in ``language`` ("en" or "nl"), numbered."""
    if language not in ("en", "nl"):
        raise ValueError(f"language must be 'en' or 'nl', not {language!r}")
    return [f"{p.number}. {getattr(p, language)}" for p in PHASES]


def phase_weeks(times, series: dict, outcome) -> list[dict]:
    """When each phase happens in a run, in weeks: phase 1 from the intervention's start to
    the honeymoon's peak; the last phase the quarter up to the return to start (or the
    horizon's last quarter); each phase between them the quarter (13 weeks) around the week
    its first indicator has made half of its largest change since the start."""
    import numpy as np

    times = np.asarray(times, dtype=float)
    start, horizon = float(outcome.start_week), float(times[-1])
    peak = outcome.honeymoon_peak_week
    end = outcome.return_week if outcome.return_week is not None else horizon
    out = []
    for phase in PHASES:
        if phase.number == 1:
            a, b = start, float(peak) if peak is not None else min(start + 13.0, horizon)
        elif phase.number == len(PHASES):
            a, b = max(start, float(end) - 13.0), float(end)
        else:
            values = np.asarray(series[phase.indicators[0]], dtype=float)
            after = times >= start
            change = np.abs(values[after] - values[after][0]) if after.any() else np.zeros(1)
            half = int(np.argmax(change >= 0.5 * change.max())) if change.max() > 0 else 0
            week = float(times[after][half]) if after.any() else start
            a, b = max(start, week - 6.5), min(horizon, week + 6.5)
        out.append({"number": phase.number, "start": round(a), "end": round(b)})
    return out
