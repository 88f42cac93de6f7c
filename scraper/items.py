"""Typed items: what extraction yields and what the pipelines store.

`Article` mirrors, field for field, the JSON that `bentre-archive extract` prints (dossier §9);
`to_json()` gives exactly that object. Crawl-time provenance (fetch time, source, capture) rides
along in `Fetch`, which the spider attaches and storage reads; extraction never fills it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Literal

Status = Literal["ok", "not_found", "restricted", "not_article"]
Layout = Literal["A", "B", "C", "rest", "generic"]
Precision = Literal["minute", "day", "month", "year"]

EXTRACT_FIELDS = (
    "url",
    "list_name",
    "item_id",
    "title",
    "published_at",
    "published_precision",
    "author",
    "category",
    "summary",
    "body_text",
    "body_html",
    "images",
    "attachments",
    "view_count",
    "layout",
    "status",
)


@dataclass
class Image:
    url: str
    caption: str | None = None


@dataclass
class Attachment:
    url: str
    name: str | None = None


@dataclass
class Article:
    """One article as extracted from one response; only `status` matters when it is not "ok"."""

    status: Status = "not_article"
    url: str | None = None
    list_name: str | None = None
    item_id: int | None = None
    title: str | None = None
    published_at: str | None = None  # ISO 8601 with +07:00
    published_precision: Precision | None = None
    author: str | None = None
    category: str | None = None
    summary: str | None = None
    body_text: str | None = None
    body_html: str | None = None
    images: list[Image] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    view_count: int | None = None
    layout: Layout | None = None

    @property
    def key(self) -> str | None:
        """The archive's primary key: "<list_name>:<item_id>" or "page:<slug>"."""
        if self.list_name and self.item_id is not None and self.list_name != "Pages":
            return f"{self.list_name}:{self.item_id}"
        if self.list_name == "Pages" and self.url:
            slug = self.url.rstrip("/").rsplit("/", 1)[-1]
            return "page:" + slug.removesuffix(".aspx").removesuffix(".ASPX").lower()
        return None

    def to_json(self) -> dict:
        """The `extract` command's object: every field for an article, only status otherwise."""
        if self.status != "ok":
            return {"status": self.status}
        data = asdict(self)
        return {name: data[name] for name in EXTRACT_FIELDS}

    @classmethod
    def from_json(cls, data: dict) -> Article:
        data = dict(data)
        data["images"] = [Image(**i) for i in data.get("images") or []]
        data["attachments"] = [Attachment(**a) for a in data.get("attachments") or []]
        return cls(**{k: v for k, v in data.items() if k in EXTRACT_FIELDS})


@dataclass
class ListingRow:
    """A link to an article found on a list view, the home page, RSS or "Tin khác"."""

    url: str
    title: str | None = None
    published_at: str | None = None
    list_name: str | None = None
    item_id: int | None = None
    modified_at: str | None = None  # RSS pubDate: the item's last change, when the source says


@dataclass
class ListViewPage:
    """A list view page: its rows, newest first, and the next page's URL if any."""

    list_name: str | None
    rows: list[ListingRow] = field(default_factory=list)
    next_url: str | None = None
    empty: bool = False
    display_name: str | None = None  # the list's own name for itself ("Tin tức sự kiện")
    guid: str | None = None  # "{XXXXXXXX-…}" upper-case


@dataclass
class ArticleCapture:
    """An extracted article with where and when it was fetched: what the pipelines receive.

    `files` is filled by the files pipeline: one dict per image or attachment with its
    `kind`, `url`, `local_path`, `sha256`, or `error`."""

    article: Article
    fetched_at: datetime
    source: str = "live"  # live | rest | wayback
    capture_timestamp: str | None = None
    capture_url: str | None = None
    files: list[dict] = field(default_factory=list)
    site: str = "tpbentre"  # the portal it belongs to (pipelines.storage.schema.DEFAULT_SITE)


@dataclass
class UnavailableItem:
    """An item the portal lists but will not show: restricted (login) or not found (deleted)."""

    url: str
    key: str | None
    status: Literal["restricted", "not_found"]
    fetched_at: datetime
    site: str = "tpbentre"
