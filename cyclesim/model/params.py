"""The parameter table: every constant of the model with unit, default, ranges and source.

``low``/``high`` is the plausible range (what a sweep samples, what the README shows);
``lower``/``upper`` are hard bounds (what is physically meaningful; scenario files are
rejected outside them). Policy parameters are the levers an intervention sets: before
the intervention's start week they hold their pre-intervention value.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np


@dataclass(frozen=True)
class Parameter:
    """One model constant: name, unit, default, ranges and where the value comes from."""

    name: str
    unit: str
    default: float
    low: float
    high: float
    lower: float
    upper: float
    group: str
    source: str
    doc: str
    policy: bool = False


def _p(name, unit, default, low, high, lower, upper, group, source, doc, policy=False):
    return Parameter(name, unit, default, low, high, lower, upper, group, source, doc, policy)


INF = float("inf")

_TABLE: tuple[Parameter, ...] = (
    # --- the intervention (policy levers; 0 or 1 = no intervention) -------------------
    _p("exclusive_hours_per_day", "h/day", 0.0, 0.0, 24.0, 0.0, 24.0, "policy",
       "seed 000: 'most of the day' apart from the group; 12 h/day in the shipped 1-on-1",
       "client hours per day of exclusive (1-on-1) support the policy sets", policy=True),
    _p("staff_per_client", "1", 1.0, 1.0, 2.0, 1.0, 3.0, "policy",
       "seed 000: 1-on-1, or 2-on-1 after a first cycle",
       "staff present per exclusive client hour (1 = 1-on-1, 2 = 2-on-1)", policy=True),
    _p("core_team_size", "FTE", 0.0, 0.0, 8.0, 0.0, 30.0, "policy",
       "seed 000 ('klein kern-team'); core teams of at most ~6 people (Hackman, SOURCES.md)",
       "FTE of a fixed core team that alone carries the exclusive hours; 0 = whole team",
       policy=True),
    _p("self_direction", "1", 0.0, 0.0, 1.0, 0.0, 1.0, "policy",
       "seed 001 (Movisie: 'zorgen dat' instead of 'zorgen voor')",
       "adoption of working from the client's self-direction (0 none, 1 full)", policy=True),
    _p("client_network_hours", "h/week", 0.0, 0.0, 12.0, 0.0, 40.0, "policy",
       "seed 002 (client networks: a peer 'netwerker')",
       "hours per week of shared activities with a peer networker", policy=True),
    _p("one_plan", "1", 0.0, 0.0, 1.0, 0.0, 1.0, "policy",
       "seed 003 (one plan, one coordinator)",
       "adoption of one plan and one coordinator (0 none, 1 full)", policy=True),
    _p("tandem", "1", 0.0, 0.0, 1.0, 0.0, 1.0, "policy",
       "seed 004 (tandem direction: steering handed back to the client)",
       "adoption of tandem direction (0 none, 1 full)", policy=True),
    # --- staffing -----------------------------------------------------------------
    _p("group_support_hours", "h/week", 280.0, 200.0, 400.0, 1.0, 2000.0, "staffing",
       "estimate: 2 staff on 16 day hours + 1 at night for the client's group = 280 h/week",
       "staff hours the client's living group needs without any exclusive support"),
    _p("productive_hours_per_fte", "h/(FTE*week)", 28.1, 26.5, 30.5, 1.0, 40.0, "staffing",
       "1,878 contract h/year (CAO Gehandicaptenzorg art. 6:1) / 1.28 / 52.18 weeks",
       "hours one FTE is actually on the floor per week (after leave, training, meetings)"),
    _p("part_time_factor", "FTE/person", 0.69, 0.6, 0.75, 0.1, 1.0, "staffing",
       "CBS 83670NED: 0.69 FTE per person in disability care",
       "average contract size; turns FTE into people for counting communication links"),
    _p("hiring_time", "week", 13.0, 8.0, 26.0, 1.0, 520.0, "staffing",
       "SOURCES.md: hiring takes 2-4 months",
       "time to close a gap between desired and actual permanent team"),
    _p("relief_margin", "1", 0.0, 0.0, 0.1, 0.0, 0.5, "staffing",
       "estimate: teams are budgeted on hours needed; absence is covered by temps",
       "extra permanent FTE budgeted on top of the hours needed"),
    _p("familiarization_time", "week", 10.0, 4.0, 16.0, 1.0, 104.0, "staffing",
       "SOURCES.md: 1-3 months to get to know the client",
       "time for a new permanent staff member to become familiar to the client"),
    _p("baseline_turnover_rate", "1/year", 0.25, 0.12, 0.4, 0.0, 2.0, "staffing",
       "CBS: ~20 %/year leave the employer; teams around complex clients higher (estimate)",
       "share of permanent staff leaving per year at the reference strain"),
    _p("temp_availability", "1", 0.9, 0.4, 0.95, 0.0, 1.0, "staffing",
       "estimate: agencies fill most but never all shifts asked for (at exactly 1 the rest state sits on the kink of the shortfall and is solved less precisely)",
       "share of the staffing gap that agency staff fill"),
    _p("temp_adjustment_time", "week", 1.0, 1.0, 4.0, 0.5, 52.0, "staffing",
       "estimate: agency shifts are booked within weeks",
       "time for the temp pool to follow the staffing gap"),
    _p("temp_familiarity", "1", 0.2, 0.0, 0.5, 0.0, 1.0, "staffing",
       "estimate: temps rotate, so few become familiar (MODEL.md 'continuity')",
       "how familiar an agency FTE is to the client, relative to a familiar permanent FTE"),
    _p("temp_faces_per_fte", "person/FTE", 3.0, 1.5, 6.0, 1.0, 20.0, "staffing",
       "estimate: an agency FTE is covered by several rotating people",
       "different people behind one FTE of agency staff"),
    _p("max_exclusive_share", "1", 0.6, 0.4, 0.8, 0.05, 1.0, "staffing",
       "estimate: staff also work in the group; 1-on-1 is not their whole week",
       "largest share of a carrier's hours that goes to exclusive shifts"),
    _p("core_exclusive_share", "1", 0.85, 0.7, 1.0, 0.05, 1.0, "staffing",
       "estimate: a core team works mostly with the one client",
       "largest share of a core member's hours that goes to exclusive shifts"),
    _p("temp_exclusive_share", "1", 0.7, 0.4, 0.9, 0.0, 1.0, "staffing",
       "estimate: agency staff are often booked for the individual shifts",
       "largest share of agency hours that goes to exclusive shifts"),
    # --- sickness absence -----------------------------------------------------------
    _p("short_absence_onset_rate", "1/year", 1.17, 1.0, 1.45, 0.0, 10.0, "absence",
       "Vernet 2023: 1.23 spells per worker per year, less the long spells",
       "short sick spells per FTE per year at the reference strain"),
    _p("short_absence_duration", "week", 2.0, 1.4, 4.0, 0.25, 26.0, "absence",
       "derived from Vernet 2023 (8.1 % absence, 45 % in spells > 3 months)",
       "mean length of a short sick spell"),
    _p("incident_absence_effect", "1", 0.8, 0.3, 1.5, 0.0, 5.0, "absence",
       "IZZ 2023: >70 % of staff face aggression monthly; incidents lead to short spells "
       "(injury, shock); estimate: an elasticity around 1 (spells scale with incidents), "
       "from well below to above proportional",
       "relative change of short sick spells per relative change of the incident rate"),
    _p("burnout_onset_rate", "1/year", 0.055, 0.03, 0.1, 0.0, 2.0, "absence",
       "derived: 45 % of 8.1 % absence days in spells of ~240 days (Vernet; ArboNed)",
       "long (burnout) spells per FTE per year at the reference strain"),
    _p("burnout_duration", "week", 34.0, 24.0, 43.0, 1.0, 156.0, "absence",
       "ArboNed figures in the press: ~240 days (170-300)",
       "mean length of a burnout spell"),
    _p("reference_strain", "1", 0.35, 0.25, 0.45, 0.05, 0.95, "absence",
       "calibration: the strain at which the sector's absence and turnover rates hold; "
       "default 0.3 -> 0.35 and high 0.4 -> 0.45 because felt unsafety now adds to the "
       "strain index (issue 10), which raises the index's rest level by about 0.05",
       "strain index at which the onset and turnover rates above apply"),
    # --- cost -------------------------------------------------------------------------
    _p("labour_cost_per_fte", "EUR/(FTE*year)", 64450.0, 60000.0, 70000.0, 1.0, 1e6, "cost",
       "CBS 83670NED: labour cost per FTE, 2024 (provisional)",
       "yearly employer cost of one permanent FTE"),
    _p("temp_cost_premium", "1", 0.3, 0.0, 0.6, 0.0, 3.0, "cost",
       "agencies bill 1.8-2.8 x gross wage vs ~1.8 x for own staff (trade sites; contested)",
       "extra cost of an agency FTE over a permanent FTE"),
    _p("extra_care_funding", "EUR/year", 150000.0, 73000.0, 365365.0, 0.0, 1e7, "cost",
       "NZa/Zorginstituut factsheet: extra-care funding ('meerzorg') averaged EUR 73k per "
       "client per year (2019); maximum personal budget EUR 365,365 (2024, Staatscourant "
       "2023-18273); a client in structural 1-on-1 is well above average (default: estimate)",
       "yearly funding for an intervention's planned exclusive hours; cost above the start "
       "plus this funding weighs on the organisation"),
    _p("network_cost", "EUR/h", 15.0, 0.0, 40.0, 0.0, 500.0, "cost",
       "estimate: expense allowance for a peer networker",
       "cost per hour of shared activity with a peer networker"),
    # --- client ------------------------------------------------------------------------
    _p("proximity_time", "week", 4.0, 2.0, 8.0, 1.0, 52.0, "client",
       "SOURCES.md: the honeymoon comes 1-3 months after 1-on-1 starts",
       "time for felt proximity to follow the support the client gets"),
    _p("group_closeness", "1", 0.3, 0.15, 0.45, 0.0, 1.0, "client",
       "estimate: a familiar group worker is close, but shared with the group",
       "closeness a client feels from group support by a familiar staff member, before "
       "the whole team's rotation (rotation_continuity_floor) is taken into account"),
    _p("two_staff_engagement_gain", "1", 0.1, 0.0, 0.3, 0.0, 1.0, "client",
       "Stancliffe 2011: two staff instead of one add little engagement",
       "extra closeness per extra staff member present"),
    _p("rotation_continuity_floor", "1", 0.6, 0.4, 0.8, 0.0, 1.0, "client",
       "estimate: many staff rotating through the exclusive hours are less continuous",
       "continuity when the exclusive hours are spread over the whole team"),
    _p("dependency_build_time", "week", 26.0, 13.0, 39.0, 1.0, 260.0, "client",
       "SOURCES.md: proximity turns into dependency in 3-9 months",
       "time for dependency to rise toward what proximity indicates"),
    _p("dependency_release_time", "week", 52.0, 26.0, 104.0, 1.0, 520.0, "client",
       "MODEL.md: dependency lowers only slowly (estimate)",
       "time for dependency to fall toward what proximity indicates"),
    _p("self_direction_effect", "1", 0.3, 0.1, 0.5, 0.0, 1.0, "client",
       "seed 001; estimate: the shift is hard in practice (Movisie), so a modest cut at full adoption",
       "reduction of the proximity-to-dependency conversion at full self-direction"),
    _p("self_direction_hours", "h/week", 6.0, 3.0, 12.0, 0.0, 80.0, "client",
       "seed 001: collaboration and consultation with the client take time (estimate)",
       "staff hours per week for consultation at full self-direction"),
    _p("tandem_conversion_effect", "1", 0.3, 0.1, 0.5, 0.0, 1.0, "client",
       "seed 004; estimate",
       "reduction of the proximity-to-dependency conversion at full tandem direction"),
    _p("tandem_release_effect", "1", 1.0, 0.3, 2.0, 0.0, 10.0, "client",
       "seed 004: steering handed back, less relapse (estimate)",
       "relative speed-up of dependency release at full tandem direction"),
    _p("tandem_autonomy_relief", "1", 0.05, 0.02, 0.1, 0.0, 1.0, "client",
       "seed 004: the client in front, steering handed back (estimate)",
       "tension relief from autonomy at full tandem direction without exclusive hours"),
    _p("tandem_hours", "h/week", 4.0, 2.0, 8.0, 0.0, 80.0, "client",
       "seed 004: handing steering back takes attention (estimate)",
       "staff hours per week for tandem direction at full adoption"),
    _p("stigma_time", "week", 52.0, 26.0, 104.0, 1.0, 520.0, "client",
       "SOURCES.md: stigma and self-image move in 6-24 months",
       "time for stigma to follow visible guarding and climate"),
    _p("self_image_time", "week", 26.0, 13.0, 52.0, 1.0, 520.0, "client",
       "SOURCES.md: 6-24 months",
       "time for the negative self-image to follow stigma and dependency"),
    _p("baseline_isolation", "1", 0.3, 0.1, 0.5, 0.0, 1.0, "client",
       "estimate: a client with challenging behaviour is already partly apart",
       "isolation of the client in plain group support"),
    _p("isolation_felt_time", "week", 26.0, 13.0, 52.0, 1.0, 520.0, "client",
       "seed 002: isolation turns into tension as participation is missed; months, like "
       "self-image (SOURCES.md 6-24 months; estimate)",
       "time for the isolation the client feels to follow the isolation it lives in"),
    _p("network_half_hours", "h/week", 6.0, 3.0, 12.0, 0.1, 100.0, "client",
       "seed 002; estimate",
       "networker hours per week that halve isolation"),
    _p("network_participation_effect", "1", 1.0, 0.5, 1.0, 0.0, 1.0, "client",
       "seed 002: a networker brings participation; how much is uncertain (estimate)",
       "participation at very many networker hours (0 = the network has no effect)"),
    _p("network_coaching_ratio", "1", 0.5, 0.25, 1.0, 0.0, 5.0, "client",
       "seed 002: networks need coaching time from staff (estimate)",
       "staff coaching hours per networker hour"),
    _p("tension_time", "week", 2.0, 1.0, 4.0, 0.5, 26.0, "client",
       "estimate: tension follows the day-to-day situation within weeks",
       "time for client tension to follow its drivers"),
    _p("need_habituation", "1", 0.6, 0.3, 0.9, 0.0, 1.0, "client",
       "seed 000: proximity turns into dependency, the relief into a need (estimate)",
       "share of proximity's calming that a fully dependent client no longer feels"),
    _p("need_tension_weight", "1", 0.4, 0.2, 0.7, 0.0, 2.0, "client",
       "seed 000 and MODEL.md: a dependent client is strained by the absence of the presence "
       "it needs (shift changes, unfamiliar faces, a sick carrier); estimate",
       "tension pressure from a fully dependent client missing all closeness"),
    _p("base_client_tension", "1", 0.7, 0.55, 0.85, 0.0, 1.0, "client",
       "seed 000: the client's hard-to-understand behaviour is the starting point",
       "tension pressure from the client's complex needs in plain group support"),
    _p("proximity_relief", "1", 1.0, 0.6, 1.0, 0.0, 1.0, "client",
       "seed 000: proximity brings incidents down in the short term",
       "share of the needs-driven tension that full proximity takes away"),
    _p("unfamiliar_tension_weight", "1", 0.5, 0.2, 0.8, 0.0, 2.0, "client",
       "MODEL.md: a dependent client is strained by every unfamiliar face",
       "tension pressure from unfamiliar contact of a fully dependent client"),
    _p("self_image_tension_weight", "1", 0.45, 0.25, 0.6, 0.0, 2.0, "client",
       "seed 000: a negative self-image brings tension and stress",
       "tension pressure from a fully negative self-image"),
    _p("climate_tension_weight", "1", 0.2, 0.05, 0.4, 0.0, 2.0, "client",
       "Flynn et al. 2018: climate matters more than raw exposure",
       "tension pressure from a fully controlling climate"),
    _p("isolation_tension_weight", "1", 0.06, 0.02, 0.15, 0.0, 2.0, "client",
       "seed 002: isolation drives tension",
       "tension pressure from full isolation"),
    _p("intrusion_tension_weight", "1", 0.06, 0.02, 0.12, 0.0, 2.0, "client",
       "Barnicot et al. 2017; Stewart and Bowers 2010: continuous observation is intrusive "
       "for patients; Stancliffe 2011: a second staff member adds little engagement "
       "(SOURCES.md); size an estimate, of the order of isolation's weight",
       "tension pressure from a second staff member present all waking hours"),
    _p("shortfall_tension_weight", "1", 0.3, 0.1, 0.6, 0.0, 5.0, "client",
       "estimate: missing hours mean less structure for the client",
       "tension pressure from a full staffing shortfall"),
    _p("strain_tension_weight", "1", 0.2, 0.05, 0.4, 0.0, 2.0, "client",
       "Hastings 2002 (Am J Ment Retard 107: 455-467): challenging behaviour and staff "
       "stress go together, the causal direction open; the path from strained staff to "
       "the client (less patience and warmth, more control) is argued here (issue 10, "
       "'after more tension and stress for the client'); size an estimate, of the order "
       "of the climate's weight (0.05-0.4)",
       "tension pressure from fully strained staff around the client"),
    _p("max_incident_rate", "incident/week", 14.0, 7.0, 28.0, 0.0, 500.0, "client",
       "estimate: up to two incidents a day at full tension; IZZ 2023: >70 % of staff "
       "face aggression monthly", "incidents per week at full client tension"),
    # --- staff and team ----------------------------------------------------------------
    _p("strain_time", "week", 24.0, 12.0, 40.0, 1.0, 260.0, "staff",
       "SOURCES.md: strain builds to burnout in 3-12 months",
       "time for staff strain to follow its drivers"),
    _p("guard_strain_weight", "1", 0.6, 0.3, 1.0, 0.0, 5.0, "staff",
       "seed 000: the guard role is a burden; Barnicot 2017: observation stresses staff",
       "strain pressure from guard hours at full load and full dependency"),
    _p("guard_role_floor", "1", 0.2, 0.1, 0.4, 0.0, 1.0, "staff",
       "seed 000: the guard role ('make sure nothing goes wrong during your shift') comes "
       "with the exclusive hours; Barnicot 2017: observation is stressful (estimate). The "
       "assignment is one per client hour: staff present by policy share it (2-on-1: each "
       "carries half of this floor per staff hour; seed 000, a colleague at hand), while "
       "what dependency adds each one carries (guard_burden)",
       "weight of the guard role for a client who is not yet dependent, relative to a "
       "fully dependent one, for one staff member carrying the assignment alone"),
    _p("incident_strain_weight", "1", 0.4, 0.2, 0.6, 0.0, 5.0, "staff",
       "Klaver et al. 2020: exposure to challenging behaviour raises exhaustion",
       "strain pressure at the maximum incident rate, met with divided attention in the "
       "group (incidents met alone act through felt unsafety)"),
    _p("climate_strain_weight", "1", 0.2, 0.1, 0.4, 0.0, 5.0, "staff",
       "Flynn et al. 2018: team climate mediates strain",
       "strain pressure from a fully controlling climate"),
    _p("shortfall_strain_weight", "1", 0.6, 0.3, 1.2, 0.0, 10.0, "staff",
       "SOURCES.md staffing spiral: absence puts extra work on those left",
       "strain pressure from a full staffing shortfall"),
    _p("strain_relief_time", "week", 8.0, 4.0, 16.0, 1.0, 260.0, "staff",
       "estimate: exhaustion builds over months (SOURCES.md 3-12), relief from a lighter "
       "workload is felt within weeks ('time, space and overview', seed 000)",
       "time for staff strain to ease toward lower drivers"),
    _p("unsafety_strain_weight", "1", 0.15, 0.05, 0.3, 0.0, 5.0, "staff",
       "seed 000: hours tied to one client with complex needs can feel unsafe; IZZ 2023: "
       ">70 % face aggression monthly (estimate)",
       "strain pressure from fully felt unsafety"),
    _p("unsafety_time", "week", 6.0, 2.0, 13.0, 0.5, 104.0, "staff",
       "estimate: felt safety follows the incidents staff meet within weeks to months",
       "time for felt unsafety to follow the incidents"),
    _p("lone_unsafety", "1", 0.5, 0.2, 1.0, 0.0, 5.0, "staff",
       "seed 000; Barnicot et al. 2017: continuous observation is stressful for staff "
       "(estimate)",
       "relative extra unsafety of incidents met alone with the client, all day"),
    _p("second_person_wish", "1", 0.25, 0.0, 0.5, 0.0, 1.0, "staff",
       "seed 000: after a cycle organisations try 2-on-1; felt unsafety is the reason "
       "(MODEL.md); estimate",
       "extra staff asked per exclusive hour under 1-on-1 at fully felt unsafety"),
    _p("core_coordination_share", "1", 0.5, 0.25, 0.75, 0.0, 1.0, "staff",
       "MODEL.md: the rest of the group's staff, the temps and the coordination around them "
       "do not vanish when a core team starts (estimate)",
       "share of the coordination about the client a settled core team carrying all "
       "exclusive hours takes over, per share of the day in exclusive hours"),
    _p("climate_time", "week", 26.0, 13.0, 52.0, 1.0, 520.0, "staff",
       "seed 000: rules and agreements pile up 'op den duur' (estimate)",
       "time for the controlling climate to follow coordination problems"),
    _p("coordination_links_half", "1", 150.0, 80.0, 300.0, 1.0, 1e5, "staff",
       "n(n-1)/2 links: 15 people have 105, 18 have 153 (Hackman, SOURCES.md)",
       "communication links at which coordination load is half its maximum"),
    _p("incident_control_weight", "1", 0.2, 0.0, 0.4, 0.0, 2.0, "staff",
       "seed 000: 'make sure nothing goes wrong during your shift'",
       "pressure toward rules from incidents at the maximum rate"),
    _p("one_plan_load_reduction", "1", 0.4, 0.2, 0.6, 0.0, 1.0, "staff",
       "seed 003: all professionals at one table, one coordinator (estimate)",
       "share of the coordination load one plan and one coordinator take away"),
    _p("coordinator_hours", "h/week", 8.0, 4.0, 16.0, 0.0, 80.0, "staff",
       "seed 003: the coordinator role takes hours (estimate)",
       "staff hours per week for one plan and one coordinator at full adoption"),
    _p("dependency_demand_sensitivity", "1", 1.0, 0.5, 2.0, 0.0, 10.0, "policy rule",
       "MODEL.md: hours demanded respond to dependency (estimate)",
       "relative increase of exclusive hours demanded per unit of dependency built up, "
       "near the policy's hours (above them the ask saturates toward the waking week)"),
    _p("incident_demand_sensitivity", "1", 0.5, 0.2, 1.0, 0.0, 10.0, "policy rule",
       "MODEL.md: hours demanded respond to incidents (estimate)",
       "relative change of exclusive hours demanded per relative change of incidents, "
       "near the policy's hours (above them the ask saturates toward the waking week)"),
    _p("satisfaction_time", "week", 8.0, 4.0, 16.0, 1.0, 104.0, "satisfaction",
       "MODEL.md: satisfaction is perceived with a delay (estimate)",
       "time for perceived satisfaction to follow the situation"),
    _p("cost_satisfaction_weight", "1", 0.3, 0.1, 0.6, 0.0, 5.0, "satisfaction",
       "seed 000: high costs are a pain point for the organisation",
       "loss of organisation satisfaction per relative rise of weekly cost"),
    _p("guard_visibility_floor", "1", 0.15, 0.05, 0.4, 0.0, 1.0, "client",
       "seed 000: a fixed 'guard' on the grounds signals 'watch out for this one' (estimate)",
       "visibility of exclusive support as guarding before any dependency has built up"),
    _p("two_staff_visibility", "1", 0.5, 0.2, 1.0, 0.0, 2.0, "client",
       "seed 000: two guards are more visible than one (estimate)",
       "extra visibility of guarding per extra staff member present"),
    _p("climate_stigma_weight", "1", 0.3, 0.1, 0.5, 0.0, 2.0, "client",
       "seed 000: a controlling climate marks the client (estimate)",
       "stigma pressure from a fully controlling climate"),
    _p("isolation_stigma_weight", "1", 0.3, 0.1, 0.5, 0.0, 2.0, "client",
       "seed 002: isolation apart from the group marks the client (estimate)",
       "stigma pressure from full isolation"),
    _p("self_image_stigma_weight", "1", 0.7, 0.5, 0.9, 0.0, 1.0, "client",
       "seed 000: stigma does much to the client's self-image (estimate)",
       "weight of stigma in the negative self-image (the rest is dependency)"),
    # --- the outcome (return to start) and the escalation trigger ------------------
    _p("outcome_weight_incidents", "1", 1.0, 0.0, 1.0, 0.0, 100.0, "outcome",
       "MODEL.md: composite of incidents, absence and satisfaction; equal weights",
       "weight of the incident rate in the composite improvement"),
    _p("outcome_weight_absence", "1", 1.0, 0.0, 1.0, 0.0, 100.0, "outcome",
       "MODEL.md; equal weights", "weight of sickness absence in the composite"),
    _p("outcome_weight_satisfaction", "1", 1.0, 0.0, 1.0, 0.0, 100.0, "outcome",
       "MODEL.md; equal weights", "weight of satisfaction in the composite"),
    _p("honeymoon_threshold", "1", 0.05, 0.02, 0.1, 0.0, 1.0, "outcome",
       "convention: a 5 % composite improvement counts as a honeymoon",
       "composite improvement a run must reach to have had a honeymoon"),
    _p("return_tolerance", "1", 0.0, 0.0, 0.03, -1.0, 1.0, "outcome",
       "convention: back at start means the composite is back at 0 (or below)",
       "composite improvement at or below which the system is back at start"),
    _p("escalation_stages", "1", 0.0, 0.0, 2.0, 0.0, 5.0, "outcome",
       "seed 000: after a cycle, organisations try 2-on-1 or a core team",
       "number of policy switches the escalation trigger may make (0 = none)"),
)

PARAMETERS: dict[str, Parameter] = {p.name: p for p in _TABLE}
POLICY_PARAMETERS: tuple[str, ...] = tuple(p.name for p in _TABLE if p.policy)

# Fixed conversions of the calendar; listed so the units check sees them.
CONSTANTS: dict[str, tuple[float, str]] = {
    "weeks_per_year": (52.18, "week/year"),
    "days_per_week": (7.0, "day/week"),
    "waking_hours_per_week": (112.0, "h/week"),
}


ParameterSet = dict[str, np.ndarray]


def default_parameters(n_runs: int = 1) -> ParameterSet:
    """Every parameter and constant at its default, as arrays of length ``n_runs``."""
    values = {name: np.full(n_runs, p.default) for name, p in PARAMETERS.items()}
    values.update({name: np.full(n_runs, v) for name, (v, _) in CONSTANTS.items()})
    return values


def parameter_set(overrides: dict[str, float | np.ndarray], n_runs: int = 1) -> ParameterSet:
    """Defaults with ``overrides`` applied; arrays in ``overrides`` set ``n_runs``."""
    for value in overrides.values():
        if np.ndim(value) == 1:
            n_runs = len(value)
            break
    values = default_parameters(n_runs)
    for name, value in overrides.items():
        if name not in values:
            raise KeyError(f"unknown parameter {name!r}")
        values[name] = np.broadcast_to(np.asarray(value, dtype=float), (n_runs,)).copy()
    return values


def compact(params: ParameterSet) -> dict[str, np.ndarray | float]:
    """Parameters equal across all runs as plain numbers, the others as arrays.

    Arithmetic with a number gives the same result per element as with an array of that
    number, so this changes no result, only the work: terms made of such parameters are
    computed once instead of once per run."""
    out: dict[str, np.ndarray | float] = {}
    for name, value in params.items():
        value = np.asarray(value)
        out[name] = float(value.flat[0]) if value.size and (value == value.flat[0]).all() else value
    return out


@cache
def unit_of(name: str) -> str:
    """The unit of a parameter or constant."""
    if name in PARAMETERS:
        return PARAMETERS[name].unit
    return CONSTANTS[name][1]


def pre_intervention(params: ParameterSet) -> ParameterSet:
    """The parameters as they are before any intervention (policy levers neutral)."""
    out = dict(params)
    n = len(next(iter(params.values())))
    for name in POLICY_PARAMETERS:
        out[name] = np.full(n, PARAMETERS[name].default)
    return out
