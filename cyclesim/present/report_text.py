"""The words of the policy report, in Dutch and English (``cyclesim report --lang``)."""

from __future__ import annotations

LANGUAGES = ("nl", "en")

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Ways out of the 1-on-1 cycle: scenarios side by side",
        "intro": "This page compares {n} scenarios of the cyclesim model (version {version}) "
                 "of one client with complex needs and the team around them. Each scenario "
                 "starts in the same rest state; the intervention begins in its start week. "
                 "'Back at start' means the composite of incidents, sickness absence and "
                 "satisfaction has fallen back to its value just before the intervention.",
        "h_side": "Scenarios side by side",
        "h_figures": "Over time",
        "h_loops": "Which feedback loop does it weaken?",
        "h_robust": "How robust is the delay, and what does it cost?",
        "h_assumptions": "Assumptions: what each scenario changes",
        "h_method": "How to read this page",
        "scenario": "scenario", "outcome": "outcome", "return_week": "back at start (week)",
        "honeymoon_depth": "honeymoon depth", "honeymoon_weeks": "honeymoon (weeks)",
        "total_cost": "total cost [EUR]", "cost_per_week": "cost per week at the end [EUR]",
        "peak_dependency": "highest dependency (0-1)",
        "peak_absence": "highest sickness absence [%]",
        "peak_strain": "highest staff strain (0-1)",
        "returned": "back at start", "not_within_horizon": "not back within the horizon",
        "no_honeymoon": "no honeymoon", "worse": "worse than at start",
        "never": "not within {h:.0f} weeks",
        "fig_composite": "Improvement over the start (composite) per scenario: above the zero "
                         "line the situation is better than before the intervention; where a "
                         "line comes back to zero, the scenario is back at start.",
        "fig_indicators": "Dependency, sickness absence, staff strain and cost per week over "
                          "time per scenario: the slow build-up that brings 1-on-1 back to "
                          "start, and how much each intervention holds it back.",
        "fig_delay": "Weeks by which each seed intervention, added to 1-on-1, postpones the "
                     "return to start, in every sample of its uncertain effect sizes (a dot "
                     "per sample): dots above zero mean a later return.",
        "delay_weeks": "delay of the return (weeks)",
        "loop": "loop", "gain_1on1": "loop gain with 1-on-1 alone",
        "gain_scen": "loop gain in this scenario", "change": "change of loop gain",
        "link": "link the intervention weakens most", "link_change": "change of that link",
        "gain_weakened": "loop gain lower?", "yes": "yes", "no": "no",
        "loops_note": "The loop gain is the static gain around the loop (averaged over the "
                      "weeks from the start of the intervention to the return of 1-on-1 "
                      "alone): how much of a disturbance comes back after one round. A "
                      "lower gain means the loop drives the cycle less. A mechanism may also "
                      "lower the level a loop runs at while its gain stays the same or rises; "
                      "then only the link is weakened. Scenarios without "
                      "exclusive hours are left out: their 1-on-1 loops are not active.",
        "no_loops": "No loop weakened against 1-on-1 alone.",
        "intervention": "intervention", "combination": "combination with 1-on-1",
        "acts_on": "loop its mechanism acts on",
        "delay": "delay at defaults (weeks)", "extra_cost": "extra total cost at defaults [EUR]",
        "per_week_delay": "extra cost per week of delay [EUR/week]",
        "direct": "direct cost of the intervention [EUR/week]",
        "share": "share of samples with a later or no return",
        "median_delay": "median delay (weeks)",
        "median_per_week": "median extra cost per week of delay [EUR/week]",
        "robust_note": "Effect sizes and costs of each intervention were drawn {n} times "
                       "(Latin hypercube) from their plausible ranges; the combination and "
                       "1-on-1 alone were run on the same draws. A run that never returns "
                       "counts as returning at the horizon, so its delay is a lower bound. "
                       "A negative extra cost means the combination is cheaper over the "
                       "whole horizon than 1-on-1 alone, because it holds back the growth "
                       "of the team, temps and absence; the direct cost shows that the "
                       "intervention itself is not free.",
        "no_robust": "None of the scenarios given is a seed intervention combined with 1-on-1.",
        "h_verdicts": "Verdicts over the plausible space",
        "verdict_note": "Every scenario that claims an effect was run with 1-on-1 alone (and, "
                        "for a scenario without exclusive hours, with no intervention) on the "
                        "same {n} draws (seed {seed}) of a Latin hypercube over the plausible "
                        "range of every structural parameter. Shown: the median difference, "
                        "its 5–95 % range, and the share of draws with the median's sign. A "
                        "run that does not return counts as returning at the horizon; where "
                        "both do not return the delay is 0, so a median delay of 0 often "
                        "means neither returns.",
        "v_delay": "return vs 1-on-1 alone (weeks): median (5–95 %)",
        "v_delay_word": "later or earlier", "v_cost": "total cost difference [EUR]: median (5–95 %)",
        "v_cost_word": "cheaper or dearer", "v_against": "cost compared with",
        "v_share": "{share:.0%} of draws", "later": "later", "earlier": "earlier",
        "same_week": "same week", "cheaper": "cheaper", "dearer": "dearer",
        "same_cost": "same cost", "v_censored": "draws not returning (scenario / 1-on-1)",
        "cost_over_space": "total cost vs 1-on-1 over the plausible space [EUR]",
        "parameter": "parameter", "value": "value", "default": "default", "unit": "unit",
        "schedule": "schedule of {p}: {points}",
        "none_changed": "no parameters changed (the rest state, no intervention)",
        "method": "Model: a system-dynamics model of the 1-on-1 support cycle (cyclesim). "
                  "Figures are model results under stated assumptions, not forecasts; the "
                  "value of the comparison lies in the differences between scenarios and "
                  "the reasons for them (the loops). Costs are staff cost, the agency "
                  "premium and the networkers' expenses.",
    },
    "nl": {
        "title": "Uit de 1-op-1-cirkel: scenario's naast elkaar",
        "intro": "Deze pagina vergelijkt {n} scenario's van het cyclesim-model (versie "
                 "{version}) van één cliënt met complexe zorgvragen en het team rond die "
                 "cliënt. Elk scenario begint in dezelfde rusttoestand; de interventie start "
                 "in de startweek. 'Terug bij af' betekent dat de samengestelde maat van "
                 "incidenten, ziekteverzuim en tevredenheid terug is op de waarde van vlak "
                 "voor de interventie.",
        "h_side": "Scenario's naast elkaar",
        "h_figures": "In de tijd",
        "h_loops": "Welke terugkoppeling verzwakt de interventie?",
        "h_robust": "Hoe robuust is het uitstel, en wat kost het?",
        "h_assumptions": "Aannames: wat elk scenario verandert",
        "h_method": "Zo leest u deze pagina",
        "scenario": "scenario", "outcome": "uitkomst", "return_week": "terug bij af (week)",
        "honeymoon_depth": "diepte wittebroodsweken",
        "honeymoon_weeks": "wittebroodsweken (weken)",
        "total_cost": "totale kosten [EUR]", "cost_per_week": "kosten per week aan het eind [EUR]",
        "peak_dependency": "hoogste afhankelijkheid (0-1)",
        "peak_absence": "hoogste ziekteverzuim [%]",
        "peak_strain": "hoogste belasting medewerkers (0-1)",
        "returned": "terug bij af", "not_within_horizon": "niet terug binnen de horizon",
        "no_honeymoon": "geen wittebroodsweken", "worse": "slechter dan bij de start",
        "never": "niet binnen {h:.0f} weken",
        "fig_composite": "Verbetering ten opzichte van de start (samengestelde maat) per "
                         "scenario: boven de nullijn is de situatie beter dan vóór de "
                         "interventie; waar een lijn terugkomt op nul, is het scenario terug "
                         "bij af.",
        "fig_indicators": "Afhankelijkheid, ziekteverzuim, belasting van medewerkers en kosten "
                          "per week in de tijd per scenario: de langzame opbouw die 1-op-1 "
                          "terug bij af brengt, en hoeveel elke interventie die tegenhoudt.",
        "fig_delay": "Aantal weken dat elke interventie uit de bronteksten, toegevoegd aan "
                     "1-op-1, de terugkeer naar af uitstelt, in elke trekking van de onzekere "
                     "effectgroottes (één stip per trekking): stippen boven nul betekenen een "
                     "latere terugkeer.",
        "delay_weeks": "uitstel van de terugkeer (weken)",
        "loop": "terugkoppeling", "gain_1on1": "lusversterking bij alleen 1-op-1",
        "gain_scen": "lusversterking in dit scenario", "change": "verandering lusversterking",
        "link": "schakel die de interventie het meest verzwakt",
        "link_change": "verandering van die schakel",
        "gain_weakened": "lusversterking lager?", "yes": "ja", "no": "nee",
        "loops_note": "De lusversterking is de statische versterking rond de lus (gemiddeld "
                      "over de weken van de start van de interventie tot de terugkeer bij "
                      "alleen 1-op-1): hoeveel van een verstoring na één ronde terugkomt. "
                      "Een lagere versterking betekent dat de lus de cirkel minder aandrijft. "
                      "Een mechanisme kan ook het niveau verlagen waarop een lus draait terwijl "
                      "de versterking gelijk blijft of stijgt; dan is alleen de schakel "
                      "verzwakt. Scenario's zonder exclusieve uren staan er "
                      "niet in: hun 1-op-1-lussen zijn niet actief.",
        "no_loops": "Geen terugkoppeling verzwakt ten opzichte van alleen 1-op-1.",
        "intervention": "interventie", "combination": "combinatie met 1-op-1",
        "acts_on": "terugkoppeling waarop het mechanisme ingrijpt",
        "delay": "uitstel bij standaardwaarden (weken)",
        "extra_cost": "extra totale kosten bij standaardwaarden [EUR]",
        "per_week_delay": "extra kosten per week uitstel [EUR/week]",
        "direct": "directe kosten van de interventie [EUR/week]",
        "share": "aandeel trekkingen met latere of geen terugkeer",
        "median_delay": "mediaan uitstel (weken)",
        "median_per_week": "mediaan extra kosten per week uitstel [EUR/week]",
        "robust_note": "Effectgroottes en kosten van elke interventie zijn {n} keer getrokken "
                       "(Latin hypercube) uit hun aannemelijke bereik; de combinatie en alleen "
                       "1-op-1 zijn op dezelfde trekkingen doorgerekend. Een run die niet "
                       "terugkeert telt als terugkeer op de horizon, dus het uitstel is een "
                       "ondergrens. Negatieve extra kosten betekenen dat de combinatie over de "
                       "hele horizon goedkoper is dan alleen 1-op-1, omdat de groei van team, "
                       "uitzendkrachten en verzuim achterblijft; de directe kosten laten zien "
                       "dat de interventie zelf niet gratis is.",
        "no_robust": "Geen van de opgegeven scenario's is een interventie uit de bronteksten "
                     "gecombineerd met 1-op-1.",
        "h_verdicts": "Oordelen over de aannemelijke ruimte",
        "verdict_note": "Elk scenario dat een effect claimt is doorgerekend naast alleen "
                        "1-op-1 (en, voor een scenario zonder exclusieve uren, naast geen "
                        "interventie) op dezelfde {n} trekkingen (seed {seed}) van een Latin "
                        "hypercube over het aannemelijke bereik van elke structurele "
                        "parameter. Getoond: het mediane verschil, het 5–95 %-bereik en het "
                        "aandeel trekkingen met hetzelfde teken als de mediaan. Een run die "
                        "niet terugkeert telt als terugkeer op de horizon; keren beide niet "
                        "terug, dan is het uitstel 0, dus een mediaan uitstel van 0 betekent "
                        "vaak dat geen van beide terugkeert.",
        "v_delay": "terugkeer t.o.v. alleen 1-op-1 (weken): mediaan (5–95 %)",
        "v_delay_word": "later of eerder", "v_cost": "verschil totale kosten [EUR]: mediaan (5–95 %)",
        "v_cost_word": "goedkoper of duurder", "v_against": "kosten vergeleken met",
        "v_share": "{share:.0%} van de trekkingen", "later": "later", "earlier": "eerder",
        "same_week": "zelfde week", "cheaper": "goedkoper", "dearer": "duurder",
        "same_cost": "zelfde kosten", "v_censored": "trekkingen zonder terugkeer (scenario / 1-op-1)",
        "cost_over_space": "totale kosten t.o.v. 1-op-1 over de aannemelijke ruimte [EUR]",
        "parameter": "parameter", "value": "waarde", "default": "standaard", "unit": "eenheid",
        "schedule": "verloop van {p}: {points}",
        "none_changed": "geen parameters veranderd (de rusttoestand, geen interventie)",
        "method": "Model: een systeemdynamisch model van de 1-op-1-cirkel (cyclesim). De "
                  "cijfers zijn modeluitkomsten onder de vermelde aannames, geen "
                  "voorspellingen; de waarde zit in de verschillen tussen scenario's en de "
                  "redenen daarvoor (de terugkoppelingen). Kosten zijn personeelskosten, de "
                  "toeslag voor uitzendkrachten en de onkosten van netwerkers.",
    },
}

LOOP_NAMES = {
    "en": {"honeymoon": "B honeymoon", "dependency": "R proximity becomes dependency",
           "guard_role": "R guard role wears staff out", "bigger_team": "R bigger team, more rules",
           "stigma": "R stigma", "overexploitation": "R overexploitation"},
    "nl": {"honeymoon": "B wittebroodsweken", "dependency": "R nabijheid wordt afhankelijkheid",
           "guard_role": "R bewakersrol put medewerkers uit",
           "bigger_team": "R groter team, meer regels", "stigma": "R stigma",
           "overexploitation": "R roofbouw"},
}

INTERVENTION_NAMES = {
    "en": {"self_direction": "self-direction (001)", "client_network": "client networks (002)",
           "one_plan": "one plan, one coordinator (003)", "tandem": "tandem direction (004)"},
    "nl": {"self_direction": "zelfregie (001)", "client_network": "cliëntennetwerken (002)",
           "one_plan": "één plan, één regisseur (003)", "tandem": "tandemregie (004)"},
}


def text(lang: str) -> dict[str, str]:
    """The strings of one language."""
    return TEXT[lang]
