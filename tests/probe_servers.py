"""Origins for the probe tests: real servers on loopback, in threads, and the DNS the probe
is given instead of the machine's (a name-to-address map, or a DNS server on loopback).

Nothing here listens on or connects to any address outside 127.0.0.0/8.
"""

from __future__ import annotations

import io
import ipaddress
import socket
import ssl
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, redirect_stderr, redirect_stdout, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import trustme

from cf502lint.probe.command import main as probe_main
from cf502lint.probe.resolve import Outcome, Resolution, Resolver

from .helpers import Run

if TYPE_CHECKING:
    import dns.message

LOOPBACK = "127.0.0.1"
WAIT = 10.0
"""Longest any server thread waits for a client before giving up."""

Handler = Callable[[socket.socket], None]


def guard_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any connection or DNS query of the probe to a non-loopback address fail the test."""
    from cf502lint.probe import connect, origin, resolve

    def is_loopback(address: str) -> bool:
        return ipaddress.ip_address(address).is_loopback

    real_connect = connect.connect_all

    def connect_all(addresses: Sequence[str], *args: Any) -> Any:
        assert all(map(is_loopback, addresses)), f"the probe tried to reach {addresses}"
        return real_connect(addresses, *args)

    class LoopbackDns(resolve.DnsResolver):
        def __init__(self, nameservers: Sequence[tuple[str, int]] = ()) -> None:
            assert nameservers and all(is_loopback(h) for h, _ in nameservers), nameservers
            super().__init__(nameservers)

    monkeypatch.setattr(origin, "connect_all", connect_all)
    monkeypatch.setattr(resolve, "DnsResolver", LoopbackDns)


# -- DNS -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StaticResolver:
    """Names to addresses; any other name does not exist."""

    names: Mapping[str, Sequence[str]]

    def resolve(self, name: str, timeout: float) -> Resolution:
        if name not in self.names:
            return Resolution(name, Outcome.NXDOMAIN)
        return Resolution(name, Outcome.ADDRESSES, tuple(self.names[name]))


def resolver(*names: str, address: str = LOOPBACK) -> Resolver:
    return StaticResolver({name: [address] for name in names})


class DnsServer:
    """A recursive resolver's answers from a small zone, over UDP on loopback.

    ``zone`` maps a name to ``("A", address)``, ``("CNAME", target)`` records, or to the
    string ``"SERVFAIL"``; names not in it do not exist.
    """

    def __init__(self, zone: Mapping[str, object]) -> None:
        self.zone = {k.rstrip(".") + ".": v for k, v in zone.items()}
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((LOOPBACK, 0))
        self.sock.settimeout(0.1)
        self.port: int = self.sock.getsockname()[1]
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def address(self) -> str:
        return f"{LOOPBACK}:{self.port}"

    def _serve(self) -> None:
        import dns.message

        while not self.stopped.is_set():
            try:
                data, client = self.sock.recvfrom(4096)
            except TimeoutError:
                continue
            except OSError:
                return
            query = dns.message.from_wire(data)
            self.sock.sendto(self._answer(query).to_wire(), client)

    def _answer(self, query: dns.message.Message) -> dns.message.Message:
        import dns.rcode
        import dns.rdatatype
        import dns.rrset

        response = dns.message.make_response(query)
        question = query.question[0]
        name = question.name.to_text()
        wanted = dns.rdatatype.to_text(question.rdtype)
        for _ in range(10):
            records = self.zone.get(name)
            if records is None:
                response.set_rcode(dns.rcode.NXDOMAIN)
                return response
            if records == "SERVFAIL":
                response.set_rcode(dns.rcode.SERVFAIL)
                return response
            assert isinstance(records, list)
            cname = [value for kind, value in records if kind == "CNAME"]
            if cname:
                target = cname[0].rstrip(".") + "."
                response.answer.append(dns.rrset.from_text(name, 60, "IN", "CNAME", target))
                name = target
                continue
            for kind, value in records:
                if kind == wanted:
                    response.answer.append(dns.rrset.from_text(name, 60, "IN", kind, value))
            return response
        return response

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(WAIT)
        self.sock.close()


# -- servers ---------------------------------------------------------------------------------


def read_request(conn: socket.socket) -> bytes:
    """The request head, or what came before the client went away."""
    conn.settimeout(WAIT)
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                break
            data += chunk
    except OSError:
        pass
    return data


def wait_for_close(conn: socket.socket, seconds: float = WAIT) -> None:
    conn.settimeout(seconds)
    try:
        while conn.recv(65536):
            pass
    except OSError:
        pass


@dataclass
class Server:
    """Accepts connections on loopback and runs ``handler`` on each, in its own thread;
    over TLS when ``tls`` is given."""

    handler: Handler
    tls: ssl.SSLContext | None = None
    address: str = LOOPBACK
    port: int = 0
    accepted: int = 0

    def __post_init__(self) -> None:
        self.listener = socket.create_server((self.address, self.port), backlog=128)
        self.port = self.listener.getsockname()[1]
        self.threads: list[threading.Thread] = []
        self.connections: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.accepted += 1
            self.connections.append(conn)
            thread = threading.Thread(target=self._handle, args=(conn,), daemon=True)
            thread.start()
            self.threads.append(thread)

    def _handle(self, conn: socket.socket) -> None:
        try:
            if self.tls is not None:
                conn.settimeout(WAIT)
                conn = self.tls.wrap_socket(conn, server_side=True)
            self.handler(conn)
        except OSError:
            pass
        finally:
            conn.close()

    def stop(self) -> None:
        with suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread
        self.thread.join(WAIT)
        self.listener.close()
        for conn in self.connections:
            with suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()
        for thread in self.threads:
            thread.join(WAIT)


@contextmanager
def serving(
    handler: Handler, tls: ssl.SSLContext | None = None, address: str = LOOPBACK
) -> Iterator[Server]:
    server = Server(handler, tls, address)
    try:
        yield server
    finally:
        server.stop()


def respond(
    head: str, body: bytes = b"", then: Callable[[socket.socket], None] = wait_for_close
) -> Handler:
    """A handler that answers each request on the connection with ``head`` and ``body``."""

    def handle(conn: socket.socket) -> None:
        if not read_request(conn):
            return
        conn.sendall(head.replace("\n", "\r\n").encode("latin-1") + b"\r\n" + body)
        then(conn)

    return handle


def ok(extra: str = "") -> Handler:
    return respond(f"HTTP/1.1 200 OK\nContent-Length: 2\n{extra}", b"ok")


def closed_port() -> int:
    """A loopback port that nothing listens on."""
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        port: int = sock.getsockname()[1]
    return port


# -- certificates ----------------------------------------------------------------------------


def server_context(
    chain: Sequence[bytes], key: bytes, tmp: Path, minimum: ssl.TLSVersion | None = None
) -> ssl.SSLContext:
    """A server context presenting ``chain`` (PEM certificates, in this order)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    cert_file, key_file = tmp / f"chain-{id(chain)}.pem", tmp / f"key-{id(chain)}.pem"
    cert_file.write_bytes(b"".join(chain))
    key_file.write_bytes(key)
    context.load_cert_chain(cert_file, key_file)
    if minimum is not None:
        context.minimum_version = minimum
    return context


def leaf_context(
    cert: trustme.LeafCert, tmp: Path, minimum: ssl.TLSVersion | None = None
) -> ssl.SSLContext:
    chain = [blob.bytes() for blob in cert.cert_chain_pems]
    return server_context(chain, cert.private_key_pem.bytes(), tmp, minimum)


def ca_file(ca: trustme.CA, tmp: Path) -> str:
    path = tmp / f"ca-{id(ca)}.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


# -- templates and runs ----------------------------------------------------------------------


@dataclass(frozen=True)
class Origin:
    domain: str
    port: int
    policy: str = "http-only"
    protocols: Sequence[str] = ("TLSv1.2",)
    read_timeout: int = 2
    keepalive: int = 1
    connection_timeout: int = 1
    attempts: int = 1


def template(
    tmp: Path,
    *origins: Origin,
    aliases: Sequence[str] = (),
    forward_host: bool = False,
    name: str = "site.yaml",
) -> str:
    """A CloudFormation template with one distribution over ``origins``."""
    lines = [
        "Resources:",
        "  Site:",
        "    Type: AWS::CloudFront::Distribution",
        "    Properties:",
        "      DistributionConfig:",
        "        Enabled: true",
    ]
    if aliases:
        lines.append(f"        Aliases: [{', '.join(aliases)}]")
    lines.append("        Origins:")
    for index, origin in enumerate(origins):
        port_key = "HTTPSPort" if origin.policy == "https-only" else "HTTPPort"
        lines += [
            f"          - Id: o{index}",
            f"            DomainName: {origin.domain}",
            f"            ConnectionTimeout: {origin.connection_timeout}",
            f"            ConnectionAttempts: {origin.attempts}",
            "            CustomOriginConfig:",
            f"              OriginProtocolPolicy: {origin.policy}",
            f"              {port_key}: {origin.port}",
            f"              OriginSSLProtocols: [{', '.join(origin.protocols)}]",
            f"              OriginReadTimeout: {origin.read_timeout}",
            f"              OriginKeepaliveTimeout: {origin.keepalive}",
        ]
    behaviour = [
        "ViewerProtocolPolicy: https-only",
        "CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
        *(["OriginRequestPolicyId: 216adef6-5c7f-47e4-b989-5492eafa07d3"] if forward_host else []),
    ]
    lines += ["        DefaultCacheBehavior:", "          TargetOriginId: o0"]
    lines += [f"          {line}" for line in behaviour]
    if len(origins) > 1:
        lines.append("        CacheBehaviors:")
        for index in range(1, len(origins)):
            lines += [
                f"          - PathPattern: /o{index}/*",
                f"            TargetOriginId: o{index}",
            ]
            lines += [f"            {line}" for line in behaviour]
    path = tmp / name
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def probe(*args: str, resolver: Resolver | None = None, ca: str | None = None) -> Run:
    """``cf502lint probe ARGS`` in-process, with the given DNS and CA bundle."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = probe_main(list(args), resolver, ca)
        except SystemExit as exit_:
            code = int(exit_.code or 0)
    return Run(code, out.getvalue(), err.getvalue())
