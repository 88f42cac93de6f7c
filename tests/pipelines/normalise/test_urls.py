from __future__ import annotations

import pytest

from pipelines.normalise.urls import (
    absolute_url,
    article_key,
    canonical_article_url,
    canonical_list_name,
    list_view_name,
    restricted_item_url,
)

BASE = "https://tpbentre.bentre.gov.vn"


@pytest.mark.parametrize(
    ("url", "canonical", "key"),
    [
        (
            "/Lists/KinhTe/DispForm.aspx?ID=884",
            f"{BASE}/Lists/KinhTe/DispForm.aspx?ID=884",
            "KinhTe:884",
        ),
        (  # the list's case as written: the crawl writes it as the site's lists do
            "/lists/kinhte/dispform.aspx?id=884",
            f"{BASE}/Lists/kinhte/DispForm.aspx?ID=884",
            "kinhte:884",
        ),
        (
            "/Lists/TinTucSuKien/DispForm.aspx?ID=2417&Source=http%3A%2F%2Ftpbentre.bentre.gov.vn%2FPages%2Fdefault.aspx",
            f"{BASE}/Lists/TinTucSuKien/DispForm.aspx?ID=2417",
            "TinTucSuKien:2417",
        ),
        (
            "http://tpbentre.bentre.gov.vn:80/Lists/ThongBao/DispForm.aspx?Source=x&ID=610",
            "http://tpbentre.bentre.gov.vn/Lists/ThongBao/DispForm.aspx?ID=610",
            "ThongBao:610",
        ),
        ("/Lists/MoiLap/DispForm.aspx?ID=5", f"{BASE}/Lists/MoiLap/DispForm.aspx?ID=5", "MoiLap:5"),
        (
            "http://tpbentre.bentre.gov.vn:80/Pages/Khai-Mac.aspx",
            "http://tpbentre.bentre.gov.vn/Pages/Khai-Mac.aspx",
            "page:khai-mac",
        ),
        ("/pages/khai-mac.ASPX", f"{BASE}/Pages/khai-mac.aspx", "page:khai-mac"),
        ("/Pages/default.aspx", None, None),
        ("/Lists/KinhTe/AllItems.aspx", None, None),
        ("/Lists/KinhTe/DispForm.aspx?ID=abc", None, None),
        ("", None, None),
    ],
)
def test_canonical_url_and_key(url: str, canonical: str | None, key: str | None) -> None:
    assert canonical_article_url(url) == canonical
    assert article_key(url) == key


def test_list_names() -> None:
    # No table of lists in the code (issue 10): names are kept as written, unescaped.
    assert canonical_list_name("vanhoaxahoi") == "vanhoaxahoi"
    assert canonical_list_name("MoiLap") == "MoiLap"
    assert canonical_list_name("Tin%20Moi") == "Tin Moi"
    assert list_view_name("/lists/thongbao/") == "thongbao"
    assert list_view_name("/Lists/KinhTe/AllItems.aspx?Paged=TRUE") == "KinhTe"
    assert list_view_name("/Lists/KinhTe/DispForm.aspx?ID=1") is None


@pytest.mark.parametrize(
    ("href", "base", "url"),
    [
        (
            "Attachments/2417/x.jpg",
            f"{BASE}/Lists/TinTucSuKien/DispForm.aspx?ID=2417",
            f"{BASE}/Lists/TinTucSuKien/Attachments/2417/x.jpg",
        ),
        ("/SiteAssets/Images/a b.jpg", BASE, f"{BASE}/SiteAssets/Images/a%20b.jpg"),
        (
            "/Lists/A/Attachments/1/K%E1%BA%BF%20ho.pdf",
            BASE,
            f"{BASE}/Lists/A/Attachments/1/K%E1%BA%BF%20ho.pdf",
        ),
        (
            "/PublishingImages/Kế hoạch.pdf",
            BASE,
            f"{BASE}/PublishingImages/K%E1%BA%BF%20ho%E1%BA%A1ch.pdf",
        ),
        ("/x/50% off.jpg", BASE, f"{BASE}/x/50%25%20off.jpg"),
        ("http://tpbentre.bentre.gov.vn/a.jpg", BASE, "http://tpbentre.bentre.gov.vn/a.jpg"),
        ("  /a.jpg\n", BASE, f"{BASE}/a.jpg"),
        ("javascript:void(0);", BASE, None),
        ("data:image/png;base64,AAAA", BASE, None),
        ("", BASE, None),
    ],
)
def test_absolute_url(href: str, base: str, url: str | None) -> None:
    assert absolute_url(href, base) == url


def test_restricted_item_url() -> None:
    login = "http://tpbentre.bentre.gov.vn/_layouts/15/Authenticate.aspx?Source=%2FLists%2FThongBao%2FDispForm%2Easpx%3FID%3D610"
    assert (
        restricted_item_url(login)
        == "http://tpbentre.bentre.gov.vn/Lists/ThongBao/DispForm.aspx?ID=610"
    )
    assert restricted_item_url(f"{BASE}/Pages/default.aspx") is None


def test_item_file_ref_names_the_item_and_its_site() -> None:
    from pipelines.normalise.urls import ArticleRef, item_file_ref

    assert item_file_ref("/mocay/Lists/TinMoCay/12_.000") == ArticleRef(
        "TinMoCay", 12, web="/mocay"
    )
    assert item_file_ref("/Lists/Tin Ba Tri/2023/9_.000") == ArticleRef("Tin Ba Tri", 9)
    assert item_file_ref("/Lists/TinMoCay/Attachments/12/a.pdf") is None
    assert item_file_ref("/Pages/gioi-thieu.aspx") is None
