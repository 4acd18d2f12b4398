"""Benchmark cf502lint against cfn-lint, checkov and the parse floor, whole process.

    python bench/run.py                               # a few minutes
    python bench/run.py --scale 1,10,100 --big        # adds the 100x trees and a 20 MB template
    python bench/run.py --corpus /path/to/corpus --runs 5 --json results.json

Every figure is a whole process, started and waited for as a user would run it; the cases
of one part run interleaved (a, b, c, a, b, c, ...) so that a change in the machine's load
falls on all of them, and the median of ``--runs`` is printed with its ratio to the first
case, for wall time and for CPU time (user and system: on a machine shared with other work,
wall time is mostly the others' load, CPU time much less). Peak memory is the process's
maximum resident set (``os.wait4``). The corpus is ``../shared/corpus`` next to the
project unless ``--corpus`` says otherwise: ``cfn/`` holds CloudFormation templates,
``terraform/`` Terraform modules. The floor parses the same files
and does nothing else: PyYAML's C loader for YAML, ``json`` for JSON, tree-sitter-hcl for
HCL. Generated trees (``--scale``) are copies of the corpus, each file with a line of its own
so that no two copies are byte-identical; they are written under ``--work``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

FLOOR = r"""
import json, sys
import yaml

class Loader(yaml.CSafeLoader):
    pass

def tagged(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)

Loader.add_multi_constructor("!", tagged)
parser = None
for path in sys.argv[1:]:
    with open(path, "rb") as handle:
        data = handle.read()
    if path.endswith((".tf", ".tfvars")):
        if parser is None:
            import tree_sitter_hcl
            from tree_sitter import Language, Parser
            parser = Parser(Language(tree_sitter_hcl.language()))
        parser.parse(data)
    elif data.lstrip()[:1] in (b"{", b"["):
        json.loads(data)
    else:
        yaml.load(data, Loader=Loader)
"""

SMALL = """AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: site
            DomainName: example.s3-website-us-east-1.amazonaws.com
            CustomOriginConfig:
              OriginProtocolPolicy: http-only
        DefaultCacheBehavior:
          TargetOriginId: site
          ViewerProtocolPolicy: redirect-to-https
          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
"""


@dataclass(frozen=True)
class Sample:
    seconds: float
    cpu: float
    """User and system time: on a machine shared with other work, steadier than wall time."""
    peak_mb: float
    code: int


def run(argv: Sequence[str], cwd: Path | None = None) -> Sample:
    """Run one whole process to its end, its output discarded."""
    start = time.perf_counter()
    process = subprocess.Popen(
        list(argv), cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return Sample(seconds, cpu, usage.ru_maxrss / 1024, process.returncode)


def compare(
    title: str,
    cases: dict[str, list[str]],
    runs: int,
    results: dict[str, object],
    before: dict[str, Callable[[], object]] | None = None,
) -> tuple[dict[str, float], dict[str, float]]:
    """Run ``cases`` interleaved ``runs`` times; print medians and ratios to the first case.
    ``before`` names what to do, untimed, before each run of a case.

    Returns the median wall and CPU seconds of each case."""
    samples: dict[str, list[Sample]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, argv in cases.items():
            if before and name in before:
                before[name]()
            samples[name].append(run(argv))
    medians = {n: statistics.median(s.seconds for s in got) for n, got in samples.items()}
    cpus = {n: statistics.median(s.cpu for s in got) for n, got in samples.items()}
    first, first_cpu = next(iter(medians.values())), next(iter(cpus.values()))
    print(f"\n## {title} (median of {runs})")
    print(f"{'':40} {'wall s':>8} {'ratio':>7} {'CPU s':>8} {'ratio':>7} {'peak MB':>8}  exit")
    for name, got in samples.items():
        peak = max(s.peak_mb for s in got)
        codes = ",".join(sorted({str(s.code) for s in got}))
        ratio = medians[name] / first if first else float("nan")
        cpu_ratio = cpus[name] / first_cpu if first_cpu else float("nan")
        print(
            f"{name:40} {medians[name]:8.3f} {ratio:6.2f}x {cpus[name]:8.3f} {cpu_ratio:6.2f}x"
            f" {peak:8.0f}  {codes}"
        )
    results[title] = {
        name: {
            "median_seconds": medians[name],
            "median_cpu_seconds": cpus[name],
            "seconds": [s.seconds for s in got],
            "cpu_seconds": [s.cpu for s in got],
            "peak_mb": max(s.peak_mb for s in got),
        }
        for name, got in samples.items()
    }
    return medians, cpus


def files_of(directory: Path, suffixes: tuple[str, ...]) -> list[str]:
    return sorted(str(p) for p in directory.rglob("*") if p.is_file() and p.suffix in suffixes)


def marked(data: bytes, suffix: str, copy: int) -> bytes:
    """The file's text with a line that makes this copy unlike the others."""
    if suffix == ".json":
        return data.rstrip() + b"\n" + b" " * copy + b"\n"
    return data.rstrip(b"\n") + f"\n# copy {copy}\n".encode()


def scaled_tree(source: Path, target: Path, factor: int) -> Path:
    """``factor`` copies of ``source`` under ``target``, written once and reused."""
    done = target / ".complete"
    if done.exists():
        return target
    shutil.rmtree(target, ignore_errors=True)
    for copy in range(factor):
        for path in source.rglob("*"):
            if not path.is_file():
                continue
            out = target / f"c{copy:04}" / path.relative_to(source)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(marked(path.read_bytes(), path.suffix, copy))
    done.write_text("")
    return target


def big_template(path: Path, megabytes: int) -> Path:
    """A CloudFormation template of about ``megabytes``: distributions and their buckets."""
    if path.exists() and path.stat().st_size >= megabytes * 1_000_000:
        return path
    chunks = ['AWSTemplateFormatVersion: "2010-09-09"\nResources:\n']
    size = len(chunks[0])
    index = 0
    while size < megabytes * 1_000_000:
        chunk = (
            f"  Bucket{index}:\n"
            "    Type: AWS::S3::Bucket\n"
            "    Properties:\n"
            f"      BucketName: !Sub 'site-{index}-${{AWS::AccountId}}'\n"
            "      WebsiteConfiguration: {IndexDocument: index.html}\n"
            f"  Site{index}:\n"
            "    Type: AWS::CloudFront::Distribution\n"
            "    Properties:\n"
            "      DistributionConfig:\n"
            "        Enabled: true\n"
            "        Origins:\n"
            "          - Id: site\n"
            f"            DomainName: !Select [2, !Split ['/', !GetAtt Bucket{index}.WebsiteURL]]\n"
            "            CustomOriginConfig:\n"
            "              OriginProtocolPolicy: http-only\n"
            "        DefaultCacheBehavior:\n"
            "          TargetOriginId: site\n"
            "          ViewerProtocolPolicy: redirect-to-https\n"
            "          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6\n"
        )
        chunks.append(chunk)
        size += len(chunk)
        index += 1
    path.write_text("".join(chunks))
    return path


def compiled() -> None:
    """Compile cf502lint's bytecode first, as pip does on install: with
    PYTHONDONTWRITEBYTECODE set, every run would compile its sources again."""
    import compileall
    import importlib.util

    for package in ("cf502lint", "cf502lint_rules"):
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.submodule_search_locations:
            for location in spec.submodule_search_locations:
                compileall.compile_dir(location, quiet=1)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=PROJECT.parent / "shared" / "corpus")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each case")
    parser.add_argument("--scale", default="1,10", help="tree sizes, in corpus copies")
    parser.add_argument("--scale-runs", type=int, default=1, help="timed runs per tree size")
    parser.add_argument("--big", action="store_true", help="time a 20 MB template too")
    parser.add_argument("--no-cfn-lint", action="store_true", help="skip cfn-lint")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "cf502bench")
    parser.add_argument("--json", type=Path, help="write every sample to this file")
    parser.add_argument("--cf502lint-args", default="", help="extra arguments, e.g. --jobs 1")
    args = parser.parse_args(argv)

    cfn_dir, tf_dir = args.corpus / "cfn", args.corpus / "terraform"
    if not cfn_dir.is_dir() or not tf_dir.is_dir():
        parser.error(f"no corpus at {args.corpus} (cfn/ and terraform/): use --corpus")
    args.work.mkdir(parents=True, exist_ok=True)
    compiled()
    floor = args.work / "floor.py"
    floor.write_text(FLOOR)
    small = args.work / "small.yaml"
    small.write_text(SMALL)
    cf502lint = [str(BIN / "cf502lint"), *args.cf502lint_args.split()]
    lint = [*cf502lint, "--no-cache"]  # every run cold, but for the cache's own part
    python = [sys.executable]
    cfn_files = files_of(cfn_dir, (".yaml", ".yml", ".json", ".template"))
    tf_files = files_of(tf_dir, (".tf", ".tfvars"))
    results: dict[str, object] = {}
    print(f"# cf502lint benchmark: {platform.platform()}, {os.cpu_count()} cores, ", end="")
    print(f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}")
    print(f"corpus {args.corpus}: {len(cfn_files)} CloudFormation files, {len(tf_files)} .tf")

    cfn_cases = {
        "cf502lint": [*lint, *cfn_files],
        "parse floor (PyYAML C loader, json)": [*python, str(floor), *cfn_files],
    }
    cfn_lint = shutil.which("cfn-lint", path=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    if cfn_lint and not args.no_cfn_lint:
        cfn_cases["cfn-lint"] = [cfn_lint, "--", *cfn_files]
    checkov = shutil.which("checkov")
    if checkov:
        cfn_cases["checkov"] = [
            checkov,
            "--quiet",
            "--framework",
            "cloudformation",
            "-d",
            str(cfn_dir),
        ]
    else:
        print("checkov: not installed, skipped")
    compare("CloudFormation corpus", cfn_cases, args.runs, results)

    tf_cases = {
        "cf502lint": [*lint, str(tf_dir)],
        "parse floor (tree-sitter-hcl)": [*python, str(floor), *tf_files],
    }
    if checkov:
        tf_cases["checkov"] = [checkov, "--quiet", "--framework", "terraform", "-d", str(tf_dir)]
    compare("Terraform corpus", tf_cases, args.runs, results)

    compare(
        "Cold start",
        {
            "cf502lint one small template": [*lint, str(small)],
            "cf502lint --version": [*cf502lint, "--version"],
            "python -c pass (the interpreter)": [*python, "-c", "pass"],
        },
        max(args.runs, 5),
        results,
    )

    factors = [int(f) for f in args.scale.split(",") if f.strip()]
    for kind, source in (("CloudFormation", cfn_dir), ("Terraform", tf_dir)):
        cases = {}
        for factor in factors:
            tree = scaled_tree(source, args.work / f"{source.name}-{factor}x", factor)
            cases[f"cf502lint {factor}x"] = [*lint, str(tree)]
        medians, cpus = compare(f"Scale, {kind}", cases, args.scale_runs, results)
        for label, figures in (("wall", medians), ("CPU", cpus)):
            base = figures[f"cf502lint {factors[0]}x"] / factors[0]
            per_copy = ", ".join(
                f"{f}x {figures[f'cf502lint {f}x'] / f / base:.2f}" for f in factors
            )
            print(f"{label} time per corpus copy, relative to {factors[0]}x: {per_copy}")

    largest = max(factors)
    cores = os.cpu_count() or 1
    for kind, source in (("CloudFormation", cfn_dir), ("Terraform", tf_dir)):
        tree = args.work / f"{source.name}-{largest}x"
        compare(
            f"--jobs on the {largest}x {kind} tree",
            {
                "cf502lint --jobs 1": [*lint, "--jobs", "1", str(tree)],
                f"cf502lint --jobs {cores}": [*lint, "--jobs", str(cores), str(tree)],
            },
            args.scale_runs,
            results,
        )

    cache = args.work / "cache"
    cached = [*cf502lint, "--cache-dir", str(cache)]
    for kind, source in (("CloudFormation", cfn_dir), ("Terraform", tf_dir)):
        tree = args.work / f"{source.name}-{largest}x"
        compare(
            f"The cache, {kind} {largest}x",
            {
                "cf502lint, empty cache": [*cached, str(tree)],
                "cf502lint, rerun, nothing changed": [*cached, str(tree)],
            },
            args.scale_runs,
            results,
            before={"cf502lint, empty cache": lambda: shutil.rmtree(cache, ignore_errors=True)},
        )

    if args.big:
        template = big_template(args.work / "big.yaml", 20)
        compare(
            f"One {template.stat().st_size / 1e6:.0f} MB template",
            {
                "cf502lint": [*lint, str(template)],
                "parse floor (PyYAML C loader)": [*python, str(floor), str(template)],
            },
            args.runs,
            results,
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
