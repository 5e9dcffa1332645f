"""Go's JSON rules where the Spark job needs them in Python.

Two directions:

* reading: the job routes each finding by its ``account_id`` (and needs its
  ``id`` and ``resource_id``) before the library sees it, so it must read those
  fields exactly as the library's decoder does (docs/input.md, "Decoding
  rules"): an exact key match, else a case-insensitive one that folds ASCII
  and the two runes U+212A KELVIN SIGN and U+017F LONG S; keys applied in
  document order; ``null`` leaves the field as it was; an escaped lone
  surrogate becomes U+FFFD.
* writing: the merged stats object, with Go's string escaping and float
  format (docs/output.md).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

ROUTING_FIELDS = ("id", "account_id", "resource_id")
EDGE_FIELDS = ("source_id", "target_id")

_FOLD_SPECIAL = {"\u212a": "k", "\u017f": "s"}
_SURROGATE = re.compile("[\ud800-\udfff]")


def fold_key(key: str) -> str | None:
    """The key as the library folds it, or None when it can fold to no field
    name (a non-ASCII rune other than the two special ones)."""
    if key.isascii():
        return key.lower()
    out = []
    for ch in key:
        if ch.isascii():
            out.append(ch.lower())
        elif ch in _FOLD_SPECIAL:
            out.append(_FOLD_SPECIAL[ch])
        else:
            return None
    return "".join(out)


def go_string_value(s: str) -> str:
    """A decoded JSON string as Go holds it: lone surrogates (which Python's
    json module keeps) become U+FFFD."""
    if s.isascii():
        return s
    return _SURROGATE.sub("\ufffd", s)


class FieldTypeError(ValueError):
    """A routing field holds something other than a string or null."""


def _reject_constant(name: str) -> Any:
    raise ValueError(f"invalid literal {name} (not JSON)")


class _Pairs(list):
    """A JSON object decoded as its (key, value) pairs, in document order."""


#: A decoder that, like Go, refuses NaN and Infinity.
DECODER = json.JSONDecoder(parse_constant=_reject_constant)
_PAIRS_DECODER = json.JSONDecoder(parse_constant=_reject_constant,
                                  object_pairs_hook=lambda pairs: _Pairs(pairs))


def _lengths(names: tuple[str, ...]) -> frozenset[int]:
    # Folding keeps the number of runes, so only keys of these lengths can match.
    return frozenset(len(n) for n in names)


def _json_type(value: Any) -> str:
    """The JSON type name the library's messages use."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    return "object" if isinstance(value, _Pairs) else "array"


def string_fields(obj: dict[str, Any], text: str, names: tuple[str, ...]) -> dict[str, str]:
    """The string fields ``names`` of a decoded JSON object, with Go's rules.

    ``obj`` is ``text`` decoded into a dict. A dict loses the order of
    duplicate keys and hides ``null`` overriding, so when the object has a
    folded spelling of a wanted key, or a wanted key that is not a plain
    string, the object is decoded again as ordered pairs. Missing fields are "".
    Raises FieldTypeError for a value of the wrong type.
    """
    wanted = set(names)
    lengths = _lengths(names)
    slow = False
    for key in obj:
        if key in wanted:
            if type(obj[key]) is not str:
                slow = True
                break
        elif len(key) in lengths and fold_key(key) in wanted:
            slow = True
            break
    if not slow:
        return {n: go_string_value(obj[n]) if n in obj else "" for n in names}
    pairs = _PAIRS_DECODER.decode(text)
    out = dict.fromkeys(names, "")
    for key, value in pairs:
        name = key if key in wanted else fold_key(key)
        if name not in wanted:
            continue
        if value is None:
            continue  # Go: null leaves a string field as it was
        if not isinstance(value, str):
            raise FieldTypeError(f'field "{name}": expected string, got {_json_type(value)}')
        out[name] = go_string_value(value)
    return out


# ---- writing ----------------------------------------------------------------

_GO_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
               "\u2028": "\\u2028", "\u2029": "\\u2029"}
_GO_ESCAPE_RE = re.compile("[<>&\u2028\u2029]")


def go_string(s: str) -> str:
    """A JSON string literal exactly as Go's encoding/json writes it."""
    body = json.dumps(s, ensure_ascii=False)  # \" \\ \b \f \n \r \t, else \u00xx: as Go
    return _GO_ESCAPE_RE.sub(lambda m: _GO_ESCAPES[m.group(0)], body)


def go_float(x: float) -> str:
    """A float64 exactly as Go's encoding/json writes it: shortest digits, in
    exponent form below 1e-6 and from 1e21 (with e-7 rather than e-07)."""
    if x != x or x in (float("inf"), float("-inf")):
        raise ValueError(f"{x} has no JSON form")
    shortest = repr(float(x))  # shortest round-trip digits, as Go's strconv
    a = abs(x)
    if a != 0 and (a < 1e-6 or a >= 1e21):
        # repr uses exponent form in this whole range, with Go's 'e' layout
        return re.sub(r"e-0(\d)$", r"e-\1", shortest)
    fixed = format(Decimal(shortest), "f")
    if "." in fixed:
        fixed = fixed.rstrip("0").rstrip(".")
    return fixed
