"""The spider's own memory, shared by every worker of a run.

The portal spider remembers, across callbacks, which articles it has scheduled (one fetch per
article, whatever URL names it), how many known rows in a row each list has shown (the
incremental early stop), and which items REST listed. In a distributed run the next list page
or the next REST page may be parsed by another worker, so these live in Redis. The spider's
code is unchanged: these classes answer the same operations as the set and dicts they replace.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator, MutableMapping

import redis

from scraper.distributed.keys import RunKeys


class SharedSet:
    """A Redis set that behaves like the spider's `set[str]`."""

    def __init__(self, server: redis.Redis, key: str, on_add: str | None = None):
        self.server, self.key, self.on_add = server, key, on_add

    def __contains__(self, value: object) -> bool:
        return bool(self.server.sismember(self.key, str(value)))

    def add(self, value: str) -> None:
        self.server.sadd(self.key, value)
        if self.on_add:
            self.server.set(self.on_add, 1)

    def __len__(self) -> int:
        return int(self.server.scard(self.key))

    def __iter__(self) -> Iterator[str]:
        return (member.decode() for member in self.server.smembers(self.key))


class SharedCounters(MutableMapping):
    """A Redis hash of ints that behaves like `defaultdict(int)`."""

    def __init__(self, server: redis.Redis, key: str):
        self.server, self.key = server, key

    def __getitem__(self, name: str) -> int:
        return int(self.server.hget(self.key, name) or 0)

    def __setitem__(self, name: str, value: int) -> None:
        self.server.hset(self.key, name, value)

    def __delitem__(self, name: str) -> None:
        self.server.hdel(self.key, name)

    def __iter__(self) -> Iterator[str]:
        return (name.decode() for name in self.server.hkeys(self.key))

    def __len__(self) -> int:
        return int(self.server.hlen(self.key))


class SharedSets(MutableMapping):
    """A Redis set per name that behaves like `defaultdict(set)`; true once anything is added."""

    def __init__(self, server: redis.Redis, prefix: str):
        self.server, self.prefix = server, prefix
        self.marker = f"{prefix}:any"

    def __getitem__(self, name: str) -> SharedSet:
        return SharedSet(self.server, f"{self.prefix}:{name}", on_add=self.marker)

    def __setitem__(self, name: str, values) -> None:
        for value in values:
            self[name].add(value)

    def __delitem__(self, name: str) -> None:
        self.server.delete(f"{self.prefix}:{name}")

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 1 if self.server.exists(self.marker) else 0


# The portal spider's memory (of each site): attribute -> what it is. `feeds`: the RSS feeds
# scheduled, by list GUID.
SHARED_ATTRIBUTES = {
    "scheduled": "set",
    "consecutive_known": "counters",
    "rest_seen": "sets",
    "feeds": "set",
    "lists": "records",  # the site's lists, discovered or declared (SiteList by name)
}


class _WriteBackList(list):
    """A list attribute of a shared record: appending to it writes the record back."""

    def __init__(self, values, save):
        super().__init__(values)
        self._save = save

    def append(self, value) -> None:
        super().append(value)
        self._save(list(self))


class SharedRecord:
    """One object of a `SharedRecords` map: reading an attribute reads it, setting one (or
    appending to a list attribute) writes the whole object back to Redis."""

    def __init__(self, server: redis.Redis, key: str, field: str, value):
        object.__setattr__(self, "_where", (server, key, field))
        object.__setattr__(self, "_value", value)

    def _save(self) -> None:
        server, key, field = self._where
        server.hset(key, field, pickle.dumps(self._value, protocol=pickle.HIGHEST_PROTOCOL))

    def __getattr__(self, name: str):
        value = getattr(self._value, name)
        if isinstance(value, list):

            def save(values, name=name):
                setattr(self._value, name, values)
                self._save()

            return _WriteBackList(value, save)
        return value

    def __setattr__(self, name: str, value) -> None:
        setattr(self._value, name, value)
        self._save()


def merged(stored, local):
    """`stored` (what Redis has), completed by `local` (an object this worker set and then
    changed): a field stored as None or an empty list takes the local value, and a list
    gains the local values it lacks; anything else stored (a status another worker set) wins."""
    for name, value in vars(local).items():
        have = getattr(stored, name, None)
        if have is None or have == []:
            setattr(stored, name, value)
        elif isinstance(have, list) and isinstance(value, list):
            setattr(stored, name, have + [v for v in value if v not in have])
    return stored


class SharedRecords(MutableMapping):
    """A Redis hash of pickled objects that behaves like `dict[str, object]`; the objects it
    gives are `SharedRecord`s, so that changing one changes it for every worker.

    An object set here (`known = lists[key] = SiteList(...)`, then `known.guid = ...`) is the
    caller's own: what the caller changes on it afterwards is merged into Redis at this map's
    next use (`merged`)."""

    def __init__(self, server: redis.Redis, key: str):
        self.server, self.key = server, key
        self.set_here: dict[str, tuple[object, bytes]] = {}

    def _flush(self) -> None:
        for name, (value, written) in list(self.set_here.items()):
            if pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL) == written:
                continue
            data = self.server.hget(self.key, name)
            current = merged(pickle.loads(data), value) if data is not None else value
            encoded = pickle.dumps(current, protocol=pickle.HIGHEST_PROTOCOL)
            self.server.hset(self.key, name, encoded)
            self.set_here[name] = (value, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def __getitem__(self, name: str) -> SharedRecord:
        self._flush()
        data = self.server.hget(self.key, name)
        if data is None:
            raise KeyError(name)
        return SharedRecord(self.server, self.key, name, pickle.loads(data))

    def __setitem__(self, name: str, value) -> None:
        if isinstance(value, SharedRecord):
            value = value._value
        else:
            self.set_here[name] = (value, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        self.server.hset(self.key, name, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def adopt(self, name: str, value) -> None:
        """Add `value` unless another worker already did (what every spider knows at start)."""
        self.server.hsetnx(self.key, name, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def __delitem__(self, name: str) -> None:
        self.server.hdel(self.key, name)

    def __iter__(self) -> Iterator[str]:
        self._flush()
        # A Redis hash keeps no order: sorted, every worker lists them alike (a single-process
        # run lists them in the order found).
        return iter(sorted(name.decode() for name in self.server.hkeys(self.key)))

    def __len__(self) -> int:
        return int(self.server.hlen(self.key))


class SharedSpiderState:
    """Mixin for a spider run by a worker: its memory in Redis, and no `start()` of its own
    (the store seeds the frontier once for the whole run)."""

    def __init__(self, *args, redis_url: str, prefix: str = RunKeys.prefix, **kwargs):
        super().__init__(*args, **kwargs)
        self.share_state(redis.Redis.from_url(redis_url), RunKeys(prefix))

    def share_state(self, server: redis.Redis, keys: RunKeys) -> None:
        share_spider_state(self, server, keys)

    async def start(self):
        return
        yield  # an async generator that yields nothing


def share_spider_state(spider, server: redis.Redis, keys: RunKeys) -> None:
    """Replace the spider's memory by Redis's: the attributes of `SHARED_ATTRIBUTES` it has,
    or, for a spider of several sites (a `sites` dict of per-site crawls), each site's."""
    crawls = getattr(spider, "sites", None)
    if isinstance(crawls, dict):
        for name, crawl in crawls.items():
            _share(crawl, server, keys, f"{name}:")
    else:
        _share(spider, server, keys, "")


def _share(holder, server: redis.Redis, keys: RunKeys, scope: str) -> None:
    for name, kind in SHARED_ATTRIBUTES.items():
        current = getattr(holder, name, None)
        # Only what is the spider's memory: the one-site spider's `lists` are list names to walk.
        if not isinstance(current, set if kind == "set" else dict):
            continue
        key = keys.state(scope + name)
        if kind == "set":
            setattr(holder, name, SharedSet(server, key))
        elif kind == "counters":
            setattr(holder, name, SharedCounters(server, key))
        elif kind == "records":
            shared = SharedRecords(server, key)
            for field, value in current.items():
                shared.adopt(field, value)
            setattr(holder, name, shared)
        else:
            setattr(holder, name, SharedSets(server, key))


def shared_spider_class(spider_class: type) -> type:
    """`spider_class` with its memory in Redis (same name, same callbacks)."""
    return type(spider_class.__name__, (SharedSpiderState, spider_class), {})
