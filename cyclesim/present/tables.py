"""Tables a policy officer can paste: the comparison as CSV and as an .xlsx sheet, with
English or Dutch headers (``cyclesim compare --out DIR --lang nl``). Numbers stay numbers
(no thousands separators, no units in the cells); units are in the headers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

# key of the compare record: (English header, Dutch header)
COLUMNS: dict[str, tuple[str, str]] = {
    "scenario": ("scenario", "scenario"),
    "title": ("title", "titel"),
    "outcome": ("outcome", "uitkomst"),
    "return_week": ("back at start (week; empty: not back within the horizon)",
                    "terug bij af (week; leeg: niet terug binnen de horizon)"),
    "honeymoon_depth": ("honeymoon depth (share better than at start)",
                        "diepte verbetering (aandeel beter dan bij de start)"),
    "honeymoon_weeks": ("honeymoon (weeks)", "duur verbetering (weken)"),
    "cycles": ("cycles (back at start)", "cycli (terug bij af)"),
    "declined_stages": ("declined stages", "afgebroken stappen"),
    "extra_cost": ("extra cost over no intervention, over the horizon, whole team [EUR]",
                   "extra kosten t.o.v. geen interventie, over de horizon, heel team [EUR]"),
    "extra_cost_at_return": ("extra cost over no intervention until back at start, whole "
                             "team [EUR]",
                             "extra kosten t.o.v. geen interventie tot terug bij af, heel "
                             "team [EUR]"),
    "total_cost": ("total cost over the horizon, whole team [EUR]",
                   "totale kosten over de horizon, heel team [EUR]"),
    "peak_dependency": ("highest dependency (0-1)", "hoogste afhankelijkheid (0-1)"),
    "horizon_weeks": ("horizon (weeks)", "horizon (weken)"),
}
VERDICT: dict[str, tuple[str, str]] = {
    "return_delay_weeks": ("return vs 1-on-1 alone over plausible draws (weeks)",
                           "terugkeer t.o.v. alleen 1-op-1 over aannemelijke trekkingen (weken)"),
    "cost_difference_vs_one_on_one_eur": (
        "total cost vs 1-on-1 alone (or no intervention) over plausible draws [EUR]",
        "totale kosten t.o.v. alleen 1-op-1 (of geen interventie) over aannemelijke "
        "trekkingen [EUR]"),
}
STAT: dict[str, tuple[str, str]] = {
    "median": ("median", "mediaan"), "p5": ("5 %", "5 %"), "p95": ("95 %", "95 %"),
    "share_same_sign": ("share of draws with the median's sign",
                        "aandeel trekkingen met het teken van de mediaan"),
    # the delay is over the draws in which both runs improved first: say how many
    "n_finite": ("draws it is taken over", "trekkingen waarover genomen"),
}
OUTCOME_WORDS: dict[str, dict[str, str]] = {
    "en": {"returned": "back at start", "not_within_horizon": "not back within the horizon",
           "no_honeymoon": "no improvement", "worse": "worse than at start"},
    "nl": {"returned": "terug bij af", "not_within_horizon": "niet terug binnen de horizon",
           "no_honeymoon": "geen verbetering", "worse": "slechter dan bij de start"},
}


def comparison_frame(rows: list[dict], lang: str = "en") -> pd.DataFrame:
    """The compare records as one numeric table with headers in ``lang``."""
    i = 1 if lang == "nl" else 0
    data = []
    for row in rows:
        item = {COLUMNS[k][i]: row.get(k) for k in COLUMNS}
        if lang == "nl" and row.get("title_nl"):
            item[COLUMNS["title"][i]] = row["title_nl"]
        item[COLUMNS["outcome"][i]] = OUTCOME_WORDS[lang].get(row["outcome"], row["outcome"])
        verdict = row.get("verdict")
        if verdict:
            for key, names in VERDICT.items():
                for stat, stat_names in STAT.items():
                    item[f"{names[i]}: {stat_names[i]}"] = verdict[key][stat]
        data.append(item)
    frame = pd.DataFrame(data)
    for column in frame.columns:  # whole euros; other numbers to 3 decimals
        if pd.api.types.is_float_dtype(frame[column]):
            frame[column] = frame[column].round(0 if "[EUR]" in column else 3) + 0.0
    return frame


def write_tables(rows: list[dict], out: str | Path, lang: str = "en") -> list[Path]:
    """``comparison.csv`` (UTF-8 with BOM, so spreadsheet programs read the accents; in
    Dutch with ``;`` between fields and a decimal comma, as Dutch spreadsheets expect) and
    ``comparison.xlsx`` (one sheet) into ``out``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    frame = comparison_frame(rows, lang)
    csv, xlsx = out / "comparison.csv", out / "comparison.xlsx"
    if lang == "nl":
        frame.to_csv(csv, index=False, encoding="utf-8-sig", sep=";", decimal=",")
    else:
        frame.to_csv(csv, index=False, encoding="utf-8-sig")
    sheet = "vergelijking" if lang == "nl" else "comparison"
    with pd.ExcelWriter(xlsx, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=sheet, index=False)
        ws = writer.sheets[sheet]
        for column in ws.columns:
            ws.column_dimensions[column[0].column_letter].width = min(
                60, max(10, len(str(column[0].value)) * 0.6))
        ws.freeze_panes = "B2"
    return [csv, xlsx]
