"""Seeded, reproducible, transient faults (issue 3 §3).

SPEC syntax: comma-separated `kind=rate` pairs, rates in [0, 1] summing to at most 1, plus the
optional settings `seed=N` (default 0), `delay=SECONDS` (how long "slow" waits, default 2) and
`attempts=N` (how many first attempts of a URL may fail, default 2). Kinds:

    500       status 500 with SharePoint's error page
    503       status 503 with `Retry-After: 1`
    slow      the normal response after `delay` seconds
    reset     the connection is aborted half-way through the body
    truncate  Content-Length announces the whole body, a part is sent, the connection closes
    loop      302 into a two-URL redirect loop that never ends
    offsite   302 to a host outside the portal (`offsite.invalid`, which never resolves)
    huge      a 50 MB body
    malformed the page with stray closing tags, unclosed inline tags and no `</html>`

Example: `500=0.1,503=0.05,slow=0.05,reset=0.05,truncate=0.05,loop=0.01,offsite=0.01,huge=0.001,malformed=0.02`.

Whether attempt n of a URL fails, and how, is a hash of (seed, URL, n). From attempt
`attempts` on a URL never fails, so a crawler that retries gets every page.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

KINDS = ("500", "503", "slow", "reset", "truncate", "loop", "offsite", "huge", "malformed")
SETTINGS = ("seed", "delay", "attempts")


@dataclass
class FaultSpec:
    rates: dict[str, float] = field(default_factory=dict)
    seed: int = 0
    delay: float = 2.0
    attempts: int = 2

    @classmethod
    def parse(cls, spec: str) -> FaultSpec:
        """Parse `kind=rate,...`; raise ValueError naming the bad part."""
        out = cls()
        for part in filter(None, (p.strip() for p in spec.split(","))):
            name, sep, value = part.partition("=")
            name = name.strip().lower()
            if not sep:
                raise ValueError(f"fault {part!r} needs a value: kind=rate")
            try:
                number = float(value)
            except ValueError:
                raise ValueError(f"fault {part!r}: {value!r} is not a number") from None
            if name == "seed":
                out.seed = int(number)
            elif name == "delay":
                out.delay = number
            elif name == "attempts":
                out.attempts = int(number)
            elif name in KINDS:
                if not 0 <= number <= 1:
                    raise ValueError(f"fault {part!r}: rate must be between 0 and 1")
                out.rates[name] = number
            else:
                raise ValueError(f"unknown fault {name!r}; kinds: {', '.join(KINDS + SETTINGS)}")
        if sum(out.rates.values()) > 1 + 1e-9:
            raise ValueError("fault rates add up to more than 1")
        return out

    def pick(self, url: str, attempt: int) -> str | None:
        """The fault for attempt `attempt` (0-based) of `url`, or None."""
        if attempt >= self.attempts or not self.rates:
            return None
        digest = hashlib.blake2b(f"{self.seed}|{url}|{attempt}".encode(), digest_size=8).digest()
        roll = int.from_bytes(digest, "big") / 2**64
        total = 0.0
        for kind in KINDS:
            total += self.rates.get(kind, 0.0)
            if roll < total:
                return kind
        return None


def malform(body: bytes) -> bytes:
    """Break the markup without touching the content: a lenient parser recovers the same text."""
    body = body.replace(b"<body>", b"<body>\n</div></td></tr></table><b><i>\n", 1)
    return body.replace(b"</html>", b"")
