"""The model listing: every stock, flow and auxiliary of the 1-on-1 support cycle.

Read it like a Vensim or Stella listing. Time is in weeks, staff in FTE, money in euros;
soft quantities are indices in [0, 1] whose 0 and 1 are stated per stock. Each function
is one equation; its arguments are its inputs, ``signs`` declares the polarity of each
causal link into it, and its unit stands in the decorator. Parameters are listed with
units, ranges and sources in :mod:`cyclesim.model.params`.

Feedback loops (MODEL.md), each a closed chain of the variables below:

* B "honeymoon": incident_rate → demand_multiplier → exclusive_hours_demanded →
  exclusive_staff_hours_demanded → permanent_exclusive_hours → exclusive_staff_hours_delivered
  → exclusive_hours_delivered → exclusive_share_of_day → support_closeness → proximity_change
  → proximity → proximity_calming → tension_pressure (−) → tension_indicated →
  tension_change → client_tension → incident_rate.
* R "proximity becomes dependency": proximity → dependency_indicated → dependency_change →
  dependency → demand_multiplier → … → support_closeness → proximity.
* R "guard role wears staff out": exclusive_staff_hours_demanded → guard_pressure →
  guard_burden → strain_pressure → strain_indicated → strain_change → staff_strain →
  burnout_onset → burnout_sick_staff → staff_available (−) → temp_staff_indicated (−) →
  temp_staff → staff_at_work → familiar_share_at_work (−) → unfamiliar_contact (−) →
  tension_pressure → … → incident_rate → demand.
* R "bigger team, more rules": hours_needed → desired_team_size → staff_hires → team_size →
  client_circle_headcount → coordination_links → coordination_load → climate_pressure →
  controlling_climate → tension_pressure → … → incident_rate → … → hours_needed.
* R "stigma": exclusive_share_of_day → visible_guarding → stigma_pressure → stigma →
  self_image_indicated → negative_self_image → tension_pressure → … → exclusive_share_of_day.
* R "overexploitation": staff_strain → able_share → able_staff → exclusive_carriers →
  carrier_hours (−) guard_pressure → guard_burden → strain_pressure → staff_strain.

The story's reasons (MODEL.md, issue 10), each a mechanism in the listing:

* Staff honeymoon: exclusive hours take the client's incidents off staff who also serve the
  group (divided_attention falls: "time, space and overview"), so strain_indicated drops,
  short sick spells follow the current pressure within weeks and strain eases within
  strain_relief_time; as dependency grows the overview goes (OVERVIEW_FROM_DEPENDENCY) and
  the guard role (guard_burden, with guard_role_floor from day one) and overexploitation
  wear the carriers out.
* Unsafety: felt_unsafety (stock) follows the incidents staff meet, more when alone with the
  client (lone_share); it adds to strain, lowers staff satisfaction and raises the wish for
  a second person (staff_present). A second staff member present lowers it at first and
  shares the shift's assignment 'make sure nothing goes wrong' (the guard role's floor in
  guard_burden, not what dependency adds to it), while doubling exclusive staffing and
  visible guarding and adding little engagement and some intrusion
  (second_staff_presence).
* Relief turns into need: the same proximity calms a dependent client less
  (proximity_calming) and the closeness it misses strains it more (missed_presence); a
  dependent client accepts only familiar carriers (accepted_share).
* Back at start for all parties: incidents also bring short sick spells
  (incident_absence_effect); strained staff strain the client (staff_strain in
  tension_pressure); the overview exclusive hours give staff is gone once the client is
  dependent (OVERVIEW_FROM_DEPENDENCY), so the staff's honeymoon ends with the client's;
  only exclusive hours the team can staff weigh on the carriers (guard_pressure); client satisfaction counts proximity enjoyed, not needed; the
  organisation weighs cost above what extra-care funding covers; isolation is felt over
  months (felt_isolation).
* Core team: a core team takes the exclusive hours as far as it can carry them
  (core_focus), narrowing the carriers continuously; the coordination about the client moves
  into the core only in part and as it settles in (core_coordination stock). A core team as
  large as the team is the whole team; a core team of almost nobody leaves the whole team
  carrying. Exclusive hours come only out of the hours left once the group is covered
  (spare_hours).

``cyclesim loops`` finds these (and more) from the listing itself.
"""

from __future__ import annotations

from cyclesim.model.elements import Stock, aux, flow
from cyclesim.model.primitives import (
    Table,
    clip01,
    if_positive,
    lookup,
    maximum,
    minimum,
    positive,
    safe_divide,
)

# ---------------------------------------------------------------------------------
# Table functions (graphical functions, clamped at their ends)
# ---------------------------------------------------------------------------------
DEPENDENCY_FROM_PROXIMITY = Table(
    "dependency_from_proximity", (0.0, 0.2, 0.4, 0.6, 0.8, 1.0),
    (0.05, 0.1, 0.25, 0.5, 0.7, 0.8),
    "dependency a client comes to feel at a sustained level of proximity")
STRAIN_FROM_PRESSURE = Table(
    "strain_from_pressure", (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0),
    (0.0, 0.28, 0.5, 0.66, 0.78, 0.92, 1.0),
    "strain that a sustained pressure produces; saturates at 1")
ABLE_SHARE_FROM_STRAIN = Table(
    "able_share_from_strain", (0.0, 0.3, 0.5, 0.7, 0.85, 1.0),
    (1.0, 1.0, 0.8, 0.5, 0.25, 0.15),
    "share of staff at work who can still do individual shifts")
SHORT_ABSENCE_FROM_STRAIN = Table(
    "short_absence_from_strain", (0.0, 0.5, 1.0, 1.5, 2.0, 2.5),
    (0.5, 0.7, 1.0, 1.5, 2.0, 2.2),
    "multiplier on short sick spells, strain relative to the reference strain")
BURNOUT_FROM_STRAIN = Table(
    "burnout_from_strain", (0.0, 0.5, 1.0, 1.5, 2.0, 2.5),
    (0.2, 0.4, 1.0, 2.5, 4.5, 5.0),
    "multiplier on burnout spells, strain relative to the reference strain")
TURNOVER_FROM_STRAIN = Table(
    "turnover_from_strain", (0.0, 0.5, 1.0, 1.5, 2.0, 2.5),
    (0.6, 0.8, 1.0, 1.5, 2.0, 2.2),
    "multiplier on turnover, strain relative to the reference strain")
TENSION_FROM_PRESSURE = Table(
    "tension_from_pressure", (0.0, 0.25, 0.5, 0.75, 1.0, 1.5),
    (0.0, 0.25, 0.5, 0.7, 0.85, 1.0),
    "client tension that a sustained pressure produces")
INCIDENTS_FROM_TENSION = Table(
    "incidents_from_tension", (0.0, 0.25, 0.5, 0.75, 1.0),
    (0.02, 0.1, 0.3, 0.6, 1.0),
    "incident rate as a share of the maximum, by client tension")
CLIMATE_FROM_PRESSURE = Table(
    "climate_from_pressure", (0.0, 0.25, 0.5, 0.75, 1.0, 1.5),
    (0.0, 0.2, 0.45, 0.65, 0.8, 1.0),
    "how controlling the climate becomes under coordination pressure")
STIGMA_FROM_PRESSURE = Table(
    "stigma_from_pressure", (0.0, 0.25, 0.5, 0.75, 1.0, 1.5),
    (0.02, 0.2, 0.45, 0.65, 0.8, 1.0),
    "stigma that sustained visible guarding, climate and isolation produce")

OVERVIEW_FROM_DEPENDENCY = Table(
    "overview_from_dependency", (0.0, 0.15, 0.3, 0.45, 0.6, 0.8),
    (1.0, 0.8, 0.3, 0.05, 0.0, 0.0),
    "share of the 'time, space and overview' exclusive hours give staff that a client of "
    "this dependency leaves them: half gone at about three times a typical start "
    "dependency, gone by the dependency at which clients come back (estimate; issue 10)")
UNSAFETY_FROM_EXPOSURE = Table(
    "unsafety_from_exposure", (0.0, 0.25, 0.5, 0.75, 1.0, 1.5),
    (0.0, 0.3, 0.55, 0.72, 0.85, 1.0),
    "unsafety staff come to feel at a sustained exposure to incidents; saturates at 1")

TABLES = (
    DEPENDENCY_FROM_PROXIMITY, STRAIN_FROM_PRESSURE, ABLE_SHARE_FROM_STRAIN,
    SHORT_ABSENCE_FROM_STRAIN, BURNOUT_FROM_STRAIN, TURNOVER_FROM_STRAIN,
    TENSION_FROM_PRESSURE, INCIDENTS_FROM_TENSION, CLIMATE_FROM_PRESSURE,
    STIGMA_FROM_PRESSURE, UNSAFETY_FROM_EXPOSURE, OVERVIEW_FROM_DEPENDENCY,
)

TINY_HOURS = 1e-6  # [h/week] floor in ratios of hours; only matters with no staff at all
TINY_FTE = 1e-6  # [FTE]

# ---------------------------------------------------------------------------------
# Stocks
# ---------------------------------------------------------------------------------
STOCKS = (
    Stock("proximity", "1", ("proximity_change",), (),
          "closeness the client feels: 0 none, 1 a constant familiar presence"),
    Stock("dependency", "1", ("dependency_change",), (),
          "client's belief it cannot function without intensive support: 0 none, 1 total"),
    Stock("team_size", "FTE", ("staff_hires",), ("staff_exits",),
          "permanent staff on the client's team, at work or off sick"),
    Stock("familiar_staff", "FTE", ("familiarization",), ("familiar_exits",),
          "permanent staff the client knows well (a co-flow inside team_size)"),
    Stock("temp_staff", "FTE", ("temp_adjustment",), (),
          "agency (temp) staff working for the client's team"),
    Stock("short_sick_staff", "FTE", ("short_sick_onset",),
          ("short_sick_recovery", "short_sick_exits"),
          "permanent staff off sick in short spells (a co-flow inside team_size)"),
    Stock("burnout_sick_staff", "FTE", ("burnout_onset",),
          ("burnout_recovery", "burnout_exits"),
          "permanent staff off sick in long burnout spells (a co-flow inside team_size)"),
    Stock("stigma", "1", ("stigma_change",), (),
          "signal to others that the client is dangerous: 0 none, 1 marked as a danger"),
    Stock("negative_self_image", "1", ("self_image_change",), (),
          "client's negative view of themself: 0 none, 1 wholly negative"),
    Stock("staff_strain", "1", ("strain_change",), (),
          "strain of the staff carrying the client's shifts: 0 rested, 1 exhausted"),
    Stock("felt_unsafety", "1", ("unsafety_change",), (),
          "unsafety staff feel in their work with the client: 0 safe, 1 constantly unsafe"),
    Stock("core_coordination", "1", ("core_coordination_change",), (),
          "share of the coordination about the client that has moved into a core team: "
          "0 none (the whole team coordinates), 1 all"),
    Stock("felt_isolation", "1", ("felt_isolation_change",), (),
          "isolation as the client has come to feel it: 0 none, 1 wholly apart"),
    Stock("controlling_climate", "1", ("climate_change",), (),
          "rules and agreements governing the work: 0 open, 1 fully controlling"),
    Stock("client_tension", "1", ("tension_change",), (),
          "tension and stress of the client: 0 calm, 1 constant crisis"),
    Stock("client_satisfaction", "1", ("client_satisfaction_change",), (),
          "perceived satisfaction of the client: 0 none, 1 full"),
    Stock("staff_satisfaction", "1", ("staff_satisfaction_change",), (),
          "perceived satisfaction of the staff: 0 none, 1 full"),
    Stock("organisation_satisfaction", "1", ("organisation_satisfaction_change",), (),
          "perceived satisfaction of the organisation: 0 none, 1 full"),
    Stock("cumulative_cost", "EUR", ("cost_per_week",), (),
          "staff and intervention cost since the start of the run", accumulator=True),
    Stock("cumulative_hires", "FTE", ("staff_hires",), (),
          "permanent FTE hired since the start of the run", accumulator=True),
    Stock("cumulative_exits", "FTE", ("staff_exits",), (),
          "permanent FTE that left since the start of the run", accumulator=True),
    Stock("escalation_stage", "1", ("escalation_step",), (),
          "policy stage latched by the escalation trigger: 0 first policy, k after k "
          "switches", latched=True),
    Stock("stage_peak_improvement", "1", ("peak_update",), (),
          "best improvement seen in the current stage", latched=True),
    Stock("stage_start_incident_rate", "incident/week", ("stage_start_incident_update",), (),
          "incident rate when the current policy stage began", latched=True,
          initial="incident_rate"),
    Stock("stage_start_absence_share", "1", ("stage_start_absence_update",), (),
          "sickness-absence share when the current policy stage began", latched=True,
          initial="sickness_absence_share"),
    Stock("stage_start_satisfaction", "1", ("stage_start_satisfaction_update",), (),
          "satisfaction when the current policy stage began", latched=True,
          initial="satisfaction"),
)

# Rest-state values that effect terms measure against ("relative to the start").
REFERENCES = ("incident_rate", "dependency", "sickness_absence_share", "satisfaction",
              "cost_per_week")


# ---------------------------------------------------------------------------------
# The exclusive-support decision rule
# ---------------------------------------------------------------------------------
@aux("1", signs={"dependency": +1, "incident_rate": +1})
def demand_multiplier(dependency, reference_dependency, incident_rate,
                      reference_incident_rate, dependency_demand_sensitivity,
                      incident_demand_sensitivity):
    """How much the exclusive hours asked for exceed the policy: grows with dependency
    built up since the start and with incidents above their starting rate."""
    return positive(1.0
                    + dependency_demand_sensitivity * positive(dependency - reference_dependency)
                    + incident_demand_sensitivity
                    * (safe_divide(incident_rate, reference_incident_rate, 1e-9) - 1.0))


@aux("h/week", signs={"demand_multiplier": +1})
def exclusive_hours_demanded(exclusive_hours_per_day, days_per_week, demand_multiplier,
                             waking_hours_per_week):
    """Client hours per week of exclusive support asked for. Dependency and incidents ask
    for presence while the client is awake: the rule raises the policy's hours toward the
    waking week (where proximity is felt), saturating smoothly (MODEL.md: dependency on
    demand saturates; the rule's slope at the policy is kept), while a policy may itself
    set night hours."""
    policy_hours = exclusive_hours_per_day * days_per_week
    headroom = positive(waking_hours_per_week - policy_hours)
    asked = policy_hours * (demand_multiplier - 1.0)  # the rule's linear ask above the policy
    added = if_positive(asked, safe_divide(asked * headroom, asked + headroom, 1e-9), asked)
    return policy_hours + added


@aux("1", signs={"felt_unsafety": +1})
def staff_present(staff_per_client, second_person_wish, felt_unsafety):
    """Staff asked to be present per exclusive client hour: the policy's number, plus the
    wish for a second person that felt unsafety brings while the policy is 1-on-1 (a
    colleague on call or doubled at risky moments; at 2-on-1 and above, none)."""
    return staff_per_client + second_person_wish * felt_unsafety * positive(2.0 - staff_per_client)


@aux("h/week", signs={"exclusive_hours_demanded": +1, "staff_present": +1})
def exclusive_staff_hours_demanded(exclusive_hours_demanded, staff_present):
    """Staff hours the exclusive support asks for (2-on-1 doubles them)."""
    return exclusive_hours_demanded * staff_present


@aux("h/week")
def intervention_overhead_hours(self_direction, self_direction_hours, client_network_hours,
                                network_coaching_ratio, one_plan, coordinator_hours,
                                tandem, tandem_hours):
    """Staff hours the seed interventions cost: consultation, coaching, coordination."""
    return (self_direction * self_direction_hours
            + client_network_hours * network_coaching_ratio
            + one_plan * coordinator_hours
            + tandem * tandem_hours)


@aux("h/week", signs={"exclusive_staff_hours_demanded": +1,
                      "intervention_overhead_hours": +1})
def hours_needed(group_support_hours, exclusive_staff_hours_demanded,
                 intervention_overhead_hours):
    """All staff hours per week the team is asked to deliver."""
    return group_support_hours + exclusive_staff_hours_demanded + intervention_overhead_hours


# ---------------------------------------------------------------------------------
# Team, sickness absence (co-flow), familiarity (co-flow), temps
# ---------------------------------------------------------------------------------
@aux("FTE", signs={"team_size": +1, "short_sick_staff": -1, "burnout_sick_staff": -1})
def staff_available(team_size, short_sick_staff, burnout_sick_staff):
    """Permanent staff at work (not off sick)."""
    return positive(team_size - short_sick_staff - burnout_sick_staff)


@aux("FTE", signs={"hours_needed": +1})
def desired_team_size(hours_needed, productive_hours_per_fte, relief_margin):
    """Permanent team the organisation budgets for the hours needed."""
    return hours_needed / productive_hours_per_fte * (1.0 + relief_margin)


@aux("1/week", signs={"staff_strain": +1})
def turnover_rate(baseline_turnover_rate, weeks_per_year, staff_strain, reference_strain):
    """Share of permanent staff leaving per week; rises with strain."""
    return (baseline_turnover_rate / weeks_per_year
            * lookup(staff_strain / reference_strain, TURNOVER_FROM_STRAIN))


@flow("FTE/week", signs={"team_size": +1, "turnover_rate": +1})
def staff_exits(team_size, turnover_rate):
    """Permanent staff leaving the team."""
    return team_size * turnover_rate


@flow("FTE/week", signs={"staff_exits": +1, "desired_team_size": +1, "team_size": -1})
def staff_hires(staff_exits, desired_team_size, team_size, hiring_time):
    """Hiring: replace leavers and close the gap to the desired team over the hiring time."""
    return positive(staff_exits + (desired_team_size - team_size) / hiring_time)


@flow("FTE/week", signs={"team_size": +1, "familiar_staff": -1})
def familiarization(team_size, familiar_staff, familiarization_time):
    """Unfamiliar permanent staff becoming familiar to the client."""
    return positive(team_size - familiar_staff) / familiarization_time


@flow("FTE/week", signs={"familiar_staff": +1, "turnover_rate": +1})
def familiar_exits(familiar_staff, turnover_rate):
    """Familiar staff leaving with the team's turnover."""
    return familiar_staff * turnover_rate


def _sick_onset(staff_available, spells_per_year, weeks_per_year, relative_strain, table):
    """Spells starting per week [FTE/week]: the yearly rate at the reference strain, scaled
    by the table's effect of the strain relative to that reference."""
    return staff_available * spells_per_year / weeks_per_year * lookup(relative_strain, table)


@flow("FTE/week", signs={"staff_available": +1, "strain_indicated": +1, "incident_rate": +1})
def short_sick_onset(staff_available, short_absence_onset_rate, weeks_per_year,
                     strain_indicated, reference_strain, incident_absence_effect,
                     incident_rate, reference_incident_rate):
    """Staff reporting sick for a short spell: more often under the current pressure of
    the work (short spells answer this week's load, burnout the strain built up), and
    after incidents (injury, shock) more often than at the start's incident rate."""
    after_incidents = positive(1.0 + incident_absence_effect
                               * (safe_divide(incident_rate, reference_incident_rate, 1e-9)
                                  - 1.0))
    return after_incidents * _sick_onset(staff_available, short_absence_onset_rate,
                                         weeks_per_year, strain_indicated / reference_strain,
                                         SHORT_ABSENCE_FROM_STRAIN)


@flow("FTE/week", signs={"short_sick_staff": +1})
def short_sick_recovery(short_sick_staff, short_absence_duration):
    """Staff back at work after a short spell."""
    return short_sick_staff / short_absence_duration


@flow("FTE/week", signs={"short_sick_staff": +1, "turnover_rate": +1})
def short_sick_exits(short_sick_staff, turnover_rate):
    """Staff who leave the team while off sick (their share of the turnover)."""
    return short_sick_staff * turnover_rate


@flow("FTE/week", signs={"staff_available": +1, "staff_strain": +1})
def burnout_onset(staff_available, burnout_onset_rate, weeks_per_year, staff_strain,
                  reference_strain):
    """Staff going off sick with burnout; steeply more often under strain."""
    return _sick_onset(staff_available, burnout_onset_rate, weeks_per_year,
                       staff_strain / reference_strain, BURNOUT_FROM_STRAIN)


@flow("FTE/week", signs={"burnout_sick_staff": +1})
def burnout_recovery(burnout_sick_staff, burnout_duration):
    """Staff back at work after a burnout spell."""
    return burnout_sick_staff / burnout_duration


@flow("FTE/week", signs={"burnout_sick_staff": +1, "turnover_rate": +1})
def burnout_exits(burnout_sick_staff, turnover_rate):
    """Staff who leave the team while off with burnout."""
    return burnout_sick_staff * turnover_rate


@aux("FTE", signs={"short_sick_staff": +1, "burnout_sick_staff": +1})
def sickness_absence(short_sick_staff, burnout_sick_staff):
    """All permanent staff off sick."""
    return short_sick_staff + burnout_sick_staff


@aux("1", signs={"sickness_absence": +1, "team_size": -1})
def sickness_absence_share(sickness_absence, team_size):
    """Share of the permanent team off sick (×100 = the absence percentage)."""
    return safe_divide(sickness_absence, team_size, TINY_FTE)


@aux("1", signs={"sickness_absence_share": +1})
def sickness_absence_percentage(sickness_absence_share):
    """Sickness absence as a percentage of the permanent team [%]."""
    return 100.0 * sickness_absence_share


@aux("FTE", signs={"hours_needed": +1, "staff_available": -1})
def temp_staff_indicated(temp_availability, hours_needed, productive_hours_per_fte,
                         staff_available):
    """Agency staff booked to fill the gap between hours needed and staff at work."""
    return temp_availability * positive(hours_needed / productive_hours_per_fte
                                        - staff_available)


@flow("FTE/week", signs={"temp_staff_indicated": +1, "temp_staff": -1})
def temp_adjustment(temp_staff_indicated, temp_staff, temp_adjustment_time):
    """Agency bookings following the gap."""
    return (temp_staff_indicated - temp_staff) / temp_adjustment_time


@aux("1", signs={"temp_staff": +1, "team_size": -1})
def temp_share(temp_staff, team_size):
    """Share of agency staff among all staff working for the client's team."""
    return safe_divide(temp_staff, team_size + temp_staff, TINY_FTE)


@aux("FTE", signs={"staff_available": +1, "temp_staff": +1})
def staff_at_work(staff_available, temp_staff):
    """Permanent and agency staff at work."""
    return staff_available + temp_staff


@aux("1", signs={"staff_at_work": -1, "intervention_overhead_hours": +1})
def staffing_shortfall(staff_at_work, productive_hours_per_fte, group_support_hours,
                       intervention_overhead_hours):
    """Share of the group's hours (and the interventions' own hours) that nobody is there
    to work; exclusive hours come only out of what is left (see spare_hours)."""
    return positive(1.0 - staff_at_work * productive_hours_per_fte
                    / (group_support_hours + intervention_overhead_hours))


@aux("h/week", signs={"staff_at_work": +1, "intervention_overhead_hours": -1})
def spare_hours(staff_at_work, productive_hours_per_fte, group_support_hours,
                intervention_overhead_hours):
    """Staff hours at work beyond what the group and the interventions need: the most the
    exclusive hours can take without leaving the group short (the decision rule: hours
    delivered are limited by the staff there are)."""
    return positive(staff_at_work * productive_hours_per_fte - group_support_hours
                    - intervention_overhead_hours)


# ---------------------------------------------------------------------------------
# Who carries the exclusive hours
# ---------------------------------------------------------------------------------
@aux("1", signs={"staff_strain": -1})
def able_share(staff_strain):
    """Share of permanent staff at work who can still do individual shifts."""
    return lookup(staff_strain, ABLE_SHARE_FROM_STRAIN)


@aux("1", signs={"familiar_share": +1, "dependency": -1})
def accepted_share(familiar_share, dependency):
    """Share of the permanent staff the client accepts in an individual shift: familiar
    staff always, unfamiliar staff only as far as the client is not dependent on its
    familiar faces (MODEL.md 'continuity')."""
    return familiar_share + (1.0 - familiar_share) * (1.0 - dependency)


@aux("FTE", signs={"staff_available": +1, "able_share": +1, "accepted_share": +1})
def able_staff(staff_available, able_share, accepted_share):
    """Permanent staff at work able to do individual shifts: not worn out, and accepted
    by the client."""
    return staff_available * able_share * accepted_share


@aux("FTE", signs={"able_staff": +1})
def core_members(core_team_size, able_staff):
    """Members of a core team at work and able to do individual shifts (0: no core team)."""
    return minimum(core_team_size, able_staff)


@aux("1", signs={"core_members": +1, "exclusive_staff_hours_demanded": -1})
def core_focus(core_members, productive_hours_per_fte, core_exclusive_share,
               exclusive_staff_hours_demanded):
    """Share of the exclusive hours a core team can take on itself (0: no core team, 1: it
    can carry them all); the rest is spread over the other able staff."""
    capacity = core_members * productive_hours_per_fte * core_exclusive_share
    return minimum(safe_divide(capacity, exclusive_staff_hours_demanded, TINY_HOURS), 1.0)


@aux("FTE", signs={"able_staff": +1, "core_members": +1, "core_focus": -1})
def exclusive_carriers(able_staff, core_members, core_focus):
    """Permanent staff who carry the exclusive hours: all who are able, narrowed to the
    core team as far as it can carry them. A core team as large as the able staff is the
    whole team; a core team of almost nobody leaves the whole team carrying."""
    return able_staff - positive(able_staff - core_members) * core_focus


@aux("h/week", signs={"exclusive_carriers": +1})
def carrier_hours(exclusive_carriers, productive_hours_per_fte):
    """Hours the carriers work in a week (exclusive and group shifts together)."""
    return exclusive_carriers * productive_hours_per_fte


@aux("1")
def core_share_of_team(core_team_size, productive_hours_per_fte, group_support_hours):
    """Size of a core team relative to the team the group's hours need (0: no core team,
    1: a core team as large as that team or larger)."""
    return minimum(core_team_size * productive_hours_per_fte / group_support_hours, 1.0)


@aux("1", signs={"core_focus": +1})
def carrier_exclusive_share(max_exclusive_share, core_exclusive_share, core_focus,
                            core_share_of_team):
    """Largest share of a carrier's hours that can go to exclusive shifts: a core team
    gives most of its hours to the one client only while the rest of the team covers the
    group, so the share falls back to the whole team's as the core grows to the team."""
    extra = positive(core_exclusive_share - max_exclusive_share)
    return max_exclusive_share + extra * core_focus * (1.0 - core_share_of_team)


@aux("1", signs={"exclusive_staff_hours_demanded": +1, "spare_hours": +1,
                 "carrier_hours": -1})
def guard_pressure(exclusive_staff_hours_demanded, spare_hours, carrier_hours):
    """Exclusive hours asked of the carriers per hour they work (above 1: overexploited).

    Only hours the team can staff at all are asked of anyone: hours for which nobody is
    at work beyond the group are not worked (see spare_hours), and weigh on no carrier."""
    asked = minimum(exclusive_staff_hours_demanded, spare_hours)
    return minimum(safe_divide(asked, carrier_hours, TINY_HOURS), 3.0)


@aux("h/week", signs={"exclusive_staff_hours_demanded": +1, "carrier_hours": +1,
                      "carrier_exclusive_share": +1})
def permanent_exclusive_hours(exclusive_staff_hours_demanded, carrier_hours,
                              carrier_exclusive_share):
    """Exclusive hours delivered by permanent carriers, up to their exclusive capacity."""
    return minimum(exclusive_staff_hours_demanded, carrier_hours * carrier_exclusive_share)


@aux("h/week", signs={"exclusive_staff_hours_demanded": +1, "permanent_exclusive_hours": -1,
                      "temp_staff": +1})
def temp_exclusive_hours(exclusive_staff_hours_demanded, permanent_exclusive_hours,
                         temp_staff, productive_hours_per_fte, temp_exclusive_share):
    """Exclusive hours agency staff take over from the carriers."""
    return minimum(exclusive_staff_hours_demanded - permanent_exclusive_hours,
                   temp_staff * productive_hours_per_fte * temp_exclusive_share)


@aux("h/week", signs={"permanent_exclusive_hours": +1, "temp_exclusive_hours": +1,
                      "spare_hours": +1})
def exclusive_staff_hours_delivered(permanent_exclusive_hours, temp_exclusive_hours,
                                    spare_hours):
    """Staff hours of exclusive support actually delivered: what carriers and temps can
    take on, as far as staff are left over once the group is covered."""
    return minimum(permanent_exclusive_hours + temp_exclusive_hours, spare_hours)


@aux("h/week", signs={"exclusive_staff_hours_delivered": +1, "staff_present": -1})
def exclusive_hours_delivered(exclusive_staff_hours_delivered, staff_present):
    """Client hours of exclusive support actually delivered."""
    return exclusive_staff_hours_delivered / staff_present


@aux("1", signs={"exclusive_hours_delivered": +1})
def exclusive_share_of_day(exclusive_hours_delivered, waking_hours_per_week):
    """Share of the client's waking hours spent in exclusive support, apart from the group."""
    return minimum(exclusive_hours_delivered / waking_hours_per_week, 1.0)


# ---------------------------------------------------------------------------------
# Continuity: who the client meets
# ---------------------------------------------------------------------------------
@aux("1", signs={"familiar_staff": +1, "team_size": -1})
def familiar_share(familiar_staff, team_size):
    """Share of the permanent team the client knows well."""
    return minimum(safe_divide(familiar_staff, team_size, TINY_FTE), 1.0)


@aux("1", signs={"familiar_share": +1, "core_focus": +1})
def carrier_familiar_share(familiar_share, core_share_of_team, core_focus):
    """Share of carriers familiar to the client: a core team is filled from the familiar
    staff first (fully familiar while it is a small part of the team); a core team as
    large as the team is as familiar as the team."""
    core_familiar = minimum(safe_divide(familiar_share, core_share_of_team, 1e-9), 1.0)
    return familiar_share + positive(core_familiar - familiar_share) * core_focus


@aux("1", signs={"permanent_exclusive_hours": +1, "carrier_familiar_share": +1,
                 "temp_exclusive_hours": -1})
def familiar_exclusive_share(permanent_exclusive_hours, carrier_familiar_share,
                             temp_exclusive_hours, temp_familiarity):
    """Share of exclusive hours delivered by staff familiar to the client."""
    familiar_hours = (permanent_exclusive_hours * carrier_familiar_share
                      + temp_exclusive_hours * temp_familiarity)
    return safe_divide(familiar_hours, permanent_exclusive_hours + temp_exclusive_hours,
                       TINY_HOURS)


@aux("1", signs={"permanent_exclusive_hours": +1, "carrier_hours": -1})
def rotation_continuity(rotation_continuity_floor, permanent_exclusive_hours,
                        staff_per_client, carrier_hours):
    """Continuity from few people sharing the exclusive hours (1: the same person always).

    Concentration counts client hours per carrier hour: a second staff member present
    does not make the first one more constant."""
    concentration = minimum(safe_divide(permanent_exclusive_hours / staff_per_client,
                                        carrier_hours, TINY_HOURS), 1.0)
    return rotation_continuity_floor + (1.0 - rotation_continuity_floor) * concentration


@aux("1", signs={"familiar_exclusive_share": +1, "rotation_continuity": +1})
def continuity(familiar_exclusive_share, rotation_continuity):
    """Continuity of the exclusive support: familiar and not rotating."""
    return familiar_exclusive_share * rotation_continuity


@aux("1", signs={"familiar_staff": +1, "sickness_absence_share": -1, "temp_staff": +1,
                 "staff_at_work": -1})
def familiar_share_at_work(familiar_staff, sickness_absence_share, temp_staff,
                           temp_familiarity, staff_at_work):
    """Share of the staff at work whom the client knows well."""
    familiar = familiar_staff * (1.0 - sickness_absence_share) + temp_staff * temp_familiarity
    return minimum(safe_divide(familiar, staff_at_work, TINY_FTE), 1.0)


@aux("1", signs={"exclusive_share_of_day": +1, "continuity": +1,
                 "familiar_share_at_work": +1})
def support_closeness(exclusive_share_of_day, continuity, two_staff_engagement_gain,
                      staff_per_client, group_closeness, familiar_share_at_work,
                      rotation_continuity_floor):
    """Closeness the support offers: exclusive hours by familiar staff, group hours less so.

    Group hours are shared with the group and spread over the whole rotating team (the
    continuity floor); exclusive hours give undivided attention, as continuous as the
    carriers are few and familiar. 2-on-1 adds little engagement (Stancliffe 2011)."""
    engagement = 1.0 + two_staff_engagement_gain * (staff_per_client - 1.0)
    exclusive = exclusive_share_of_day * minimum(continuity * engagement, 1.0)
    group = ((1.0 - exclusive_share_of_day) * group_closeness * familiar_share_at_work
             * rotation_continuity_floor)
    return clip01(exclusive + group)


@aux("1", signs={"exclusive_share_of_day": 0, "familiar_exclusive_share": -1,
                 "familiar_share_at_work": -1})
def unfamiliar_contact(exclusive_share_of_day, familiar_exclusive_share,
                       familiar_share_at_work):
    """Share of the client's contact time with staff the client does not know well.

    More exclusive hours lower it where the carriers are more familiar than the staff at
    work in the group, and raise it where temps carry the exclusive hours; the sign of
    that link depends on who carries them, so it is declared 0 (not fixed)."""
    return (exclusive_share_of_day * (1.0 - familiar_exclusive_share)
            + (1.0 - exclusive_share_of_day) * (1.0 - familiar_share_at_work))


# ---------------------------------------------------------------------------------
# The client: proximity, dependency, isolation, stigma, self-image, tension, incidents
# ---------------------------------------------------------------------------------
@flow("1/week", signs={"support_closeness": +1, "proximity": -1})
def proximity_change(support_closeness, proximity, proximity_time):
    """Felt proximity following the closeness of the support."""
    return (support_closeness - proximity) / proximity_time


@aux("1")
def dependency_conversion(self_direction, self_direction_effect, tandem,
                          tandem_conversion_effect):
    """How strongly proximity turns into dependency (1: fully; self-direction and tandem
    direction lower it)."""
    return positive(1.0 - self_direction * self_direction_effect
                    - tandem * tandem_conversion_effect)


@aux("1", signs={"proximity": +1, "dependency_conversion": +1})
def dependency_indicated(proximity, dependency_conversion):
    """Dependency that the current proximity would build up to."""
    return lookup(proximity * dependency_conversion, DEPENDENCY_FROM_PROXIMITY)


@flow("1/week", signs={"dependency_indicated": +1, "dependency": -1})
def dependency_change(dependency_indicated, dependency, dependency_build_time,
                      dependency_release_time, tandem, tandem_release_effect):
    """Dependency builds slowly toward what proximity indicates and lowers more slowly;
    tandem direction speeds up the release."""
    gap = dependency_indicated - dependency
    release_time = dependency_release_time / (1.0 + tandem * tandem_release_effect)
    return if_positive(gap, gap / dependency_build_time, gap / release_time)


@aux("1")
def network_participation(client_network_hours, network_half_hours,
                          network_participation_effect):
    """Participation a peer network brings (0 none, up to the effect with many hours)."""
    return (network_participation_effect * client_network_hours
            / (client_network_hours + network_half_hours))


@aux("1", signs={"exclusive_share_of_day": +1, "network_participation": -1})
def isolation(baseline_isolation, exclusive_share_of_day, network_participation):
    """How apart from others the client lives: exclusive support isolates, networks
    reconnect."""
    apart = baseline_isolation + (1.0 - baseline_isolation) * exclusive_share_of_day
    return apart * (1.0 - network_participation)


@flow("1/week", signs={"isolation": +1, "felt_isolation": -1})
def felt_isolation_change(isolation, felt_isolation, isolation_felt_time):
    """Isolation felt over months: out of the busy group is a relief at first, missing the
    others builds up (seed 002)."""
    return (isolation - felt_isolation) / isolation_felt_time


@aux("1", signs={"exclusive_share_of_day": +1, "dependency": +1})
def visible_guarding(exclusive_share_of_day, staff_per_client, two_staff_visibility,
                     guard_visibility_floor, dependency):
    """How visibly the client is guarded: exclusive hours, more staff, and a guard role
    that deepens with dependency."""
    presence = 1.0 + two_staff_visibility * (staff_per_client - 1.0)
    guard_role = guard_visibility_floor + (1.0 - guard_visibility_floor) * dependency
    return clip01(exclusive_share_of_day * presence * guard_role)


@aux("1", signs={"exclusive_share_of_day": +1})
def second_staff_presence(exclusive_share_of_day, staff_per_client):
    """Share of the client's waking hours with a second staff member always present by
    policy (2-on-1; a colleague on call at risky moments is not always at hand)."""
    return exclusive_share_of_day * positive(staff_per_client - 1.0)


@aux("1", signs={"visible_guarding": +1, "controlling_climate": +1, "isolation": +1})
def stigma_pressure(visible_guarding, climate_stigma_weight, controlling_climate,
                    isolation_stigma_weight, isolation):
    """What marks the client in others' eyes."""
    return (visible_guarding + climate_stigma_weight * controlling_climate
            + isolation_stigma_weight * isolation)


@flow("1/week", signs={"stigma_pressure": +1, "stigma": -1})
def stigma_change(stigma_pressure, stigma, stigma_time):
    """Stigma following visible guarding, climate and isolation over months."""
    return (lookup(stigma_pressure, STIGMA_FROM_PRESSURE) - stigma) / stigma_time


@aux("1", signs={"stigma": +1, "dependency": +1})
def self_image_indicated(self_image_stigma_weight, stigma, dependency):
    """Negative self-image that stigma and dependency would bring."""
    return self_image_stigma_weight * stigma + (1.0 - self_image_stigma_weight) * dependency


@flow("1/week", signs={"self_image_indicated": +1, "negative_self_image": -1})
def self_image_change(self_image_indicated, negative_self_image, self_image_time):
    """Self-image following stigma and dependency."""
    return (self_image_indicated - negative_self_image) / self_image_time


@aux("1", signs={"proximity": +1, "dependency": -1})
def proximity_calming(proximity_relief, proximity, need_habituation, dependency):
    """Share of the needs-driven tension that felt proximity takes away. The more the
    client depends on the presence, the less the same presence calms: relief turns into
    need (seed 000)."""
    return proximity_relief * proximity * (1.0 - need_habituation * dependency)


@aux("1", signs={"dependency": +1, "support_closeness": -1})
def missed_presence(dependency, support_closeness):
    """How much a dependent client misses the presence it has come to need: dependency
    times the closeness it does not get (a shift change, an unfamiliar face, a sick
    carrier, group hours)."""
    return dependency * (1.0 - support_closeness)


@aux("1", signs={"proximity_calming": -1, "missed_presence": +1, "dependency": +1,
                 "unfamiliar_contact": +1, "negative_self_image": +1,
                 "controlling_climate": +1, "felt_isolation": +1, "staffing_shortfall": +1,
                 "exclusive_share_of_day": +1, "second_staff_presence": +1,
                 "staff_strain": +1})
def tension_pressure(base_client_tension, proximity_calming, need_tension_weight,
                     missed_presence, unfamiliar_tension_weight, dependency,
                     unfamiliar_contact, self_image_tension_weight, negative_self_image,
                     climate_tension_weight, controlling_climate,
                     isolation_tension_weight, felt_isolation, shortfall_tension_weight,
                     staffing_shortfall, tandem, tandem_autonomy_relief,
                     exclusive_share_of_day, intrusion_tension_weight,
                     second_staff_presence, strain_tension_weight, staff_strain):
    """What drives the client's tension: needs (calmed by proximity, and by the autonomy
    tandem direction hands back as exclusive hours go), the presence a dependent client
    misses, unfamiliar faces for a dependent client, self-image, climate, isolation,
    missing staff, the intrusion of a second staff member always at hand, and strained
    staff around it (less patience, more control)."""
    autonomy = tandem * tandem_autonomy_relief * (1.0 - exclusive_share_of_day)
    return (base_client_tension * (1.0 - proximity_calming) - autonomy
            + need_tension_weight * missed_presence
            + unfamiliar_tension_weight * dependency * unfamiliar_contact
            + self_image_tension_weight * negative_self_image
            + climate_tension_weight * controlling_climate
            + isolation_tension_weight * felt_isolation
            + shortfall_tension_weight * staffing_shortfall
            + intrusion_tension_weight * second_staff_presence
            + strain_tension_weight * staff_strain)


@aux("1", signs={"tension_pressure": +1})
def tension_indicated(tension_pressure):
    """Tension the current pressure produces."""
    return lookup(tension_pressure, TENSION_FROM_PRESSURE)


@flow("1/week", signs={"tension_indicated": +1, "client_tension": -1})
def tension_change(tension_indicated, client_tension, tension_time):
    """Client tension following its drivers within weeks."""
    return (tension_indicated - client_tension) / tension_time


@aux("incident/week", signs={"client_tension": +1})
def incident_rate(max_incident_rate, client_tension):
    """Incidents of challenging behaviour per week."""
    return max_incident_rate * lookup(client_tension, INCIDENTS_FROM_TENSION)


@aux("1", signs={"incident_rate": +1})
def incident_share(incident_rate, max_incident_rate):
    """Incident rate as a share of the maximum."""
    return safe_divide(incident_rate, max_incident_rate, 1e-9)


# ---------------------------------------------------------------------------------
# Staff strain and the controlling climate
# ---------------------------------------------------------------------------------
@aux("1", signs={"guard_pressure": +1, "dependency": +1})
def guard_burden(guard_pressure, guard_role_floor, dependency, staff_per_client):
    """Burden of the guard role: exclusive load on carriers ('make sure nothing goes wrong
    during your shift' from the first day), heavier as dependency grows.

    guard_pressure counts staff hours, so at 2-on-1 each carrier spends twice the hours
    in exclusive shifts. The assignment for the shift (the floor) is one per client hour:
    staff present by policy share it (divided by staff_per_client; a colleague on call
    under 1-on-1 is not always at hand, so it is not shared there). What dependency adds,
    a client that feels it cannot function without the intensive support of whoever is
    with it, each staff member present carries for every hour (seed 000)."""
    return guard_pressure * (guard_role_floor / staff_per_client
                             + (1.0 - guard_role_floor) * dependency)


@aux("1", signs={"incident_share": +1, "exclusive_share_of_day": -1, "dependency": +1})
def divided_attention(incident_share, exclusive_share_of_day, dependency):
    """Incidents staff meet without time, space or overview for this one client: in the
    group, and in exclusive hours as far as a dependent client's constant demands take the
    overview away (seed 000: first 'time, space and overview', later the guard role)."""
    overview = lookup(dependency, OVERVIEW_FROM_DEPENDENCY)
    return incident_share * (1.0 - exclusive_share_of_day * overview)


@aux("1", signs={"incident_share": +1, "lone_share": +1})
def unsafety_indicated(incident_share, lone_unsafety, lone_share):
    """Unsafety that the incidents staff meet would bring: more where staff are alone with
    the client, without a colleague at hand."""
    return lookup(incident_share * (1.0 + lone_unsafety * lone_share), UNSAFETY_FROM_EXPOSURE)


@aux("1", signs={"exclusive_share_of_day": +1, "staff_present": -1})
def lone_share(exclusive_share_of_day, staff_present):
    """Share of the client's waking hours a staff member spends alone with the client
    (exclusive hours without a second staff member present)."""
    return exclusive_share_of_day * clip01(2.0 - staff_present)


@flow("1/week", signs={"unsafety_indicated": +1, "felt_unsafety": -1})
def unsafety_change(unsafety_indicated, felt_unsafety, unsafety_time):
    """Felt unsafety following the incidents staff meet, within weeks to months."""
    return (unsafety_indicated - felt_unsafety) / unsafety_time


@aux("1", signs={"guard_burden": +1, "divided_attention": +1, "controlling_climate": +1,
                 "staffing_shortfall": +1, "felt_unsafety": +1})
def strain_pressure(guard_strain_weight, guard_burden, incident_strain_weight,
                    divided_attention, climate_strain_weight, controlling_climate,
                    shortfall_strain_weight, staffing_shortfall, unsafety_strain_weight,
                    felt_unsafety):
    """What wears the carriers out: guarding, incidents met with divided attention in the
    group, climate, missing colleagues, and the unsafety of incidents met alone."""
    return (guard_strain_weight * guard_burden
            + incident_strain_weight * divided_attention
            + climate_strain_weight * controlling_climate
            + shortfall_strain_weight * staffing_shortfall
            + unsafety_strain_weight * felt_unsafety)


@aux("1", signs={"strain_pressure": +1})
def strain_indicated(strain_pressure):
    """Strain the current pressure of the work would bring if it lasted."""
    return lookup(strain_pressure, STRAIN_FROM_PRESSURE)


@flow("1/week", signs={"strain_indicated": +1, "staff_strain": -1})
def strain_change(strain_indicated, staff_strain, strain_time, strain_relief_time):
    """Strain following its drivers: it builds over months, and eases within weeks once
    the work gets lighter (time, space and overview)."""
    gap = strain_indicated - staff_strain
    return if_positive(gap, gap / strain_time, gap / strain_relief_time)


@aux("1", signs={"core_focus": +1, "exclusive_share_of_day": +1})
def core_coordination_indicated(core_focus, exclusive_share_of_day,
                                core_coordination_share):
    """Share of the coordination about the client a settled core team takes over: only
    its part of the exclusive hours; the group hours, nights and temps stay with all."""
    return core_coordination_share * core_focus * exclusive_share_of_day


@flow("1/week", signs={"core_coordination_indicated": +1, "core_coordination": -1})
def core_coordination_change(core_coordination_indicated, core_coordination,
                             familiarization_time):
    """Coordination moving into a core team as it settles in with the client."""
    return (core_coordination_indicated - core_coordination) / familiarization_time


@aux("person", signs={"team_size": +1, "temp_staff": +1, "core_coordination": -1})
def client_circle_headcount(core_team_size, team_size, part_time_factor, temp_staff,
                            temp_faces_per_fte, core_coordination):
    """People coordinating about the client: the whole team and the agency faces, less the
    part of those outside a core team whose coordination the core has taken over."""
    permanent = team_size - positive(team_size - core_team_size) * core_coordination
    return permanent / part_time_factor + temp_staff * temp_faces_per_fte


@aux("1", signs={"client_circle_headcount": +1})
def coordination_links(client_circle_headcount):
    """Communication links n(n-1)/2 among the people around the client (Hackman)."""
    return 0.5 * client_circle_headcount * positive(client_circle_headcount - 1.0)


@aux("1", signs={"coordination_links": +1})
def coordination_load(coordination_links, coordination_links_half, one_plan,
                      one_plan_load_reduction):
    """How hard coordination is: 0 none, 1 unmanageable; one plan and one coordinator
    take part of it away for the same team (seed 003)."""
    load = coordination_links / (coordination_links + coordination_links_half)
    return load * (1.0 - one_plan * one_plan_load_reduction)


@aux("1", signs={"coordination_load": +1, "incident_share": +1})
def climate_pressure(coordination_load, incident_control_weight, incident_share):
    """Pressure toward rules: coordination problems, and incidents to be prevented."""
    return coordination_load + incident_control_weight * incident_share


@flow("1/week", signs={"climate_pressure": +1, "controlling_climate": -1})
def climate_change(climate_pressure, controlling_climate, climate_time):
    """Rules and agreements piling up, or easing, over months."""
    return (lookup(climate_pressure, CLIMATE_FROM_PRESSURE) - controlling_climate) / climate_time


# ---------------------------------------------------------------------------------
# Satisfaction (perceived with a delay) and cost
# ---------------------------------------------------------------------------------
@flow("1/week", signs={"proximity": +1, "dependency": -1, "client_tension": -1,
                       "negative_self_image": -1, "client_satisfaction": -1})
def client_satisfaction_change(proximity, dependency, client_tension, negative_self_image,
                               client_satisfaction, satisfaction_time):
    """Client satisfaction: proximity enjoyed rather than needed, calm and a positive
    self-image, equally weighted."""
    indicated = (proximity * (1.0 - dependency) + (1.0 - client_tension)
                 + (1.0 - negative_self_image)) / 3.0
    return (indicated - client_satisfaction) / satisfaction_time


@flow("1/week", signs={"staff_strain": -1, "controlling_climate": -1,
                       "incident_share": -1, "felt_unsafety": -1, "staff_satisfaction": -1})
def staff_satisfaction_change(staff_strain, controlling_climate, incident_share,
                              felt_unsafety, staff_satisfaction, satisfaction_time):
    """Staff satisfaction: low strain, an open climate, few incidents and safe work,
    equally weighted."""
    indicated = ((1.0 - staff_strain) + (1.0 - controlling_climate)
                 + (1.0 - incident_share) + (1.0 - felt_unsafety)) / 4.0
    return (indicated - staff_satisfaction) / satisfaction_time


@aux("EUR/week")
def cost_budget_per_week(reference_cost_per_week, exclusive_hours_per_day, days_per_week,
                         staff_per_client, productive_hours_per_fte, labour_cost_per_fte,
                         extra_care_funding, weeks_per_year):
    """What the organisation can pay without pain: the start's weekly cost plus the
    policy's planned exclusive hours at its own staff's cost, as far as extra-care funding
    ('meerzorg') covers them."""
    planned_fte = (exclusive_hours_per_day * days_per_week * staff_per_client
                   / productive_hours_per_fte)
    funded = minimum(planned_fte * labour_cost_per_fte, extra_care_funding)
    return reference_cost_per_week + funded / weeks_per_year


@flow("1/week", signs={"incident_share": -1, "temp_share": -1, "sickness_absence_share": -1,
                       "cost_per_week": -1, "cost_budget_per_week": +1,
                       "organisation_satisfaction": -1})
def organisation_satisfaction_change(incident_share, temp_share, sickness_absence_share,
                                     cost_satisfaction_weight, cost_per_week,
                                     cost_budget_per_week, organisation_satisfaction,
                                     satisfaction_time):
    """Organisation satisfaction: few incidents, a stable team, and cost not above what it
    set aside (at rest: the start's cost; with an intervention, plus its planned hours)."""
    cost_rise = positive(safe_divide(cost_per_week, cost_budget_per_week, 1.0) - 1.0)
    indicated = clip01(((1.0 - incident_share)
                        + (1.0 - temp_share - sickness_absence_share)
                        + (1.0 - cost_satisfaction_weight * cost_rise)) / 3.0)
    return (indicated - organisation_satisfaction) / satisfaction_time


@aux("1", signs={"client_satisfaction": +1, "staff_satisfaction": +1,
                 "organisation_satisfaction": +1})
def satisfaction(client_satisfaction, staff_satisfaction, organisation_satisfaction):
    """Satisfaction of all parties: the mean of client, staff and organisation."""
    return (client_satisfaction + staff_satisfaction + organisation_satisfaction) / 3.0


@flow("EUR/week", signs={"team_size": +1, "temp_staff": +1})
def cost_per_week(team_size, temp_staff, labour_cost_per_fte, temp_cost_premium,
                  weeks_per_year, client_network_hours, network_cost):
    """Staff cost (agency staff at a premium) plus the networkers' expenses."""
    staff_cost = (team_size + temp_staff * (1.0 + temp_cost_premium)) * labour_cost_per_fte
    return staff_cost / weeks_per_year + client_network_hours * network_cost


# ---------------------------------------------------------------------------------
# The return to start, inside the model (for the escalation trigger)
# ---------------------------------------------------------------------------------
def _signed_improvement(incident_rate, incident_start, absence_share, absence_start,
                        satisfaction, satisfaction_start, weight_incidents, weight_absence,
                        weight_satisfaction):
    """Weighted mean of the indicators as signed fractions of their start (better > 0)."""
    incidents = 1.0 - safe_divide(incident_rate, incident_start, 1e-9)
    absence = 1.0 - safe_divide(absence_share, absence_start, 1e-9)
    content = safe_divide(satisfaction, satisfaction_start, 1e-9) - 1.0
    total_weight = weight_incidents + weight_absence + weight_satisfaction
    return safe_divide(weight_incidents * incidents + weight_absence * absence
                       + weight_satisfaction * content, total_weight, 1e-9)


@aux("1", signs={"incident_rate": -1, "sickness_absence_share": -1, "satisfaction": +1})
def composite_improvement(incident_rate, reference_incident_rate, sickness_absence_share,
                          reference_sickness_absence_share, satisfaction,
                          reference_satisfaction, outcome_weight_incidents,
                          outcome_weight_absence, outcome_weight_satisfaction):
    """Improvement of the key indicators over the start of the run (better positive): the
    quantity whose return to 0 is the return to start."""
    return _signed_improvement(incident_rate, reference_incident_rate, sickness_absence_share,
                               reference_sickness_absence_share, satisfaction,
                               reference_satisfaction, outcome_weight_incidents,
                               outcome_weight_absence, outcome_weight_satisfaction)


@aux("1", signs={"incident_rate": -1, "sickness_absence_share": -1, "satisfaction": +1,
                 "stage_start_incident_rate": +1, "stage_start_absence_share": +1,
                 "stage_start_satisfaction": -1})
def stage_improvement(incident_rate, stage_start_incident_rate, sickness_absence_share,
                      stage_start_absence_share, satisfaction, stage_start_satisfaction,
                      outcome_weight_incidents, outcome_weight_absence,
                      outcome_weight_satisfaction):
    """The same improvement, measured from the start of the current policy stage: each
    escalation step is judged against the state it started from."""
    return _signed_improvement(incident_rate, stage_start_incident_rate,
                               sickness_absence_share, stage_start_absence_share,
                               satisfaction, stage_start_satisfaction,
                               outcome_weight_incidents, outcome_weight_absence,
                               outcome_weight_satisfaction)


@flow("incident/(week*week)", signs={"escalation_trigger": 0, "incident_rate": +1,
                                     "stage_start_incident_rate": -1})
def stage_start_incident_update(escalation_trigger, incident_rate, stage_start_incident_rate,
                                dt):
    """Takes the incident rate as the new stage's start value when the stage switches."""
    return escalation_trigger * (incident_rate - stage_start_incident_rate) / dt


@flow("1/week", signs={"escalation_trigger": 0, "sickness_absence_share": +1,
                       "stage_start_absence_share": -1})
def stage_start_absence_update(escalation_trigger, sickness_absence_share,
                               stage_start_absence_share, dt):
    """Takes the absence share as the new stage's start value when the stage switches."""
    return escalation_trigger * (sickness_absence_share - stage_start_absence_share) / dt


@flow("1/week", signs={"escalation_trigger": 0, "satisfaction": +1,
                       "stage_start_satisfaction": -1})
def stage_start_satisfaction_update(escalation_trigger, satisfaction,
                                    stage_start_satisfaction, dt):
    """Takes satisfaction as the new stage's start value when the stage switches."""
    return escalation_trigger * (satisfaction - stage_start_satisfaction) / dt


@aux("1", signs={"stage_peak_improvement": +1, "stage_improvement": -1,
                 "escalation_stage": -1})
def escalation_trigger(escalation_stages, escalation_stage, stage_peak_improvement,
                       honeymoon_threshold, stage_improvement, return_tolerance):
    """1 when a next stage exists and the current one is back at its start after a
    honeymoon, or has declined below its start by the honeymoon threshold without one;
    else 0."""
    back_at_start = if_positive(return_tolerance - stage_improvement + 1e-12, 1.0, 0.0)
    declined = if_positive(-honeymoon_threshold - stage_improvement + 1e-12, 1.0, 0.0)
    switch = if_positive(stage_peak_improvement - honeymoon_threshold + 1e-12,
                         back_at_start, declined)
    return if_positive(escalation_stages - escalation_stage - 0.5, switch, 0.0)


@flow("1/week", signs={"escalation_trigger": +1})
def escalation_step(escalation_trigger, dt):
    """Latches the next policy stage the step the trigger fires."""
    return escalation_trigger / dt


@flow("1/week", signs={"stage_improvement": +1, "stage_peak_improvement": -1,
                       "escalation_trigger": -1})
def peak_update(stage_improvement, stage_peak_improvement, escalation_trigger, dt):
    """Keeps the best improvement of the current stage; resets it when the stage switches."""
    raised = maximum(stage_improvement, stage_peak_improvement)
    target = if_positive(escalation_trigger, 0.0, raised)
    return (target - stage_peak_improvement) / dt
