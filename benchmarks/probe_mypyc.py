"""What compiling a module with mypyc would save: the toolkit as it is against a copy with MODULES compiled.

Run from the repository root; it needs mypyc (``pip install mypy``) and a C compiler, neither of which
the toolkit itself needs:

    python benchmarks/probe_mypyc.py                  # toolkit/quotes.py compiled, every 4th article
    python benchmarks/probe_mypyc.py quotes clean     # several modules
    python benchmarks/probe_mypyc.py --every 1        # all 766 articles

The repository's ``toolkit/`` and ``benchmarks/`` are copied to a temporary folder and the named modules
compiled there (nothing in the repository changes). Then fresh processes, alternately on the plain and
the compiled copy, time every stage of ``toolkit.analyze`` on the same articles (the steps of
``bench_speed.staged``, each article's best of the rounds), and check that both copies give the same
JSON for every article. It prints each stage's median for both and the ratio compiled / plain.

A module compiles only when it type-checks (mypyc turns annotations into checks at run time), so a
module that fails is reported and left out. This probe measures; the toolkit ships plain Python (see
docs/validation.md, "Speed", for why).
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Run in a fresh process by the probe: times the stages of one copy of the toolkit.
WORKER = r'''
import hashlib, json, sys
root, every, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
sys.path[:0] = [root, root + "/benchmarks"]
import bench_speed as B
import toolkit
assert toolkit.__file__.startswith(root), toolkit.__file__
arts = B.articles(300, 3000, every)
for _, source in arts[:30]:
    toolkit.analyze(source)
best = [dict.fromkeys(B.STAGES, float("inf")) for _ in arts]
digest = hashlib.sha256()
for r in range(rounds):
    for i, (_, source) in enumerate(arts):
        art, times = B.staged(source)
        best[i] = {s: min(best[i][s], times[s]) for s in B.STAGES}
        if r == 0:
            digest.update(json.dumps(art.to_dict(), sort_keys=True, default=str).encode())
compiled = sorted(m.__name__ for m in list(sys.modules.values())
                  if getattr(m, "__file__", "") and m.__name__.startswith("toolkit.") and m.__file__.endswith(".so"))
print(json.dumps({"best": best, "digest": digest.hexdigest(), "compiled": compiled}))
'''


def copy_tree(dest: Path) -> None:
    for part in ("toolkit", "benchmarks"):
        shutil.copytree(ROOT / part, dest / part, ignore=shutil.ignore_patterns("__pycache__", "*.so"))


def compile_module(root: Path, module: str) -> str | None:
    """Compile toolkit/<module>.py in place with mypyc; the error text when it fails."""
    mypyc = shutil.which("mypyc") or shutil.which("mypyc", path=str(Path(sys.executable).parent))
    if mypyc is None:
        return "mypyc not found (pip install mypy)"
    done = subprocess.run([mypyc, "--ignore-missing-imports", "--follow-imports=silent", f"toolkit/{module}.py"],
                          cwd=root, capture_output=True, text=True)
    if done.returncode != 0:
        lines = [line for line in (done.stdout + done.stderr).splitlines() if "error" in line]
        return "\n".join(lines[:8]) or "mypyc failed"
    return None


def run(root: Path, every: int, rounds: int) -> dict:
    done = subprocess.run([sys.executable, "-c", WORKER, str(root), str(every), str(rounds)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"the toolkit in {root} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("modules", nargs="*", default=["quotes"], help="toolkit modules to compile (default: quotes)")
    ap.add_argument("--every", type=int, default=4, help="take every N-th PolNeAR article (default 4)")
    ap.add_argument("--rounds", type=int, default=2, help="timed rounds per process (default 2)")
    ap.add_argument("--pairs", type=int, default=2, help="plain/compiled process pairs, alternating (default 2)")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="storylens-mypyc-") as tmp:
        plain, compiled = Path(tmp) / "plain", Path(tmp) / "compiled"
        copy_tree(plain)
        copy_tree(compiled)
        for module in args.modules:
            error = compile_module(compiled, module)
            print(f"{module}: " + ("compiled" if error is None else f"not compiled:\n  {error}"))
        results: dict[str, list[dict]] = {"plain": [], "compiled": []}
        for k in range(args.pairs):
            order = ("plain", "compiled") if k % 2 == 0 else ("compiled", "plain")
            for name in order:
                results[name].append(run(plain if name == "plain" else compiled, args.every, args.rounds))

    same = {r["digest"] for rs in results.values() for r in rs}
    print(f"compiled modules in use: {', '.join(results['compiled'][0]['compiled']) or 'none'}")
    print("same JSON for every article: " + ("yes" if len(same) == 1 else "NO"))

    def medians(name: str) -> dict[str, float]:
        # each article's best over the processes, then the median over articles
        per_article = [{s: min(r["best"][i][s] for r in results[name]) for s in r0}
                       for i, r0 in enumerate(results[name][0]["best"])]
        out = {s: statistics.median(a[s] for a in per_article) for s in per_article[0]}
        out["total"] = statistics.median(sum(a.values()) for a in per_article)
        return out

    p, c = medians("plain"), medians("compiled")
    print(f"\nCPU ms per article, median ({len(results['plain'][0]['best'])} articles):")
    print(f"  {'stage':<12} {'plain':>8} {'compiled':>9} {'ratio':>7}")
    for s in p:
        print(f"  {s:<12} {p[s]:8.3f} {c[s]:9.3f} {c[s] / p[s] if p[s] else float('nan'):7.2f}")
    return 0 if len(same) == 1 else 1


if __name__ == "__main__":
    raise SystemExit(main())
