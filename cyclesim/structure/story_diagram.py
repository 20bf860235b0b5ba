"""The story diagram: the causal loop diagram at the level of seed 000's picture.

About twenty named *concepts* (proximity, dependency, support hours, team size, temps,
sickness absence, strain, rules and climate, stigma, self-image, tension, incidents, …),
each grouping listing variables (:data:`CONCEPTS`). Nothing about the links is kept by
hand: a link ``A → B`` is drawn only where a chain of listing links joins a variable of
``A`` to a variable of ``B`` without passing through a third concept, and it carries that
chain's sign (:func:`concept_links`). The links come from two sources:

* **the six MODEL.md loops**: each family's chain (:mod:`cyclesim.model.loop_families`)
  is projected onto the concepts it passes, so every loop closes in the diagram with the
  same polarity as in the listing;
* **story links** (:data:`STORY_LINKS`): pairs the story names that lie on no loop chain
  (temps cost money, incidents lower satisfaction, …); each is drawn only if a chain is
  found in the listing (shortest path through variables of no other concept).

The sign of a chain counts from the variable where it *enters* ``A`` to the one where it
enters ``B``, each taken with its orientation in its concept (a member listed in
``inverted`` means the opposite of the concept's name, e.g. *unfamiliar contact* in
*continuity*). Summed around a loop, these signs give exactly the loop's polarity.

**Extending.** A new listing variable that belongs to a concept is added to that concept's
``members`` (tests check every member exists in the listing). A variable in no concept is
simply part of the chains between concepts. A concept whose members are all absent from
the listing is left out of the diagram, with its links.

**Layout.** Fixed and documented: :data:`CONCEPTS` give each concept's position on a
16 × 10 grid (x right, y up), arranged as the seed picture: the client's side (support,
proximity, dependency, tension, incidents, stigma, self-image) on the left and in the
middle, the team's side (team, temps, coordination, rules, strain, absence, those who can
still do the shifts) on the right, cost and satisfaction at the bottom. Each loop's R/B
marker sits at the documented point of :data:`LOOP_MARKERS`. A test renders the diagram
and checks that no two labels' bounding boxes intersect.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from functools import cache

from cyclesim.model.graph import Structure, structure
from cyclesim.model.loop_families import FAMILIES, LoopFamily

LANGUAGES = ("nl", "en")


@dataclass(frozen=True)
class Concept:
    """One named concept: the listing variables it groups, its place and its labels."""

    key: str
    en: str
    nl: str
    x: float
    y: float
    members: tuple[str, ...]
    inverted: tuple[str, ...] = ()  # members that mean the opposite of the concept's name
    stock: bool = True  # drawn as a box (it holds a stock) or as plain text

    def label(self, lang: str) -> str:
        return self.nl if lang == "nl" else self.en

    def orientation(self, variable: str) -> int:
        return -1 if variable in self.inverted else 1


CONCEPTS: tuple[Concept, ...] = (
    Concept("incidents", "incidents", "incidenten", 0.9, 5.0,
            ("incident_rate", "incident_share"), stock=False),
    Concept("support", "1-on-1 hours", "1-op-1-uren", 4.4, 9.2,
            ("exclusive_hours_demanded", "exclusive_staff_hours_demanded",
             "permanent_exclusive_hours", "temp_exclusive_hours",
             "exclusive_staff_hours_delivered", "exclusive_hours_delivered",
             "exclusive_share_of_day"), stock=False),
    Concept("proximity", "proximity", "nabijheid", 3.4, 7.0,
            ("proximity", "proximity_change", "support_closeness")),
    Concept("dependency", "dependency", "afhankelijkheid", 6.0, 6.6,
            ("dependency", "dependency_indicated", "dependency_change",
             "dependency_conversion")),
    Concept("guard", "guard role", "bewakersrol", 7.9, 8.2,
            ("guard_pressure", "guard_burden", "visible_guarding"), stock=False),
    Concept("team", "team size", "teamgrootte", 11.2, 9.6,
            ("team_size", "staff_hires", "staff_exits", "desired_team_size", "hours_needed",
             "cumulative_hires", "cumulative_exits")),
    Concept("temps", "temps", "uitzendkrachten", 11.8, 3.2,
            ("temp_staff", "temp_staff_indicated", "temp_adjustment", "temp_share")),
    Concept("coordination", "coordination load", "afstemming", 15.1, 7.8,
            ("client_circle_headcount", "coordination_links", "coordination_load"),
            stock=False),
    Concept("climate", "rules and controlling climate", "regels, beheersmatig klimaat",
            14.6, 1.2, ("controlling_climate", "climate_pressure", "climate_change")),
    Concept("strain", "staff strain", "belasting", 11.6, 7.4,
            ("staff_strain", "strain_pressure", "strain_change")),
    Concept("able", "staff who can still do 1-on-1", "wie 1-op-1 nog kan", 9.4, 6.1,
            ("able_share", "able_staff", "exclusive_carriers", "carrier_hours",
             "carrier_exclusive_share", "carrier_familiar_share"), stock=False),
    Concept("absence", "sickness absence", "ziekteverzuim", 12.8, 5.2,
            ("short_sick_staff", "burnout_sick_staff", "short_sick_onset",
             "short_sick_recovery", "short_sick_exits", "burnout_onset", "burnout_recovery",
             "burnout_exits", "sickness_absence", "sickness_absence_share",
             "sickness_absence_percentage")),
    Concept("continuity", "familiar faces", "vertrouwde gezichten", 10.0, 2.0,
            ("familiar_staff", "familiar_share", "familiarization", "familiar_exits",
             "familiar_share_at_work", "continuity", "rotation_continuity",
             "familiar_exclusive_share", "unfamiliar_contact"),
            inverted=("unfamiliar_contact",)),
    Concept("stigma", "stigma", "stigma", 7.0, 4.8, ("stigma", "stigma_pressure",
                                                     "stigma_change")),
    Concept("self_image", "negative self-image", "negatief zelfbeeld", 6.4, 3.2,
            ("negative_self_image", "self_image_indicated", "self_image_change")),
    Concept("tension", "tension and stress", "spanning en stress", 4.0, 1.0,
            ("client_tension", "tension_pressure", "tension_indicated", "tension_change")),
    Concept("isolation", "isolation", "isolement", 0.9, 2.6,
            ("isolation", "network_participation"),
            inverted=("network_participation",), stock=False),
    Concept("satisfaction", "satisfaction", "tevredenheid", 7.6, 0.1,
            ("satisfaction", "client_satisfaction", "staff_satisfaction",
             "organisation_satisfaction", "client_satisfaction_change",
             "staff_satisfaction_change", "organisation_satisfaction_change")),
    Concept("cost", "cost", "kosten", 15.3, 4.4, ("cost_per_week", "cumulative_cost")),
)
CONCEPT_BY_KEY = {c.key: c for c in CONCEPTS}

# Links the story names that lie on no MODEL.md loop chain: drawn where the listing has a
# chain between the two concepts (and only then).
STORY_LINKS: tuple[tuple[str, str], ...] = (
    ("temps", "coordination"), ("climate", "strain"), ("incidents", "satisfaction"), ("absence", "satisfaction"),
    ("temps", "cost"), ("team", "cost"), ("isolation", "tension"),
)

# Where each loop's R/B marker sits (grid units), inside the loop it names.
LOOP_MARKERS: dict[str, tuple[float, float]] = {
    "honeymoon": (2.3, 4.6), "dependency": (5.4, 8.1), "guard_role": (9.4, 4.2),
    "bigger_team": (13.4, 8.6), "stigma": (5.0, 4.9), "overexploitation": (9.7, 7.3),
}



@dataclass(frozen=True)
class ConceptLink:
    """A drawn link between two concepts, its sign, and the listing chain behind it."""

    source: str
    target: str
    sign: int
    chain: tuple[str, ...]  # listing variables, first in ``source``, last in ``target``
    families: tuple[str, ...] = ()  # MODEL.md loops it lies on


@dataclass(frozen=True)
class StoryDiagram:
    """The concepts present in the listing, their links, and each loop as concept cycle."""

    concepts: tuple[Concept, ...]
    links: tuple[ConceptLink, ...]
    loops: dict[str, tuple[str, ...]] = field(default_factory=dict)  # family -> concepts
    polarity: dict[str, str] = field(default_factory=dict)  # family -> "R"/"B"

    def link(self, source: str, target: str) -> ConceptLink:
        return next(l for l in self.links if (l.source, l.target) == (source, target))


def membership(model: Structure, concepts=CONCEPTS) -> dict[str, Concept]:
    """Listing variable -> the concept grouping it (members absent from the listing are
    skipped; a variable in two concepts is an error)."""
    names = set(model.variable_names)
    out: dict[str, Concept] = {}
    for concept in concepts:
        for member in concept.members:
            if member in names:
                if member in out:
                    raise ValueError(f"{member} is in two concepts: {out[member].key}, "
                                     f"{concept.key}")
                out[member] = concept
    return out


def chain_sign(chain: tuple[str, ...], signs: dict[tuple[str, str], int],
               of: dict[str, Concept]) -> int:
    """The sign of a chain between concepts: product of its links' declared signs, times
    the orientation of its first and last variable in their concepts (0 if a link is
    missing or has no declared sign)."""
    sign = of[chain[0]].orientation(chain[0]) * of[chain[-1]].orientation(chain[-1])
    for pair in zip(chain, chain[1:]):
        sign *= signs.get(pair, 0)
    return sign


def _project(family: LoopFamily, of: dict[str, Concept]) -> list[tuple[str, str, tuple]]:
    """A family's closed chain as concept links: (source, target, variable chain from the
    entry into source to the entry into target). An entry is a variable of a concept whose
    predecessor on the (cyclic) chain is not in the same concept."""
    chain, n = family.chain, len(family.chain)
    entries = [i for i, v in enumerate(chain)
               if v in of and of.get(chain[i - 1]) is not of[v]]
    out = []
    for k, start in enumerate(entries):
        stop = entries[(k + 1) % len(entries)]
        length = (stop - start) % n or n
        segment = tuple(chain[(start + j) % n] for j in range(length + 1))
        if of[segment[0]] is not of[segment[-1]]:
            out.append((of[segment[0]].key, of[segment[-1]].key, segment))
    return out


def _search(source: Concept, target: Concept, model: Structure, of: dict[str, Concept]
            ) -> tuple[str, ...] | None:
    """The shortest chain of listing links from a variable of ``source`` to one of
    ``target`` through variables of ``source`` or of no concept."""
    nexts: dict[str, list[str]] = {}
    for link in model.links():
        nexts.setdefault(link.source, []).append(link.target)
    starts = [m for m in source.members if m in of]
    previous: dict[str, str | None] = {m: None for m in starts}
    queue = deque(starts)
    while queue:
        here = queue.popleft()
        for there in nexts.get(here, ()):
            if there in previous:
                continue
            previous[there] = here
            concept = of.get(there)
            if concept is target:
                chain = [there]
                while previous[chain[-1]] is not None:
                    chain.append(previous[chain[-1]])
                chain.reverse()
                # count from the last variable of ``source`` on the chain (its entry)
                last = max(i for i, v in enumerate(chain) if of.get(v) is source)
                return tuple(chain[last:])
            if concept is None or concept is source:
                queue.append(there)
    return None


def build(model: Structure | None = None, concepts=CONCEPTS,
          families: tuple[LoopFamily, ...] = FAMILIES,
          story_links=STORY_LINKS) -> StoryDiagram:
    """The story diagram of ``model`` (the shipped listing by default)."""
    model = model or structure()
    of = membership(model, concepts)
    present = tuple(c for c in concepts if any(m in of for m in c.members))
    signs = {(l.source, l.target): l.sign for l in model.links()}
    found: dict[tuple[str, str], ConceptLink] = {}
    loops, polarity = {}, {}
    for family in families:
        projected = _project(family, of)
        if not projected or any(pair not in signs for pair in
                                zip(family.chain, family.chain[1:] + family.chain[:1])):
            continue  # a chain the listing no longer has is not drawn
        loops[family.key] = tuple(s for s, _, _ in projected)
        polarity[family.key] = family.polarity
        for source, target, chain in projected:
            key = (source, target)
            sign = chain_sign(chain, signs, of)
            if key in found:
                old = found[key]
                if old.sign != sign:  # two chains of opposite sign: not one drawn link
                    raise ValueError(f"{source} -> {target}: the chains {old.chain} and "
                                     f"{chain} have opposite signs; split a concept")
                found[key] = ConceptLink(source, target, old.sign, old.chain,
                                         tuple(dict.fromkeys(old.families + (family.key,))))
            else:
                found[key] = ConceptLink(source, target, sign, chain, (family.key,))
    keys = {c.key: c for c in present}
    for source, target in story_links:
        if (source, target) in found or source not in keys or target not in keys:
            continue
        chain = _search(keys[source], keys[target], model, of)
        if chain:
            found[(source, target)] = ConceptLink(source, target,
                                                  chain_sign(chain, signs, of), chain)
    return StoryDiagram(present, tuple(found.values()), loops, polarity)


@cache
def story_diagram() -> StoryDiagram:
    """The story diagram of the shipped listing (built once per process)."""
    return build()
