"""Drawing the replica's items from a seed: lists, IDs with gaps, dates, bodies, epochs."""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta
from urllib.parse import quote

from replica import dossier
from replica import text as words
from replica import vocabulary as v
from replica.content import (
    LOCAL,
    Body,
    FileRef,
    Item,
    Picture,
    Site,
    SrcForm,
    State,
    epoch_time,
)
from replica.profiles import CITY, SiteProfile

START = datetime(2014, 1, 2, tzinfo=LOCAL)
END = datetime(2025, 6, 28, tzinfo=LOCAL)
RESERVED_IDS = {"TinTucSuKien": {1246, 2417, 2418}, "ThongBao": {610}}


def _seed_of(*parts: object) -> int:
    digest = hashlib.blake2b(":".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def _picture(item: Item, rng: random.Random, n: int) -> Picture:
    """One body image, its URL in one of the dossier's forms."""
    year, month = item.published.year, item.published.month
    form: SrcForm = rng.choice(
        ("path", "path", "path", "relative", "absolute", "spaces", "encoded", "vi", "vi-encoded")
    )
    if item.list_name == "Pages" and form == "relative":
        form = "path"
    stem = f"{rng.choice(v.IMAGE_STEMS)}-{item.seed % 10000}-{n}"
    ext = rng.choice((".jpg", ".jpg", ".jpg", ".png"))
    if form == "relative":
        folder = f"/Lists/{item.list_name}/Attachments/{item.item_id}/"
    elif form == "absolute":
        folder = "/SiteAssets/Images/"
    else:
        folder = f"/PublishingImages/{year}/{month:02d}/"
    if form in ("spaces", "encoded"):
        name = stem.replace("-", " ", 2) + ext
    elif form in ("vi", "vi-encoded"):
        name = f"{rng.choice(v.IMAGE_NAMES_VI)} {n}{ext}"
    else:
        name = stem + ext
    path = folder + quote(name)
    src = {
        "relative": f"Attachments/{item.item_id}/{name}",
        "absolute": "{origin}" + path,
        "encoded": path,
        "vi-encoded": path,
    }.get(form, folder + name)
    caption, caption_form = None, None
    if rng.random() < 0.7:
        caption = words.fill(rng.choice(v.CAPTIONS), rng, year)
        caption_form = "table" if rng.random() < 0.3 else "p"
    return Picture(path, src, caption, caption_form)


def draw_body(item: Item) -> Body:
    rng = random.Random(item.seed)
    year = item.published.year
    paragraphs = [words.paragraph(rng, year) for _ in range(rng.randint(2, 7))]
    pictures = [_picture(item, rng, n) for n in range(rng.choice((0, 1, 1, 1, 2, 3)))]
    blocks: list[tuple[str, object]] = [("p", p) for p in paragraphs]
    for picture in pictures:
        blocks.insert(rng.randint(1, len(blocks)), ("img", picture))
    hinh_anh = None
    if item.layout == "B" and rng.random() < 0.5:
        hinh_anh = pictures[0] if pictures and rng.random() < 0.7 else _picture(item, rng, 9)
        if hinh_anh.src.startswith("Attachments/"):  # a field value is always server-relative
            hinh_anh = Picture(hinh_anh.path, hinh_anh.path)
    attachments = []
    if item.layout in ("A", "B") and rng.random() < (0.3 if item.layout == "B" else 0.1):
        for n in range(rng.randint(1, 2)):
            title = words.fill(rng.choice(v.ATTACHMENT_NAMES), rng, year)
            name = f"{title}{' ' + str(n + 1) if n else ''}{rng.choice(('.pdf', '.docx'))}"
            path = f"/Lists/{item.list_name}/Attachments/{item.item_id}/{quote(name)}"
            attachments.append(FileRef(name, path))
    return Body(blocks, hinh_anh, attachments)


def _new_item(
    list_name: str,
    item_id: int | None,
    published: datetime,
    seed: int,
    profile: SiteProfile = CITY,
) -> Item:
    rng = random.Random(seed)
    year = published.year
    layout = "C" if list_name == "Pages" else ("B" if year < 2018 else "A")
    lst = profile.list(list_name)
    title = words.fill(rng.choice(v.TOPICS[lst.topics if lst else list_name]), rng, year)
    slug = None
    if list_name == "Pages":
        slug = f"{words.slugify(title)}-{seed % 1000}"
    views = int(10 ** rng.uniform(1.2, 4.7)) if rng.random() < 0.85 else None
    summary = words.paragraph(rng, year) if rng.random() < 0.3 else None
    state: State = "ok"
    roll = rng.random()
    if list_name != "Pages":
        restricted_rate = 0.03 if list_name == "ThongBao" else 0.005
        if roll < 0.02:
            state = "deleted"
        elif roll < 0.02 + restricted_rate:
            state = "restricted"
    return Item(
        list_name=list_name,
        item_id=item_id,
        slug=slug,
        published=published,
        seed=seed,
        layout=layout,
        title=title,
        author=rng.choice(v.PEOPLE) if rng.random() < 0.85 else None,
        summary=summary,
        views=views,
        growth=rng.randint(1, 40) if views else 0,
        state=state,
        nfd=rng.random() < (0.15 if layout == "B" else 0.03),
        word_junk=layout == "B" and rng.random() < 0.7,
        script_junk=rng.random() < 0.05,
        category=lst.display if lst else None,
    )


def _random_time(rng: random.Random, start: datetime, end: datetime) -> datetime:
    day = start + timedelta(days=rng.randrange(max(1, (end - start).days)))
    return day.replace(hour=rng.randint(7, 17), minute=rng.randrange(0, 60, 5))


def _seed_items() -> list[Item]:
    """The dossier's own items: three served verbatim, one deleted, one restricted."""
    out = []
    for key, sample_name in dossier.ARTICLE_SAMPLES.items():
        data = dossier.expected(key)
        published = datetime.fromisoformat(data["published_at"])
        item = _new_item(data["list_name"], data["item_id"], published, _seed_of("dossier", key))
        item.title, item.author, item.views, item.growth = (
            data["title"],
            data["author"],
            data["view_count"],
            0,
        )
        item.layout, item.sample, item.state = data["layout"], sample_name, "ok"
        if key == dossier.SEED_C:
            item.slug = key.removeprefix("page:")
        out.append(item)
    for key, when, state in (
        (dossier.SEED_DELETED, datetime(2019, 12, 19, 9, 0, tzinfo=LOCAL), "deleted"),
        (dossier.SEED_RESTRICTED, datetime(2019, 12, 23, 14, 0, tzinfo=LOCAL), "restricted"),
    ):
        list_name, item_id = key.split(":")
        item = _new_item(list_name, int(item_id), when, _seed_of("dossier", key))
        item.state = state
        out.append(item)
    return out


def _advance(
    items: list[Item], k: int, articles: int, seed: int, allocate, profile: SiteProfile
) -> None:
    """Epoch k: new items on top, three edited, one or two deleted."""
    rng = random.Random(_seed_of(seed, "epoch", k))
    candidates = [
        i
        for i in items
        if i.state == "ok"
        and not i.sample
        and i.deleted_epoch is None
        and i.edited_epoch is None
        and i.list_name != "Pages"
    ]
    chosen = rng.sample(candidates, min(len(candidates), 5))
    for item in chosen[:3]:
        item.edited_epoch = k
    for item in chosen[3 : 3 + rng.randint(1, 2)]:
        item.deleted_epoch = k
    start = epoch_time(k - 1)
    names, weights = _choices(profile)
    for _ in range(max(2, articles // 200)):
        list_name = rng.choices(names, weights)[0]
        published = _random_time(rng, start, start + timedelta(days=3))
        item_id = allocate(list_name, rng)
        item = _new_item(list_name, item_id, published, _seed_of(seed, list_name, item_id), profile)
        item.state, item.created_epoch = "ok", k
        items.append(item)


def _choices(profile: SiteProfile) -> tuple[list[str], list[float]]:
    """The lists items are drawn into (those that answer), with their weights."""
    return [lst.name for lst in profile.served], [lst.weight for lst in profile.served]


def build_site(articles: int, seed: int = 0, epoch: int = 0, profile: SiteProfile = CITY) -> Site:
    """Every item of the site at `epoch`; see replica.content.generate_site."""
    items = _seed_items() if profile.dossier else []
    seed += profile.seed_offset
    rng = random.Random(_seed_of(seed, "base"))
    n_pages = 0 if articles <= 0 else min(12, max(2, articles // 150))
    names, weights = _choices(profile)
    next_id = dict.fromkeys(names, 0)
    reserved = RESERVED_IDS if profile.dossier else {}

    def allocate(list_name: str, rng: random.Random) -> int:
        step = 1 + (rng.randint(1, 3) if rng.random() < 0.12 else 0)
        candidate = next_id[list_name] + step
        while candidate in reserved.get(list_name, ()):
            candidate += 1
        next_id[list_name] = candidate
        return candidate

    drafts = []
    for _ in range(max(0, articles - n_pages)):
        list_name = rng.choices(names, weights)[0]
        drafts.append((_random_time(rng, START, END), list_name))
    drafts.sort()  # IDs grow with creation time, as in SharePoint
    for published, list_name in drafts:
        item_id = allocate(list_name, rng)
        item_seed = _seed_of(seed, list_name, item_id)
        items.append(_new_item(list_name, item_id, published, item_seed, profile))
    for n in range(n_pages):
        published = _random_time(rng, datetime(2018, 1, 2, tzinfo=LOCAL), END)
        items.append(_new_item("Pages", None, published, _seed_of(seed, "page", n), profile))

    for k in range(1, epoch + 1 if articles > 0 else 1):
        _advance(items, k, articles, seed, allocate, profile)
    return Site(items, seed=seed - profile.seed_offset, epoch=epoch, size=articles, profile=profile)
