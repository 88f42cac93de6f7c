"""Property tests: extraction never raises, and body_html is always safe."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scraper.pages import extract_article
from scraper.pages.cdx import parse_cdx_page
from scraper.pages.home import parse_home
from scraper.pages.list_view import parse_list_view
from scraper.pages.rest import parse_rest_items
from scraper.pages.rss import parse_listfeed
from tests.pages.portal_samples import BASE, SAMPLES, sample, unsafe_markup

A_URL = SAMPLES["article-A-seed.html"]
SEED = sample("article-A-seed.html").decode("utf-8")
BODY_START = SEED.index('<div class="ExternalClass')
BODY_END = SEED.index('<div class="tt-luotxem">')

HOSTILE = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href=" JaVaScRiPt:alert(1)">x</a>',
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        '<p onclick="x()" onmouseover="y()">t</p>',
        "<style>p{}</style>",
        '<svg onload="alert(1)"><script>1</script></svg>',
        '<iframe src="javascript:alert(1)"></iframe>',
        "<scr<script>ipt>alert(1)</script>",
        '<img src="javascript:alert(1)">',
        '<div style="background:url(javascript:alert(1))">s</div>',
        "<!--[if gte mso 9]><xml><w:x/></xml><![endif]-->",
        "<o:p>&nbsp;</o:p>",
        '<table class="image-caption"><tr><td><img src="a b.jpg"></td></tr><tr><td><em>c</em></td></tr></table>',
        "</div></div></table>",
        "<p>\u200b\u00a0Ti\u0301e\u0302\u0301ng Vie\u0323\u0302t</p>",
    ]
)
FRAGMENTS = st.lists(st.one_of(HOSTILE, st.text(max_size=40)), max_size=8).map("".join)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FRAGMENTS)
def test_hostile_body_is_sanitised(fragment: str) -> None:
    page = SEED[:BODY_START] + "<div>" + fragment + "</div>" + SEED[BODY_END:]
    article = extract_article(page.encode("utf-8"), A_URL)
    assert article.status == "ok"
    assert not unsafe_markup(article.body_html)
    assert not re.search(r"\son\w+\s*=", article.body_html or "", re.IGNORECASE)
    for image in article.images:
        assert image.url.startswith(("http://", "https://"))


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(sorted(SAMPLES)))
def test_random_bytes_never_raise(noise: bytes, name: str) -> None:
    assert extract_article(noise, SAMPLES[name]).status in (
        "ok",
        "not_article",
        "not_found",
        "restricted",
    )
    parse_list_view(noise, BASE)
    parse_home(noise, BASE)
    parse_listfeed(noise, BASE)
    parse_cdx_page(noise)
    parse_rest_items(noise, BASE)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(sorted(SAMPLES)),
    st.integers(min_value=0),
    st.integers(min_value=0, max_value=4000),
    st.binary(max_size=200),
)
def test_mutated_samples_never_raise(name: str, at: int, cut: int, insert: bytes) -> None:
    body = sample(name)
    at %= len(body) + 1
    mutated = body[:at] + insert + body[at + cut :]
    article = extract_article(mutated, SAMPLES[name])
    assert not unsafe_markup(article.body_html)


@settings(max_examples=40, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "d",
                        "results",
                        "__metadata",
                        "type",
                        "Id",
                        "Title",
                        "NoiDung",
                        "HinhAnh",
                        "error",
                        "code",
                        "__next",
                    ]
                ),
                inner,
                max_size=5,
            )
        ),
        max_leaves=20,
    )
)
def test_random_json_never_raises(value: object) -> None:
    import json

    body = json.dumps(value).encode()
    extract_article(body, SAMPLES["rest-item-2417.json"])
    parse_rest_items(body, BASE)
    parse_cdx_page(body)
