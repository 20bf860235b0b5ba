"""MODEL.md's six feedback loops, each as one closed chain of model variables.

Each family is named by its MODEL.md name, its expected polarity and one representative
chain (the first variable repeats implicitly at the end). Loop finding groups every loop
of the structure into the family whose signature variables it passes through;
tests check that every chain is a closed path of declared links in the listing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LoopFamily:
    """One of MODEL.md's loops: name, polarity and a representative chain."""

    key: str
    name: str
    polarity: str  # "R" or "B"
    chain: tuple[str, ...]
    signature: tuple[str, ...]  # variables a loop must pass to belong here


_SUPPORT = ("exclusive_hours_demanded", "exclusive_staff_hours_demanded",
            "permanent_exclusive_hours", "exclusive_staff_hours_delivered",
            "exclusive_hours_delivered", "exclusive_share_of_day")
_TENSION = ("tension_pressure", "tension_indicated", "tension_change", "client_tension",
            "incident_rate", "demand_multiplier")

FAMILIES: tuple[LoopFamily, ...] = (
    LoopFamily(
        "honeymoon", 'B "honeymoon"', "B",
        _SUPPORT + ("support_closeness", "proximity_change", "proximity", "proximity_calming")
        + _TENSION,
        ("proximity", "client_tension", "exclusive_hours_demanded")),
    LoopFamily(
        "dependency", 'R "proximity becomes dependency"', "R",
        _SUPPORT + ("support_closeness", "proximity_change", "proximity",
                    "dependency_indicated", "dependency_change", "dependency",
                    "demand_multiplier"),
        ("proximity", "dependency_change", "demand_multiplier")),
    LoopFamily(
        "guard_role", 'R "guard role wears staff out"', "R",
        ("exclusive_hours_demanded", "exclusive_staff_hours_demanded", "guard_pressure",
         "guard_burden", "strain_pressure", "strain_indicated", "strain_change", "staff_strain",
         "burnout_onset", "burnout_sick_staff", "staff_available", "temp_staff_indicated",
         "temp_adjustment", "temp_staff", "staff_at_work", "familiar_share_at_work",
         "unfamiliar_contact") + _TENSION,
        ("staff_strain", "temp_staff", "client_tension")),
    LoopFamily(
        "bigger_team", 'R "bigger team, more rules"', "R",
        ("exclusive_hours_demanded", "exclusive_staff_hours_demanded", "hours_needed",
         "desired_team_size", "staff_hires", "team_size", "client_circle_headcount",
         "coordination_links", "coordination_load", "climate_pressure", "climate_change",
         "controlling_climate") + _TENSION,
        ("team_size", "coordination_load", "controlling_climate")),
    LoopFamily(
        "stigma", 'R "stigma"', "R",
        _SUPPORT + ("visible_guarding", "stigma_pressure", "stigma_change", "stigma",
                    "self_image_indicated", "self_image_change", "negative_self_image")
        + _TENSION,
        ("stigma", "negative_self_image", "exclusive_share_of_day")),
    LoopFamily(
        "overexploitation", 'R "overexploitation"', "R",
        ("staff_strain", "able_share", "able_staff", "exclusive_carriers", "carrier_hours",
         "guard_pressure", "guard_burden", "strain_pressure", "strain_indicated", "strain_change"),
        ("staff_strain", "able_share", "guard_pressure")),
)

FAMILY_BY_KEY = {f.key: f for f in FAMILIES}

# Each family's name in words, in English and Dutch (the story's names; seed 000).
LOOP_LABELS: dict[str, dict[str, str]] = {
    "en": {"honeymoon": "honeymoon", "dependency": "proximity becomes dependency",
           "guard_role": "guard role wears staff out", "bigger_team": "bigger team, more rules",
           "stigma": "stigma", "overexploitation": "overexploitation"},
    "nl": {"honeymoon": "wittebroodsweken", "dependency": "nabijheid wordt afhankelijkheid",
           "guard_role": "bewakersrol put medewerkers uit",
           "bigger_team": "groter team, meer regels", "stigma": "stigma",
           "overexploitation": "roofbouw"},
}
# The same with the family's polarity in front ("B honeymoon", "R roofbouw").
LOOP_NAMES: dict[str, dict[str, str]] = {
    lang: {key: f"{FAMILY_BY_KEY[key].polarity} {label}" for key, label in labels.items()}
    for lang, labels in LOOP_LABELS.items()}
