"""The replica's content: deterministic records of every item, and the truth behind them.

`generate_site(n, seed, epoch)` builds records only (no HTML); bodies are drawn lazily from
each item's own seed, so 100,000 records take a few seconds. Rendering happens per request in
`replica.render`. An item's visible version at the site's epoch (title, body, view count,
state) comes from `Site.version(item)`; `Site.truth(base_url)` gives what extraction of each
"ok" page must return.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import cached_property
from typing import Literal

from replica import dossier, media
from replica.profiles import CITY, SiteProfile
from scraper.items import Article, Attachment, Image

LOCAL = timezone(timedelta(hours=7))
State = Literal["ok", "deleted", "restricted"]
# how an image's src is written in the HTML (dossier §2, §9)
SrcForm = Literal["path", "relative", "absolute", "spaces", "encoded", "vi", "vi-encoded"]

EPOCH_ZERO = datetime(2025, 7, 1, 8, 0, tzinfo=LOCAL)


def epoch_time(epoch: int) -> datetime:
    """When epoch `epoch` happens: three days after the previous one."""
    return EPOCH_ZERO + timedelta(days=3 * epoch)


@dataclass
class Picture:
    path: str  # server path, percent-encoded UTF-8 (NFC): the truth URL's path
    src: str  # the src attribute as written, absolute forms carry "{origin}"
    caption: str | None = None
    caption_form: Literal["p", "table"] | None = None


@dataclass
class FileRef:
    name: str
    path: str


@dataclass
class Body:
    blocks: list[tuple[str, object]]  # ("p", text) or ("img", Picture)
    hinh_anh: Picture | None = None
    attachments: list[FileRef] = field(default_factory=list)


@dataclass
class Version:
    """An item as visible at one epoch."""

    title: str
    body: Body
    view_count: int | None
    state: State
    modified: datetime


@dataclass
class Item:
    list_name: str  # a list URL name, or "Pages"
    item_id: int | None
    slug: str | None
    published: datetime
    seed: int
    layout: Literal["A", "B", "C"]
    title: str
    author: str | None
    summary: str | None
    views: int | None
    growth: int
    state: State = "ok"
    created_epoch: int = 0
    edited_epoch: int | None = None
    deleted_epoch: int | None = None
    nfd: bool = False
    word_junk: bool = False
    script_junk: bool = False
    sample: str | None = None  # dossier sample served verbatim instead of a rendering
    category: str | None = None  # the list's display name (None for a publishing page)

    @property
    def key(self) -> str:
        if self.list_name == "Pages":
            return f"page:{self.slug}"
        return f"{self.list_name}:{self.item_id}"

    @property
    def path(self) -> str:
        if self.list_name == "Pages":
            return f"/Pages/{self.slug}.aspx"
        return f"/Lists/{self.list_name}/DispForm.aspx?ID={self.item_id}"

    @cached_property
    def body(self) -> Body:
        from replica.generate import draw_body

        return draw_body(self)


@dataclass
class Site:
    articles: list[Item]
    seed: int = 0
    epoch: int = 0
    size: int = 0
    profile: SiteProfile = CITY

    @cached_property
    def by_key(self) -> dict[str, Item]:
        return {item.key: item for item in self.articles}

    @cached_property
    def lists(self) -> dict[str, list[Item]]:
        """Each list's items, newest first by (published, ID), as the list view sorts them."""
        out: dict[str, list[Item]] = {lst.name: [] for lst in self.profile.lists}
        for item in self.articles:
            if item.list_name in out:
                out[item.list_name].append(item)
        for rows in out.values():
            rows.sort(key=lambda i: (i.published, i.item_id), reverse=True)
        return out

    @cached_property
    def pages(self) -> list[Item]:
        return sorted(
            (i for i in self.articles if i.list_name == "Pages"),
            key=lambda i: i.published,
            reverse=True,
        )

    @cached_property
    def positions(self) -> dict[str, int]:
        return {i.key: n for rows in self.lists.values() for n, i in enumerate(rows)}

    def neighbours(self, item: Item, count: int) -> list[Item]:
        """The next older items of the same list, for the "Tin khác" box."""
        rows = self.lists.get(item.list_name, [])
        n = self.positions.get(item.key, 0)
        return rows[n + 1 : n + 1 + count]

    def state(self, item: Item) -> State:
        if item.deleted_epoch is not None and item.deleted_epoch <= self.epoch:
            return "deleted"
        return item.state

    def version(self, item: Item) -> Version:
        edited = item.edited_epoch is not None and item.edited_epoch <= self.epoch
        title, body = item.title, item.body
        if edited:
            title = item.title + " (cập nhật)"
            extra = f"Thông tin được cập nhật ngày {epoch_time(item.edited_epoch):%d/%m/%Y}."
            body = Body([*body.blocks, ("p", extra)], body.hinh_anh, body.attachments)
        views = None if item.views is None else item.views + item.growth * self.epoch
        modified = item.published + timedelta(hours=2, minutes=item.seed % 50)
        if edited:
            modified = epoch_time(item.edited_epoch)
        return Version(title, body, views, self.state(item), modified)

    @cached_property
    def files(self) -> dict[str, bytes]:
        """Every image and attachment: percent-encoded path -> bytes."""
        out: dict[str, bytes] = {}
        for item in self.articles:
            for path, data in _item_files(item):
                out[path] = data
        return out

    def truth(self, base_url: str) -> dict[str, Article]:
        """For every item "ok" at this epoch, the Article extraction of its page must give."""
        origin = base_url.rstrip("/")
        out: dict[str, Article] = {}
        for item in self.articles:
            if self.state(item) != "ok":
                continue
            if item.sample:
                article = Article.from_json(dossier.expected_for(item.key, origin))
            else:
                article = _truth(item, self.version(item), origin)
            out[article.key] = article
        return out


def _item_files(item: Item) -> list[tuple[str, bytes]]:
    if item.sample:
        expected = dossier.expected(item.key)
        out = []
        for image in expected["images"]:
            path = image["url"].removeprefix(dossier.REAL_ORIGIN)
            out.append((path, media.file_bytes(path)))
        for attachment in expected["attachments"]:
            path = attachment["url"].removeprefix(dossier.REAL_ORIGIN)
            out.append((path, media.file_bytes(path, attachment["name"])))
        return out
    body = item.body
    pictures = [p for kind, p in body.blocks if kind == "img"]
    if body.hinh_anh:
        pictures.append(body.hinh_anh)
    out = [(p.path, media.file_bytes(p.path)) for p in pictures]
    out += [(a.path, media.file_bytes(a.path, a.name)) for a in body.attachments]
    return out


def _truth(item: Item, version: Version, origin: str) -> Article:
    body = version.body
    texts, html, images = [], [], []
    for kind, value in body.blocks:
        if kind == "p":
            texts.append(value)
            html.append(f"<p>{_escape(value)}</p>")
        else:
            url = origin + value.path
            html.append(f'<p><img src="{url}" alt="" /></p>')
            if value.caption:
                html.append(f"<p><em>{_escape(value.caption)}</em></p>")
            if url not in [i.url for i in images]:
                images.append(Image(url, value.caption))
    if body.hinh_anh and origin + body.hinh_anh.path not in [i.url for i in images]:
        images.append(Image(origin + body.hinh_anh.path, None))
    attachments = []
    if item.layout == "B":
        attachments = [Attachment(origin + a.path, a.name) for a in body.attachments]
    return Article(
        status="ok",
        url=origin + item.path,
        list_name=item.list_name,
        item_id=item.item_id,
        title=version.title,
        published_at=item.published.isoformat(),
        published_precision="minute",
        author=item.author,
        category=item.category,
        summary=item.summary if item.layout != "C" else None,
        body_text="\n\n".join(texts),
        body_html="\n".join(html),
        images=images,
        attachments=attachments,
        view_count=version.view_count,
        layout=item.layout,
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def generate_site(
    articles: int, seed: int = 0, epoch: int = 0, profile: SiteProfile = CITY
) -> Site:
    """The portal `profile` (the city's by default) with `articles` generated items (plus the
    dossier's, on the city portal), as it is at `epoch`."""
    from replica.generate import build_site

    return build_site(articles, seed, epoch, profile)
