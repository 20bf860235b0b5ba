"""The story diagram (issue 11): concepts group listing variables, every drawn link has a
chain of listing links behind it with that sign, the six loops close with their polarity,
labels do not overlap, and the CLI writes SVG and PNG."""

from __future__ import annotations

import itertools
import subprocess
import sys

import pytest

from cyclesim.model.graph import structure
from cyclesim.model.loop_families import FAMILIES, LOOP_LABELS
from cyclesim.structure.story_diagram import (CONCEPTS, LOOP_MARKERS,
                                              STORY_LINKS, build, chain_sign, membership,
                                              story_diagram)


def test_every_listed_variable_is_in_the_listing():
    names = set(structure().variable_names)
    missing = [(c.key, m) for c in CONCEPTS for m in c.members if m not in names]
    assert not missing, f"concept members not in the listing: {missing}"
    assert all(m in c.members for c in CONCEPTS for m in c.inverted)


def test_at_most_twenty_concepts_each_with_both_labels():
    diagram = story_diagram()
    assert 12 <= len(diagram.concepts) <= 20
    for concept in diagram.concepts:
        assert concept.nl and concept.en
    keys = [c.key for c in CONCEPTS]
    assert len(keys) == len(set(keys))


def test_every_drawn_link_has_a_chain_of_listing_links_with_its_sign():
    model = structure()
    signs = {(l.source, l.target): l.sign for l in model.links()}
    of = membership(model)
    diagram = story_diagram()
    assert diagram.links
    for link in diagram.links:
        chain = link.chain
        assert of[chain[0]].key == link.source and of[chain[-1]].key == link.target
        for a, b in zip(chain, chain[1:]):
            assert (a, b) in signs, f"{link.source} -> {link.target}: {a} -> {b} is no link"
        for v in chain[1:-1]:  # through the source concept or variables of no concept
            assert v not in of or of[v].key == link.source, (link, v)
        assert link.sign in (1, -1)
        assert chain_sign(chain, signs, of) == link.sign


def test_a_link_without_a_chain_is_not_drawn():
    """Cut every chain from temps to cost: the story link is no longer drawn."""
    model = structure()
    base = build(model)
    assert ("temps", "cost") in {(l.source, l.target) for l in base.links}
    from dataclasses import replace
    temps = {m for m in next(c for c in CONCEPTS if c.key == "temps").members}
    cost_vars = {"cost_per_week", "cumulative_cost"}
    equations = tuple(replace(e, inputs=tuple(i for i in e.inputs if i not in temps))
                      if e.name in cost_vars else e for e in model.equations)
    cut = build(replace(model, equations=equations))
    assert ("temps", "cost") not in {(l.source, l.target) for l in cut.links}


def test_six_loops_close_with_their_polarity():
    diagram = story_diagram()
    assert set(diagram.loops) == {f.key for f in FAMILIES}
    for family in FAMILIES:
        cycle = diagram.loops[family.key]
        product = 1
        for a, b in zip(cycle, cycle[1:] + cycle[:1]):
            product *= diagram.link(a, b).sign
        assert ("R" if product > 0 else "B") == family.polarity == diagram.polarity[family.key]
        assert family.key in LOOP_MARKERS
        assert family.key in LOOP_LABELS["nl"] and family.key in LOOP_LABELS["en"]


def test_story_links_are_found():
    drawn = {(l.source, l.target) for l in story_diagram().links}
    missing = [pair for pair in STORY_LINKS if pair not in drawn]
    assert not missing, f"story links without a chain in the listing: {missing}"


def _extents(lang, highlight=None):
    from cyclesim.present.story_diagram_plot import plt, story_figure

    fig, artists = story_figure(lang, highlight)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    out = []
    for role, items in artists.items():
        for a in items:
            patch = a.get_bbox_patch()
            out.append((role, a.get_text(), (patch or a).get_window_extent(renderer)))
    width, height = fig.canvas.get_width_height()
    plt.close(fig)
    return out, width, height


@pytest.mark.parametrize("lang,highlight", [("nl", None), ("en", None), ("nl", "guard_role")])
def test_no_two_labels_overlap_and_all_are_inside(lang, highlight):
    items, width, height = _extents(lang, highlight)
    assert sum(role == "markers" for role, _, _ in items) == 6
    clashes = [(a[:2], b[:2]) for a, b in itertools.combinations(items, 2)
               if a[2].overlaps(b[2])]
    assert not clashes
    for role, text, box in items:
        assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= width and box.y1 <= height, text


def test_dutch_diagram_has_dutch_words_only():
    items, _, _ = _extents("nl")
    texts = " ".join(t for _, t, _ in items).lower()
    for english in ("proximity", "dependency", "team size", "temps", "strain", "tension",
                    "incidents", "honeymoon", "satisfaction", "cost", "self-image", "loop"):
        assert english not in texts, english


def test_cli_writes_svg_and_png(tmp_path):
    out = tmp_path / "story.svg"
    done = subprocess.run([sys.executable, "-m", "cyclesim", "diagram", "--story", "--lang",
                           "nl", "--out", str(out)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert out.read_text().lstrip().startswith(("<?xml", "<svg"))
    assert "nabijheid" in out.read_text()
    assert (tmp_path / "story.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
