"""Crawling a 300-article replica through REST gives the same articles as its HTML truth.

Every list is walked as the crawler walks it (`rest_items_url`, which asks for
`$expand=AttachmentFiles`, then `__next`), over HTTP, and each REST-derived `Article` is compared
with `Site.truth(base)` (what extracting the item's HTML page must give). Equal: url, list_name,
item_id, title, published_at and its precision, author, category, summary, view_count, body_text,
images (url and caption), and the attachments of layout-B items.

Fields that legitimately differ:
- `layout` is "rest", not the page's "A" or "B";
- `body_html`: the markup is not fixed (dossier §9); REST's NoiDung and the page's body are the
  same content, so their visible text, image sources and link targets must be equal;
- `attachments` of layout-A items: the page hides the Attachments field, so the HTML truth is `[]`
  (§9), while REST lists the item's files. They are compared with the replica's own record of
  the item's documents instead (pictures uploaded as attachments stay images, never attachments).
Publishing pages (`/Pages/`) are not list items, so REST never sees them.
"""

from __future__ import annotations

from collections import Counter

import pytest

from replica.server import ReplicaServer
from scraper.items import Article, Attachment
from scraper.pages.rest import parse_rest_items
from scraper.portal import REST_ACCEPT, rest_items_url
from tests.pages.portal_samples import html_parts
from tests.replica.client import get

SAME = (
    "url",
    "list_name",
    "item_id",
    "title",
    "published_at",
    "published_precision",
    "author",
    "category",
    "summary",
    "view_count",
    "body_text",
    "images",
)


@pytest.fixture(scope="module")
def crawl():
    """(replica, its HTML truth, the REST-derived articles in the order they came)."""
    with ReplicaServer(articles=300, seed=0) as replica:
        base, articles = replica.base_url, []
        for listed in replica.site.profile.served:  # REST asks a list by its display name
            url = rest_items_url(base, listed.display)
            while url:
                response = get(base, url.removeprefix(base), {"Accept": REST_ACCEPT})
                assert response.status == 200, url
                page = parse_rest_items(response.read(), url)
                articles += page.articles
                url = page.next_url
        yield replica, replica.site.truth(base), articles


def test_every_list_item_of_the_truth_comes_once(crawl):
    _, truth, articles = crawl
    keys = Counter(a.key for a in articles)
    assert max(keys.values()) == 1
    assert set(keys) == {key for key, a in truth.items() if a.list_name != "Pages"}
    assert len(keys) > 250


@pytest.mark.parametrize("name", SAME)
def test_field_equals_the_html_truth(crawl, name):
    _, truth, articles = crawl
    wrong = [a.key for a in articles if getattr(a, name) != getattr(truth[a.key], name)]
    assert wrong == []


def test_body_html_has_the_truths_text_images_and_links(crawl):
    _, truth, articles = crawl
    wrong = [
        a.key for a in articles if html_parts(a.body_html) != html_parts(truth[a.key].body_html)
    ]
    assert wrong == []
    assert {a.layout for a in articles} == {"rest"}


def _documents(replica: ReplicaServer, article: Article) -> list[Attachment]:
    item = replica.site.by_key[article.key]
    if item.sample:
        return []  # the seed's only file is its picture
    return [Attachment(replica.base_url + f.path, f.name) for f in item.body.attachments]


def test_attachments_of_layout_b_equal_the_truth(crawl):
    replica, truth, articles = crawl
    old = [a for a in articles if truth[a.key].layout == "B"]
    assert [a.attachments for a in old] == [truth[a.key].attachments for a in old]
    assert sum(bool(a.attachments) for a in old) >= 10  # 1246 and the generated ones


def test_attachments_of_layout_a_are_the_files_the_page_hides(crawl):
    replica, truth, articles = crawl
    new = [a for a in articles if truth[a.key].layout == "A"]
    assert all(truth[a.key].attachments == [] for a in new)
    assert [a.attachments for a in new] == [_documents(replica, a) for a in new]
    assert sum(bool(a.attachments) for a in new) >= 5


def test_pictures_in_the_attachments_folder_are_images_not_attachments(crawl):
    replica, _, articles = crawl
    in_folder = [
        a for a in articles if any(f"/Attachments/{a.item_id}/" in i.url for i in a.images)
    ]
    assert len(in_folder) >= 10
    for article in in_folder:
        urls = {i.url for i in article.images}
        assert not urls & {x.url for x in article.attachments}
