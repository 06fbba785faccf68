"""Schemathesis auth for the OpenAPI fuzz run: every case carries a bearer token of some role.

The roles' tokens and, per operation, the roles the access matrix admits come from the JSON file
named by CHENGGUO_FUZZ_TOKENS (written by test/contract/openapi-fuzz.spec.ts). Most cases go out
as an admitted role so they reach validation and the deciders; the rest as any role, so 403
answers are exercised and checked against the document too.
"""
import hashlib
import json
import os

import schemathesis

with open(os.environ["CHENGGUO_FUZZ_TOKENS"], encoding="utf-8") as handle:
    _CONFIG = json.load(handle)


def _draw(*parts):
    """A number in [0, 1) fixed by what the case holds: a re-run of the same case draws the same
    (Hypothesis replays cases and treats a different outcome as flakiness)."""
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True, default=repr).encode("utf-8", "surrogatepass")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _pick(values, *parts):
    return values[int(_draw(*parts) * len(values))]


@schemathesis.hook
def before_call(ctx, case, kwargs):
    """Every request carries a token, whatever phase made it (the auth hooks skip some)."""
    key = f"{case.operation.method.upper()} {case.operation.path}"
    tokens = _CONFIG["tokens"]
    admitted = _CONFIG["admitted"].get(key) or list(tokens)
    seed = (key, case.path_parameters, case.query, case.body if not isinstance(case.body, bytes) else case.body.hex())
    roles = admitted if _draw("admitted", *seed) < 0.8 else sorted(tokens)
    role = _pick(roles, "role", *seed)
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {tokens[role]}"}


@schemathesis.hook
def map_path_parameters(ctx, path_parameters):
    """Half the time, ids of the records the spec seeded instead of random ones (which only 404)."""
    if not path_parameters:
        return path_parameters
    for name, values in _CONFIG.get("known", {}).items():
        if name in path_parameters and _draw("known", name, path_parameters[name]) < 0.5:
            path_parameters[name] = _pick(values, "value", name, path_parameters[name])
    return path_parameters
