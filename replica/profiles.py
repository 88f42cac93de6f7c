"""The portals the replica can serve, as data: each site's lists (URL name, display name, GUIDs),
where it lives (a host of its own or a path under a shared host), how its list views are
rendered, and which of its doors are shut (a missing list, a list asking for a login,
Site Contents and REST closed to anonymous users). Dossier §1 and §16.

The city portal (`tpbentre`) is the dossier's; the siblings are invented on the same template:
their lists are renamed, their item IDs start again at 1 (so they collide with the city's), and
one of them is a subsite under `/mocay`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from typing import Literal

ListStatus = Literal["ok", "missing", "login"]


@dataclass(frozen=True)
class ListProfile:
    """One list of a site. `topics` names the vocabulary.TOPICS its titles are drawn from."""

    name: str
    display: str
    guid: str  # upper-case, without braces, as SharePoint writes it in URLs
    view_guid: str  # the AllItems view
    topics: str = "TinTucSuKien"
    weight: float = 0.25  # share of the site's generated items
    status: ListStatus = "ok"  # missing: 404; login: 302 to the login page


@dataclass(frozen=True)
class SiteProfile:
    name: str  # [a-z0-9-]+, the `site` of the archive's rows
    title: str
    lists: tuple[ListProfile, ...]
    path: str = ""  # "" for a root site, "/mocay" for a subsite
    client_rendered: bool = False  # list views as WPQ2ListData JSON (SharePoint 2013's default)
    site_contents: bool = False  # /_layouts/15/viewlsts.aspx readable anonymously (else login)
    rest: bool = True  # /_api/ answers (else 401 with WWW-Authenticate: NTLM)
    seed_offset: int = 0  # keeps each site's generated content its own
    dossier: bool = False  # the dossier's own items and samples (the city portal only)

    def list(self, name: str) -> ListProfile | None:
        """The list named `name` in any case (IIS paths have no case)."""
        return next((lst for lst in self.lists if lst.name.lower() == name.lower()), None)

    @property
    def served(self) -> tuple[ListProfile, ...]:
        """The lists that answer and hold items."""
        return tuple(lst for lst in self.lists if lst.status == "ok")


CITY = SiteProfile(
    name="tpbentre",
    title="Cổng thông tin điện tử thành phố Bến Tre",
    lists=(
        ListProfile(
            "TinTucSuKien",
            "Tin tức sự kiện",
            "6B1C2F0A-3E47-4C1B-9A55-7D2E8F41B0C3",
            "1C5F8E2B-7A94-4D36-B0E1-93F2C6A8D417",
            "TinTucSuKien",
            0.4,
        ),
        ListProfile(
            "ThongBao",
            "Thông báo",
            "A94E7D12-5B30-4F8E-8C21-0E6D3B9F7A54",
            "52D0A7C3-1E8B-4F69-A2D5-6B3E9C0F1A84",
            "ThongBao",
            0.2,
        ),
        ListProfile(
            "KinhTe",
            "Kinh tế",
            "3F8D5C61-09A2-4E7B-B1D4-C25E6A7F8E90",
            "E83B6F14-7C2A-4D95-8E01-B4A7D2C9F356",
            "KinhTe",
            0.2,
        ),
        ListProfile(
            "VanHoaXaHoi",
            "Văn hóa - Xã hội",
            "D27B4E98-6C15-4A03-95F2-81B3E0C4D6A7",
            "0A9C4E72-D5B1-4836-9F2E-7C1B3A6D8E05",
            "VanHoaXaHoi",
            0.2,
        ),
    ),
    dossier=True,
)

CHAUTHANH = SiteProfile(
    name="chauthanh",
    title="Cổng thông tin điện tử huyện Châu Thành",
    lists=(
        ListProfile(
            "TinHoatDong",
            "Tin hoạt động",
            "9A1F3C57-2B8E-4D61-A0C4-5E7D8F9B1C23",
            "C2E4A6B8-0D1F-4A3B-9C5D-7E8F0A1B2C3D",
            "TinTucSuKien",
            0.5,
        ),
        ListProfile(
            "ChiDaoDieuHanh",
            "Chỉ đạo điều hành",
            "C3E5A7B9-1D2F-4A6B-8C0E-2F4A6B8C0D1E",
            "7B9D1F3A-5C7E-4F0A-9B2D-4E6F8A0C2D4E",
            "ThongBao",
            0.25,
        ),
        ListProfile(
            "ThongBao",
            "Thông báo",
            "E5A7C9B1-3F4D-4C8E-A1B3-5D7F9B1D3F5A",
            "2F4A6C8E-0B1D-4E3F-8A5C-7E9A1C3E5A7C",
            "ThongBao",
            0.25,
        ),
        ListProfile(
            "HoiDap",
            "Hỏi đáp",
            "0B2D4F6A-8C0E-4A2B-9D4F-6A8C0E2A4C6E",
            "4D6F8A0C-2E4A-4B6D-8F0A-2C4E6A8C0E2A",
            status="missing",
        ),
    ),
    client_rendered=True,
    rest=False,
    seed_offset=1000,
)

MOCAY = SiteProfile(
    name="mocay",
    title="Cổng thông tin điện tử huyện Mỏ Cày Nam",
    lists=(
        ListProfile(
            "TinTuc",
            "Tin tức",
            "5E2A9C14-8B3D-4F67-A1E0-7C4D2B9F6E38",
            "8A1C3E5F-7B9D-4A2C-B4E6-0F2A4C6E8A0B",
            "TinTucSuKien",
            0.6,
        ),
        ListProfile(
            "KinhTeXaHoi",
            "Kinh tế - Xã hội",
            "B7D31F08-2C6E-4A95-9E14-6F0A8C3D5B72",
            "1E3A5C7E-9A0B-4C2D-A4E6-8C0E2A4C6E8A",
            "KinhTe",
            0.4,
        ),
        ListProfile(
            "VanBanChiDao",
            "Văn bản chỉ đạo",
            "0D4E7A29-9F1B-4C83-B6E5-3A8C2F7D1E46",
            "6C8E0A2C-4E6A-4B8D-9F1B-3D5F7B9D1F3B",
            "ThongBao",
            status="login",
        ),
    ),
    path="/mocay",
    site_contents=True,
    seed_offset=2000,
)

# A second subsite on mocay's host, to share its politeness budget.
GIONGTROM = SiteProfile(
    name="giongtrom",
    title="Cổng thông tin điện tử huyện Giồng Trôm",
    lists=(
        ListProfile(
            "TinTucSuKien",
            "Tin tức - Sự kiện",
            "F1A3C5E7-9B0D-4F2A-8C4E-6A8C0E2A4C6F",
            "3B5D7F9A-1C3E-4A5B-9D7F-1B3D5F7A9C1E",
            "TinTucSuKien",
            1.0,
        ),
    ),
    path="/giongtrom",
    client_rendered=True,
    site_contents=True,
    seed_offset=3000,
)

PROFILES = {p.name: p for p in (CITY, CHAUTHANH, MOCAY, GIONGTROM)}
# name -> the loopback address its host listens on; subsites share a host.
HOSTS = {
    "tpbentre": "127.0.0.1",
    "chauthanh": "127.0.0.2",
    "mocay": "127.0.0.3",
    "giongtrom": "127.0.0.3",
}
DEFAULT_FAMILY = ("tpbentre", "chauthanh", "mocay")


_GENERATED = re.compile(r"^xa(\d{2})$")


def _guid(*parts: object) -> str:
    digest = hashlib.blake2b(":".join(map(str, parts)).encode(), digest_size=16).hexdigest()
    d = digest.upper()
    return f"{d[:8]}-{d[8:12]}-4{d[13:16]}-A{d[17:20]}-{d[20:32]}"


def generated(number: int) -> SiteProfile:
    """Commune portal `xaNN` (1–99), for runs over many hosts: two lists, renamed, views rendered
    on the client on odd numbers, its own host 127.0.1.NN."""
    name = f"xa{number:02d}"
    return SiteProfile(
        name=name,
        title=f"Cổng thông tin điện tử xã {number}",
        lists=(
            ListProfile(
                "TinTuc", "Tin tức", _guid(name, "TinTuc"), _guid(name, "v1"), "TinTucSuKien", 0.7
            ),
            ListProfile(
                "ThongBao", "Thông báo", _guid(name, "ThongBao"), _guid(name, "v2"), "ThongBao", 0.3
            ),
        ),
        client_rendered=number % 2 == 1,
        rest=False,
        seed_offset=10_000 + number,
    )


def profile(name: str) -> SiteProfile:
    """A site by name: the named portals, or `xa01` … `xa99` (generated)."""
    if name in PROFILES:
        return PROFILES[name]
    match = _GENERATED.match(name)
    if match and int(match.group(1)) > 0:
        return generated(int(match.group(1)))
    raise KeyError(name)


def address(name: str) -> str:
    """The loopback address a site's host listens on (subsites share their host's)."""
    match = _GENERATED.match(name)
    return f"127.0.1.{int(match.group(1))}" if match else HOSTS[name]


def city(client_rendered: bool = False) -> SiteProfile:
    """The city portal, its list views rendered on the server (as reconstructed) or client."""
    return replace(CITY, client_rendered=client_rendered)
