"""Done-when of issue 13, over HTTP: crawl the replica, let it edit and delete, crawl again.

Then the change feed lists the edit and the withdrawal, the edited article's page shows the
changed words in <del>/<ins>, the withdrawn one's page gives the day it went, and the home page
draws the monthly chart with the database's numbers.
"""

from __future__ import annotations

import re
import shutil
import time
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import datetime

from datasette.app import Datasette

from replica.server import ReplicaServer
from tests.archive.conftest import ROOT
from tests.crawl.conftest import crawl

ATOM = "{http://www.w3.org/2005/Atom}"


def config_dir(directory, db_path):
    for name in ("metadata.yml", "settings.json"):
        shutil.copy(ROOT / "archive" / name, directory / name)
    for name in ("templates", "plugins", "static"):
        shutil.copytree(ROOT / "archive" / name, directory / name, dirs_exist_ok=True)
    assert db_path.parent == directory
    return Datasette([], config_dir=directory)


async def test_edits_and_withdrawals_reach_the_feed_and_the_pages(tmp_path):
    db_path = tmp_path / "bentre.db"
    with ReplicaServer(articles=40, seed=3) as replica:
        first = crawl(replica.base_url, db_path)
        assert first.returncode == 0, first.stderr[-3000:]
        before = first.articles()
        site = replica.set_epoch(1)
        time.sleep(1.1)  # observations are stamped to the second
        second = crawl(replica.base_url, db_path)
        assert second.returncode == 0, second.stderr[-3000:]
    edited = sorted(i.key for i in site.articles if i.edited_epoch == 1 and i.key in before)
    deleted = sorted(i.key for i in site.articles if i.deleted_epoch == 1 and i.key in before)
    assert edited and deleted
    after = second.articles()

    ds = config_dir(tmp_path, db_path)
    response = await ds.client.get("/changes.atom?since=" + before[edited[0]]["first_seen_at"][:10])
    assert response.status_code == 200
    entries = [
        (
            [c.get("term") for c in e.findall(f"{ATOM}category")][0],
            e.find(f"{ATOM}link[@rel='alternate']").get("href"),
            e.findtext(f"{ATOM}content"),
        )
        for e in ET.fromstring(response.content).findall(f"{ATOM}entry")
    ]
    listed = {(kind, href.rsplit("/", 1)[1]) for kind, href, _ in entries}
    assert {("edited", key) for key in edited} <= listed
    assert {("deleted", key) for key in deleted} <= listed
    # The edit's entry carries its diff: the replica appends " (cập nhật)" to the title.
    edit_content = next(c for k, h, c in entries if k == "edited" and h.endswith(edited[0]))
    assert "<ins> (cập nhật)</ins>" in edit_content

    page = (await ds.client.get(f"/article/tpbentre/{edited[0]}")).text
    assert "2 phiên bản nội dung / versions" in page
    assert "<ins> (cập nhật)</ins>" in page
    assert "<ins>Thông tin được cập nhật ngày" in page
    # The old title is not lost: the first version's words are still on the page.
    assert before[edited[0]]["title"] in page

    gone = after[deleted[0]]["deleted_at"]
    day = datetime.fromisoformat(gone)
    page = (await ds.client.get(f"/article/tpbentre/{deleted[0]}")).text
    assert f"Gỡ khỏi cổng thông tin ngày {day:%d/%m/%Y}" in page
    assert f"withdrawn from the portal on {day:%Y-%m-%d}" in page

    home = (await ds.client.get("/")).text
    chart = home[home.index('id="per-month-category"') :]
    chart = chart[: chart.index("</figure>")]
    drawn = Counter()
    for count, month in re.findall(r'data-count="(\d+)"><title>([\d-]+) ·', chart):
        drawn[month] += int(count)
    per_month = Counter()
    for row in after.values():
        if row["published_at"]:
            per_month[row["published_at"][:7]] += 1
    assert drawn == per_month
    assert '<link rel="alternate" type="application/atom+xml" href="/changes.atom"' in home
