"""The dossier samples are served byte for byte at their URLs."""

from __future__ import annotations

from pathlib import Path

import pytest

from replica import dossier
from tests.replica.client import get

FIXTURES = Path(__file__).parent.parent / "fixtures" / "portal"

ALWAYS = {
    "/Lists/TinTucSuKien/DispForm.aspx?ID=2417": "article-A-seed.html",
    "/Lists/TinTucSuKien/DispForm.aspx?ID=1246": "article-B-2016.html",
    "/Pages/khai-mac-hoi-cho-xuc-tien-thuong-mai-2019.aspx": "article-C-page.html",
    "/Lists/TinTucSuKien/DispForm.aspx?ID=2418": "not-found.html",
    "/_layouts/15/Authenticate.aspx?Source=%2FLists%2FThongBao%2FDispForm%2Easpx%3FID%3D610": "restricted-login.html",
    "/_api/web/lists/getbytitle('Tin%20t%E1%BB%A9c%20s%E1%BB%B1%20ki%E1%BB%87n')/items(2417)": "rest-item-2417.json",
}


@pytest.mark.parametrize("path,name", sorted(ALWAYS.items()))
def test_article_samples_are_byte_identical(replica, path, name):
    response = get(replica.base_url, path)
    assert response.status == 200
    assert response.read() == (FIXTURES / name).read_bytes()


def test_source_parameter_and_case_give_the_same_item(replica):
    plain = get(replica.base_url, "/Lists/TinTucSuKien/DispForm.aspx?ID=2417").read()
    with_source = get(
        replica.base_url,
        "/lists/tintucsukien/dispform.aspx?id=2417&Source=%2FPages%2Fdefault%2Easpx",
    ).read()
    assert with_source == plain


@pytest.mark.parametrize("path,name", sorted(dossier.DOSSIER_MODE_ROUTES.items()))
def test_dossier_mode_serves_the_listing_samples(dossier_replica, path, name):
    from urllib.parse import quote

    response = get(dossier_replica.base_url, quote(path, safe="/?&=%$'()"))
    assert response.status == 200
    assert response.read() == (FIXTURES / name).read_bytes()


def test_restricted_item_redirects_to_login_with_encoded_dot(replica):
    response = get(replica.base_url, "/Lists/ThongBao/DispForm.aspx?ID=610")
    assert response.status == 302
    assert response.getheader("Location").endswith(
        "/_layouts/15/Authenticate.aspx?Source=%2FLists%2FThongBao%2FDispForm%2Easpx%3FID%3D610"
    )


def test_rest_off_answers_401_ntlm(dossier_replica):
    from replica.server import ReplicaServer

    with ReplicaServer(articles=20, rest=False) as server:
        response = get(server.base_url, "/_api/web/lists/getbytitle('Kinh%20t%E1%BA%BF')/items")
        assert response.status == 401
        assert response.getheader("WWW-Authenticate") == "NTLM"
        assert response.read() == (FIXTURES / "rest-401.json").read_bytes()
