#!/usr/bin/env python3
"""Plot Benchmarks/growth-bench.sh's CSV: p99 latency against database size.

usage: Benchmarks/growth-plot.py GROWTH.csv [-o growth.png] [--connections 16] [--title TEXT]

One line per endpoint class (the CSV's `endpoint` rows measured at --connections, default the
most connections in the CSV; n/a cells are skipped), x = articles (log scale), y = p99 in ms
(log scale); a second panel gives req/s. Needs matplotlib
(`pip install matplotlib`); writes a PNG.
"""
import argparse, collections, csv, sys

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("csv"); parser.add_argument("-o", "--output", default="growth.png")
parser.add_argument("--connections", type=int)
parser.add_argument("--title", default="Gazette: cost against size (cache off, server on one core)")
args = parser.parse_args()
try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker
except ImportError:
    sys.exit("matplotlib is needed: pip install matplotlib")

with open(args.csv, encoding="utf-8") as handle:
    rows = [row for row in csv.DictReader(handle) if row["kind"] == "endpoint" and row["p99_ms"]]
connections = args.connections or max((int(row["conns"]) for row in rows), default=0)
series = collections.defaultdict(list)
for row in rows:
    if int(row["conns"]) == connections:
        series[row["name"]].append((int(row["size"]), float(row["p99_ms"]), float(row["value"])))
if not series:
    sys.exit(f"no endpoint rows in {args.csv}")

figure, (latency, throughput) = plt.subplots(1, 2, figsize=(14, 6))
styles = ["-o", "-s", "-^", "-v", "-D", "-x", "-+", "-*", "--o", "--s", "--^", "--v", "--D", "--x"]
for index, (name, points) in enumerate(series.items()):
    points.sort()
    sizes = [p[0] for p in points]
    latency.plot(sizes, [p[1] for p in points], styles[index % len(styles)], label=name)
    throughput.plot(sizes, [p[2] for p in points], styles[index % len(styles)], label=name)
all_sizes = sorted({p[0] for points in series.values() for p in points})
for axis, label in ((latency, "p99 latency (ms)"), (throughput, "requests/s")):
    axis.set_xscale("log"); axis.set_yscale("log")
    axis.set_xticks(all_sizes, [f"{n:,}" for n in all_sizes])
    axis.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    axis.set_xlabel("articles"); axis.set_ylabel(label)
    axis.grid(True, which="both", alpha=0.3)
latency.legend(fontsize=8, loc="upper left")
figure.suptitle(f"{args.title}, wrk -c{connections}")
figure.tight_layout()
figure.savefig(args.output, dpi=110)
print(f"wrote {args.output} ({len(series)} endpoint classes at {connections} connections)")
