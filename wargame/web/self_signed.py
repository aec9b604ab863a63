"""A self-signed X.509 v3 certificate with an ECDSA P-256 key, signed in pure Python.

The DER is built with the encoders of the ``ecdsa`` package (``ecdsa.der``) and signed once
with its RFC 6979 deterministic ECDSA over SHA-256, so the signature needs no random number.
Only ``wargame.web.tls`` imports this module, and only when it makes a new certificate.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import secrets
from dataclasses import dataclass

from ecdsa import NIST256p, SigningKey, der
from ecdsa.util import sigencode_der

# Universal tags ecdsa.der has no encoder for.
_BOOLEAN_TRUE = b"\x01\x01\xff"
_UTF8_STRING, _SET, _UTC_TIME, _GENERALIZED_TIME = 0x0C, 0x31, 0x17, 0x18
# GeneralName choices (RFC 5280 4.2.1.6), implicitly tagged.
_DNS_NAME, _IP_ADDRESS = 2, 7

_ECDSA_WITH_SHA256 = der.encode_sequence(der.encode_oid(1, 2, 840, 10045, 4, 3, 2))
_COMMON_NAME = der.encode_oid(2, 5, 4, 3)
_SUBJECT_ALT_NAME = der.encode_oid(2, 5, 29, 17)
_BASIC_CONSTRAINTS = der.encode_oid(2, 5, 29, 19)


@dataclass(frozen=True)
class SelfSigned:
    """A new certificate (DER) and its private key (PKCS#8 DER)."""

    certificate: bytes
    private_key: bytes


def make_self_signed(
    subject: str, address: str, now: dt.datetime, *, early: dt.timedelta, days: int
) -> SelfSigned:
    """A certificate for ``subject`` naming localhost and ``address``, and its new key.

    It is valid from ``now - early`` for ``days`` days after ``now``, has a random positive
    159-bit serial number, and BasicConstraints CA:false marked critical.
    """
    key = SigningKey.generate(curve=NIST256p, hashfunc=hashlib.sha256)
    now = now.astimezone(dt.UTC).replace(microsecond=0)
    name = _name(subject)
    tbs = der.encode_sequence(
        der.encode_constructed(0, der.encode_integer(2)),  # [0] version: v3
        der.encode_integer(secrets.randbits(159)),
        _ECDSA_WITH_SHA256,
        name,  # issuer: the subject itself
        der.encode_sequence(_time(now - early), _time(now + dt.timedelta(days=days))),
        name,
        key.get_verifying_key().to_der(),
        der.encode_constructed(3, _extensions(address)),  # [3] extensions
    )
    signature = key.sign_deterministic(tbs, hashfunc=hashlib.sha256, sigencode=sigencode_der)
    certificate = der.encode_sequence(tbs, _ECDSA_WITH_SHA256, der.encode_bitstring(signature, 0))
    return SelfSigned(bytes(certificate), bytes(key.to_der(format="pkcs8")))


def _universal(tag: int, content: bytes) -> bytes:
    return bytes((tag,)) + bytes(der.encode_length(len(content))) + content


def _name(common_name: str) -> bytes:
    """A Name of one RDN: CN as a UTF8String."""
    attribute = der.encode_sequence(_COMMON_NAME, _universal(_UTF8_STRING, common_name.encode()))
    return bytes(der.encode_sequence(_universal(_SET, attribute)))


def _time(moment: dt.datetime) -> bytes:
    """UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 4.1.2.5)."""
    if moment.year < 2050:
        return _universal(_UTC_TIME, moment.strftime("%y%m%d%H%M%SZ").encode())
    return _universal(_GENERALIZED_TIME, moment.strftime("%Y%m%d%H%M%SZ").encode())


def _extensions(address: str) -> bytes:
    """SubjectAlternativeName (localhost and the address), BasicConstraints critical CA:false."""
    names = [der.encode_implicit(_DNS_NAME, b"localhost")]
    try:
        names.append(der.encode_implicit(_IP_ADDRESS, ipaddress.ip_address(address).packed))
    except ValueError:
        names.append(der.encode_implicit(_DNS_NAME, address.encode("idna")))
    alt_names = der.encode_sequence(*names)
    return bytes(
        der.encode_sequence(
            der.encode_sequence(_SUBJECT_ALT_NAME, der.encode_octet_string(alt_names)),
            der.encode_sequence(
                _BASIC_CONSTRAINTS, _BOOLEAN_TRUE, der.encode_octet_string(der.encode_sequence())
            ),
        )
    )
