"""Just enough of X.509 (DER) to name a certificate, date it and chain it to its issuer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

_SEQUENCE, _SET, _OID, _OCTETS = 0x30, 0x31, 0x06, 0x04
_UTC_TIME, _GENERALIZED_TIME = 0x17, 0x18
_VERSION, _EXTENSIONS, _DNS_NAME = 0xA0, 0xA3, 0x82
_COMMON_NAME = bytes.fromhex("550403")  # 2.5.4.3
_SHOWN = {_COMMON_NAME: "CN", bytes.fromhex("55040a"): "O", bytes.fromhex("55040b"): "OU"}
_SUBJECT_ALT_NAME = bytes.fromhex("551d11")  # 2.5.29.17


class DerError(ValueError):
    """Bytes that are not the certificate they should be."""


@dataclass(frozen=True, slots=True)
class Certificate:
    subject: bytes
    """The subject Name, DER-encoded: equal to the issuer Name of what it signed."""
    issuer: bytes
    common_name: str | None
    subject_text: str
    """The subject as people read it: ``CN=..., O=...``."""
    issuer_text: str
    dns_names: tuple[str, ...]
    """Subject alternative names of type dNSName."""
    not_before: datetime
    not_after: datetime

    @property
    def names(self) -> tuple[str, ...]:
        """The names a TLS client matches: the DNS names, else the common name."""
        if self.dns_names:
            return self.dns_names
        return (self.common_name,) if self.common_name else ()


def _element(data: bytes, offset: int) -> tuple[int, int, int]:
    """(tag, start of content, end of content) of the element at ``offset``."""
    if offset + 2 > len(data):
        raise DerError("truncated element")
    tag, length = data[offset], data[offset + 1]
    start = offset + 2
    if length & 0x80:
        size = length & 0x7F
        if not 0 < size <= 4 or start + size > len(data):
            raise DerError("bad length")
        length = int.from_bytes(data[start : start + size], "big")
        start += size
    end = start + length
    if end > len(data):
        raise DerError("truncated element")
    return tag, start, end


def _children(data: bytes, start: int, end: int) -> list[tuple[int, int, int, int]]:
    """(tag, element start, content start, content end) of each element in a range."""
    out = []
    while start < end:
        tag, content, stop = _element(data, start)
        out.append((tag, start, content, stop))
        start = stop
    return out


def _expect(tag: int, wanted: int) -> None:
    if tag != wanted:
        raise DerError(f"expected tag {wanted:#x}, found {tag:#x}")


def _time(tag: int, text: bytes) -> datetime:
    if tag == _UTC_TIME:
        year = int(text[:2])
        text = (b"19" if year >= 50 else b"20") + text
    elif tag != _GENERALIZED_TIME:
        raise DerError(f"expected a time, found tag {tag:#x}")
    try:
        return datetime.strptime(text.decode("ascii"), "%Y%m%d%H%M%SZ").replace(tzinfo=UTC)
    except (UnicodeDecodeError, ValueError) as error:
        raise DerError(f"bad time {text!r}") from error


def _attributes(data: bytes, start: int, end: int) -> list[tuple[bytes, str]]:
    """(type OID, value) of each attribute of a Name."""
    out = []
    for _, _, rdn_start, rdn_end in _children(data, start, end):
        for _, _, attr_start, attr_end in _children(data, rdn_start, rdn_end):
            (oid_tag, _, oid_start, oid_end), (_, _, value_start, value_end) = _children(
                data, attr_start, attr_end
            )[:2]
            _expect(oid_tag, _OID)
            value = data[value_start:value_end].decode("utf-8", "replace")
            out.append((data[oid_start:oid_end], value))
    return out


def _text(attributes: list[tuple[bytes, str]]) -> str:
    shown = [f"{_SHOWN[oid]}={value}" for oid, value in attributes if oid in _SHOWN]
    return ", ".join(reversed(shown)) or "(no name)"


def _dns_names(data: bytes, start: int, end: int) -> tuple[str, ...]:
    (extensions,) = _children(data, start, end)
    _expect(extensions[0], _SEQUENCE)
    for _, _, ext_start, ext_end in _children(data, extensions[2], extensions[3]):
        parts = _children(data, ext_start, ext_end)
        oid, value = parts[0], parts[-1]
        if oid[0] == _OID and data[oid[2] : oid[3]] == _SUBJECT_ALT_NAME:
            _expect(value[0], _OCTETS)
            (names,) = _children(data, value[2], value[3])
            return tuple(
                data[s:e].decode("ascii", "replace")
                for tag, _, s, e in _children(data, names[2], names[3])
                if tag == _DNS_NAME
            )
    return ()


def parse(der: bytes) -> Certificate:
    """The parts of a DER certificate that the TLS checks read."""
    try:
        return _parse(der)
    except (IndexError, ValueError) as error:
        raise DerError(str(error) or "not a certificate") from error


def _parse(der: bytes) -> Certificate:
    tag, start, end = _element(der, 0)
    _expect(tag, _SEQUENCE)
    tbs_tag, _, tbs_start, tbs_end = _children(der, start, end)[0]
    _expect(tbs_tag, _SEQUENCE)
    fields = _children(der, tbs_start, tbs_end)
    if fields and fields[0][0] == _VERSION:
        fields = fields[1:]
    if len(fields) < 6:
        raise DerError("too few fields in the certificate")
    issuer, validity, subject = fields[2], fields[3], fields[4]
    for part in (issuer, validity, subject):
        _expect(part[0], _SEQUENCE)
    (before_tag, _, b_start, b_end), (after_tag, _, a_start, a_end) = _children(
        der, validity[2], validity[3]
    )
    extensions = next((f for f in fields[6:] if f[0] == _EXTENSIONS), None)
    subject_attributes = _attributes(der, subject[2], subject[3])
    return Certificate(
        subject=der[subject[1] : subject[3]],
        issuer=der[issuer[1] : issuer[3]],
        common_name=next((v for oid, v in subject_attributes if oid == _COMMON_NAME), None),
        subject_text=_text(subject_attributes),
        issuer_text=_text(_attributes(der, issuer[2], issuer[3])),
        dns_names=_dns_names(der, extensions[2], extensions[3]) if extensions else (),
        not_before=_time(before_tag, der[b_start:b_end]),
        not_after=_time(after_tag, der[a_start:a_end]),
    )
