"""Every parameter as words, in English and Dutch: what a report or a page shows a care
team instead of the code name (``exclusive_hours_per_day`` is "exclusieve uren per dag").

Keyed by the parameter's name in :data:`cyclesim.model.params.PARAMETERS`; a test checks
that every parameter has both labels. Units stay as the parameter table gives them.
"""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # the intervention
    "exclusive_hours_per_day": ("exclusive hours per day", "exclusieve uren per dag"),
    "staff_per_client": ("staff per client", "medewerkers per cliënt"),
    "core_team_size": ("core team size", "omvang kernteam"),
    "self_direction": ("self-direction", "zelfregie"),
    "client_network_hours": ("client network hours per week", "uren cliëntennetwerk per week"),
    "one_plan": ("one plan, one coordinator", "één plan, één regisseur"),
    "tandem": ("tandem direction", "tandemregie"),
    # staffing
    "group_support_hours": ("staff hours of the living group", "personeelsuren van de woongroep"),
    "productive_hours_per_fte": ("hours on the floor per FTE", "inzetbare uren per fte"),
    "part_time_factor": ("FTE per person", "fte per persoon"),
    "hiring_time": ("time to hire", "wervingstijd"),
    "relief_margin": ("extra staff budgeted", "extra formatie"),
    "familiarization_time": ("time to become familiar", "inwerktijd bij de cliënt"),
    "baseline_turnover_rate": ("staff turnover", "personeelsverloop"),
    "temp_availability": ("availability of temps", "beschikbaarheid van invalkrachten"),
    "temp_adjustment_time": ("time for temps to follow the gap",
                             "tijd tot invalkrachten het tekort volgen"),
    "temp_familiarity": ("how familiar a temp is", "bekendheid van een invalkracht"),
    "temp_faces_per_fte": ("different temps per FTE", "verschillende invallers per fte"),
    "max_exclusive_share": ("largest share in exclusive shifts",
                            "grootste deel in exclusieve diensten"),
    "core_exclusive_share": ("core member's share in exclusive shifts",
                             "deel van een kernteamlid in exclusieve diensten"),
    "temp_exclusive_share": ("temps' share in exclusive shifts",
                             "deel van invalkrachten in exclusieve diensten"),
    # sickness absence
    "short_absence_onset_rate": ("short sick spells per year", "kort verzuim per jaar"),
    "short_absence_duration": ("length of a short sick spell", "duur van kort verzuim"),
    "incident_absence_effect": ("effect of incidents on sick spells",
                                "effect van incidenten op verzuim"),
    "burnout_onset_rate": ("burnout spells per year", "burn-outs per jaar"),
    "burnout_duration": ("length of a burnout", "duur van een burn-out"),
    "reference_strain": ("reference strain", "referentiebelasting"),
    # cost
    "labour_cost_per_fte": ("yearly cost of one FTE", "jaarkosten van één fte"),
    "temp_cost_premium": ("extra cost of a temp", "meerkosten van een invalkracht"),
    "extra_care_funding": ("extra care funding per year", "extra zorgfinanciering per jaar"),
    "network_cost": ("cost per network hour", "kosten per netwerkuur"),
    # the client
    "proximity_time": ("time for closeness to follow support", "tijd tot nabijheid de steun volgt"),
    "group_closeness": ("closeness in the group", "nabijheid in de groep"),
    "two_staff_engagement_gain": ("extra closeness of a second staff member",
                                  "extra nabijheid van een tweede medewerker"),
    "rotation_continuity_floor": ("continuity with the whole team rotating",
                                  "continuïteit als het hele team rouleert"),
    "dependency_build_time": ("time for dependency to build up",
                              "opbouwtijd van afhankelijkheid"),
    "dependency_release_time": ("time for dependency to ease", "afbouwtijd van afhankelijkheid"),
    "self_direction_effect": ("effect of self-direction on dependency",
                              "effect van zelfregie op afhankelijkheid"),
    "self_direction_hours": ("consultation hours for self-direction",
                             "overleguren voor zelfregie"),
    "tandem_conversion_effect": ("effect of tandem direction on dependency",
                                 "effect van tandemregie op afhankelijkheid"),
    "tandem_release_effect": ("faster easing of dependency in tandem",
                              "snellere afbouw van afhankelijkheid in tandem"),
    "tandem_autonomy_relief": ("calm from autonomy in tandem", "rust door autonomie in tandem"),
    "tandem_hours": ("staff hours for tandem direction", "personeelsuren voor tandemregie"),
    "stigma_time": ("time for stigma to follow", "tijd tot stigma volgt"),
    "self_image_time": ("time for the self-image to follow", "tijd tot het zelfbeeld volgt"),
    "baseline_isolation": ("isolation in the group", "isolement in de groep"),
    "isolation_felt_time": ("time for isolation to be felt", "tijd tot isolement gevoeld wordt"),
    "network_half_hours": ("network hours that halve isolation",
                           "netwerkuren die isolement halveren"),
    "network_participation_effect": ("participation through the network",
                                     "meedoen via het netwerk"),
    "network_coaching_ratio": ("coaching hours per network hour", "coachuren per netwerkuur"),
    "tension_time": ("time for tension to follow", "tijd tot spanning volgt"),
    "need_habituation": ("getting used to closeness", "gewenning aan nabijheid"),
    "need_tension_weight": ("tension from missing closeness",
                            "spanning door gemiste nabijheid"),
    "base_client_tension": ("tension from complex needs", "spanning door complexe zorgvraag"),
    "proximity_relief": ("calm from closeness", "rust door nabijheid"),
    "unfamiliar_tension_weight": ("tension from unfamiliar staff",
                                  "spanning door onbekende begeleiders"),
    "self_image_tension_weight": ("tension from a negative self-image",
                                  "spanning door een negatief zelfbeeld"),
    "climate_tension_weight": ("tension from a controlling climate",
                               "spanning door een beheersend klimaat"),
    "isolation_tension_weight": ("tension from isolation", "spanning door isolement"),
    "intrusion_tension_weight": ("tension from a second staff member present",
                                 "spanning door een tweede medewerker erbij"),
    "shortfall_tension_weight": ("tension from staff shortage",
                                 "spanning door personeelstekort"),
    "strain_tension_weight": ("tension from strained staff",
                              "spanning door overbelaste medewerkers"),
    "max_incident_rate": ("most incidents per week", "hoogste aantal incidenten per week"),
    # staff
    "strain_time": ("time for strain to build up", "opbouwtijd van werkdruk"),
    "guard_strain_weight": ("strain from guarding", "werkdruk door bewaken"),
    "guard_role_floor": ("guard role before dependency", "bewakersrol vóór afhankelijkheid"),
    "incident_strain_weight": ("strain from incidents", "werkdruk door incidenten"),
    "climate_strain_weight": ("strain from a controlling climate",
                              "werkdruk door een beheersend klimaat"),
    "shortfall_strain_weight": ("strain from staff shortage", "werkdruk door personeelstekort"),
    "strain_relief_time": ("time for strain to ease", "afbouwtijd van werkdruk"),
    "unsafety_strain_weight": ("strain from feeling unsafe", "werkdruk door onveiligheid"),
    "unsafety_time": ("time for unsafety to be felt", "tijd tot onveiligheid gevoeld wordt"),
    "lone_unsafety": ("extra unsafety when alone", "extra onveiligheid als je alleen bent"),
    "second_person_wish": ("wish for a second staff member", "wens om een tweede medewerker"),
    "core_coordination_share": ("coordination the core team takes over",
                                "afstemming die het kernteam overneemt"),
    "climate_time": ("time for the climate to follow", "tijd tot het klimaat volgt"),
    "coordination_links_half": ("contacts at half coordination load",
                                "contacten bij halve afstemmingslast"),
    "incident_control_weight": ("push toward rules from incidents",
                                "druk naar regels door incidenten"),
    "one_plan_load_reduction": ("coordination saved by one plan",
                                "afstemming bespaard door één plan"),
    "coordinator_hours": ("hours of the coordinator", "uren van de regisseur"),
    # the organisation's rules
    "dependency_demand_sensitivity": ("hours asked as dependency grows",
                                      "gevraagde uren bij groeiende afhankelijkheid"),
    "incident_demand_sensitivity": ("hours asked as incidents change",
                                    "gevraagde uren bij veranderende incidenten"),
    # satisfaction
    "satisfaction_time": ("time for satisfaction to follow", "tijd tot tevredenheid volgt"),
    "cost_satisfaction_weight": ("dissatisfaction from cost", "ontevredenheid door kosten"),
    "guard_visibility_floor": ("visible guarding before dependency",
                               "zichtbaar bewaken vóór afhankelijkheid"),
    "two_staff_visibility": ("extra visibility of a second staff member",
                             "extra zichtbaarheid van een tweede medewerker"),
    "climate_stigma_weight": ("stigma from a controlling climate",
                              "stigma door een beheersend klimaat"),
    "isolation_stigma_weight": ("stigma from isolation", "stigma door isolement"),
    "self_image_stigma_weight": ("share of stigma in the self-image",
                                 "aandeel van stigma in het zelfbeeld"),
    # how the outcome is judged
    "outcome_weight_incidents": ("weight of incidents", "gewicht van incidenten"),
    "outcome_weight_absence": ("weight of sickness absence", "gewicht van verzuim"),
    "outcome_weight_satisfaction": ("weight of satisfaction", "gewicht van tevredenheid"),
    "honeymoon_threshold": ("improvement that counts as a honeymoon",
                            "verbetering die als wittebroodsweken telt"),
    "return_tolerance": ("level that counts as back at start",
                         "niveau dat als terug bij af telt"),
    "escalation_stages": ("escalation steps", "escalatiestappen"),
}

UNITS_NL = {"h/day": "uur/dag", "h/week": "uur/week", "week": "week", "FTE": "fte",
            "1/year": "1/jaar", "FTE/person": "fte/persoon", "h/(FTE*week)": "uur/(fte·week)",
            "person/FTE": "persoon/fte", "EUR/(FTE*year)": "€/(fte·jaar)",
            "EUR/year": "€/jaar", "EUR/h": "€/uur", "incident/week": "incident/week",
            "1": "–"}


def label(name: str, lang: str = "en") -> str:
    """The parameter ``name`` in words in ``lang`` ("nl" or "en"); a name not in the
    table (a variable, not a parameter) is shown as it is."""
    pair = LABELS.get(name)
    if pair is None:
        return name
    return pair[1] if lang == "nl" else pair[0]


def unit(text: str, lang: str = "en") -> str:
    """A parameter's unit in ``lang`` (Dutch words and the euro sign in NL)."""
    if lang != "nl":
        return "–" if text == "1" else text
    return UNITS_NL.get(text, text)
