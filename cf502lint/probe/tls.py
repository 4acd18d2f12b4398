"""TLS as CloudFront speaks it to a custom origin: the server name it sends, only the
protocol versions in the origin's ``OriginSSLProtocols``, only CloudFront's ciphers, and a
certificate chain checked against a public CA bundle.

The handshake runs over memory buffers so that the bytes the origin sent can be read too:
CloudFront offers at most TLS 1.2, where the certificates travel in the clear, so the
chain can be checked in the order the origin sent it (``ssl`` only shows the leaf).
"""

from __future__ import annotations

import socket
import ssl
import time
from collections.abc import Sequence
from dataclasses import replace

from . import der
from .connect import RECEIVE_SIZE
from .deadline import Deadline
from .observations import Handshake, TlsFailure

CLOUDFRONT_CIPHERS = (
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES256-SHA384:ECDHE-ECDSA-AES256-SHA:"
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES256-SHA:"
    "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA256:ECDHE-RSA-AES128-SHA:"
    "AES256-SHA:AES128-SHA:DES-CBC3-SHA:RC4-MD5"
)
"""The ciphers CloudFront offers origins, in OpenSSL's names (those this OpenSSL lacks
are skipped). Security level 0 lets OpenSSL speak TLS 1.0 and 1.1 when the list has them."""

VERSIONS = {
    "SSLv3": (ssl.TLSVersion.SSLv3, ssl.HAS_SSLv3),
    "TLSv1": (ssl.TLSVersion.TLSv1, ssl.HAS_TLSv1),
    "TLSv1.1": (ssl.TLSVersion.TLSv1_1, ssl.HAS_TLSv1_1),
    "TLSv1.2": (ssl.TLSVersion.TLSv1_2, ssl.HAS_TLSv1_2),
}

_PROTOCOL_REASONS = frozenset(
    {
        "TLSV1_ALERT_PROTOCOL_VERSION",
        "UNSUPPORTED_PROTOCOL",
        "NO_PROTOCOLS_AVAILABLE",
        "SSLV3_ALERT_HANDSHAKE_FAILURE",
        "NO_SHARED_CIPHER",
        "NO_CIPHERS_AVAILABLE",
        "TLSV1_ALERT_INSUFFICIENT_SECURITY",
    }
)
_HANDSHAKE, _CHANGE_CIPHER_SPEC, _CERTIFICATE = 22, 20, 11


def offerable(protocols: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The origin's protocol versions this OpenSSL can offer, and those it cannot."""
    known = [p for p in VERSIONS if p in protocols]
    return (
        tuple(p for p in known if VERSIONS[p][1]),
        tuple(p for p in known if not VERSIONS[p][1]),
    )


class TlsChannel:
    """Application data over a finished handshake."""

    def __init__(
        self,
        sock: socket.socket,
        tls: ssl.SSLObject,
        incoming: ssl.MemoryBIO,
        outgoing: ssl.MemoryBIO,
    ) -> None:
        self.sock, self.tls, self.incoming, self.outgoing = sock, tls, incoming, outgoing

    def send(self, data: bytes, timeout: float) -> None:
        self.tls.write(data)
        self.sock.settimeout(timeout)
        self.sock.sendall(self.outgoing.read())

    def recv(self, timeout: float) -> bytes:
        while True:
            try:
                return self.tls.read(RECEIVE_SIZE)
            except ssl.SSLWantReadError:
                self.sock.settimeout(timeout)
                data = self.sock.recv(RECEIVE_SIZE)
                if not data:
                    return b""
                self.incoming.write(data)
            except (ssl.SSLZeroReturnError, ssl.SSLEOFError):
                return b""

    def close(self) -> None:
        self.sock.close()


def _context(ca_file: str, highest: str) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False  # names are checked against the certificate read here
    context.load_verify_locations(cafile=ca_file)
    # The highest version offered bounds what the origin can pick; a lower one it picks that
    # is not in the list fails afterwards, as it would for CloudFront.
    context.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
    context.maximum_version = VERSIONS[highest][0]
    context.set_ciphers(CLOUDFRONT_CIPHERS + ":@SECLEVEL=0")
    return context


def _fallback_context() -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
    context.set_ciphers("ALL:@SECLEVEL=0")
    return context


def _drive(
    sock: socket.socket,
    tls: ssl.SSLObject,
    buffers: tuple[ssl.MemoryBIO, ssl.MemoryBIO],
    tap: bytearray,
    end: float,
    deadline: Deadline,
) -> None:
    """Run the handshake to its end, keeping every byte the origin sent in ``tap``."""
    incoming, outgoing = buffers
    while True:
        try:
            tls.do_handshake()
            break
        except ssl.SSLWantReadError:
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError from None
            sock.settimeout(deadline.cap(left))
            sock.sendall(outgoing.read())
            data = sock.recv(RECEIVE_SIZE)
            if not data:
                raise ConnectionAbortedError("closed") from None
            tap += data
            incoming.write(data)
    sock.settimeout(deadline.cap(max(0.01, end - time.monotonic())))
    sock.sendall(outgoing.read())


def handshake(
    sock: socket.socket,
    server_name: str,
    offered: tuple[str, ...],
    ca_file: str,
    timeout: float,
    deadline: Deadline,
) -> tuple[TlsChannel | None, Handshake]:
    """Handshake as CloudFront would; the channel is None when CloudFront would give up."""
    highest = max(offered, key=list(VERSIONS).index)
    buffers = (ssl.MemoryBIO(), ssl.MemoryBIO())
    tls = _context(ca_file, highest).wrap_bio(*buffers, server_hostname=server_name)
    tap = bytearray()
    seen = Handshake(server_name=server_name, offered=offered)
    try:
        _drive(sock, tls, buffers, tap, time.monotonic() + timeout, deadline)
    except ssl.SSLCertVerificationError as error:
        found = _failed(seen, tap, TlsFailure.VERIFY, error.verify_message or str(error))
        return None, _with_chain(replace(found, verify_code=error.verify_code), tap)
    except ssl.SSLError as error:
        kind = TlsFailure.PROTOCOL if error.reason in _PROTOCOL_REASONS else TlsFailure.OTHER
        return None, _failed(seen, tap, kind, error.reason or str(error))
    except TimeoutError:
        deadline.check()
        return None, _failed(seen, tap, TlsFailure.TIMED_OUT, f"within {timeout:g}s")
    except OSError as error:
        return None, _failed(seen, tap, TlsFailure.CLOSED, error.strerror or str(error))
    version = tls.version()
    result = _with_chain(replace(seen, version=version), tap)
    if version not in offered:
        listed = ", ".join(offered)
        detail = f"the origin chose {version}, which is not in the list ({listed})"
        return None, replace(result, failure=TlsFailure.PROTOCOL, detail=detail)
    return TlsChannel(sock, tls, *buffers), result


def fallback(
    sock: socket.socket, server_name: str, timeout: float, deadline: Deadline
) -> str | None:
    """The version and cipher the origin agrees on when offered everything OpenSSL here can."""
    buffers = (ssl.MemoryBIO(), ssl.MemoryBIO())
    tls = _fallback_context().wrap_bio(*buffers, server_hostname=server_name)
    try:
        _drive(sock, tls, buffers, bytearray(), time.monotonic() + timeout, deadline)
    except TimeoutError:
        deadline.check()
        return None
    except OSError:
        return None
    cipher = tls.cipher()
    return f"{tls.version()} ({cipher[0]})" if cipher else tls.version()


def _failed(seen: Handshake, tap: bytearray, kind: TlsFailure, detail: str) -> Handshake:
    if kind is not TlsFailure.VERIFY and bytes(tap[:5]).upper().startswith(b"HTTP/"):
        line = bytes(tap).split(b"\r\n", 1)[0].decode("latin-1")[:80]
        kind, detail = TlsFailure.NOT_TLS, f"it answered in plain HTTP ({line!r})"
    return replace(seen, failure=kind, detail=detail)


def _with_chain(seen: Handshake, tap: bytearray) -> Handshake:
    try:
        chain = tuple(der.parse(c) for c in server_certificates(bytes(tap)))
    except ValueError as error:
        return replace(seen, chain_error=str(error))
    return replace(seen, chain=chain)


def server_certificates(stream: bytes) -> tuple[bytes, ...]:
    """The DER certificates of the Certificate message in the server's first flight."""
    handshake = bytearray()
    offset = 0
    while offset + 5 <= len(stream):
        kind, length = stream[offset], int.from_bytes(stream[offset + 3 : offset + 5], "big")
        if kind == _CHANGE_CIPHER_SPEC:
            break
        if kind == _HANDSHAKE:
            handshake += stream[offset + 5 : offset + 5 + length]
        offset += 5 + length
    offset = 0
    while offset + 4 <= len(handshake):
        kind, length = handshake[offset], int.from_bytes(handshake[offset + 1 : offset + 4], "big")
        body = bytes(handshake[offset + 4 : offset + 4 + length])
        offset += 4 + length
        if kind != _CERTIFICATE:
            continue
        certificates = []
        position = 3
        while position + 3 <= len(body):
            size = int.from_bytes(body[position : position + 3], "big")
            certificates.append(body[position + 3 : position + 3 + size])
            position += 3 + size
        return tuple(certificates)
    raise der.DerError("the origin sent no certificate")
