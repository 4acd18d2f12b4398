"""The fields of CloudFront standard logs, as the CloudFront Developer Guide lists them.

Sources (see docs/logs.md): "Standard logging reference" (log file fields, in order) and
"Configure standard logging (v2)" (the fields v2 adds from the real-time logs).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

LEGACY_FIELDS = (
    "date",
    "time",
    "x-edge-location",
    "sc-bytes",
    "c-ip",
    "cs-method",
    "cs(Host)",
    "cs-uri-stem",
    "sc-status",
    "cs(Referer)",
    "cs(User-Agent)",
    "cs-uri-query",
    "cs(Cookie)",
    "x-edge-result-type",
    "x-edge-request-id",
    "x-host-header",
    "cs-protocol",
    "cs-bytes",
    "time-taken",
    "x-forwarded-for",
    "ssl-protocol",
    "ssl-cipher",
    "x-edge-response-result-type",
    "cs-protocol-version",
    "fle-status",
    "fle-encrypted-fields",
    "c-port",
    "time-to-first-byte",
    "x-edge-detailed-result-type",
    "sc-content-type",
    "sc-content-len",
    "sc-range-start",
    "sc-range-end",
)
"""The 33 fields of a standard (legacy) log file, in the order CloudFront writes them."""

LATER_FIELDS = ("distribution-tenant-id", "connection-id")
"""Fields 34 and 35 of the current reference (tenants, viewer mTLS)."""

V2_EXTRA_FIELDS = (
    "timestamp(ms)",
    "origin-fbl",
    "origin-lbl",
    "asn",
    "c-country",
    "cache-behavior-path-pattern",
)
"""The real-time log fields that standard logging (v2) can add to the legacy ones."""

_NOT_NAME = re.compile(r"[^a-z0-9]")


def field_key(name: str) -> str:
    """One spelling for a field name: ``cs(Host)``, ``cs_Host`` and ``cs-host`` are ``cshost``.

    v2 writes the legacy names in W3C headers and JSON keys; tools that turn logs into
    Parquet or tables write them with underscores.
    """
    return _NOT_NAME.sub("", name.lower())


DATE, TIME, TIMESTAMP_MS = field_key("date"), field_key("time"), field_key("timestamp(ms)")
EDGE, DISTRIBUTION_HOST, STEM = (
    field_key("x-edge-location"),
    field_key("cs(Host)"),
    field_key("cs-uri-stem"),
)
STATUS, RESULT, HOST = (
    field_key("sc-status"),
    field_key("x-edge-result-type"),
    field_key("x-host-header"),
)
DETAILED = field_key("x-edge-detailed-result-type")
PATTERN = field_key("cache-behavior-path-pattern")


@dataclass(frozen=True, slots=True)
class Layout:
    """Where the fields this command reads sit in a record; -1 for a field that is absent."""

    names: tuple[str, ...]
    status: int
    date: int
    time: int
    timestamp_ms: int
    edge: int
    distribution_host: int
    stem: int
    result: int
    host: int
    detailed: int
    pattern: int

    @classmethod
    def of(cls, names: Sequence[str]) -> Layout | None:
        """The layout of records with these fields; None without ``sc-status``."""
        keys = [field_key(n) for n in names]

        def at(key: str) -> int:
            return keys.index(key) if key in keys else -1

        if at(STATUS) < 0:
            return None
        return cls(
            names=tuple(names),
            status=at(STATUS),
            date=at(DATE),
            time=at(TIME),
            timestamp_ms=at(TIMESTAMP_MS),
            edge=at(EDGE),
            distribution_host=at(DISTRIBUTION_HOST),
            stem=at(STEM),
            result=at(RESULT),
            host=at(HOST),
            detailed=at(DETAILED),
            pattern=at(PATTERN),
        )

    @classmethod
    def named(cls, names: Sequence[str]) -> Layout:
        layout = cls.of(names)
        if layout is None:
            raise ValueError("a layout needs the sc-status field")
        return layout

    @property
    def width(self) -> int:
        return len(self.names)

    @property
    def timed(self) -> bool:
        return self.timestamp_ms >= 0 or (self.date >= 0 and self.time >= 0)


LEGACY = Layout.named(LEGACY_FIELDS)
