"""Clients and tokens: client credentials in, signed expiring JWTs out.

Client secrets may be stored hashed (PBKDF2-SHA256, see `hash_secret`). Tokens are
HS256 JWTs signed with a key kept in the data folder, so they survive a restart.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import secrets
import time
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import cast

import jwt
import yaml

from ..errors import AuthError

HASH_PREFIX = "pbkdf2_sha256"
HASH_ITERATIONS = 200_000
ISSUER = "id-field-extractor"
KEY_BYTES = 32  # the token signing key's length

logger = logging.getLogger(__name__)


def hash_secret(secret: str, *, iterations: int = HASH_ITERATIONS) -> str:
    """A storable hash of a client secret: ``pbkdf2_sha256$iterations$salt$hash``."""
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", secret.encode(), salt, iterations)
    encode = base64.urlsafe_b64encode
    return f"{HASH_PREFIX}${iterations}${encode(salt).decode()}${encode(digest).decode()}"


def _secret_matches(stored: str, offered: str) -> bool:
    if stored.startswith(HASH_PREFIX + "$"):
        try:
            _, iterations, salt, digest = stored.split("$")
            expected = base64.urlsafe_b64decode(digest)
            actual = hashlib.pbkdf2_hmac("sha256", offered.encode(), base64.urlsafe_b64decode(salt),
                                         int(iterations))
        except (ValueError, TypeError):
            return False
        return hmac.compare_digest(expected, actual)
    return hmac.compare_digest(stored.encode(), offered.encode())


@cache
def _stand_in() -> str:
    """A hash no secret matches, checked when a secret is stored plain or the id is unknown:
    every check then costs one PBKDF2, so timing does not tell which ids exist."""
    return hash_secret(secrets.token_urlsafe(16))


class Clients:
    """The clients allowed to ask for tokens: id -> secret (plain or hashed)."""

    def __init__(self, secrets_by_id: Mapping[str, str], *, accept_any: bool = False) -> None:
        self._secrets = dict(secrets_by_id)
        self.accept_any = accept_any  # --insecure-dev: any credentials get a token

    def __len__(self) -> int:
        return len(self._secrets)

    def __contains__(self, client_id: object) -> bool:
        """Whether `client_id` may hold a token now (a client removed from the file may not)."""
        return self.accept_any or client_id in self._secrets

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None, environ: Mapping[str, str] = os.environ,
             *, accept_any: bool = False) -> Clients:
        """Clients from a YAML/JSON mapping file and/or EXTRACTOR_CLIENT_ID/_SECRET."""
        found: dict[str, str] = {}
        if path is not None:
            try:
                data = yaml.safe_load(Path(path).read_text("utf-8"))
            except (OSError, yaml.YAMLError) as exc:
                raise AuthError(f"{path}: cannot read the clients file: {exc}") from exc
            if not isinstance(data, dict) or not all(
                isinstance(k, str) and isinstance(v, str) and v for k, v in data.items()
            ):
                raise AuthError(f"{path}: the clients file must map each client id to its secret")
            found.update(data)
        client_id, secret = environ.get("EXTRACTOR_CLIENT_ID"), environ.get("EXTRACTOR_CLIENT_SECRET")
        if client_id and secret:
            found[client_id] = secret
        return cls(found, accept_any=accept_any)

    def authenticate(self, client_id: str, secret: str) -> None:
        if self.accept_any and client_id:
            return
        stored = self._secrets.get(client_id)
        hashed = stored is not None and stored.startswith(HASH_PREFIX + "$")
        slow = _secret_matches(cast(str, stored) if hashed else _stand_in(), secret)  # one PBKDF2 for every check
        plain = stored is not None and not hashed and _secret_matches(stored, secret)
        if not (slow if hashed else plain):
            raise AuthError("unknown client id or wrong client secret")


class Tokens:
    """Issues and verifies the bearer tokens."""

    def __init__(self, key: bytes, lifetime: int = 3600) -> None:
        self._key = key
        self.lifetime = lifetime

    @classmethod
    def with_key_file(cls, data_dir: Path, lifetime: int = 3600) -> Tokens:
        """Tokens signed with the key in `data_dir`: made on first start, written whole or not
        at all (a crash leaves no empty key), owner-only; a short or unreadable key is refused."""
        path = data_dir / "token.key"
        if not path.exists():
            data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            partial = path.with_name(f".token.key.{os.getpid()}")
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(secrets.token_bytes(KEY_BYTES))
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(partial, path)
            folder = os.open(data_dir, os.O_RDONLY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)
        elif path.stat().st_mode & 0o077:
            logger.warning("%s was readable by others: its mode is now 0600", path)
            path.chmod(0o600)
        try:
            key = path.read_bytes()
        except OSError as exc:
            raise AuthError(f"{path}: cannot read the token key: {exc.strerror}") from exc
        if len(key) < KEY_BYTES:
            raise AuthError(f"{path}: the token key is {len(key)} bytes, under {KEY_BYTES}: a guessable key "
                            "signs forged tokens; delete it to have a new one made (tokens issued with it end)")
        return cls(key, lifetime)

    def issue(self, client_id: str) -> dict[str, object]:
        now = int(time.time())
        claims = {"sub": client_id, "iss": ISSUER, "iat": now, "exp": now + self.lifetime,
                  "jti": secrets.token_hex(8)}
        token = jwt.encode(claims, self._key, algorithm="HS256")
        return {"access_token": token, "expires_in": self.lifetime, "token_type": "Bearer"}

    def verify(self, authorization: str | None) -> str:
        """The client id of a valid ``Authorization: Bearer`` header, else `AuthError`."""
        if not authorization:
            raise AuthError("missing Authorization header: send 'Bearer <token>' from /connect/token")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthError("the Authorization header must be 'Bearer <token>'")
        try:
            claims = jwt.decode(token.strip(), self._key, algorithms=["HS256"], issuer=ISSUER,
                                options={"require": ["exp", "sub", "iss"]})
        except jwt.ExpiredSignatureError as exc:
            raise AuthError("the token has expired: get a new one from /connect/token") from exc
        except jwt.InvalidSignatureError as exc:
            raise AuthError("the token's signature is not valid") from exc
        except jwt.InvalidTokenError as exc:
            raise AuthError("the token is not valid") from exc
        return str(claims["sub"])
