"""A small OpenID Connect provider for the tests, served on 127.0.0.1 from a thread.

It does what a council's provider does for the authorisation code flow: discovery, an
authorisation endpoint that sends the browser back with a code (the person it signs in is
whoever the test says, `provider.person = {...claims}`), a token endpoint that checks the
client, the code, the redirect address and the PKCE verifier and issues an ID token signed
with RS256 by a key made for the test run, the JWKS endpoint publishing that key, and
userinfo. With nobody signed in there (`provider.person = None`: disabled, removed or signed
out) the authorisation endpoint answers `error=login_required`, as a provider does to a
request with `prompt=none`. Its end_session_endpoint (RP-initiated logout) records each
sign-out in `provider.sign_outs`, signs the person out there and sends the browser back.
`provider.settings()` gives the service's settings to use it.
"""

import base64
import hashlib
import json
import os
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

CLIENT_ID = "practice-qa-tests"
CLIENT_SECRET = secrets.token_urlsafe(24)
KEY_ID = "test-key-1"


class TestProvider:
    def __init__(self, port: int = 0):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.person: dict = {}
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.requests: list[dict] = []  # what each authorisation request asked for
        self.sign_outs: list[dict] = []  # each sign-out: the ID token hint's claims, and back
        # To test that the service refuses a bad token: claims changed, another key.
        self.token_changes: dict = {}
        self.token_key = None
        self.server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> "TestProvider":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/keys",
            "end_session_endpoint": f"{self.issuer}/logout",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "code_challenge_methods_supported": ["S256"],
        }

    def settings(self) -> dict:
        """The service's settings for signing in through this provider, from discovery."""
        found = self.discovery()
        return {
            "SSO_ENABLED": True,
            "SSO_PROVIDER_NAME": "Test Council account",
            "OIDC_OP_ISSUER": found["issuer"],
            "OIDC_OP_AUTHORIZATION_ENDPOINT": found["authorization_endpoint"],
            "OIDC_OP_TOKEN_ENDPOINT": found["token_endpoint"],
            "OIDC_OP_USER_ENDPOINT": found["userinfo_endpoint"],
            "OIDC_OP_JWKS_ENDPOINT": found["jwks_uri"],
            "OIDC_OP_LOGOUT_ENDPOINT": found["end_session_endpoint"],
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_RP_SIGN_ALGO": "RS256",
            "OIDC_RP_SCOPES": "openid email profile",
        }

    def jwks(self) -> dict:
        public = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": KEY_ID, "alg": "RS256", "use": "sig"}]}

    def id_token(self, claims: dict, nonce: str | None, *, key=None, **changes) -> str:
        now = int(time.time())
        payload = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 600,
            "nonce": nonce,
            **claims,
            **changes,
        }
        return jwt.encode(payload, key or self.key, algorithm="RS256", headers={"kid": KEY_ID})

    def _authorize(self, query: dict) -> tuple[int, dict, bytes]:
        self.requests.append(query)
        if not self.person:
            back = urlencode({"error": "login_required", "state": query.get("state", "")})
            return 302, {"Location": f"{query['redirect_uri']}?{back}"}, b""
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"query": query, "person": dict(self.person)}
        back = urlencode({"code": code, "state": query.get("state", "")})
        return 302, {"Location": f"{query['redirect_uri']}?{back}"}, b""

    def _token(self, form: dict) -> tuple[int, dict, bytes]:
        granted = self.codes.pop(form.get("code", ""), None)
        if (
            granted is None
            or form.get("client_id") != CLIENT_ID
            or form.get("client_secret") != CLIENT_SECRET
            or form.get("redirect_uri") != granted["query"].get("redirect_uri")
        ):
            return _json(400, {"error": "invalid_grant"})
        challenge = granted["query"].get("code_challenge")
        if challenge:
            verifier = form.get("code_verifier", "").encode()
            made = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=")
            if made.decode() != challenge:
                return _json(400, {"error": "invalid_grant", "error_description": "PKCE"})
        person = granted["person"]
        access = secrets.token_urlsafe(24)
        self.tokens[access] = person
        nonce = granted["query"].get("nonce")
        return _json(
            200,
            {
                "access_token": access,
                "token_type": "Bearer",
                "expires_in": 600,
                "id_token": self.id_token(person, nonce, key=self.token_key, **self.token_changes),
            },
        )

    def _logout(self, query: dict) -> tuple[int, dict, bytes]:
        hint = query.get("id_token_hint", "")
        claims = jwt.decode(
            hint, self.key.public_key(), algorithms=["RS256"], audience=CLIENT_ID,
            options={"verify_exp": False},
        ) if hint else {}  # fmt: skip
        back = query.get("post_logout_redirect_uri", "")
        self.sign_outs.append({"claims": claims, "back": back, "client_id": query.get("client_id")})
        self.person = None
        return 302, {"Location": back}, b""

    def _userinfo(self, authorization: str) -> tuple[int, dict, bytes]:
        person = self.tokens.get(authorization.removeprefix("Bearer ").strip())
        if person is None:
            return _json(401, {"error": "invalid_token"})
        return _json(200, person)

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, answer):
                status, headers, body = answer
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/.well-known/openid-configuration":
                    self._send(_json(200, provider.discovery()))
                elif url.path == "/keys":
                    self._send(_json(200, provider.jwks()))
                elif url.path == "/authorize":
                    self._send(provider._authorize(query))
                elif url.path == "/logout":
                    self._send(provider._logout(query))
                elif url.path == "/userinfo":
                    self._send(provider._userinfo(self.headers.get("Authorization", "")))
                else:
                    self._send(_json(404, {"error": "not_found"}))

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if urlsplit(self.path).path == "/token":
                    self._send(provider._token(form))
                else:
                    self._send(_json(404, {"error": "not_found"}))

        return Handler


def _json(status: int, data: dict) -> tuple[int, dict, bytes]:
    return status, {"Content-Type": "application/json"}, json.dumps(data).encode()


@pytest.fixture(scope="session")
def oidc_provider():
    """The test provider, started once for the test run (on TEST_OIDC_PORT if set)."""
    provider = TestProvider(port=int(os.environ.get("TEST_OIDC_PORT", "0"))).start()
    yield provider
    provider.stop()


@pytest.fixture
def sso(oidc_provider, settings):
    """Single sign-on switched on, through the test provider, fresh for each test."""
    for name, value in oidc_provider.settings().items():
        setattr(settings, name, value)
    settings.LOCAL_PASSWORDS = True
    oidc_provider.person = {}
    oidc_provider.token_changes = {}
    oidc_provider.token_key = None
    oidc_provider.requests.clear()
    oidc_provider.sign_outs.clear()
    return oidc_provider
