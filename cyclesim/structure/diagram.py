"""Pictures of the structure, drawn from the listing: causal loop diagram, stock-and-flow
view, and loop dominance over time.

Each drawing function takes a matplotlib ``ax`` and returns it; the ``save_…`` functions
make a figure and write it (SVG or PNG by the file's suffix).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # noqa: E402  (files only; no display needed)
import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from cyclesim.model.loop_families import FAMILIES  # noqa: E402
from cyclesim.structure.loops import Loop, causal_graph, find_loops, named_loops  # noqa: E402
from cyclesim.model.graph import Structure, structure  # noqa: E402

SIGN_COLOURS = {1: "#1f5fa8", -1: "#c0392b", 0: "#888888"}
FAMILY_COLOURS = dict(zip([f.key for f in FAMILIES] + ["other"],
                          ["#2a9d8f", "#e76f51", "#8e44ad", "#f4a261", "#264653", "#e9c46a",
                           "#999999"]))


def _layout(graph: nx.DiGraph) -> dict[str, np.ndarray]:
    return nx.kamada_kawai_layout(graph.to_undirected())


def draw_cld(ax: plt.Axes, model: Structure | None = None, loops: list[Loop] | None = None,
             layout=_layout) -> plt.Axes:
    """The causal loop diagram: every variable and link with its sign, stocks as boxes,
    the MODEL.md loops traced in colour and labelled at their centre."""
    model = model or structure()
    graph = causal_graph(model)
    loops = find_loops(model) if loops is None else loops
    pos = layout(graph)
    for key, loop in named_loops(loops).items():
        nx.draw_networkx_edges(graph, pos, edgelist=list(loop.links), ax=ax, width=6,
                               alpha=0.25, edge_color=FAMILY_COLOURS[key], arrows=False)
    for sign, colour in SIGN_COLOURS.items():
        edges = [(u, v) for u, v, s in graph.edges(data="sign") if s == sign]
        nx.draw_networkx_edges(graph, pos, edgelist=edges, ax=ax, edge_color=colour,
                               width=0.8, arrowsize=8, node_size=600,
                               connectionstyle="arc3,rad=0.08")
    for u, v, sign in graph.edges(data="sign"):
        x, y = 0.35 * pos[u] + 0.65 * pos[v]
        ax.text(x, y, {1: "+", -1: "−", 0: "?"}[sign], color=SIGN_COLOURS[sign], fontsize=7,
                ha="center", va="center", fontweight="bold")
    for node, kind in graph.nodes(data="kind"):
        box = (dict(boxstyle="square,pad=0.3", fc="#fff8e1", ec="black", lw=1.2)
               if kind == "stock" else dict(boxstyle="round,pad=0.15", fc="white", ec="none",
                                            alpha=0.7))
        ax.text(*pos[node], node.replace("_", " "), fontsize=6 if kind != "stock" else 7.5,
                ha="center", va="center", bbox=box, zorder=3)
    for key, loop in named_loops(loops).items():
        centre = np.mean([pos[v] for v in loop.variables], axis=0)
        family = next(f for f in FAMILIES if f.key == key)
        ax.text(*centre, family.name, fontsize=10, fontweight="bold", ha="center", zorder=4,
                color="white", bbox=dict(boxstyle="round", fc=FAMILY_COLOURS[key], alpha=0.9))
    ax.set_axis_off()
    ax.set_title("Causal loop diagram (from the model listing; blue +, red −)")
    return ax


def draw_stock_flow(ax: plt.Axes, model: Structure | None = None) -> plt.Axes:
    """Stocks as boxes, flows as valves on pipes (thick), and the information links from
    stocks to the flows they drive through auxiliaries (thin, dashed)."""
    model = model or structure()
    graph = causal_graph(model)
    view = nx.DiGraph()
    flows = {e.name for e in model.equations if e.kind == "flow"}
    for stock in model.stocks:
        view.add_node(stock.name, kind="stock")
        for f in stock.inflows:
            view.add_edge(f, stock.name, kind="pipe")
        for f in stock.outflows:
            view.add_edge(stock.name, f, kind="pipe")
    for stock in model.stocks:
        for target in nx.descendants(graph, stock.name):
            if target in flows and not view.has_edge(stock.name, target) \
                    and _through_auxes(graph, stock.name, target, model):
                view.add_edge(stock.name, target, kind="info")
    for f in flows:
        view.nodes[f]["kind"] = "flow"
    pos = _layout(view)
    pipes = [(u, v) for u, v, k in view.edges(data="kind") if k == "pipe"]
    info = [(u, v) for u, v, k in view.edges(data="kind") if k == "info"]
    nx.draw_networkx_edges(view, pos, edgelist=info, ax=ax, style="dashed", width=0.5,
                           alpha=0.5, edge_color="#555555", arrowsize=6)
    nx.draw_networkx_edges(view, pos, edgelist=pipes, ax=ax, width=3, edge_color="#6c8ebf",
                           arrowsize=12)
    for node, kind in view.nodes(data="kind"):
        box = (dict(boxstyle="square,pad=0.4", fc="#fff8e1", ec="black") if kind == "stock"
               else dict(boxstyle="circle,pad=0.1", fc="#dae8fc", ec="#6c8ebf"))
        ax.text(*pos[node], node.replace("_", " "), fontsize=7 if kind == "stock" else 5.5,
                ha="center", va="center", bbox=box, zorder=3)
    ax.set_axis_off()
    ax.set_title("Stock-and-flow view: stocks, flows (valves), information links")
    return ax


def _through_auxes(graph: nx.DiGraph, stock: str, flow: str, model: Structure) -> bool:
    """Whether ``stock`` reaches ``flow`` along auxiliaries only (no other stock/flow)."""
    kinds = dict(graph.nodes(data="kind"))
    sub = graph.subgraph([n for n in graph if kinds[n] == "aux"] + [stock, flow])
    return nx.has_path(sub, stock, flow)


def draw_family_scores(ax: plt.Axes, families: pd.DataFrame, title: str = "") -> plt.Axes:
    """Loop scores of the MODEL.md families over time (positive: reinforcing drives)."""
    for key in families.columns:
        ax.plot(families.index, families[key], label=key.replace("_", " "),
                color=FAMILY_COLOURS.get(key, "#999999"), lw=1.5)
    ax.axhline(0.0, color="black", lw=0.5)
    ax.set_xlabel("week")
    ax.set_ylabel("relative loop score")
    ax.set_ylim(-1.05, 1.05)
    ax.set_title(title or "Loop dominance by family (Loops That Matter)")
    ax.legend(fontsize=7, ncol=4, loc="lower left")
    return ax


def save_diagram(path: str | Path, model: Structure | None = None) -> list[Path]:
    """Write the causal loop diagram to ``path`` and the stock-and-flow view beside it
    (``NAME_stock_flow.SUFFIX``); returns both paths."""
    path = Path(path)
    second = path.with_name(f"{path.stem}_stock_flow{path.suffix}")
    for target, draw, size in ((path, draw_cld, (26, 20)), (second, draw_stock_flow, (18, 14))):
        fig, ax = plt.subplots(figsize=size)
        draw(ax, model)
        fig.tight_layout()
        fig.savefig(target, dpi=90)
        plt.close(fig)
    return [path, second]


def save_dominance(path: str | Path, panels: dict[str, pd.DataFrame]) -> Path:
    """One panel of family scores per entry of ``panels`` (title → frame), in a column."""
    fig, axes = plt.subplots(len(panels), 1, figsize=(11, 3.2 * len(panels)), sharex=True,
                             squeeze=False)
    for ax, (title, frame) in zip(axes[:, 0], panels.items()):
        draw_family_scores(ax, frame, title)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return Path(path)
