"""Synthetic identifiers for the demo: valid check characters on invented bodies.

Nothing here is a real person's identity number or a real enterprise's credit code; the
bodies in `data.py` are made up and only the check character is computed, so the values
pass the same validators as real ones.
"""

import base64
import hashlib

from fugong.common.pii.validators import credit_code_check_char, identity_check_char


def credit_code(body: str) -> str:
    """A unified social credit code from a 17-character body."""
    return body + credit_code_check_char(body)


def identity_number(body: str) -> str:
    """A resident identity number from a 17-digit body (region, birth date, sequence)."""
    return body + identity_check_char(body)


def demo_totp_key(username: str) -> str:
    """A fixed 20-byte TOTP key (hex) per demo account, so the same authenticator entry
    keeps working after the database is rebuilt. Public by design: demo only."""
    return hashlib.sha1(f"fugong-demo-totp:{username}".encode()).hexdigest()  # noqa: S324


def base32_key(hex_key: str) -> str:
    """The form an authenticator app asks for, in groups of four."""
    text = base64.b32encode(bytes.fromhex(hex_key)).decode("ascii")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
