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
        "week": "week",
        "composite_axis": "improvement over the start (composite; 0 = back at start)",
        "composite_title": "Composite improvement over the start, per scenario",
        "ts_dependency": "dependency over time (0-1)",
        "ts_absence": "sickness absence over time [%]",
        "ts_strain": "staff strain over time (0-1)",
        "ts_cost": "cost per week, whole team [EUR/week]",
        "nothing_to_return": "– ({what}: nothing to return from)",
        "extra_cost_h": "extra cost over no intervention, over {h} weeks, whole team [EUR]",
        "extra_cost_return": "extra cost over no intervention until back at start, whole "
                             "team [EUR]",
        "total_cost_h": "total cost over {h} weeks, whole team [EUR]",
        "horizon": "horizon (weeks)",
        "cost_note": "Costs are the whole team's: staff cost, the agency premium and the "
                     "networkers' expenses. 'Extra cost' is compared with no intervention "
                     "(the baseline: the same team at its rest state, run over the same "
                     "weeks); a negative extra cost means cheaper than doing nothing.",
        "h_summary": "Summary",
        "h_scenario_robust": "How robust is each scenario? The plausible space",
        "r_held": "holds: improves and not back at start within the horizon",
        "r_returned": "back at start", "r_none": "no improvement",
        "r_worse": "worse than at start",
        "r_week": "week back at start, of the draws that return: median (5–95 %)",
        "r_cost": "extra cost over no intervention, over {h} weeks, whole team [EUR]: "
                  "median (5–95 %)",
        "r_note": "Every scenario given was run on the same {n} draws (--samples; seed {seed}) "
                  "of a Latin hypercube over the plausible range of every one of the {k} "
                  "structural parameters. Shares are of all draws; the week back at start "
                  "is over the draws that return.",
        "s_question": "The question.",
        "s_question_text": "Which of these {n} policies keeps the client and the team from "
                           "coming back to where they started, and what does it cost over "
                           "{h} weeks?",
        "s_answer": "The answer.",
        "s_defaults_none": "At the default parameters, none of the {n} policies improves "
                           "the situation without being back at start within {h} weeks.",
        "s_defaults": "At the default parameters, {k} of the {n} policies improve the "
                      "situation and are not back at start within {h} weeks: {names}.",
        "s_best": "Over the plausible space the most robust is {name}: it holds (improves "
                  "and is not back at start) in {p:.0%} of {n} draws, at an extra cost over "
                  "no intervention of {cost} EUR over {h} weeks for the whole team (median, "
                  "5–95 %).",
        "s_cheapest": "The cheapest policy that holds in at least {target:.0%} of the draws "
                      "is {name} (extra cost {cost} EUR).",
        "s_none": "None of the policies given holds in {target:.0%} of the draws: in this "
                  "model and under these assumptions, none reliably avoids the return to "
                  "start; the command “cyclesim optimise” searches the levers for one that does.",
        "s_where": "Where the cycle breaks.",
        "s_how_sure": "How sure.",
        "s_sure": "Shares are over {n} Latin-hypercube draws (seed {seed}) of the plausible "
                  "range of every structural parameter: a share is known to within about "
                  "±{pp:.0f} percentage points. The defaults are one point of that space; "
                  "the plausible ranges are in the parameter table.",
        "s_rests_on": "What it rests on.",
        "s_rests": "The cyclesim model (version {version}), a system-dynamics model of one "
                   "client and the team around them, not a forecast; the scenario files "
                   "{files} (what each changes is under 'Assumptions'); costs as stated "
                   "under the first table.",
        "h_discovery": "Where the cycle breaks: under which conditions does a policy hold?",
        "d_none": "No finished sweep was given (report --discover SWEEP_DIR): the shipped "
                  "specs sweeps/discover_*.toml answer this for each seed intervention "
                  "(see the README).",
        "d_note": "Scenario discovery over a finished sweep: PRIM (EMA Workbench) finds the "
                  "parameter ranges in which the policy holds (improves and is not back at "
                  "start within the horizon) much more often than elsewhere. Only limits "
                  "with quasi-p at most 0.05 are read as conditions; the box with only "
                  "those is measured again. Coverage: share of all holding runs inside the "
                  "box; density: share of the runs inside the box that hold.",
        "d_sentence": "{label}: holds in {share:.0%} of {n} runs; the conditions under which "
                      "it holds most often: {limits} (inside: {density:.0%} hold; "
                      "{coverage:.0%} of all holding runs).",
        "d_no_limits": "no significant limit",
        "d_low": "box low", "d_high": "box high", "d_sampled": "sampled range",
        "d_significant": "significant (quasi-p ≤ 0.05)?",
        "fig_discovery": "{label}: PRIM's peeling trajectory (left: coverage against "
                         "density, ringed the box reported) and the box's limits as a share "
                         "of each parameter's sampled range (right).",
        "scenario": "scenario", "outcome": "outcome", "return_week": "back at start (week)",
        "honeymoon_depth": "honeymoon depth", "honeymoon_weeks": "honeymoon (weeks)",
        "total_cost": "total cost [EUR]", "cost_per_week": "cost per week at the end [EUR]",
        "peak_dependency": "highest dependency (0-1)",
        "peak_absence": "highest sickness absence [%]",
        "peak_strain": "highest staff strain (0-1)",
        "returned": "back at start", "not_within_horizon": "not back within the horizon",
        "no_honeymoon": "no improvement", "worse": "worse than at start",
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
        "median_delay": "median delay (5–95 %) (weeks)",
        "median_per_week": "median extra cost per week of delay (5–95 %) [EUR/week]",
        "robust_note": "Effect sizes and costs of each intervention were drawn {n} times "
                       "(Latin hypercube) from their plausible ranges; the combination and "
                       "1-on-1 alone were run on the same draws. A run that never returns "
                       "counts as returning at the horizon, so its delay is a lower bound. "
                       "A negative extra cost means the combination is cheaper over the "
                       "whole horizon than 1-on-1 alone, because it holds back the growth "
                       "of the team, temps and absence; the direct cost shows that the "
                       "intervention itself is not free.",
        "no_robust": "This table samples the effect sizes of the seed interventions, so it "
                     "covers only their shipped combinations with 1-on-1 "
                     "(one_on_one_self_direction, …), and none of those was given. The "
                     "robustness of every scenario given, over {n} draws of the whole "
                     "plausible space, is in the table 'How robust is each scenario?' above.",
        "h_verdicts": "Verdicts over the plausible space",
        "verdict_note": "Every scenario that claims an effect was run with 1-on-1 alone (and, "
                        "for a scenario without exclusive hours, with no intervention) on the "
                        "same {n} draws (seed {seed}) of a Latin hypercube over the plausible "
                        "range of every structural parameter. Shown: the median difference, "
                        "its 5–95 % range, and the share of draws with the median's sign. The "
                        "delay is taken over the draws in which both runs improved first: a "
                        "run that never improved has no return to delay. A run that improved "
                        "but does not return counts as returning at the horizon; where both "
                        "do not return the delay is 0, so a median delay of 0 often means "
                        "neither returns.",
        "v_delay": "return vs 1-on-1 alone (weeks): median (5–95 %)",
        "v_delay_word": "later or earlier", "v_cost": "total cost difference [EUR]: median (5–95 %)",
        "v_cost_word": "cheaper or dearer", "v_against": "cost compared with",
        "v_share": "{share:.0%} of draws", "later": "later", "earlier": "earlier",
        "same_week": "same week", "cheaper": "cheaper", "dearer": "dearer",
        "same_cost": "same cost", "v_censored": "draws not returning (scenario / 1-on-1)",
        "v_no_cycle": "no cycle to delay: no improvement in {none} of {n} draws",
        "v_no_honeymoon": "draws without improvement (scenario / 1-on-1)",
        "v_of_draws": "{a} / {b} of {n}",
        "cost_over_space": "total cost vs 1-on-1 over the plausible space [EUR]",
        "parameter": "parameter", "value": "value", "default": "default", "unit": "unit",
        "schedule": "schedule of {p}: {points}",
        "money": "{v}",
        "none_changed": "no parameters changed (the rest state, no intervention)",
        "h_knockouts": "Which loops bring the system back? Knock-outs beside loop dominance",
        "ko_note": "Per scenario with 1-on-1 hours: every slow stock held at its start value "
                   "from the start week on, and every named loop cut at one link (one run "
                   "each, at the defaults). The table ranks the knock-outs by what they do "
                   "to the return to start: none within the horizon first, then by the "
                   "shift of the return week against the intact run; a shift of {w:.0f} "
                   "weeks or more counts as needed. Beside it, loop dominance (Loops That "
                   "Matter): which loop carries most of the change in each phase. The two "
                   "answer different questions: a loop can dominate the motion without the "
                   "return depending on it, and a slow stock can decide the return without "
                   "ever dominating.",
        "ko_none_run": "No scenario given has 1-on-1 hours: there is no return to explain.",
        "ko_what": "knock-out", "ko_link": "cut link or held stock",
        "ko_shift": "shift of the return (weeks)", "ko_effect": "effect on the return",
        "ko_dominates": "loop dominates (weeks)", "ko_never": "never",
        "ko_space_lost": "over {n} plausible draws: not back within the horizon",
        "ko_space_none": "of which no improvement at all",
        "ko_space_shift": "over the draws: shift, median (5 … 95 %)",
        "ko_from": "from week", "ko_to": "to week", "ko_dominant": "dominant loop",
        "ko_score": "mean relative score",
        "ko_phases": "Loop dominance per phase (all loops)",
        "ko_needed_h": "Needed for the return.", "ko_differ_h": "Where dominance differs.",
        "fig_knockout": "{scenario}: shift of the return to start per knock-out (blue "
                        "later, orange earlier, hatched: not back within the horizon, so "
                        "the shift is a lower bound; a cross: no improvement at all).",
        "ko_word_no_return": "needed: no return", "ko_word_delays": "needed: much later",
        "ko_word_hastens": "much earlier", "ko_word_small": "small shift",
        "ko_word_no_improvement": "no improvement at all",
        "ko_word_untestable": "no return either way",
        "ko_cutting": "cutting the loop {loop}", "ko_quote": "“{name}”", "ko_holding": "holding {stock}",
        "ko_and": ", ", "ko_at_least": "at least {n}", "ko_in_weeks": "in weeks",
        "ko_other": "other loops", "ko_at_rest": "at rest",
        "ko_item": "{what} {shift} weeks",
        "ko_effect_no_return": "leaves the system not back at start within {h:.0f} weeks",
        "ko_effect_no_improvement": "removes the improvement itself (nothing to return from)",
        "ko_effect_delays": "delays the return by {n} weeks",
        "ko_effect_hastens": "brings the return {n} weeks earlier",
        "ko_effect_small": "shifts the return by only {signed} weeks",
        "ko_effect_untestable": "leaves the run not back at start, as intact",
        "ko_no_intact_return": "Intact, {scenario} does not come back to start ({what}): "
                               "there is no return for a knock-out to remove or delay.",
        "ko_list_no_return": "Without any one of these, {scenario} is not back at start "
                             "within {h:.0f} weeks: {items}.",
        "ko_list_delays": "Knock-outs that delay the return by {w:.0f} weeks or more: "
                          "{items}.",
        "ko_list_hastens": "Knock-outs that bring the return {w:.0f} weeks or more earlier "
                           "(the mechanism holds the improvement up): {items}.",
        "ko_list_no_improvement": "Knock-outs that leave no improvement at all, so nothing "
                                  "to return from: {items}.",
        "ko_none_needed": "No single knock-out removes the return or shifts it by {w:.0f} "
                          "weeks or more: the return does not hang on one mechanism.",
        "ko_dominates_not_needed": "{loop} dominates weeks {weeks}, but cutting it {effect}: "
                                   "it carries the motion then, yet the return does not "
                                   "depend on it.",
        "ko_dominates_needed": "{loop} dominates weeks {weeks}, and cutting it {effect}: "
                               "here dominance and the knock-outs agree.",
        "ko_dominates_other": "{loop} dominates weeks {weeks}; cutting it {effect}.",
        "ko_needed_never_dominates": "Cutting {loop} {effect}, although it never dominates.",
        "ko_stock_on_no_loop": "Holding {stock} {effect}, yet it lies on none of the six "
                               "named loops, so their dominance cannot point to it.",
        "ko_stock_loops_never": "Holding {stock} {effect}, although no loop through it "
                                "({loops}) ever dominates.",
        "ko_stock_loop_dominates": "Holding {stock} {effect}; of the loops through it, "
                                   "{loops} dominates.",
        "ko_slow_stock": "A slow stock carries little of the change at any one moment, so "
                         "it seldom dominates, yet the return can depend on it.",
        "ko_other_dominates": "Loops outside the six named ones dominate {n:.0f} of the "
                              "{m:.0f} weeks after the start; the knock-outs cut only the "
                              "named loops (and hold stocks), so they cannot test those.",
        "ko_agree": "Here loop dominance and the knock-outs point to the same loops.",
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
        "week": "week",
        "composite_axis": "verbetering t.o.v. de start (samengesteld; 0 = terug bij af)",
        "composite_title": "Samengestelde verbetering ten opzichte van de start, per scenario",
        "ts_dependency": "afhankelijkheid in de tijd (0-1)",
        "ts_absence": "ziekteverzuim in de tijd [%]",
        "ts_strain": "belasting medewerkers in de tijd (0-1)",
        "ts_cost": "kosten per week, heel team [€/week]",
        "nothing_to_return": "– ({what}: niets om naar terug te keren)",
        "extra_cost_h": "extra kosten t.o.v. geen interventie, over {h} weken, heel team [€]",
        "extra_cost_return": "extra kosten t.o.v. geen interventie tot terug bij af, heel "
                             "team [€]",
        "total_cost_h": "totale kosten over {h} weken, heel team [€]",
        "horizon": "horizon (weken)",
        "cost_note": "Kosten zijn die van het hele team: personeelskosten, de toeslag voor "
                     "uitzendkrachten en de onkosten van netwerkers. 'Extra kosten' zijn "
                     "vergeleken met geen interventie (de nulsituatie: hetzelfde team in "
                     "zijn rusttoestand, over dezelfde weken); negatieve extra kosten "
                     "betekenen goedkoper dan niets doen.",
        "h_summary": "Samenvatting",
        "h_scenario_robust": "Hoe robuust is elk scenario? De aannemelijke ruimte",
        "r_held": "houdt stand: verbetert en niet terug bij af binnen de horizon",
        "r_returned": "terug bij af", "r_none": "geen verbetering",
        "r_worse": "slechter dan bij de start",
        "r_week": "week terug bij af, van de trekkingen die terugkeren: mediaan (5–95 %)",
        "r_cost": "extra kosten t.o.v. geen interventie, over {h} weken, heel team [€]: "
                  "mediaan (5–95 %)",
        "r_note": "Elk opgegeven scenario is doorgerekend op dezelfde {n} trekkingen "
                  "(--samples; seed {seed}) van een Latin hypercube over het aannemelijke "
                  "bereik van elk van de {k} structurele parameters. Aandelen zijn van alle "
                  "trekkingen; de week terug bij af is over de trekkingen die terugkeren.",
        "s_question": "De vraag.",
        "s_question_text": "Welke van deze {n} aanpakken voorkomt dat cliënt en team terug "
                           "bij af komen, en wat kost dat over {h} weken?",
        "s_answer": "Het antwoord.",
        "s_defaults_none": "Bij de standaardwaarden verbetert geen van de {n} aanpakken de "
                           "situatie zonder binnen {h} weken terug bij af te zijn.",
        "s_defaults": "Bij de standaardwaarden verbeteren {k} van de {n} aanpakken de "
                      "situatie zonder binnen {h} weken terug bij af te zijn: {names}.",
        "s_best": "Over de aannemelijke ruimte is {name} het robuustst: die houdt stand "
                  "(verbetert en is niet terug bij af) in {p:.0%} van {n} trekkingen, tegen "
                  "extra kosten t.o.v. geen interventie van € {cost} over {h} weken voor "
                  "het hele team (mediaan, 5–95 %).",
        "s_cheapest": "De goedkoopste aanpak die in minstens {target:.0%} van de trekkingen "
                      "standhoudt is {name} (extra kosten € {cost}).",
        "s_none": "Geen van de opgegeven aanpakken houdt stand in {target:.0%} van de "
                  "trekkingen: in dit model en onder deze aannames voorkomt geen ervan "
                  "betrouwbaar de terugkeer naar af; het commando “cyclesim optimise” zoekt de knoppen "
                  "af naar een aanpak die dat wel doet.",
        "s_where": "Waar de cirkel breekt.",
        "s_how_sure": "Hoe zeker.",
        "s_sure": "Aandelen zijn over {n} Latin-hypercube-trekkingen (seed {seed}) van het "
                  "aannemelijke bereik van elke structurele parameter: een aandeel ligt vast "
                  "tot op ongeveer ±{pp:.0f} procentpunt. De standaardwaarden zijn één punt "
                  "in die ruimte; de aannemelijke bereiken staan in de parametertabel.",
        "s_rests_on": "Waar het op rust.",
        "s_rests": "Het cyclesim-model (versie {version}), een systeemdynamisch model van "
                   "één cliënt en het team eromheen, geen voorspelling; de scenariobestanden "
                   "{files} (wat elk verandert staat onder 'Aannames'); kosten zoals vermeld "
                   "onder de eerste tabel.",
        "h_discovery": "Waar de cirkel breekt: onder welke omstandigheden houdt een aanpak "
                       "stand?",
        "d_none": "Er is geen afgeronde sweep opgegeven (report --discover SWEEP_DIR): de "
                  "meegeleverde specificaties sweeps/discover_*.toml beantwoorden dit per "
                  "interventie uit de bronteksten (zie de README).",
        "d_note": "Scenario discovery over een afgeronde sweep: PRIM (EMA Workbench) zoekt "
                  "de parameterbereiken waarin de aanpak standhoudt (verbetert en niet terug "
                  "bij af binnen de horizon) veel vaker dan elders. Alleen grenzen met een "
                  "quasi-p van hoogstens 0,05 gelden als voorwaarde; de box met alleen die "
                  "grenzen is opnieuw gemeten. Dekking: aandeel van alle standhoudende runs "
                  "in de box; dichtheid: aandeel van de runs in de box dat standhoudt.",
        "d_sentence": "{label}: houdt stand in {share:.0%} van {n} runs; de omstandigheden "
                      "waaronder dat het vaakst gebeurt: {limits} (daarbinnen houdt "
                      "{density:.0%} stand; {coverage:.0%} van alle standhoudende runs).",
        "d_no_limits": "geen significante grens",
        "d_low": "ondergrens box", "d_high": "bovengrens box", "d_sampled": "bemonsterd bereik",
        "d_significant": "significant (quasi-p ≤ 0,05)?",
        "fig_discovery": "{label}: het afpeltraject van PRIM (links: dekking tegen "
                         "dichtheid, omcirkeld de gerapporteerde box) en de grenzen van de "
                         "box als deel van het bemonsterde bereik van elke parameter (rechts).",
        "scenario": "scenario", "outcome": "uitkomst", "return_week": "terug bij af (week)",
        "honeymoon_depth": "diepte wittebroodsweken",
        "honeymoon_weeks": "wittebroodsweken (weken)",
        "total_cost": "totale kosten [€]", "cost_per_week": "kosten per week aan het eind [€]",
        "peak_dependency": "hoogste afhankelijkheid (0-1)",
        "peak_absence": "hoogste ziekteverzuim [%]",
        "peak_strain": "hoogste belasting medewerkers (0-1)",
        "returned": "terug bij af", "not_within_horizon": "niet terug binnen de horizon",
        "no_honeymoon": "geen verbetering", "worse": "slechter dan bij de start",
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
        "extra_cost": "extra totale kosten bij standaardwaarden [€]",
        "per_week_delay": "extra kosten per week uitstel [€/week]",
        "direct": "directe kosten van de interventie [€/week]",
        "share": "aandeel trekkingen met latere of geen terugkeer",
        "median_delay": "mediaan uitstel (5–95 %) (weken)",
        "median_per_week": "mediaan extra kosten per week uitstel (5–95 %) [€/week]",
        "robust_note": "Effectgroottes en kosten van elke interventie zijn {n} keer getrokken "
                       "(Latin hypercube) uit hun aannemelijke bereik; de combinatie en alleen "
                       "1-op-1 zijn op dezelfde trekkingen doorgerekend. Een run die niet "
                       "terugkeert telt als terugkeer op de horizon, dus het uitstel is een "
                       "ondergrens. Negatieve extra kosten betekenen dat de combinatie over de "
                       "hele horizon goedkoper is dan alleen 1-op-1, omdat de groei van team, "
                       "uitzendkrachten en verzuim achterblijft; de directe kosten laten zien "
                       "dat de interventie zelf niet gratis is.",
        "no_robust": "Deze tabel trekt de effectgroottes van de interventies uit de "
                     "bronteksten en gaat dus alleen over hun meegeleverde combinaties met "
                     "1-op-1 (one_on_one_self_direction, …); daarvan is er geen opgegeven. "
                     "De robuustheid van elk opgegeven scenario, over {n} trekkingen van de "
                     "hele aannemelijke ruimte, staat in de tabel 'Hoe robuust is elk "
                     "scenario?' hierboven.",
        "h_verdicts": "Oordelen over de aannemelijke ruimte",
        "verdict_note": "Elk scenario dat een effect claimt is doorgerekend naast alleen "
                        "1-op-1 (en, voor een scenario zonder exclusieve uren, naast geen "
                        "interventie) op dezelfde {n} trekkingen (seed {seed}) van een Latin "
                        "hypercube over het aannemelijke bereik van elke structurele "
                        "parameter. Getoond: het mediane verschil, het 5–95 %-bereik en het "
                        "aandeel trekkingen met hetzelfde teken als de mediaan. Het uitstel is "
                        "genomen over de trekkingen waarin beide runs eerst verbeterden: een "
                        "run die nooit verbeterde heeft geen terugkeer om uit te stellen. Een "
                        "run die verbeterde maar niet terugkeert telt als terugkeer op de "
                        "horizon; keren beide niet terug, dan is het uitstel 0, dus een "
                        "mediaan uitstel van 0 betekent vaak dat geen van beide terugkeert.",
        "v_delay": "terugkeer t.o.v. alleen 1-op-1 (weken): mediaan (5–95 %)",
        "v_delay_word": "later of eerder", "v_cost": "verschil totale kosten [€]: mediaan (5–95 %)",
        "v_cost_word": "goedkoper of duurder", "v_against": "kosten vergeleken met",
        "v_share": "{share:.0%} van de trekkingen", "later": "later", "earlier": "eerder",
        "same_week": "zelfde week", "cheaper": "goedkoper", "dearer": "duurder",
        "same_cost": "zelfde kosten", "v_censored": "trekkingen zonder terugkeer (scenario / 1-op-1)",
        "v_no_cycle": "geen cyclus om uit te stellen: geen verbetering in {none} van {n} trekkingen",
        "v_no_honeymoon": "trekkingen zonder verbetering (scenario / 1-op-1)",
        "v_of_draws": "{a} / {b} van {n}",
        "cost_over_space": "totale kosten t.o.v. 1-op-1 over de aannemelijke ruimte [€]",
        "parameter": "parameter", "value": "waarde", "default": "standaard", "unit": "eenheid",
        "schedule": "verloop van {p}: {points}",
        "money": "€ {v}",
        "none_changed": "geen parameters veranderd (de rusttoestand, geen interventie)",
        "h_knockouts": "Welke lussen brengen het systeem terug? Knock-outs naast "
                       "lusdominantie",
        "ko_note": "Per scenario met 1-op-1-uren: elke trage voorraad vastgehouden op zijn "
                   "startwaarde vanaf de startweek, en elke benoemde lus doorgeknipt bij één "
                   "schakel (één run per knock-out, bij de standaardwaarden). De tabel zet de "
                   "knock-outs op volgorde van wat ze met de terugkeer naar af doen: eerst "
                   "geen terugkeer binnen de horizon, dan naar de verschuiving van de week "
                   "van terugkeer ten opzichte van de intacte run; een verschuiving van {w:.0f} "
                   "weken of meer telt als nodig. Ernaast de lusdominantie (Loops That "
                   "Matter): welke lus het grootste deel van de verandering draagt in elke "
                   "fase. Ze beantwoorden verschillende vragen: een lus kan de beweging "
                   "domineren zonder dat de terugkeer ervan afhangt, en een trage voorraad "
                   "kan de terugkeer bepalen zonder ooit te domineren.",
        "ko_none_run": "Geen van de opgegeven scenario's heeft 1-op-1-uren: er is geen "
                       "terugkeer om te verklaren.",
        "ko_what": "knock-out", "ko_link": "doorgeknipte schakel of vastgehouden voorraad",
        "ko_shift": "verschuiving van de terugkeer (weken)",
        "ko_effect": "effect op de terugkeer",
        "ko_dominates": "lus domineert (weken)", "ko_never": "nooit",
        "ko_space_lost": "over {n} aannemelijke trekkingen: niet terug binnen de horizon",
        "ko_space_none": "waarvan helemaal geen verbetering",
        "ko_space_shift": "over de trekkingen: verschuiving, mediaan (5 … 95 %)",
        "ko_from": "van week", "ko_to": "tot week", "ko_dominant": "dominante lus",
        "ko_score": "gemiddelde relatieve score",
        "ko_phases": "Lusdominantie per fase (alle lussen)",
        "ko_needed_h": "Nodig voor de terugkeer.", "ko_differ_h": "Waar dominantie verschilt.",
        "fig_knockout": "{scenario}: verschuiving van de terugkeer naar af per knock-out "
                        "(blauw later, oranje eerder, gearceerd: niet terug binnen de "
                        "horizon, dus de verschuiving is een ondergrens; een kruisje: "
                        "helemaal geen verbetering).",
        "ko_word_no_return": "nodig: geen terugkeer", "ko_word_delays": "nodig: veel later",
        "ko_word_hastens": "veel eerder", "ko_word_small": "kleine verschuiving",
        "ko_word_no_improvement": "helemaal geen verbetering",
        "ko_word_untestable": "hoe dan ook geen terugkeer",
        "ko_cutting": "de lus {loop} doorknippen", "ko_quote": "‘{name}’", "ko_holding": "{stock} vasthouden",
        "ko_and": ", ", "ko_at_least": "minstens {n}", "ko_in_weeks": "in week",
        "ko_other": "overige lussen", "ko_at_rest": "in rust",
        "ko_item": "{what} {shift} weken",
        "ko_effect_no_return": "houdt het systeem binnen {h:.0f} weken weg van af: geen "
                               "terugkeer",
        "ko_effect_no_improvement": "haalt de verbetering zelf weg (niets om naar terug te "
                                    "keren)",
        "ko_effect_delays": "stelt de terugkeer {n} weken uit",
        "ko_effect_hastens": "brengt de terugkeer {n} weken eerder",
        "ko_effect_small": "verschuift de terugkeer maar {signed} weken",
        "ko_effect_untestable": "laat de run, net als intact, niet terugkeren",
        "ko_no_intact_return": "Intact komt {scenario} niet terug bij af ({what}): er is "
                               "geen terugkeer die een knock-out kan wegnemen of uitstellen.",
        "ko_list_no_return": "Zonder één hiervan is {scenario} niet binnen {h:.0f} weken "
                             "terug bij af: {items}.",
        "ko_list_delays": "Knock-outs die de terugkeer {w:.0f} weken of meer uitstellen: "
                          "{items}.",
        "ko_list_hastens": "Knock-outs die de terugkeer {w:.0f} weken of meer vervroegen (het "
                           "mechanisme houdt de verbetering vast): {items}.",
        "ko_list_no_improvement": "Knock-outs waarna er helemaal geen verbetering is, dus "
                                  "niets om naar terug te keren: {items}.",
        "ko_none_needed": "Geen enkele knock-out neemt de terugkeer weg of verschuift die "
                          "{w:.0f} weken of meer: de terugkeer hangt niet aan één mechanisme.",
        "ko_dominates_not_needed": "{loop} domineert in week {weeks}, maar doorknippen "
                                   "{effect}: die lus draagt dan de beweging, maar de "
                                   "terugkeer hangt er niet van af.",
        "ko_dominates_needed": "{loop} domineert in week {weeks}, en doorknippen {effect}: "
                               "hier zeggen dominantie en knock-outs hetzelfde.",
        "ko_dominates_other": "{loop} domineert in week {weeks}; doorknippen {effect}.",
        "ko_needed_never_dominates": "De lus {loop} doorknippen {effect}, hoewel die nooit "
                                     "domineert.",
        "ko_stock_on_no_loop": "Het vasthouden van {stock} {effect}, terwijl die voorraad op geen "
                               "van de zes benoemde lussen ligt: hun dominantie kan er dus "
                               "niet naar wijzen.",
        "ko_stock_loops_never": "Het vasthouden van {stock} {effect}, hoewel geen lus erdoorheen "
                                "({loops}) ooit domineert.",
        "ko_stock_loop_dominates": "Het vasthouden van {stock} {effect}; van de lussen "
                                   "erdoorheen domineert {loops}.",
        "ko_slow_stock": "Een trage voorraad draagt op elk moment weinig van de verandering "
                         "en domineert dus zelden, en toch kan de terugkeer ervan afhangen.",
        "ko_other_dominates": "Lussen buiten de zes benoemde domineren {n:.0f} van de "
                              "{m:.0f} weken na de start; de knock-outs knippen alleen de "
                              "benoemde lussen door (en houden voorraden vast), dus die "
                              "kunnen ze niet toetsen.",
        "ko_agree": "Hier wijzen lusdominantie en de knock-outs naar dezelfde lussen.",
        "method": "Model: een systeemdynamisch model van de 1-op-1-cirkel (cyclesim). De "
                  "cijfers zijn modeluitkomsten onder de vermelde aannames, geen "
                  "voorspellingen; de waarde zit in de verschillen tussen scenario's en de "
                  "redenen daarvoor (de terugkoppelingen). Kosten zijn personeelskosten, de "
                  "toeslag voor uitzendkrachten en de onkosten van netwerkers.",
    },
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
