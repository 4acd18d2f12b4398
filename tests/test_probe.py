"""``cf502lint probe`` against real origins on loopback: plain HTTP, TLS with trustme
certificates, misbehaving servers, the safety refusals and many origins at once."""

from __future__ import annotations

import datetime
import json
import socket
import ssl
import time
from pathlib import Path

import pytest
import trustme

from cf502lint.probe.safety import refusal

from .probe_servers import (
    Origin,
    StaticResolver,
    ca_file,
    closed_port,
    guard_loopback,
    leaf_context,
    ok,
    probe,
    read_request,
    resolver,
    respond,
    server_context,
    serving,
    template,
    wait_for_close,
)

FAST = ("--allow-private", "--ignore", "CFP502")
"""Reach loopback, and do not watch idle connections (a second each)."""


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    guard_loopback(monkeypatch)


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


def https(domain: str, port: int, **more: object) -> Origin:
    return Origin(domain, port, policy="https-only", **more)  # type: ignore[arg-type]


def ids(out: str) -> list[str]:
    return [line.split()[1] for line in out.splitlines() if ": CFP" in line]


# -- plain HTTP ------------------------------------------------------------------------------


def test_a_healthy_http_origin_passes(tmp_path: Path) -> None:
    with serving(ok()) as server:
        path = template(tmp_path, Origin("app.test", server.port))
        run = probe(path, *FAST, resolver=resolver("app.test"))
    assert (run.code, run.out, run.err) == (0, "All checks passed (1 file).\n", "")
    assert server.accepted == 1


def test_the_request_is_what_cloudfront_sends(tmp_path: Path) -> None:
    seen: list[bytes] = []

    def handler(conn: socket.socket) -> None:
        seen.append(read_request(conn))
        conn.sendall(b"HTTP/1.1 204 No Content\r\n\r\n")
        wait_for_close(conn)

    with serving(handler) as server:
        path = template(tmp_path, Origin("app.test", server.port))
        run = probe(path, *FAST, "--path", "/health?x=1", resolver=resolver("app.test"))
    assert run.code == 0, run
    lines = seen[0].decode().split("\r\n")
    assert lines[0] == "GET /health?x=1 HTTP/1.1"
    assert "Host: app.test" in lines and "User-Agent: Amazon CloudFront" in lines
    assert len(seen) == 1  # one request, no redirects followed, nothing else sent


def test_a_closed_port(tmp_path: Path) -> None:
    path = template(tmp_path, Origin("app.test", closed_port()))
    run = probe(path, *FAST, resolver=resolver("app.test"))
    assert run.code == 1
    assert ids(run.out) == ["CFP201"]
    assert "127.0.0.1 refused the connection (1 attempt: nothing listens there)" in run.out


def test_one_address_of_two_refuses(tmp_path: Path) -> None:
    with serving(ok()) as server:
        path = template(tmp_path, Origin("app.test", server.port))
        names = StaticResolver({"app.test": ["127.0.0.1", "127.0.0.2"]})
        run = probe(path, *FAST, resolver=names)
    assert ids(run.out) == ["CFP202"]
    assert "127.0.0.2 refused the connection" in run.out and "127.0.0.1 accepted" in run.out


def test_a_30_kb_header_block(tmp_path: Path) -> None:
    cookies = "".join(f"Set-Cookie: c{i}={'x' * 1000}\n" for i in range(30))
    with serving(respond(f"HTTP/1.1 200 OK\nContent-Length: 0\n{cookies}")) as server:
        path = template(tmp_path, Origin("app.test", server.port))
        run = probe(path, *FAST, resolver=resolver("app.test"))
    assert ids(run.out) == ["CFP402"]
    assert "the status line and headers are 30," in run.out
    assert "over CloudFront's limit of 20,480 bytes" in run.out


def test_a_header_block_just_under_the_limit_passes(tmp_path: Path) -> None:
    head = "HTTP/1.1 200 OK\nContent-Length: 0\n"
    padding = 20_480 - len(head.replace("\n", "\r\n")) - len("X-Pad: \r\n\r\n")
    with serving(respond(f"{head}X-Pad: {'p' * padding}\n")) as server:
        path = template(tmp_path, Origin("app.test", server.port))
        run = probe(path, *FAST, resolver=resolver("app.test"))
    assert run.code == 0, run.out


def test_an_origin_that_never_answers(tmp_path: Path) -> None:
    def silent(conn: socket.socket) -> None:
        read_request(conn)
        wait_for_close(conn)

    with serving(silent) as server:
        path = template(tmp_path, Origin("app.test", server.port, read_timeout=1))
        started = time.monotonic()
        run = probe(path, *FAST, resolver=resolver("app.test"))
    assert ids(run.out) == ["CFP403"]
    assert "the first byte did not come within 1s" in run.out
    assert time.monotonic() - started < 4


def test_invalid_chunking(tmp_path: Path) -> None:
    handler = respond("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n", b"zz\r\nhello\r\n0\r\n\r\n")
    with serving(handler) as server:
        path = template(tmp_path, Origin("app.test", server.port))
        run = probe(path, *FAST, resolver=resolver("app.test"))
    assert ids(run.out) == ["CFP404"]
    assert "the chunk size line 'zz' is not hexadecimal" in run.out


def test_valid_chunking_passes(tmp_path: Path) -> None:
    body = b"5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n"
    with serving(respond("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n", body)) as server:
        path = template(tmp_path, Origin("app.test", server.port))
        run = probe(path, *FAST, resolver=resolver("app.test"))
    assert run.code == 0, run.out


def test_a_chunked_body_cut_short(tmp_path: Path) -> None:
    handler = respond(
        "HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n", b"5\r\nhel", then=lambda c: None
    )
    with serving(handler) as server:
        path = template(tmp_path, Origin("app.test", server.port))
        run = probe(path, *FAST, resolver=resolver("app.test"))
    assert run.code == 0  # a body cut after the header is not a 502: CloudFront has answered
    assert ids(run.out) == []


def test_a_malformed_status_line(tmp_path: Path) -> None:
    with serving(respond("SSH-2.0-OpenSSH_9.6\n")) as server:
        path = template(tmp_path, Origin("app.test", server.port))
        run = probe(path, *FAST, resolver=resolver("app.test"))
    assert ids(run.out) == ["CFP401"]
    assert "the status line is 'SSH-2.0-OpenSSH_9.6'" in run.out


def test_a_malformed_header_line(tmp_path: Path) -> None:
    with serving(respond("HTTP/1.1 200 OK\nBad Header: x\nContent-Length: 0\n")) as server:
        path = template(tmp_path, Origin("app.test", server.port))
        run = probe(path, *FAST, resolver=resolver("app.test"))
    assert ids(run.out) == ["CFP401"]
    assert "the header line 'Bad Header: x' is not 'Name: value'" in run.out


def test_closing_without_a_response(tmp_path: Path) -> None:
    def hangs_up(conn: socket.socket) -> None:
        read_request(conn)

    with serving(hangs_up) as server:
        path = template(tmp_path, Origin("app.test", server.port))
        run = probe(path, *FAST, resolver=resolver("app.test"))
    assert ids(run.out) == ["CFP405"]
    assert "the origin closed the connection before answering" in run.out


def test_the_origin_answers_503(tmp_path: Path) -> None:
    with serving(respond("HTTP/1.1 503 Service Unavailable\nContent-Length: 0\n")) as server:
        path = template(tmp_path, Origin("app.test", server.port))
        run = probe(path, *FAST, resolver=resolver("app.test"))
        lenient = probe(path, *FAST, "--fail-on", "error", resolver=resolver("app.test"))
    assert ids(run.out) == ["CFP406"]
    assert "[warning]" in run.out and "answers with status 503" in run.out
    assert (lenient.code, ids(lenient.out)) == (0, ["CFP406"])


# -- keep-alive ------------------------------------------------------------------------------


def test_an_announced_keep_alive_timeout_at_or_below_cloudfronts(tmp_path: Path) -> None:
    with serving(ok("Keep-Alive: timeout=5, max=100\n")) as server:
        path = template(tmp_path, Origin("app.test", server.port, keepalive=5))
        started = time.monotonic()
        run = probe(path, "--allow-private", resolver=resolver("app.test"))
    assert ids(run.out) == ["CFP501"]
    assert "announces Keep-Alive: timeout=5, not longer than OriginKeepaliveTimeout (5s)" in run.out
    assert time.monotonic() - started < 3  # announced: no need to wait and see


def test_an_origin_that_closes_idle_connections_early(tmp_path: Path) -> None:
    def closes_soon(conn: socket.socket) -> None:
        time.sleep(0.3)

    with serving(
        respond("HTTP/1.1 200 OK\nContent-Length: 2\n", b"ok", then=closes_soon)
    ) as server:
        path = template(tmp_path, Origin("app.test", server.port, keepalive=3))
        started = time.monotonic()
        run = probe(path, "--allow-private", resolver=resolver("app.test"))
    assert ids(run.out) == ["CFP502"]
    assert "closed the idle connection after 0." in run.out
    assert time.monotonic() - started < 2.5


def test_an_origin_that_keeps_idle_connections_passes(tmp_path: Path) -> None:
    with serving(ok()) as server:
        path = template(tmp_path, Origin("app.test", server.port, keepalive=1))
        run = probe(path, "--allow-private", resolver=resolver("app.test"))
    assert run.code == 0, run.out


def test_connection_close_is_no_race(tmp_path: Path) -> None:
    handler = respond(
        "HTTP/1.1 200 OK\nContent-Length: 2\nConnection: close\n", b"ok", then=lambda c: None
    )
    with serving(handler) as server:
        path = template(tmp_path, Origin("app.test", server.port, keepalive=3))
        run = probe(path, "--allow-private", resolver=resolver("app.test"))
    assert run.code == 0, run.out


# -- TLS -------------------------------------------------------------------------------------


def test_a_valid_certificate_passes(tmp_path: Path, ca: trustme.CA) -> None:
    context = leaf_context(ca.issue_cert("app.test"), tmp_path)
    with serving(ok(), context) as server:
        path = template(tmp_path, https("app.test", server.port))
        run = probe(path, *FAST, resolver=resolver("app.test"), ca=ca_file(ca, tmp_path))
    assert (run.code, run.out) == (0, "All checks passed (1 file).\n"), run


def test_certifi_does_not_trust_a_test_ca(tmp_path: Path, ca: trustme.CA) -> None:
    context = leaf_context(ca.issue_cert("app.test"), tmp_path)
    with serving(ok(), context) as server:
        path = template(tmp_path, https("app.test", server.port))
        run = probe(path, *FAST, resolver=resolver("app.test"))
    assert ids(run.out) == ["CFP304"]  # trustme's root is not sent, nor in Mozilla's bundle


def test_an_expired_certificate(tmp_path: Path, ca: trustme.CA) -> None:
    past = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    cert = ca.issue_cert("app.test", not_before=past - datetime.timedelta(days=90), not_after=past)
    with serving(ok(), leaf_context(cert, tmp_path)) as server:
        path = template(tmp_path, https("app.test", server.port))
        run = probe(path, *FAST, resolver=resolver("app.test"), ca=ca_file(ca, tmp_path))
    assert ids(run.out) == ["CFP303"]
    assert "expired on 2020-01-01" in run.out


def test_a_certificate_about_to_expire(tmp_path: Path, ca: trustme.CA) -> None:
    soon = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3, hours=1)
    cert = ca.issue_cert("app.test", not_after=soon)
    with serving(ok(), leaf_context(cert, tmp_path)) as server:
        path = template(tmp_path, https("app.test", server.port))
        run = probe(path, *FAST, resolver=resolver("app.test"), ca=ca_file(ca, tmp_path))
        later = probe(
            path,
            *FAST,
            "--expiry-days",
            "2",
            resolver=resolver("app.test"),
            ca=ca_file(ca, tmp_path),
        )
    assert ids(run.out) == ["CFP307"]
    assert "in 3 days" in run.out
    assert later.code == 0


def test_a_certificate_for_another_name(tmp_path: Path, ca: trustme.CA) -> None:
    context = leaf_context(ca.issue_cert("other.test", "*.elsewhere.test"), tmp_path)
    with serving(ok(), context) as server:
        path = template(tmp_path, https("app.test", server.port))
        run = probe(path, *FAST, resolver=resolver("app.test"), ca=ca_file(ca, tmp_path))
    assert ids(run.out) == ["CFP306"]
    assert "the certificate names other.test, *.elsewhere.test, not app.test" in run.out
    assert server.accepted == 1  # no request after a failed name check


def test_a_wildcard_covers_one_label(tmp_path: Path, ca: trustme.CA) -> None:
    context = leaf_context(ca.issue_cert("*.test"), tmp_path)
    with serving(ok(), context) as server:
        path = template(tmp_path, https("app.test", server.port))
        run = probe(path, *FAST, resolver=resolver("app.test"), ca=ca_file(ca, tmp_path))
    assert run.code == 0, run.out


def test_a_self_signed_certificate(tmp_path: Path, ca: trustme.CA) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "app.test")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=90))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("app.test")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    pem = cert.public_bytes(serialization.Encoding.PEM)
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    with serving(ok(), server_context([pem], key_pem, tmp_path)) as server:
        path = template(tmp_path, https("app.test", server.port))
        run = probe(path, *FAST, resolver=resolver("app.test"), ca=ca_file(ca, tmp_path))
    assert ids(run.out) == ["CFP302"]
    assert "the certificate is not trusted: self-signed certificate" in run.out


def test_a_missing_intermediate(tmp_path: Path, ca: trustme.CA) -> None:
    intermediate = ca.create_child_ca()
    cert = intermediate.issue_cert("app.test")
    leaf_only = [cert.cert_chain_pems[0].bytes()]
    context = server_context(leaf_only, cert.private_key_pem.bytes(), tmp_path)
    with serving(ok(), context) as server:
        path = template(tmp_path, https("app.test", server.port))
        run = probe(path, *FAST, resolver=resolver("app.test"), ca=ca_file(ca, tmp_path))
    assert ids(run.out) == ["CFP304"]
    assert "the origin sends 1 certificate and the issuer of the last one (" in run.out
    assert "unable to get local issuer certificate" in run.out


def test_the_whole_chain_passes(tmp_path: Path, ca: trustme.CA) -> None:
    cert = ca.create_child_ca().issue_cert("app.test")
    with serving(ok(), leaf_context(cert, tmp_path)) as server:
        path = template(tmp_path, https("app.test", server.port))
        run = probe(path, *FAST, resolver=resolver("app.test"), ca=ca_file(ca, tmp_path))
    assert run.code == 0, run.out


def test_a_chain_out_of_order(tmp_path: Path, ca: trustme.CA) -> None:
    upper = ca.create_child_ca()
    lower = upper.create_child_ca()
    cert = lower.issue_cert("app.test")
    leaf, *intermediates = [blob.bytes() for blob in cert.cert_chain_pems]
    assert len(intermediates) == 2
    swapped = [leaf, *reversed(intermediates)]
    context = server_context(swapped, cert.private_key_pem.bytes(), tmp_path)
    with serving(ok(), context) as server:
        path = template(tmp_path, https("app.test", server.port))
        run = probe(path, *FAST, resolver=resolver("app.test"), ca=ca_file(ca, tmp_path))
    assert ids(run.out) == ["CFP305"]
    assert "certificate 1 (OU=Testing cert #" in run.out
    assert "is followed by OU=Testing CA #" in run.out and "which comes later" in run.out


def test_tls_1_3_only_against_a_tls_1_2_list(tmp_path: Path, ca: trustme.CA) -> None:
    context = leaf_context(ca.issue_cert("app.test"), tmp_path, minimum=ssl.TLSVersion.TLSv1_3)
    with serving(ok(), context) as server:
        path = template(tmp_path, https("app.test", server.port, protocols=["TLSv1.1", "TLSv1.2"]))
        run = probe(path, *FAST, resolver=resolver("app.test"), ca=ca_file(ca, tmp_path))
    assert ids(run.out) == ["CFP301"]
    assert "offered TLSv1.1, TLSv1.2 (the origin's OriginSSLProtocols)" in run.out
    assert "offered everything, it agrees to TLSv1.3" in run.out


@pytest.mark.filterwarnings("ignore:ssl.TLSVersion.TLSv1_1 is deprecated:DeprecationWarning")
def test_a_version_the_list_does_not_have(tmp_path: Path, ca: trustme.CA) -> None:
    context = leaf_context(ca.issue_cert("app.test"), tmp_path)
    context.maximum_version = ssl.TLSVersion.TLSv1_2
    with serving(ok(), context) as server:
        path = template(tmp_path, https("app.test", server.port, protocols=["TLSv1.1"]))
        run = probe(path, *FAST, resolver=resolver("app.test"), ca=ca_file(ca, tmp_path))
    assert ids(run.out) == ["CFP301"]
    assert "offered TLSv1.1" in run.out and "it agrees to TLSv1.2" in run.out


def test_plain_http_on_the_https_port(tmp_path: Path) -> None:
    def answers_anything(conn: socket.socket) -> None:
        conn.settimeout(5)
        conn.recv(65536)
        conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
        wait_for_close(conn)

    with serving(answers_anything) as server:
        path = template(tmp_path, https("app.test", server.port))
        run = probe(path, *FAST, resolver=resolver("app.test"))
    assert ids(run.out) == ["CFP301"]
    assert "the origin does not speak TLS there: it answered in plain HTTP" in run.out


def test_an_sslv3_only_list_cannot_be_probed_here(tmp_path: Path) -> None:
    if ssl.HAS_SSLv3:
        pytest.skip("this OpenSSL can still offer SSLv3")
    with serving(ok()) as server:
        path = template(tmp_path, https("app.test", server.port, protocols=["SSLv3"]))
        run = probe(path, *FAST, resolver=resolver("app.test"))
    assert run.code == 0
    assert "lists only SSLv3, which OpenSSL here cannot offer" in run.err
    assert ": note: " in run.err


def test_the_host_forwarded_is_the_name_sent_and_checked(tmp_path: Path, ca: trustme.CA) -> None:
    names: list[bytes] = []

    def handler(conn: socket.socket) -> None:
        names.append(read_request(conn))
        conn.sendall(b"HTTP/1.1 204 No Content\r\n\r\n")
        wait_for_close(conn)

    context = leaf_context(ca.issue_cert("app.test", "www.example.test"), tmp_path)
    with serving(handler, context) as server:
        path = template(
            tmp_path,
            https("app.test", server.port),
            aliases=["www.example.test", "shop.example.test"],
            forward_host=True,
        )
        run = probe(path, *FAST, resolver=resolver("app.test"), ca=ca_file(ca, tmp_path))
    assert ids(run.out) == ["CFP306"]
    assert "on HTTPS port" in run.out and "with Host shop.example.test" in run.out
    assert "not shop.example.test" in run.out
    assert [n for n in names if b"Host: www.example.test\r\n" in n]


# -- safety ----------------------------------------------------------------------------------


def test_loopback_is_refused_without_allow_private(tmp_path: Path) -> None:
    with serving(ok()) as server:
        path = template(tmp_path, Origin("app.test", server.port))
        run = probe(path, resolver=resolver("app.test"))
        assert server.accepted == 0
    assert ids(run.out) == ["CFP105"]
    assert "resolves to 127.0.0.1, a loopback address that CloudFront cannot reach" in run.out


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("10.1.2.3", "a private address"),
        ("192.168.0.9", "a private address"),
        ("169.254.10.10", "a link-local address"),
        ("169.254.169.254", "a cloud metadata service address"),
        ("::ffff:169.254.169.254", "a cloud metadata service address"),
    ],
)
def test_private_and_metadata_answers_are_never_connected_to(
    tmp_path: Path, address: str, reason: str
) -> None:
    """(A connection to any of them would fail the test: see ``guard_loopback``.)"""
    path = template(tmp_path, Origin("public.test", 8080))
    for extra in ([], ["--allow-private"] if "metadata" in reason else []):
        run = probe(path, *extra, resolver=resolver("public.test", address=address))
        assert ids(run.out) == ["CFP105"], run
        assert f"resolves to {address}, {reason}" in run.out


@pytest.mark.parametrize(
    ("address", "allow_private", "refused"),
    [
        ("8.8.8.8", False, None),
        ("2001:4860:4860::8888", False, None),
        ("127.0.0.1", True, None),
        ("10.0.0.8", True, None),
        ("127.0.0.1", False, "a loopback address"),
        ("::1", False, "a loopback address"),
        ("172.16.5.4", False, "a private address"),
        ("fd12::1", False, "a private address"),
        ("fe80::1", False, "a link-local address"),
        ("100.64.0.1", False, "not a public unicast address"),
        ("203.0.113.7", False, "a private address"),
        ("224.0.0.1", True, "not a public unicast address"),
        ("0.0.0.0", True, "not a public unicast address"),
        ("169.254.169.254", True, "a cloud metadata service address"),
        ("fd00:ec2::254", True, "a cloud metadata service address"),
        ("169.254.170.2", True, "a cloud metadata service address"),
    ],
)
def test_which_addresses_are_refused(
    address: str, allow_private: bool, refused: str | None
) -> None:
    assert refusal(address, allow_private) == refused


# -- the run as a whole ----------------------------------------------------------------------


def test_fifty_origins_at_once_finish_within_the_longest_timeout(tmp_path: Path) -> None:
    def silent(conn: socket.socket) -> None:
        read_request(conn)
        wait_for_close(conn, 5)

    with serving(silent) as server:
        origins = [Origin(f"o{i}.test", server.port, read_timeout=2) for i in range(50)]
        path = template(tmp_path, *origins)
        started = time.monotonic()
        run = probe(
            path, *FAST, "--concurrency", "50", resolver=resolver(*(o.domain for o in origins))
        )
        elapsed = time.monotonic() - started
    assert ids(run.out) == ["CFP403"] * 50
    assert elapsed < 2 + 3, elapsed


def test_the_overall_timeout_stops_the_run(tmp_path: Path) -> None:
    def silent(conn: socket.socket) -> None:
        read_request(conn)
        wait_for_close(conn, 5)

    with serving(silent) as server:
        path = template(tmp_path, Origin("app.test", server.port, read_timeout=30))
        started = time.monotonic()
        run = probe(path, *FAST, "--timeout", "1", resolver=resolver("app.test"))
        elapsed = time.monotonic() - started
    assert run.code == 2
    assert ids(run.out) == []  # a wait cut by --timeout is not the origin's read timeout
    assert "origin 'o0' (app.test): the probe did not finish within --timeout" in run.err
    assert elapsed < 3


def test_reports_in_every_format_locate_the_origin(tmp_path: Path) -> None:
    path = template(tmp_path, Origin("app.test", closed_port()))
    for format_ in ("json", "sarif", "junit", "github", "gitlab", "gnu"):
        run = probe(path, *FAST, "--format", format_, resolver=resolver("app.test"))
        assert run.code == 1, (format_, run)
        assert "CFP201" in run.out
    document = json.loads(probe(path, *FAST, "--format", "json", resolver=resolver("app.test")).out)
    (finding,) = document["findings"]
    assert (finding["line"], finding["rule"]) == (8, "CFP201")


def test_sarif_carries_the_checks_metadata(tmp_path: Path) -> None:
    from .test_reporters import validate_sarif

    path = template(tmp_path, Origin("app.test", closed_port()))
    document = json.loads(
        probe(path, *FAST, "--format", "sarif", resolver=resolver("app.test")).out
    )
    validate_sarif(document)
    run = document["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert "CFP301" in rules and "CF101" not in rules
    assert rules["CFP201"]["name"] == "origin-port-unreachable"
    assert rules["CFP201"]["helpUri"].startswith("https://docs.aws.amazon.com/")
    assert "# origin-port-unreachable (CFP201)" in rules["CFP201"]["help"]["markdown"]
    (result,) = run["results"]
    assert result["ruleId"] == "CFP201"
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 8
