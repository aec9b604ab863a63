"""The optional self-signed certificate for team pages over HTTPS.

Made on first use and kept in the app's data folder, one per address, so the fingerprint a
facilitator read out yesterday is the same today. Browsers warn about a certificate nobody
vouches for; the fingerprint on the facilitator's screen is what participants compare with
the one their browser shows before going on.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

VALID_DAYS = 825


def default_folder() -> Path:
    """Where the certificates are kept: the app's data folder."""
    from wargame.scenario.discovery import user_data_dir

    return user_data_dir() / "team-pages-tls"


@dataclass(frozen=True)
class Certificate:
    """A certificate and key on disk, and the certificate's SHA-256 fingerprint."""

    cert_file: Path
    key_file: Path
    fingerprint: str
    """SHA-256 of the certificate, as colon-separated hex pairs (as browsers show it)."""


def ensure_certificate(folder: Path, address: str) -> Certificate:
    """The certificate for ``address``, made now if ``folder`` has none yet."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    name = "team-pages-" + "".join(c if c.isalnum() else "-" for c in address)
    cert_file, key_file = folder / f"{name}.crt", folder / f"{name}.key"
    if not (cert_file.exists() and key_file.exists()):
        _make(cert_file, key_file, address)
    cert = x509.load_pem_x509_certificate(cert_file.read_bytes())
    digest = cert.fingerprint(hashes.SHA256()).hex().upper()
    pairs = ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))
    return Certificate(cert_file, key_file, pairs)


def _make(cert_file: Path, key_file: Path, address: str) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"wargame team pages {address}")])
    names: list[x509.GeneralName] = [x509.DNSName("localhost")]
    try:
        names.append(x509.IPAddress(ipaddress.ip_address(address)))
    except ValueError:
        names.append(x509.DNSName(address))
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=VALID_DAYS))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file.parent.mkdir(parents=True, exist_ok=True)
    key_bytes = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(key_bytes)
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
