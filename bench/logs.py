"""Benchmark ``cf502lint logs`` against the ``zcat | awk`` floor on gigabytes of gzipped logs.

    python bench/logs.py                  # 2 GB of gzipped logs in /tmp/cf502lint-bench
    python bench/logs.py --gigabytes 4 --runs 5 --directory /var/tmp/bench

The first run writes the log set (legacy standard logs, 2% 5xx, CloudFront's file names):
``DISTINCT`` different files of about 128 MB, hard-linked over and over up to the size asked
for, so that writing it takes a minute or two rather than an hour. Later runs reuse it.
Both commands then read every file; the medians of ``--runs`` timed runs are printed, with
their ratio, the throughput in gzipped GB a minute and cf502lint's peak memory.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import string
import subprocess
import sys
import time
import zlib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

FIELDS = (
    "date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status "
    "cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id "
    "x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher "
    "x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port "
    "time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len "
    "sc-range-start sc-range-end"
)
HEADER = f"#Version: 1.0\n#Fields: {FIELDS}\n"
DISTINCT = 8
FILE_BYTES = 128 * 1000 * 1000
"""Gzipped size of each distinct file, about."""
POOL = 200_000
"""Distinct lines the files are drawn from."""
ERRORS = (
    ("502", "OriginConnectError"),
    ("502", "OriginDnsError"),
    ("504", "OriginCommError"),
    ("502", "OriginReadError"),
    ("503", "CapacityExceeded"),
)
AGENT = (
    "Mozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)%20AppleWebKit/537.36%20"
    "(KHTML,%20like%20Gecko)%20Chrome/120.0.0.0%20Safari/537.36"
)
FLOOR = r"""zcat -- "$@" | awk -F'\t' '$9 ~ /^5[0-9][0-9]$/ {n++} END {print n+0}'"""


def _line(rng: random.Random) -> str:
    status, result, detailed = "200", "Hit", "Hit"
    if rng.random() < 0.02:
        status, detailed = rng.choice(ERRORS)
        result = "Error"
    path = rng.choice(("/index.html", "/api/users/{}", "/static/app.{}.js", "/img/{}.jpg"))
    fields = [
        "2024-11-14",
        f"{rng.randrange(24):02}:{rng.randrange(60):02}:{rng.randrange(60):02}",
        rng.choice(("LAX1", "SEA19-C1", "FRA56-P3", "NRT57-C2", "IAD89-P1", "GRU3-C1")),
        str(rng.randint(300, 90_000)),
        f"198.51.100.{rng.randint(1, 254)}",
        rng.choice(("GET", "GET", "GET", "POST")),
        "d111111abcdef8.cloudfront.net",
        path.format(rng.randint(1, 10**6)),
        status,
        "-",
        AGENT,
        "-",
        "-",
        result,
        "".join(rng.choices(string.ascii_letters + string.digits + "_-", k=54)) + "==",
        "www.example.com",
        "https",
        str(rng.randint(100, 900)),
        f"0.{rng.randint(0, 999):03}",
        "-",
        "TLSv1.3",
        "TLS_AES_128_GCM_SHA256",
        result,
        "HTTP/2.0",
        "-",
        "-",
        str(rng.randint(1024, 65_535)),
        f"0.{rng.randint(0, 999):03}",
        detailed,
        "text/html",
        str(rng.randint(70, 90_000)),
        "-",
        "-",
    ]
    return "\t".join(fields) + "\n"


def _write_distinct(path: Path, seed: int) -> None:
    rng = random.Random(seed)
    pool = [_line(rng).encode() for _ in range(POOL)]
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)
    written = 0
    with open(path.with_suffix(".tmp"), "wb") as out:
        out.write(compressor.compress(HEADER.encode()))
        while written < FILE_BYTES:
            block = b"".join(rng.choices(pool, k=20_000))
            written += out.write(compressor.compress(block))
        out.write(compressor.flush())
    path.with_suffix(".tmp").rename(path)


def log_set(directory: Path, gigabytes: float) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    distinct = [
        directory / f"E2BENCH{i:05}.2024-11-14-{i % 24:02}.seed{i}.gz" for i in range(DISTINCT)
    ]
    missing = [p for p in distinct if not p.exists()]
    if missing:
        print(f"writing {len(missing)} distinct log files in {directory} ...", file=sys.stderr)
        with ProcessPoolExecutor() as pool:
            list(pool.map(_write_distinct, missing, [distinct.index(p) for p in missing]))
    files = list(distinct)
    size = sum(p.stat().st_size for p in files)
    copy = 0
    while size < gigabytes * 1e9:
        source = distinct[copy % DISTINCT]
        link = directory / f"E2BENCH{copy + DISTINCT:05}.2024-11-14-{copy % 24:02}.copy{copy}.gz"
        if not link.exists():
            os.link(source, link)
        files.append(link)
        size += source.stat().st_size
        copy += 1
    return files


def _timed(command: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gigabytes", type=float, default=2.0, help="gzipped size (default 2)")
    parser.add_argument("--directory", type=Path, default=Path("/tmp/cf502lint-bench"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    files = log_set(args.directory, args.gigabytes)
    size = sum(p.stat().st_size for p in files)
    names = [str(p) for p in files]
    floor_command = ["bash", "-c", FLOOR, "floor", *names]
    ours_command = [sys.executable, "-m", "cf502lint", "logs", *names, "--format", "json"]
    floors, ours = [], []
    for run in range(args.runs):
        seconds, output = _timed(floor_command)
        floors.append(seconds)
        floor_count = int(output)
        seconds, output = _timed(ours_command)
        ours.append(seconds)
        our_count = json.loads(output)["errors"]
        print(
            f"run {run + 1}: zcat|awk {floors[-1]:.1f} s, cf502lint {ours[-1]:.1f} s",
            file=sys.stderr,
        )
        if our_count != floor_count:
            print(
                f"5xx counts differ: zcat|awk {floor_count}, cf502lint {our_count}", file=sys.stderr
            )
            return 1
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    floor, mine = statistics.median(floors), statistics.median(ours)
    gigabytes = size / 1e9
    print(f"log set: {len(files)} files, {gigabytes:.2f} GB gzipped, {floor_count:,} 5xx")
    print(f"zcat | awk  median {floor:6.1f} s  {gigabytes / floor * 60:5.1f} GB/min")
    print(f"cf502lint   median {mine:6.1f} s  {gigabytes / mine * 60:5.1f} GB/min")
    print(f"ratio cf502lint / floor: {mine / floor:.2f}; largest process: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
