"""Build cost of sphinx-recap against plain Sphinx and ABlog, on the same content.

``python benchmarks/run.py --recaps 1000`` generates the three variants of
:mod:`generate` into fresh temporary folders, builds each with
``python -m sphinx -b html -q`` in a child process, and prints one table:
wall and CPU time and peak memory of full builds (plain Sphinx, sphinx-recap with
its default settings and with ``recap_tune_gc``, ABlog, all on alabaster, and
sphinx-recap with its own theme), a no-op rebuild and a rebuild after one recap is
edited (and whether every listing page then equals a clean build), the ratios the
performance budget names, the share of the build spent on generated pages, and
CSS+JS bytes per page for three themes. ``--json FILE`` writes the same figures.

Nothing here asserts on time: the targets are printed as met or missed.
Wall time is the best of ``--repeat`` runs; peak memory is the largest
resident set of the build process (``wait4`` rusage), CPU time user + system.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import edit_recap, make_site, recap_path, write_recap, write_site

HERE = Path(__file__).resolve().parent
#: Small site for the page-weight builds: CSS and JS do not grow with the site.
WEIGHT_RECAPS = 20
THEMES = ("recap", "furo", "alabaster")
ASSET_QUERY = re.compile(r"\?v=[0-9a-f]+")
LISTING_DIRS = ("tags", "speakers", "events")
LISTING_PAGES = ("index.html", "talks.html", "archive.html")


@dataclass
class Build:
    """One child build: wall and CPU seconds, peak RSS in MiB."""

    wall: float
    cpu: float
    rss: float
    status: int
    warnings: int


def build(
    srcdir: Path,
    outdir: Path,
    *,
    jobs: int = 1,
    theme: str = "",
    python: str = sys.executable,
    fresh: bool = True,
    overrides: dict[str, str] | None = None,
) -> Build:
    """Run ``sphinx-build`` in a child and measure that child alone."""
    command = [python, "-m", "sphinx", "-b", "html", "-q", "-j", str(jobs)]
    if fresh:
        command.append("-E")
    if theme:
        command += ["-D", f"html_theme={theme}"]
    for name, value in (overrides or {}).items():
        command += ["-D", f"{name}={value}"]
    command += [str(srcdir), str(outdir)]
    log = outdir.parent / f"{outdir.name}.log"
    outdir.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as output:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace")
    if child.returncode:
        failed = f"build failed ({child.returncode}): {' '.join(command)}"
        raise RuntimeError(f"{failed}\n{text[-3000:]}")
    return Build(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        rss=usage.ru_maxrss / 1024,
        status=child.returncode,
        warnings=text.count("WARNING"),
    )


def best(builds: list[Build]) -> Build:
    """The fastest run, with the largest peak memory seen over all runs."""
    fastest = min(builds, key=lambda b: b.wall)
    return dataclasses.replace(
        fastest, cpu=min(b.cpu for b in builds), rss=max(b.rss for b in builds)
    )


def repeated(times: int, srcdir: Path, workdir: Path, name: str, **options: Any) -> Build:
    runs = []
    for number in range(times):
        outdir = workdir / f"{name}-{number}"
        runs.append(build(srcdir, outdir, **options))
        if number < times - 1:
            shutil.rmtree(outdir)
    return best(runs)


# -- ABlog -------------------------------------------------------------------------


def ablog_python(explicit: str) -> tuple[str, str]:
    """(python that can import ablog, why not) for the ABlog build."""
    candidates = [explicit] if explicit else [sys.executable]
    reasons = []
    for python in candidates:
        if not Path(python).exists():
            reasons.append(f"{python} does not exist")
            continue
        probe = subprocess.run(
            [python, "-c", "import ablog, sphinx; print(ablog.__version__, sphinx.__version__)"],
            capture_output=True,
            text=True,
            check=False,
        )
        if probe.returncode == 0:
            return python, ""
        reasons.append(f"{python}: {probe.stderr.strip().splitlines()[-1:]}")
    return "", "; ".join(reasons) or "no Python to try"


def versions(python: str) -> dict[str, str]:
    code = (
        "import importlib.metadata as m, json, sys\nout = {'python': sys.version.split()[0]}\n"
        "try:\n    import sphinx_recap; out['sphinx_recap_at'] = sphinx_recap.__file__\n"
        "except Exception: pass\n"
        "for name in ('sphinx', 'myst-parser', 'ablog', 'furo', 'docutils'):\n"
        "    try: out[name] = m.version(name)\n    except Exception: pass\n"
        "print(json.dumps(out))"
    )
    done = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


# -- listing pages after an incremental build -------------------------------------------


def listing_files(outdir: Path) -> dict[str, Path]:
    """Generated and listing pages (and feeds) by path relative to the output."""
    found: dict[str, Path] = {}
    for folder in LISTING_DIRS:
        for path in (outdir / folder).rglob("*"):
            if path.suffix in {".html", ".xml"}:
                found[path.relative_to(outdir).as_posix()] = path
    for name in (*LISTING_PAGES, "atom.xml", "recap.json", "talks.ics"):
        if (outdir / name).is_file():
            found[name] = outdir / name
    return found


def normalized(path: Path) -> bytes:
    return ASSET_QUERY.sub("", path.read_text(encoding="utf-8")).encode()


def compare_listings(incremental: Path, clean: Path) -> dict[str, Any]:
    """Listing pages of an incremental build against a clean build of the same sources."""
    ours, theirs = listing_files(incremental), listing_files(clean)
    differing = sorted(
        name
        for name in ours.keys() & theirs.keys()
        if normalized(ours[name]) != normalized(theirs[name])
    )
    stale = sorted(ours.keys() - theirs.keys())
    missing = sorted(theirs.keys() - ours.keys())
    return {
        "compared": len(theirs),
        "differing": differing,
        "stale": stale,
        "missing": missing,
        "correct": not (differing or stale or missing),
    }


def incremental_rebuilds(times: int, site: Any, srcdir: Path, outdir: Path, variant: str) -> Build:
    """Edit the newest recap ``times`` times, rebuilding after each; the best run."""
    runs = []
    number = len(site.recaps)
    for step in range(1, times + 1):
        site = edit_recap(site, number, step)
        path = write_recap(srcdir, variant, site.recaps[number - 1])
        later = time.time() + 2
        os.utime(path, (later, later))
        runs.append(build(srcdir, outdir, theme="alabaster", fresh=False))
    return best(runs)


# -- generated-page share ------------------------------------------------------------


def page_share(srcdir: Path, outdir: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(HERE / "pageshare.py"), str(srcdir), str(outdir)],
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(done.stdout)
    times = data["times"]
    pages = sum(v for k, v in times.items() if k.endswith("[bodies + templates + writing]"))
    bodies = sum(v for k, v in times.items() if k.endswith("[page bodies]"))
    feeds = sum(v for k, v in times.items() if "feeds." in k)
    # recap_tune_gc's listeners run the garbage collector, which without them
    # runs inside Sphinx's own code: shown on a row of its own, not as our work.
    collector = sum(v for k, v in times.items() if "gctune." in k)
    inside = sum(v for k, v in times.items() if not k.endswith("[page bodies]")) - collector
    data.update(pages=pages, bodies=bodies, feeds=feeds, ours=inside, collector=collector)
    return data


# -- page weight -----------------------------------------------------------------------

ASSET = re.compile(r"""<(?:link[^>]*rel="stylesheet"[^>]*href|script[^>]*src)="([^"]+)\"""")


def page_weight(page: Path, outdir: Path) -> dict[str, int]:
    """CSS and JS bytes a page loads from the site, raw and gzipped (level 9, each file)."""
    weight = {"css": 0, "css_gz": 0, "js": 0, "js_gz": 0, "files": 0}
    html = page.read_text(encoding="utf-8")
    for link in dict.fromkeys(ASSET.findall(html)):
        if "://" in link or link.startswith("//"):
            continue
        asset = (page.parent / link.split("?")[0]).resolve()
        if not asset.is_relative_to(outdir.resolve()) or not asset.is_file():
            continue
        data = asset.read_bytes()
        kind = "css" if asset.suffix == ".css" else "js"
        weight[kind] += len(data)
        weight[f"{kind}_gz"] += len(gzip.compress(data, compresslevel=9, mtime=0))
        weight["files"] += 1
    return weight


def theme_weights(workdir: Path, seed: int) -> dict[str, Any]:
    site = make_site(WEIGHT_RECAPS, seed)
    srcdir = workdir / "weight-src"
    write_site(srcdir, "recap", site)
    page = recap_path(site.recaps[0]).removesuffix(".md") + ".html"
    weights: dict[str, Any] = {}
    for theme in THEMES:
        outdir = workdir / f"weight-{theme}"
        try:
            build(srcdir, outdir, theme=theme)
        except RuntimeError as error:
            weights[theme] = {"error": str(error).splitlines()[0]}
            continue
        weights[theme] = page_weight(outdir / page, outdir)
    return weights


# -- machine ---------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    memory = ""
    try:
        info = Path("/proc/cpuinfo").read_text()
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in info.splitlines()
            if line.startswith("model name")
        )
        total = next(
            line
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f"{int(total.split()[1]) / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "system": f"{platform.system()} {platform.release()}",
        "load_before": [round(x, 2) for x in os.getloadavg()],
    }


# -- report ----------------------------------------------------------------------------


@dataclass
class Row:
    label: str
    value: str
    target: str = ""
    verdict: str = ""


def ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def judged(label: str, value: float, limit: float, fmt: str = "{:.2f}x") -> Row:
    return Row(
        label, fmt.format(value), f"≤ {fmt.format(limit)}", "met" if value <= limit else "missed"
    )


def build_cell(result: Build) -> str:
    return f"{result.wall:7.1f} s wall  {result.cpu:7.1f} s CPU  {result.rss:6.0f} MiB"


def table(rows: list[Row]) -> str:
    width = max(len(r.label) for r in rows)
    value_width = max(len(r.value) for r in rows)
    lines = []
    for row in rows:
        line = f"{row.label:<{width}}  {row.value:<{value_width}}"
        if row.target:
            line += f"  target {row.target:<7} {row.verdict}"
        lines.append(line.rstrip())
    return "\n".join(lines)


def run(args: argparse.Namespace) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="recap-bench-"))
    log = print if args.verbose else (lambda *_a, **_k: None)
    try:
        return measure(args, workdir, log)
    finally:
        if args.keep:
            print(f"kept {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def measure(args: argparse.Namespace, workdir: Path, log: Any) -> dict[str, Any]:
    site = make_site(args.recaps, args.seed)
    talks = sum(len(r.talks) for r in site.recaps)
    source = {}
    for variant in ("plain", "recap", "ablog"):
        source[variant] = workdir / f"src-{variant}"
        write_site(source[variant], variant, site)
    results: dict[str, Any] = {
        "recaps": args.recaps,
        "talks": talks,
        "repeat": args.repeat,
        "machine": machine(),
        "versions": versions(sys.executable),
    }
    builds: dict[str, Build] = {}

    def timed(name: str, variant: str, **options: Any) -> Build:
        log(f"building {name} ...", file=sys.stderr, flush=True)
        builds[name] = repeated(args.repeat, source[variant], workdir / "out", name, **options)
        log(f"  {build_cell(builds[name])}", file=sys.stderr, flush=True)
        return builds[name]

    timed("plain", "plain", theme="alabaster")
    timed("recap", "recap", theme="alabaster")
    timed("recap-gc", "recap", theme="alabaster", overrides={"recap_tune_gc": "1"})
    timed("recap-theme", "recap", theme="recap")
    python, why_not = ablog_python(args.ablog_python)
    if python:
        results["ablog_python"] = python
        results["ablog_versions"] = versions(python)
        timed("ablog", "ablog", theme="alabaster", python=python)
    else:
        results["ablog_unavailable"] = why_not

    # Rebuilds over the kept output of the last timed full build (same sources, same
    # settings, so Sphinx reuses its environment): nothing changed, then the newest
    # recap edited; then a clean build of the edited sources to compare with.
    log("rebuilds ...", file=sys.stderr, flush=True)
    last = args.repeat - 1
    for variant in ("recap", "plain"):
        outdir = workdir / "out" / f"{variant}-{last}"
        builds[f"{variant}-noop"] = best(
            [build(source[variant], outdir, theme="alabaster", fresh=False)]
            + [
                build(source[variant], outdir, theme="alabaster", fresh=False)
                for _ in range(args.repeat - 1)
            ]
        )
        builds[f"{variant}-incremental"] = incremental_rebuilds(
            args.repeat, site, source[variant], outdir, variant
        )
    edited_src, full_out = source["recap"], workdir / "out" / f"recap-{last}"
    log("clean build of the edited state, instrumented ...", file=sys.stderr, flush=True)
    clean_out = workdir / "out" / "recap-edited-clean"
    share = page_share(edited_src, clean_out)
    results["listings"] = compare_listings(full_out, clean_out)
    results["page_share"] = share
    log("page weight ...", file=sys.stderr, flush=True)
    results["page_weight"] = theme_weights(workdir / "weight", args.seed)
    results["builds"] = {name: dataclasses.asdict(b) for name, b in builds.items()}
    results["machine"]["load_after"] = [round(x, 2) for x in os.getloadavg()]
    results["rows"] = [dataclasses.asdict(r) for r in rows_of(results, builds, why_not)]
    return results


#: The budget of the Sphinx-native core: limits by site size (recaps).
ABLOG_LIMIT = {150: 0.65, 1000: 1.0}
TUNED_LIMIT_AT = 1000


def ablog_limit(recaps: int) -> float:
    """The ABlog ratio the budget allows at this size (the nearest size it names)."""
    size = min(ABLOG_LIMIT, key=lambda named: abs(named - recaps))
    return ABLOG_LIMIT[size]


def rows_of(results: dict[str, Any], builds: dict[str, Build], why_not: str) -> list[Row]:
    recap, plain = builds["recap"], builds["plain"]
    rows = [
        Row("full build, plain Sphinx (alabaster)", build_cell(plain)),
        Row("full build, sphinx-recap (alabaster)", build_cell(recap)),
        Row("full build, sphinx-recap, recap_tune_gc", build_cell(builds["recap-gc"])),
        Row("full build, sphinx-recap (recap theme)", build_cell(builds["recap-theme"])),
    ]
    if "ablog" in builds:
        rows.append(Row("full build, ABlog (alabaster)", build_cell(builds["ablog"])))
    else:
        rows.append(Row("full build, ABlog", f"ABlog: not available ({why_not})"))
    rows += [
        Row("no-op rebuild, plain Sphinx", build_cell(builds["plain-noop"])),
        Row("no-op rebuild, sphinx-recap", build_cell(builds["recap-noop"])),
        Row("one page edited, plain Sphinx", build_cell(builds["plain-incremental"])),
        Row("one recap edited, sphinx-recap", build_cell(builds["recap-incremental"])),
        judged("ratio sphinx-recap / plain Sphinx (wall)", ratio(recap.wall, plain.wall), 1.25),
        Row("ratio sphinx-recap / plain Sphinx (CPU)", f"{ratio(recap.cpu, plain.cpu):.2f}x"),
    ]
    tuned = ratio(builds["recap-gc"].wall, plain.wall)
    if results["recaps"] >= TUNED_LIMIT_AT:
        rows.append(judged("ratio recap_tune_gc / plain Sphinx (wall)", tuned, 0.6))
    else:
        rows.append(Row("ratio recap_tune_gc / plain Sphinx (wall)", f"{tuned:.2f}x"))
    rows.append(
        Row(
            "ratio recap theme / alabaster (wall)",
            f"{ratio(builds['recap-theme'].wall, recap.wall):.2f}x",
        )
    )
    if "ablog" in builds:
        limit = ablog_limit(results["recaps"])
        ablog = builds["ablog"]
        rows.append(
            judged("ratio sphinx-recap / ABlog (wall)", ratio(recap.wall, ablog.wall), limit)
        )
        rows.append(
            Row("ratio ABlog / plain Sphinx (wall)", f"{ratio(ablog.wall, plain.wall):.2f}x")
        )
    else:
        rows.append(Row("ratio sphinx-recap / ABlog", f"ABlog: not available ({why_not})"))
    listings = results["listings"]
    share = results["page_share"]
    rows += [
        judged(
            "ratio edit rebuild sphinx-recap / plain (wall)",
            ratio(builds["recap-incremental"].wall, builds["plain-incremental"].wall),
            1.25,
        ),
        judged(
            "ratio no-op rebuild sphinx-recap / plain (wall)",
            ratio(builds["recap-noop"].wall, builds["plain-noop"].wall),
            1.15,
        ),
        Row(
            "listing pages after the edit rebuild",
            (
                "all equal to a clean build"
                if listings["correct"]
                else f"{len(listings['differing'])} differ, {len(listings['stale'])} stale, "
                f"{len(listings['missing'])} missing"
            )
            + f" ({listings['compared']} compared)",
            "correct",
            "met" if listings["correct"] else "missed",
        ),
        judged("peak memory sphinx-recap / plain Sphinx", ratio(recap.rss, plain.rss), 1.3),
        Row(
            "generated pages: share of a full build",
            f"{ratio(share['pages'], share['total']):.1%} "
            f"({share['pages']:.1f} s of {share['total']:.1f} s; page data and bodies "
            f"{share['bodies']:.1f} s)",
        ),
        Row(
            "feeds and exports: share of a full build",
            f"{ratio(share['feeds'], share['total']):.1%} ({share['feeds']:.1f} s)",
        ),
        Row(
            "all sphinx-recap code: share of a full build",
            f"{ratio(share['ours'], share['total']):.1%} ({share['ours']:.1f} s)",
        ),
    ]
    for theme, weight in results["page_weight"].items():
        if "error" in weight:
            rows.append(Row(f"CSS+JS per page, {theme}", f"not built ({weight['error']})"))
            continue
        rows.append(
            Row(
                f"CSS+JS per page, {theme}",
                f"CSS {weight['css'] / 1024:5.1f} KiB ({weight['css_gz'] / 1024:4.1f} gz)  "
                f"JS {weight['js'] / 1024:5.1f} KiB ({weight['js_gz'] / 1024:4.1f} gz)  "
                f"total {(weight['css'] + weight['js']) / 1024:5.1f} KiB "
                f"({(weight['css_gz'] + weight['js_gz']) / 1024:4.1f} gz)",
            )
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recaps", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (best is kept)")
    parser.add_argument("--seed", type=int, default=20170330)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--ablog-python",
        default="",
        help="Python of an environment with ABlog (default: this one)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders")
    parser.add_argument("--verbose", "-v", action="store_true", help="progress on stderr")
    args = parser.parse_args(argv)
    if args.recaps < 2 or args.repeat < 1:
        parser.error("--recaps must be at least 2 and --repeat at least 1")
    results = run(args)
    info, found = results["machine"], results["versions"]
    print(
        f"sphinx-recap benchmark: {results['recaps']} recaps, {results['talks']} talks, "
        f"best of {results['repeat']}"
    )
    print(
        f"machine: {info['cpu']}, {info['cores']} cores, {info['memory']}; Python "
        f"{found['python']}, Sphinx {found.get('sphinx')}, myst-parser "
        f"{found.get('myst-parser')}; ABlog "
        f"{results.get('ablog_versions', {}).get('ablog', 'not available')} "
        f"via {results.get('ablog_python', '-')}"
    )
    print(f"load average before {info['load_before']}, after {info['load_after']}")
    print()
    print(table([Row(**r) for r in results["rows"]]))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
