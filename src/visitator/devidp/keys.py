"""The development identity provider's signing key: an RSA key made once and kept in var/.

Imported by settings.py, so nothing here may import Django. Development only: production logs in
through NemLog-in, whose keys the portal reads from NemLog-in's discovery document.
"""

from __future__ import annotations

import os
from pathlib import Path


def dev_signing_key(path: Path) -> str:
    """The PEM of the key at `path`, made (RSA 2048) the first time it is asked for."""
    if path.exists():
        return path.read_text(encoding="ascii")
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    ).decode("ascii")
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written aside and moved in place: two processes starting at once both end up with a whole key.
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    partial.write_text(pem, encoding="ascii")
    partial.chmod(0o600)
    os.replace(partial, path)
    return path.read_text(encoding="ascii")
