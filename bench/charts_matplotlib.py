#!/usr/bin/env python3
"""Draws the two charts of Bench's `ChartsBenchmark` (ranked bars of 23 units, 23 x 6 heat map, both
1200x800 px PNG) with matplotlib, N times each, and prints ms/chart in the same format as
`ChartsBenchmark.run()`, so the two can be compared in one run:

    python3 bench/charts_matplotlib.py [N]      (pip install matplotlib if missing)
"""
import io
import sys
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

UNITS = [
    "发展战略与宣传策划局", "办公室", "人力资源管理部", "政法委", "科技经济运行局", "服务业促进局", "财政局",
    "国土规划建设管理局", "城市管理局", "市场监管局", "行政服务与审批管理局", "社会事务局", "税务局", "投资促进中心",
    "公安分局", "检察院", "法院", "环保分局", "舜华路街道办", "东区街道办", "遥墙街道办", "创新谷街道办", "章锦街道办",
]
INDICATORS = ["信用制度建设", "信用信息归集", "双公示", "联合奖惩", "信用承诺", "宣传培训"]


def use_noto():
    for path in font_manager.findSystemFonts():
        if "NotoSansCJK-Regular" in path:
            font_manager.fontManager.addfont(path)
    plt.rcParams["font.family"] = "Noto Sans CJK SC"
    plt.rcParams["axes.unicode_minus"] = False


def ranked_png():
    items = [(name, float((i * 37 + 11) % 50) + 50.25) for i, name in enumerate(UNITS)]
    average = sum(v for _, v in items) / len(items)
    items.sort(key=lambda kv: -kv[1])
    fig, ax = plt.subplots(figsize=(12, 8), dpi=100)
    labels = [k for k, _ in items]
    values = [v for _, v in items]
    colors = ["#D55E00" if k == "市场监管局" else "#56B4E9" for k in labels]
    y = list(range(len(items)))
    ax.barh(y, values, color=colors, height=0.66)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.xaxis.grid(True, color="#DEDEDE", linewidth=1)
    ax.set_axisbelow(True)
    for s in ("top", "right", "left"):
        ax.spines[s].set_visible(False)
    ax.axvline(average, color="#1F1F1F", linestyle="--", linewidth=1)
    ax.text(average, -0.9, f"平均 {average:.2f}", ha="center", va="bottom", fontsize=11)
    for i, v in enumerate(values):
        ax.text(104, i, f"{v:.2f}", ha="right", va="center", fontsize=12)
    ax.set_title("济南高新区社会信用体系建设考核得分（2018年12月）", loc="left", fontsize=18, fontweight="bold")
    fig.text(0.01, 0.01, "数据来源：高新区信用办", fontsize=10, color="#5C5C5C")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def heat_png():
    values = [[((r * 37 + c * 53) % 101) / 100 for c in range(len(INDICATORS))] for r in range(len(UNITS))]
    fig, ax = plt.subplots(figsize=(12, 8), dpi=100)
    ax.imshow(values, cmap="Blues", vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(len(INDICATORS)), INDICATORS)
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(UNITS)), UNITS)
    for r, row in enumerate(values):
        for c, v in enumerate(row):
            ax.text(c, r, f"{v * 100:.1f}%", ha="center", va="center", fontsize=10,
                    color="white" if v > 0.55 else "#1F1F1F")
    ax.set_title("各单位分项指标完成率", loc="left", fontsize=18, fontweight="bold")
    fig.text(0.01, 0.01, "数据来源：高新区信用办", fontsize=10, color="#5C5C5C")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def timed(draw, n):
    draw()  # warm-up (font cache)
    start = time.perf_counter()
    for _ in range(n):
        draw()
    return (time.perf_counter() - start) * 1000 / n


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    use_noto()
    if len(sys.argv) > 2:  # write the two figures for looking at them
        with open(sys.argv[2] + "-ranked.png", "wb") as f:
            f.write(ranked_png())
        with open(sys.argv[2] + "-heat.png", "wb") as f:
            f.write(heat_png())
    print(f"matplotlib {matplotlib.__version__} ranked bars 1200x800: {timed(ranked_png, n):.2f} ms/chart")
    print(f"matplotlib {matplotlib.__version__} heat map 1200x800: {timed(heat_png, n):.2f} ms/chart")


if __name__ == "__main__":
    main()
