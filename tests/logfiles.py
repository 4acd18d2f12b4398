"""Generated CloudFront logs of every shape: legacy and v2 W3C, JSON lines, Parquet."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence

from cf502lint.logs.fields import LEGACY_FIELDS

HEADER = "#Version: 1.0\n#Fields: " + " ".join(LEGACY_FIELDS) + "\n"

DEFAULTS = {
    "date": "2019-12-13",
    "time": "14:02:31",
    "x-edge-location": "SEA19-C1",
    "sc-bytes": "900",
    "c-ip": "192.0.2.200",
    "cs-method": "GET",
    "cs(Host)": "d111111abcdef8.cloudfront.net",
    "cs-uri-stem": "/index.html",
    "sc-status": "200",
    "cs(Referer)": "-",
    "cs(User-Agent)": "curl/7.55.1",
    "cs-uri-query": "-",
    "cs(Cookie)": "-",
    "x-edge-result-type": "Hit",
    "x-edge-request-id": "kBkDzGnceVtWHqSCqBUqtA_cEs2T3tFUBbnBNkB9El_uVRhHgcZfcw==",
    "x-host-header": "www.example.com",
    "cs-protocol": "https",
    "cs-bytes": "387",
    "time-taken": "0.103",
    "x-forwarded-for": "-",
    "ssl-protocol": "TLSv1.3",
    "ssl-cipher": "TLS_AES_128_GCM_SHA256",
    "x-edge-response-result-type": "Hit",
    "cs-protocol-version": "HTTP/2.0",
    "fle-status": "-",
    "fle-encrypted-fields": "-",
    "c-port": "12644",
    "time-to-first-byte": "0.103",
    "x-edge-detailed-result-type": "Hit",
    "sc-content-type": "text/html",
    "sc-content-len": "507",
    "sc-range-start": "-",
    "sc-range-end": "-",
    "timestamp(ms)": "1576245751000",
    "origin-fbl": "0.1",
    "origin-lbl": "0.1",
    "asn": "16509",
    "c-country": "US",
    "cache-behavior-path-pattern": "*",
}


def record(**values: str) -> dict[str, str]:
    """A record with the given fields (``x_edge_location`` for ``x-edge-location``)."""
    named = {_name(k): v for k, v in values.items()}
    return {**DEFAULTS, **named}


def error(detailed: str, status: str = "502", **values: str) -> dict[str, str]:
    return record(
        sc_status=status,
        x_edge_result_type="Error",
        x_edge_response_result_type="Error",
        x_edge_detailed_result_type=detailed,
        **values,
    )


def _name(key: str) -> str:
    known = {n.replace("-", "_").replace("(", "_").replace(")", ""): n for n in DEFAULTS}
    return known.get(key, key)


def w3c(
    records: Iterable[Mapping[str, str]],
    names: Sequence[str] = LEGACY_FIELDS,
    delimiter: str = "\t",
    header: bool = True,
    newline: str = "\n",
) -> str:
    lines = [delimiter.join(r[n] for n in names) for r in records]
    head = f"#Version: 1.0{newline}#Fields: {' '.join(names)}{newline}" if header else ""
    return head + "".join(line + newline for line in lines)


def json_lines(records: Iterable[Mapping[str, str]], names: Sequence[str]) -> str:
    out = []
    for r in records:
        values: dict[str, object] = {n: r[n] for n in names}
        if "sc-status" in values:
            values["sc-status"] = int(r["sc-status"])
        out.append(json.dumps(values))
    return "\n".join(out) + "\n"
