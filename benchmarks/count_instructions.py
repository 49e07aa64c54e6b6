"""Instructions per article of ``toolkit.analyze``, counted by valgrind's cachegrind (issue 8).

Time on a shared machine drifts by ±10% between runs, more than most single
changes to the toolkit are worth; instruction counts do not drift, once the
process is made repeatable: the same string hashes (``PYTHONHASHSEED=0``) and,
with ``setarch -R`` (Linux, where it is installed), the same addresses, on
which the hash of an object hashed by identity depends (without it, counts of
the compiled build moved by up to 4% from run to run). This script
runs the toolkit over every 16th PolNeAR article of 300–3,000 words and the
two seeds (``bench_speed.py``'s articles), once and then twice, each time under ``valgrind --tool=cachegrind``, and prints the
difference per article: what one warm pass costs (the first pass also fills
the word tables and loads the dictionaries). Cache misses are simulated for a
1 MB last-level cache, the size of one core's L2 here.

Usage (needs valgrind; about 2 minutes compiled, 3 in plain Python)::

    python benchmarks/count_instructions.py                # the checkout's toolkit
    .venv-compiled/bin/python benchmarks/count_instructions.py --installed   # the compiled build

Instructions are not time: a cache miss costs far more than an instruction.
Use this to compare two versions of the code, and ``bench_speed.py`` for the ratio.
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# bench_speed's own article list and the line saying which toolkit is measured; importing it also
# puts the checkout's toolkit first on the path, unless --installed is given, as it does for itself
from bench_speed import articles, build  # noqa: E402

# cachegrind's summary lines (``==pid== I   refs:  1,234``) -> what they count
COUNTS = {r"I\s+refs": "instructions", r"D1\s+misses": "L1 data misses", r"LL\s+misses": "last-level misses"}


def run_passes(passes: int, every: int) -> None:
    """The measured program: analyze the articles ``passes`` times."""
    import toolkit

    texts = [t for _, t in articles(300, 3000, every)]
    for _ in range(passes):
        for t in texts:
            toolkit.analyze(t)
    print(f"articles {len(texts)}", file=sys.stderr)


def counted(passes: int, every: int, installed: bool) -> tuple[dict[str, int], int]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cachegrind.out"
        # the same addresses every run (setarch -R: no address space randomisation), where it exists
        fixed = [setarch, platform.machine(), "-R"] if (setarch := shutil.which("setarch")) else []
        cmd = [*fixed, "valgrind", "--tool=cachegrind", "--cache-sim=yes", "--LL=1048576,16,64",
               f"--cachegrind-out-file={out}", sys.executable, __file__, "--passes", str(passes),
               "--every", str(every)] + (["--installed"] if installed else [])
        env = {**os.environ, "PYTHONHASHSEED": "0"}  # the same hashes, so the same probes, every run
        done = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        sys.exit(done.stderr[-3000:])
    counts = {}
    for key in COUNTS:
        m = re.search(rf"== {key}:\s+([\d,]+)", done.stderr)
        counts[key] = int(m.group(1).replace(",", "")) if m else 0
    articles = int(re.search(r"articles (\d+)", done.stderr).group(1))
    return counts, articles


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--every", type=int, default=16, help="every n-th PolNeAR article (default 16: 48, and the seeds)")
    ap.add_argument("--installed", action="store_true", help="count the installed toolkit, not the checkout's")
    ap.add_argument("--passes", type=int, help=argparse.SUPPRESS)  # the measured run itself
    args = ap.parse_args(argv)
    if args.passes is not None:
        run_passes(args.passes, args.every)
        return 0
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (apt install valgrind)")
    print(build())
    one, n = counted(1, args.every, args.installed)
    two, _ = counted(2, args.every, args.installed)
    print(f"one warm pass over {n} articles, per article:")
    for key, label in COUNTS.items():
        print(f"  {label:18} {(two[key] - one[key]) / n / 1e6:8.2f} M")
    return 0


if __name__ == "__main__":
    sys.exit(main())
