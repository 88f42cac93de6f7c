"""write_file: a file under its content address is complete or absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.file_writes import write_file


def test_writes_the_bytes_and_its_folders(tmp_path):
    target = tmp_path / "sha256" / "ab" / "abcd.jpg"
    write_file(str(target), b"\xff\xd8 picture")
    assert target.read_bytes() == b"\xff\xd8 picture"
    assert [p.name for p in target.parent.iterdir()] == ["abcd.jpg"]


def test_a_write_cut_short_leaves_nothing_under_the_content_address(tmp_path, monkeypatch):
    target = tmp_path / "sha256" / "ab" / "abcd.jpg"
    real_write_bytes = Path.write_bytes

    def disk_full(self, data):
        real_write_bytes(self, data[:3])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", disk_full)
    with pytest.raises(OSError, match="No space"):
        write_file(str(target), b"\xff\xd8 picture")
    assert not target.exists()


def test_rewriting_the_same_address_keeps_one_whole_file(tmp_path):
    target = tmp_path / "abcd.pdf"
    write_file(str(target), b"%PDF same bytes")
    write_file(str(target), b"%PDF same bytes")
    assert target.read_bytes() == b"%PDF same bytes"
    assert [p.name for p in tmp_path.iterdir()] == ["abcd.pdf"]
