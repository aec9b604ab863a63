"""The team pages' self-signed certificate: made in pure Python, served by Python's ssl.

Each certificate is checked three ways: Python's ssl loads it with its key and completes a
real handshake verifying it against the hostname or IP; OpenSSL's own command line verifies
its signature and prints its fields; and its DER is walked here to check each extension's
exact encoding.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from ecdsa import VerifyingKey, der
from ecdsa.util import sigdecode_der

from wargame.web.self_signed import make_self_signed
from wargame.web.tls import VALID_DAYS, CertificateProblem, ensure_certificate, fingerprint

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "web"
OLD_ADDRESS = "192.168.1.20"
OLD_FINGERPRINT = (
    "A8:F5:17:F0:CF:4E:63:50:CB:5F:9F:C0:A5:63:80:16:"
    "24:ED:6A:77:B3:83:50:E6:4C:B0:21:41:EC:DE:56:92"
)
"""The fingerprint of a certificate made by the app before it stopped using `cryptography`."""

OPENSSL = shutil.which("openssl")
needs_openssl = pytest.mark.skipif(OPENSSL is None, reason="the openssl command is not installed")


def _der(cert_file: Path) -> bytes:
    return ssl.PEM_cert_to_DER_cert(cert_file.read_text(encoding="ascii"))


@pytest.fixture
def loopback() -> Iterator[socket.socket]:
    """A listening socket on a free loopback port."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        yield listener


@dataclass(frozen=True)
class Peer:
    """The certificate a verifying client was shown: its DER, and as ssl decoded it."""

    der: bytes
    decoded: dict[str, Any]


def _handshake(listener: socket.socket, cert_file: Path, key_file: Path, host: str) -> Peer:
    """Serve one TLS connection with the certificate to a client verifying it for ``host``."""
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert_file, key_file)
    failures: list[BaseException] = []

    def serve() -> None:
        try:
            connection, _ = listener.accept()
            with server_context.wrap_socket(connection, server_side=True) as tls:
                tls.sendall(b"hello " + tls.recv(16))
        except (OSError, ssl.SSLError) as error:  # the client refused: recorded, not raised
            failures.append(error)

    thread = threading.Thread(target=serve)
    thread.start()
    try:
        client = ssl.create_default_context(cafile=str(cert_file))
        assert client.check_hostname and client.verify_mode == ssl.CERT_REQUIRED
        port = listener.getsockname()[1]
        with (
            socket.create_connection(("127.0.0.1", port), timeout=10) as raw,
            client.wrap_socket(raw, server_hostname=host) as tls,
        ):
            tls.sendall(b"team")
            assert tls.recv(16) == b"hello team"
            peer, decoded = tls.getpeercert(binary_form=True), tls.getpeercert()
            assert peer is not None and decoded is not None
            return Peer(peer, dict(decoded))
    finally:
        thread.join(timeout=10)


# ------------------------------------------------------------------- a new certificate


def test_a_new_certificate_and_key_load_into_ssl_and_the_key_is_private(tmp_path: Path) -> None:
    made = ensure_certificate(tmp_path / "tls", "127.0.0.1")
    assert made.cert_file.read_text().startswith("-----BEGIN CERTIFICATE-----\n")
    assert made.key_file.read_text().startswith("-----BEGIN PRIVATE KEY-----\n")  # PKCS#8
    assert made.key_file.stat().st_mode & 0o777 == 0o600
    ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER).load_cert_chain(made.cert_file, made.key_file)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_client_verifying_the_certificate_and_host_completes_a_handshake(
    tmp_path: Path, loopback: socket.socket, host: str
) -> None:
    made = ensure_certificate(tmp_path / "tls", "127.0.0.1")
    peer = _handshake(loopback, made.cert_file, made.key_file, host).der
    assert peer == _der(made.cert_file)
    assert made.fingerprint == fingerprint(peer)
    assert made.fingerprint.replace(":", "") == hashlib.sha256(peer).hexdigest().upper()


def test_a_client_refuses_the_certificate_for_another_host(
    tmp_path: Path, loopback: socket.socket
) -> None:
    made = ensure_certificate(tmp_path / "tls", "127.0.0.1")
    with pytest.raises(ssl.SSLCertVerificationError, match=r"127\.0\.0\.2"):
        _handshake(loopback, made.cert_file, made.key_file, "127.0.0.2")


def test_the_certificate_names_the_address_and_lasts_825_days(
    tmp_path: Path, loopback: socket.socket
) -> None:
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    made = ensure_certificate(tmp_path / "tls", "127.0.0.1")
    after = dt.datetime.now(dt.UTC)
    decoded = _handshake(loopback, made.cert_file, made.key_file, "127.0.0.1").decoded
    subject = ((("commonName", "wargame team pages 127.0.0.1"),),)
    assert decoded["subject"] == decoded["issuer"] == subject
    assert decoded["subjectAltName"] == (("DNS", "localhost"), ("IP Address", "127.0.0.1"))
    assert decoded["version"] == 3
    starts = dt.datetime.fromtimestamp(ssl.cert_time_to_seconds(decoded["notBefore"]), dt.UTC)
    ends = dt.datetime.fromtimestamp(ssl.cert_time_to_seconds(decoded["notAfter"]), dt.UTC)
    assert before - dt.timedelta(minutes=5) <= starts <= after - dt.timedelta(minutes=5)
    assert ends - starts == dt.timedelta(days=VALID_DAYS, minutes=5)


def test_a_name_that_is_no_ip_address_is_a_dns_name(
    tmp_path: Path, loopback: socket.socket
) -> None:
    made = ensure_certificate(tmp_path / "tls", "teams.venue.example")
    decoded = _handshake(loopback, made.cert_file, made.key_file, "teams.venue.example").decoded
    assert decoded["subjectAltName"] == (("DNS", "localhost"), ("DNS", "teams.venue.example"))
    assert made.cert_file.name == "team-pages-teams-venue-example.crt"


def test_serial_numbers_are_random_positive_and_at_most_20_bytes(tmp_path: Path) -> None:
    serials = set()
    for address in ("127.0.0.1", "127.0.0.2", "127.0.0.3"):
        made = ensure_certificate(tmp_path / "tls", address)
        body, _ = der.remove_sequence(der.remove_sequence(_der(made.cert_file))[0])
        _, _, fields = der.remove_constructed(body)  # [0] version
        serial, _ = der.remove_integer(fields)
        serials.add(serial)
    assert len(serials) == 3
    assert all(0 < serial < 2**159 for serial in serials)
    assert max(serials).bit_length() > 120  # random bits, not a counter


def _extensions(certificate: bytes) -> tuple[bytes, bytes, bytes, bytes]:
    """The TBSCertificate, its SubjectPublicKeyInfo, its extensions (DER) and the signature."""
    body, rest = der.remove_sequence(certificate)
    assert rest == b""
    tbs_body, after_tbs = der.remove_sequence(body)
    tbs = body[: len(body) - len(after_tbs)]
    algorithm, after_algorithm = der.remove_sequence(after_tbs)
    assert der.remove_object(algorithm)[0] == (1, 2, 840, 10045, 4, 3, 2)  # ecdsa-with-SHA256
    signature, rest = der.remove_bitstring(after_algorithm, 0)
    assert rest == b""
    _, _, fields = der.remove_constructed(tbs_body)  # [0] version
    _, fields = der.remove_integer(fields)  # serial
    for _ in range(4):  # signature algorithm, issuer, validity, subject
        _, fields = der.remove_sequence(fields)
    key_body, fields = der.remove_sequence(fields)
    public_key_info = der.encode_sequence(key_body)
    tag, extensions, rest = der.remove_constructed(fields)
    assert (tag, rest) == (3, b"")
    return tbs, public_key_info, extensions, signature


def test_basic_constraints_are_critical_and_not_a_ca_and_the_signature_verifies() -> None:
    now = dt.datetime.now(dt.UTC)
    made = make_self_signed(
        "wargame team pages ::1", "::1", now, early=dt.timedelta(minutes=5), days=825
    )
    tbs, public_key_info, extensions, signature = _extensions(made.certificate)
    alt_names = der.encode_sequence(
        der.encode_implicit(2, b"localhost"), der.encode_implicit(7, b"\x00" * 15 + b"\x01")
    )
    assert extensions == der.encode_sequence(
        der.encode_sequence(der.encode_oid(2, 5, 29, 17), der.encode_octet_string(alt_names)),
        der.encode_sequence(
            der.encode_oid(2, 5, 29, 19), b"\x01\x01\xff", der.encode_octet_string(b"\x30\x00")
        ),
    )
    key = VerifyingKey.from_der(public_key_info)
    assert key.curve.name == "NIST256p"
    assert key.verify(signature, tbs, hashfunc=hashlib.sha256, sigdecode=sigdecode_der)


def test_a_certificate_ending_after_2049_uses_generalized_time() -> None:
    now = dt.datetime(2049, 6, 1, 12, 0, 30, 123456, tzinfo=dt.UTC)
    made = make_self_signed("x", "127.0.0.1", now, early=dt.timedelta(minutes=5), days=825)
    assert b"\x17\x0d490601115530Z" in made.certificate  # UTCTime, seconds kept
    assert b"\x18\x0f20510904120030Z" in made.certificate  # GeneralizedTime


@needs_openssl
def test_openssl_verifies_the_self_signature_and_reads_every_field(tmp_path: Path) -> None:
    made = ensure_certificate(tmp_path / "tls", "10.1.2.3")
    assert OPENSSL is not None
    verify = [OPENSSL, "verify", "-check_ss_sig", "-CAfile", str(made.cert_file)]
    checked = subprocess.run([*verify, str(made.cert_file)], capture_output=True, text=True)
    assert checked.returncode == 0 and checked.stdout.strip().endswith(": OK"), checked.stderr
    text = subprocess.run(
        [OPENSSL, "x509", "-in", str(made.cert_file), "-noout", "-text"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Signature Algorithm: ecdsa-with-SHA256" in text
    assert "NIST CURVE: P-256" in text
    assert "X509v3 Basic Constraints: critical\n                CA:FALSE" in text
    assert "DNS:localhost, IP Address:10.1.2.3" in text
    assert "Subject: CN = wargame team pages 10.1.2.3" in text


@needs_openssl
def test_openssl_refuses_a_certificate_whose_signature_was_changed(tmp_path: Path) -> None:
    made = ensure_certificate(tmp_path / "tls", "10.1.2.3")
    forged = bytearray(_der(made.cert_file))
    forged[-1] ^= 0x01  # the last byte of the signature's s
    forged_file = tmp_path / "forged.crt"
    forged_file.write_text(ssl.DER_cert_to_PEM_cert(bytes(forged)))
    assert OPENSSL is not None
    checked = subprocess.run(
        [OPENSSL, "verify", "-check_ss_sig", "-CAfile", str(forged_file), str(forged_file)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode != 0


# --------------------------------------------------------------- kept certificates


def test_a_kept_certificate_is_reused_with_its_fingerprint(tmp_path: Path) -> None:
    first = ensure_certificate(tmp_path / "tls", "127.0.0.1")
    kept = first.cert_file.read_bytes(), first.key_file.read_bytes()
    again = ensure_certificate(tmp_path / "tls", "127.0.0.1")
    assert again == first
    assert (again.cert_file.read_bytes(), again.key_file.read_bytes()) == kept


def test_a_certificate_made_by_an_earlier_version_keeps_its_fingerprint_and_serves(
    tmp_path: Path, loopback: socket.socket
) -> None:
    folder = tmp_path / "tls"
    shutil.copytree(FIXTURES, folder)
    kept = {path.name: path.read_bytes() for path in folder.iterdir()}
    old = ensure_certificate(folder, OLD_ADDRESS)
    assert old.fingerprint == OLD_FINGERPRINT
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == kept
    peer = _handshake(loopback, old.cert_file, old.key_file, OLD_ADDRESS)
    assert fingerprint(peer.der) == OLD_FINGERPRINT


@pytest.mark.parametrize(
    "damage",
    [b"", b"not a certificate\n", b"-----BEGIN CERTIFICATE-----\n@@@\n-----END CERTIFICATE-----\n"],
)
def test_a_damaged_certificate_is_named_in_one_sentence(tmp_path: Path, damage: bytes) -> None:
    made = ensure_certificate(tmp_path / "tls", "127.0.0.1")
    made.cert_file.write_bytes(damage)
    with pytest.raises(CertificateProblem) as caught:
        ensure_certificate(tmp_path / "tls", "127.0.0.1")
    message = str(caught.value)
    assert message == (
        f"the team pages' certificate {made.cert_file} or its key {made.key_file.name} is"
        " damaged: remove both to make a new one"
    )
    assert made.cert_file.read_bytes() == damage  # left for the facilitator to look at


def test_a_folder_that_cannot_be_written_is_named_in_one_sentence(tmp_path: Path) -> None:
    blocker = tmp_path / "tls"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(CertificateProblem, match=r"cannot be written in .*tls: File exists$"):
        ensure_certificate(blocker, "127.0.0.1")


def test_a_key_of_another_certificate_is_named_in_one_sentence(tmp_path: Path) -> None:
    made = ensure_certificate(tmp_path / "tls", "127.0.0.1")
    other = ensure_certificate(tmp_path / "tls", "127.0.0.2")
    made.key_file.write_bytes(other.key_file.read_bytes())
    with pytest.raises(CertificateProblem, match=r"or its key team-pages-127-0-0-1\.key is dam"):
        ensure_certificate(tmp_path / "tls", "127.0.0.1")
