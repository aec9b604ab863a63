"""The optional self-signed certificate for team pages over HTTPS.

Made on first use and kept in the app's data folder, one per address, so the fingerprint a
facilitator read out yesterday is the same today. Browsers warn about a certificate nobody
vouches for; the fingerprint on the facilitator's screen is what participants compare with
the one their browser shows before going on.

The certificate (ECDSA P-256, see ``wargame.web.self_signed``) is signed once in pure
Python; the TLS connections themselves are Python's ``ssl`` module, that is OpenSSL.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
import ssl
from dataclasses import dataclass
from pathlib import Path

VALID_DAYS = 825
EARLY = dt.timedelta(minutes=5)
"""How long before now a new certificate is valid from (clocks in a room disagree)."""


class CertificateProblem(Exception):
    """The certificate cannot be read or written; ``str(error)`` is one sentence naming it."""


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
    """The certificate for ``address``, made now if ``folder`` has none yet.

    Raises:
        CertificateProblem: the kept certificate is damaged, or a new one cannot be written.
    """
    name = "team-pages-" + "".join(c if c.isalnum() else "-" for c in address)
    cert_file, key_file = folder / f"{name}.crt", folder / f"{name}.key"
    if not (cert_file.exists() and key_file.exists()):
        try:
            _make(cert_file, key_file, address)
        except OSError as error:
            raise CertificateProblem(
                f"the team pages' certificate cannot be written in {folder}: {error.strerror}"
            ) from error
    der = _read_der(cert_file)
    try:  # OpenSSL itself, as the server will: a damaged file or a key of another pair fails
        ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER).load_cert_chain(cert_file, key_file)
    except (ssl.SSLError, OSError) as error:
        raise _damaged(cert_file, key_file) from error
    return Certificate(cert_file, key_file, fingerprint(der))


def fingerprint(der: bytes) -> str:
    """SHA-256 of a DER certificate as colon-separated upper-case hex pairs."""
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def _read_der(cert_file: Path) -> bytes:
    try:
        return ssl.PEM_cert_to_DER_cert(cert_file.read_text(encoding="ascii"))
    except OSError as error:
        raise CertificateProblem(
            f"the team pages' certificate {cert_file} cannot be read: {error.strerror}"
        ) from error
    except ValueError as error:  # not PEM, bad base64 or not ASCII
        raise _damaged(cert_file, cert_file.with_suffix(".key")) from error


def _damaged(cert_file: Path, key_file: Path) -> CertificateProblem:
    return CertificateProblem(
        f"the team pages' certificate {cert_file} or its key {key_file.name} is damaged:"
        " remove both to make a new one"
    )


# ---------------------------------------------------------------------------- making one


def _make(cert_file: Path, key_file: Path, address: str) -> None:
    from wargame.web.self_signed import make_self_signed

    made = make_self_signed(
        f"wargame team pages {address}",
        address,
        dt.datetime.now(dt.UTC),
        early=EARLY,
        days=VALID_DAYS,
    )
    cert_file.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(_pem(made.private_key, "PRIVATE KEY"))
    cert_file.write_bytes(_pem(made.certificate, "CERTIFICATE"))


def _pem(der: bytes, label: str) -> bytes:
    """PEM with 64-character lines, as OpenSSL writes it."""
    text = base64.b64encode(der).decode("ascii")
    lines = [text[i : i + 64] for i in range(0, len(text), 64)]
    return "\n".join([f"-----BEGIN {label}-----", *lines, f"-----END {label}-----", ""]).encode()
