"""Vietnamese date normalisation: every form in issue 2 and dossier §14, with its precision."""

from __future__ import annotations

import logging
import unicodedata
from datetime import date, datetime, timedelta, timezone

import dateparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.normalise.dates import ParsedDate, parse_date

# The reference time of a crawl: 18 December 2019, 16:00:12 in Bến Tre (a Wednesday).
NOW = datetime(2019, 12, 18, 16, 0, 12, tzinfo=timezone(timedelta(hours=7)))


def iso(text: str, now: datetime = NOW) -> tuple[str | None, str | None]:
    parsed = parse_date(text, now)
    return parsed.isoformat(), parsed.precision


MINUTE = [
    # a "|" before the date: the part that holds a date gives it (rule 1)
    ("Tin tức sự kiện | Thứ 4, Ngày 18/12/2019, 16:00", "2019-12-18T16:00:00+07:00"),
    # a time alone in the part after or before the date's is its time (issue 10, item 8)
    ("Thứ Tư, 07/01/2015 | 22:34", "2015-01-07T22:34:00+07:00"),
    ("16:00 | 18/12/2019", "2019-12-18T16:00:00+07:00"),
    ("12/11/2019 | lúc 9h15", "2019-11-12T09:15:00+07:00"),
    ("Minh Thư | 07/01/2015 | 22:34 (GMT+7)", "2015-01-07T22:34:00+07:00"),
    ("07/01/2015 | 10:05 SA | Minh Thư", "2015-01-07T10:05:00+07:00"),
    ("hôm qua | 9:00", "2019-12-17T09:00:00+07:00"),
    # seconds are kept as given, in the h and giờ forms too (rule 2)
    ("12/11/2019 16h30'15", "2019-11-12T16:30:15+07:00"),
    ("16h30'15'' 12/11/2019", "2019-11-12T16:30:15+07:00"),
    ("12/11/2019 16 giờ 30 phút 15 giây", "2019-11-12T16:30:15+07:00"),
    ("12/11/2019 16h30p", "2019-11-12T16:30:00+07:00"),
    # GMT+7 is local time; a zone word after an ISO time counts
    ("Tue, 12 Nov 2019 08:30:00 GMT+7", "2019-11-12T08:30:00+07:00"),
    ("Tue, 12 Nov 2019 08:30:00 GMT+0700", "2019-11-12T08:30:00+07:00"),
    ("2019-11-12T08:30:00 GMT+7", "2019-11-12T08:30:00+07:00"),
    ("2019-11-12 08:30 UTC", "2019-11-12T15:30:00+07:00"),
    # "khuya", late night
    ("12/11/2019 11 giờ khuya", "2019-11-12T23:00:00+07:00"),
    # a comma and no space between the date and the time (but "19,64" stays a number)
    ("Thứ 4,Ngày 18/12/2019,16:00", "2019-12-18T16:00:00+07:00"),
    ("12/11/2019,10h20", "2019-11-12T10:20:00+07:00"),
    ("18/12/2019,4:00 CH", "2019-12-18T16:00:00+07:00"),
    ("3 tháng 5 năm 2018,8h", "2018-05-03T08:00:00+07:00"),
    # machine formats behind a label or before an author (rule 1 with rule 5)
    ("Ngày xuất bản: 2019-12-18T09:00:00Z", "2019-12-18T16:00:00+07:00"),
    ("2019-12-18T09:00:00Z | Ban Biên tập", "2019-12-18T16:00:00+07:00"),
    ("Ngày đăng: Tue, 12 Nov 2019 01:30:00 GMT", "2019-11-12T08:30:00+07:00"),
    ("Thu, 19 Dec 2019 02:05:13 GMT.", "2019-12-19T09:05:13+07:00"),
    # a zoneless ISO time within words is local, and SA/CH after it still counts
    ("2019-12-18 09:00 CH", "2019-12-18T21:00:00+07:00"),
    # the Internet Archive's capture timestamps (§13): UTC
    ("20191219031245", "2019-12-19T10:12:45+07:00"),
    ("20170630180000", "2017-07-01T01:00:00+07:00"),
    # the hour alone in the "g" form, as "10h" is in the "h" form
    ("lúc 9g ngày 12/11/2019", "2019-11-12T09:00:00+07:00"),
    # dossier §14 rule 2
    ("Thứ 3, Ngày 12/11/2019, 08:30", "2019-11-12T08:30:00+07:00"),
    ("12/11/2019 3:15 CH", "2019-11-12T15:15:00+07:00"),
    ("Cập nhật lúc 10h00 ngày 12/11/2019", "2019-11-12T10:00:00+07:00"),
    ("lúc 9 giờ 15 ngày 12/11/2019", "2019-11-12T09:15:00+07:00"),
    ("08:30 12/11/2019", "2019-11-12T08:30:00+07:00"),
    ("12/11/2019, 10h20", "2019-11-12T10:20:00+07:00"),
    # the forms bare dateparser gets wrong (issue 2, item 3)
    ("16h00 ngày 18/12/2019", "2019-12-18T16:00:00+07:00"),
    ("18/12/2019 16h30", "2019-12-18T16:30:00+07:00"),
    ("lúc 16 giờ 30 ngày 18/12/2019", "2019-12-18T16:30:00+07:00"),
    ("Cập nhật lúc 16:00 ngày 18/12/2019", "2019-12-18T16:00:00+07:00"),
    # hours (dossier §14 "Hours")
    ("18/12/2019 10h", "2019-12-18T10:00:00+07:00"),
    ("18/12/2019 9g15", "2019-12-18T09:15:00+07:00"),
    ("18/12/2019 9 giờ 15", "2019-12-18T09:15:00+07:00"),
    ("18/12/2019 9 giờ 15 phút", "2019-12-18T09:15:00+07:00"),
    ("lúc 14 giờ ngày 18/12/2019", "2019-12-18T14:00:00+07:00"),
    ("Thông báo: 8h15' ngày 18/12/2019", "2019-12-18T08:15:00+07:00"),
    # SA/CH and AM/PM, with the noon and midnight edges
    ("18/12/2019 4:00 CH", "2019-12-18T16:00:00+07:00"),
    ("18/12/2019 12:10 SA", "2019-12-18T00:10:00+07:00"),
    ("18/12/2019 12:45 CH", "2019-12-18T12:45:00+07:00"),
    ("18/12/2019 8:00 SA", "2019-12-18T08:00:00+07:00"),
    ("18/12/2019 4:00 PM", "2019-12-18T16:00:00+07:00"),
    ("18/12/2019 9:30 am", "2019-12-18T09:30:00+07:00"),
    # parts of the day after the hour
    ("3 giờ chiều ngày 18/12/2019", "2019-12-18T15:00:00+07:00"),
    ("8 giờ sáng ngày 18/12/2019", "2019-12-18T08:00:00+07:00"),
    ("7 giờ 30 tối 18/12/2019", "2019-12-18T19:30:00+07:00"),
    ("10 giờ đêm 18/12/2019", "2019-12-18T22:00:00+07:00"),
    ("12 giờ trưa 18/12/2019", "2019-12-18T12:00:00+07:00"),
    ("1 giờ trưa 18/12/2019", "2019-12-18T13:00:00+07:00"),
    ("15 giờ chiều 18/12/2019", "2019-12-18T15:00:00+07:00"),
    # seconds are kept as given
    ("Ngày và Giờ: 06/01/2020 02:25:51 CH", "2020-01-06T14:25:51+07:00"),
    ("18/12/2019 16:00:59", "2019-12-18T16:00:59+07:00"),
    # labels and the surrounding words of the portal's pages
    ("Thứ 4, Ngày 18/12/2019, 16:00", "2019-12-18T16:00:00+07:00"),
    ("Ngày xuất bản: 18/12/2019 4:00 CH", "2019-12-18T16:00:00+07:00"),
    ("Created at 18/12/2016 8:12 SA by Nguyễn Văn A", "2016-12-18T08:12:00+07:00"),
    ("Vào lúc 16:00 ngày 18/12/2019 (GMT+7)", "2019-12-18T16:00:00+07:00"),
    ("18/12/2019 16:00 GMT+7", "2019-12-18T16:00:00+07:00"),
    ("Thứ Hai, 16/12/2019 lúc 8 giờ 30 phút", "2019-12-16T08:30:00+07:00"),
    ("18/12/2019\u00a0\u00a016:00", "2019-12-18T16:00:00+07:00"),
    ("18/12/\u200b2019 16:00", "2019-12-18T16:00:00+07:00"),
    # machine formats (rule 5): REST's UTC ISO and RSS's RFC 822, with day roll-over
    ("2019-12-18T09:00:00Z", "2019-12-18T16:00:00+07:00"),
    ("2017-06-30T18:00:00Z", "2017-07-01T01:00:00+07:00"),
    ("2019-12-18T16:00:00+07:00", "2019-12-18T16:00:00+07:00"),
    ("2019-12-18T04:00:00-05:00", "2019-12-18T16:00:00+07:00"),
    ("2019-12-18T09:00:00.123Z", "2019-12-18T16:00:00+07:00"),
    ("Tue, 12 Nov 2019 01:30:00 GMT", "2019-11-12T08:30:00+07:00"),
    ("Thu, 19 Dec 2019 02:05:13 GMT", "2019-12-19T09:05:13+07:00"),
    ("19 Dec 2019 03:12:45 -0000", "2019-12-19T10:12:45+07:00"),
    # relative forms against the reference time (rule 6)
    ("hôm qua lúc 9:00", "2019-12-17T09:00:00+07:00"),
    ("3 phút trước", "2019-12-18T15:57:12+07:00"),
    ("3 giờ trước", "2019-12-18T13:00:12+07:00"),
    ("Cập nhật 25 phút trước", "2019-12-18T15:35:12+07:00"),
]

DAY = [
    ("Phương Thảo | 12/11/2019", "2019-11-12"),
    ("Lượt xem: 806 | 12/11/2019", "2019-11-12"),
    ("ngày 5/5 năm 2019", "2019-05-05"),
    # the first date wins, and a later date's time is not its own
    ("Đăng 11/11/2019, cập nhật 12/11/2019 10:00", "2019-11-11"),
    # dossier §14 rule 3
    ("12/11/2019", "2019-11-12"),
    ("12-11-2019", "2019-11-12"),
    ("12.11.2019", "2019-11-12"),
    ("2019-11-12", "2019-11-12"),
    ("ngày 3 tháng 5 năm 2018", "2018-05-03"),
    ("Thứ Năm, 3 tháng 5, 2018", "2018-05-03"),
    ("03 Tháng Năm 2018", "2018-05-03"),
    ("1 Tháng Giêng 2020", "2020-01-01"),
    ("25 Tháng Mười Hai 2019", "2019-12-25"),
    ("11 Tháng Mười Một 2019", "2019-11-11"),
    ("10 Tháng Mười 2019", "2019-10-10"),
    # day first, always
    ("6/7/2018", "2018-07-06"),
    ("05/11/2018", "2018-11-05"),
    # labels, authors, parentheses
    ("18/12/2019 | Phương Thảo", "2019-12-18"),
    ("Ngày đăng: 18/12/2019", "2019-12-18"),
    ("(28/12/2019)", "2019-12-28"),
    ("Chủ nhật, 22/12/2019", "2019-12-22"),
    ("CN 22/12/2019", "2019-12-22"),
    # two-digit years (rule 7)
    ("12/11/19", "2019-11-12"),
    ("05/06/97", "1997-06-05"),
    ("01/01/68", "2068-01-01"),
    ("01/01/69", "1969-01-01"),
    ("01/01/00", "2000-01-01"),
    # relative days (rule 6)
    ("hôm nay", "2019-12-18"),
    ("Hôm qua", "2019-12-17"),
    ("hôm kia", "2019-12-16"),
    ("2 ngày trước", "2019-12-16"),
    ("1 tuần trước", "2019-12-11"),
    ("3 tuần trước", "2019-11-27"),
]

MONTH = [
    ("Tháng 11/2019", "2019-11-01"),
    ("Tháng 12/2019", "2019-12-01"),
    ("tháng 5 năm 2018", "2018-05-01"),
    ("11/2019", "2019-11-01"),
    ("Tháng Mười Hai 2019", "2019-12-01"),
    ("tháng Giêng năm 2020", "2020-01-01"),
]

YEAR = [("năm 2018", "2018-01-01"), ("Năm 2019", "2019-01-01"), ("2016", "2016-01-01")]

NULL = [
    "Quý 4/2019",  # a quarter, a week, a document number: not a month
    "Tuần 12/2019",
    "Số 12/2019/QĐ-UBND",
    "20191319031245",  # a capture timestamp with a 13th month
    "tăng 19,64%",
    "",
    "   ",
    "chưa cập nhật",
    "Phương Thảo",
    # impossible dates are invalid, never swapped into something possible (rule 8)
    "15/13/2020",
    "30/02/2021",
    "29/02/2021",
    "31/02/2020",
    "32/01/2020",
    "00/01/2020",
    "Tháng 13/2019",
    "31 tháng 4 năm 2019",
    # impossible times make the whole value invalid
    "26h15 ngày 18/12/2019",
    "18/12/2019 16:75",
    "18/12/2019 13:00 CH",
    "2019-02-30T09:00:00Z",
    # a time alone, or a day and month alone, would need today's date: not filled in
    "16:00",
    "lúc 16 giờ",
    "18/12",
    # numbers that are not dates
    "1.234",
    "12.507 lượt xem",
    "19,64%",
]


@pytest.mark.parametrize(("text", "expected"), MINUTE)
def test_date_with_time_has_minute_precision(text: str, expected: str) -> None:
    assert iso(text) == (expected, "minute")


@pytest.mark.parametrize(("text", "expected"), DAY)
def test_date_without_time_is_midnight_with_day_precision(text: str, expected: str) -> None:
    assert iso(text) == (expected + "T00:00:00+07:00", "day")


@pytest.mark.parametrize(("text", "expected"), MONTH)
def test_month_and_year_is_the_first_with_month_precision(text: str, expected: str) -> None:
    assert iso(text) == (expected + "T00:00:00+07:00", "month")


@pytest.mark.parametrize(("text", "expected"), YEAR)
def test_year_alone_is_first_january_with_year_precision(text: str, expected: str) -> None:
    assert iso(text) == (expected + "T00:00:00+07:00", "year")


@pytest.mark.parametrize("text", NULL)
def test_no_date_or_invalid_date_is_null(text: str) -> None:
    assert parse_date(text, NOW) == ParsedDate(None, None)
    assert parse_date(text, NOW).isoformat() is None


@pytest.mark.parametrize(
    "text",
    ["Thứ Năm, 3 tháng 5, 2018", "Cập nhật lúc 16h00 ngày 18/12/2019", "Tháng Mười Hai 2019"],
)
def test_nfd_input_reads_like_nfc(text: str) -> None:
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    assert parse_date(decomposed, NOW) == parse_date(text, NOW)
    assert parse_date(decomposed, NOW).value is not None


def test_value_is_aware_in_ho_chi_minh_time() -> None:
    value = parse_date("2019-12-18T09:00:00Z").value
    assert value is not None
    assert value.utcoffset() == timedelta(hours=7)
    assert value == datetime(2019, 12, 18, 9, tzinfo=timezone.utc)


def test_weekday_contradicting_the_date_logs_a_warning_and_the_date_wins(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="pipelines.normalise.dates"):
        parsed = parse_date("Thứ 2, Ngày 18/12/2019, 16:00", NOW)
    assert parsed.isoformat() == "2019-12-18T16:00:00+07:00"
    assert "weekday" in caplog.text


def test_matching_weekday_logs_nothing(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="pipelines.normalise.dates"):
        parse_date("Thứ 4, Ngày 18/12/2019, 16:00", NOW)
        parse_date("Chủ nhật, 22/12/2019", NOW)
    assert caplog.text == ""


def test_relative_forms_follow_the_reference_time() -> None:
    other = datetime(2021, 3, 1, 8, 0, tzinfo=timezone(timedelta(hours=7)))
    assert iso("hôm qua", other) == ("2021-02-28T00:00:00+07:00", "day")
    assert iso("2 giờ trước", other) == ("2021-03-01T06:00:00+07:00", "minute")


def test_compound_relative_forms_add_their_parts() -> None:
    other = datetime(2021, 3, 1, 8, 0, tzinfo=timezone(timedelta(hours=7)))
    assert iso("Cập nhật: 2 giờ 30 phút trước", other) == ("2021-03-01T05:30:00+07:00", "minute")
    assert iso("1 ngày 2 giờ trước", other) == ("2021-02-28T06:00:00+07:00", "minute")
    assert iso("1 tuần 2 ngày trước", other) == ("2021-02-20T00:00:00+07:00", "day")
    assert iso("1 năm 2 tháng trước", other) == (None, None)


def test_naive_and_foreign_reference_times_are_read_as_instants() -> None:
    naive = datetime(2019, 12, 18, 16, 0, 12)
    utc = NOW.astimezone(timezone.utc)
    assert iso("3 giờ trước", naive) == iso("3 giờ trước", NOW) == iso("3 giờ trước", utc)
    # 23:30 UTC is already the next day in Bến Tre
    late = datetime(2019, 12, 18, 23, 30, tzinfo=timezone.utc)
    assert iso("hôm nay", late) == ("2019-12-19T00:00:00+07:00", "day")


def test_default_reference_is_the_current_time() -> None:
    parsed = parse_date("hôm nay")
    today = datetime.now(timezone(timedelta(hours=7))).date()
    assert parsed.value is not None
    assert parsed.value.date() in (today, today - timedelta(days=1))  # run across midnight


def test_explicit_date_wins_over_a_relative_word() -> None:
    assert iso("Hôm nay, 12/11/2019") == ("2019-11-12T00:00:00+07:00", "day")


def test_unexpected_input_types_give_null() -> None:
    assert parse_date(None) == ParsedDate(None, None)  # type: ignore[arg-type]
    assert parse_date(b"18/12/2019") == ParsedDate(None, None)  # type: ignore[arg-type]


# The measurements of bare dateparser, with a fixed "today" (26 June 2023): what it
# gives, then what we give. Our answers are also in the tables above.
TODAY = datetime(2023, 6, 26, 10, 0)
BARE_DATEPARSER_FAILURES = [
    ("16h00 ngày 18/12/2019", None, ("2019-12-18T16:00:00+07:00", "minute")),
    ("18/12/2019 16h30", None, ("2019-12-18T16:30:00+07:00", "minute")),
    ("lúc 16 giờ 30 ngày 18/12/2019", "2023-06-25", ("2019-12-18T16:30:00+07:00", "minute")),
    ("Tháng 12/2019", "2019-12-26", ("2019-12-01T00:00:00+07:00", "month")),
    ("năm 2019", "2019-06-26", ("2019-01-01T00:00:00+07:00", "year")),
    ("Cập nhật lúc 16:00 ngày 18/12/2019", None, ("2019-12-18T16:00:00+07:00", "minute")),
    ("18/12/2019 | Phương Thảo", None, ("2019-12-18T00:00:00+07:00", "day")),
]


@pytest.mark.parametrize(("text", "bare", "ours"), BARE_DATEPARSER_FAILURES)
def test_what_bare_dateparser_gets_wrong(
    text: str, bare: str | None, ours: tuple[str, str]
) -> None:
    guessed = dateparser.parse(
        text, languages=["vi"], settings={"RELATIVE_BASE": TODAY, "DATE_ORDER": "DMY"}
    )
    assert (guessed.date().isoformat() if guessed else None) == bare
    assert iso(text, TODAY) == ours


def test_fallback_reads_english_month_names() -> None:
    assert iso("18 December 2019") == ("2019-12-18T00:00:00+07:00", "day")
    assert iso("December 18, 2019 4:00 PM") == ("2019-12-18T16:00:00+07:00", "minute")
    assert iso("December 2019") == ("2019-12-01T00:00:00+07:00", "month")


def test_fallback_rejects_parts_the_text_does_not_contain() -> None:
    # dateparser reads "December" alone as this year's December, on today's day
    assert iso("December") == (None, None)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_on_arbitrary_text(text: str) -> None:
    parsed = parse_date(text, NOW)
    assert (parsed.value is None) == (parsed.precision is None)


DATE_ALPHABET = "0123456789/.-: hgHGtTZ,|()'" + "ngàyháng năm thứ lúc giờ phút SA CH trước hôm qua"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=DATE_ALPHABET, max_size=40))
def test_never_raises_on_date_like_text(text: str) -> None:
    parsed = parse_date(text, NOW)
    if parsed.value is not None:
        assert parsed.value.utcoffset() == timedelta(hours=7)
        assert parsed.precision in ("minute", "day", "month", "year")


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 32),
    st.integers(1, 13),
    st.integers(1990, 2030),
    st.sampled_from(
        ["{d}/{m}/{y}", "{d:02d}-{m:02d}-{y}", "{d}.{m}.{y}", "ngày {d} tháng {m} năm {y}"]
    ),
)
def test_day_first_is_never_swapped(day: int, month: int, year: int, form: str) -> None:
    try:
        expected = datetime(year, month, day).strftime("%Y-%m-%dT00:00:00+07:00")
    except ValueError:
        expected = None
    parsed = parse_date(form.format(d=day, m=month, y=year), NOW)
    assert parsed.isoformat() == expected
    assert parsed.precision == ("day" if expected else None)


def _twelve_hour(hour: int) -> tuple[int, str]:
    return (hour % 12 or 12), ("SA" if hour < 12 else "CH")


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=date(1969, 1, 1), max_value=date(2068, 12, 31)),
    st.integers(0, 23),
    st.integers(0, 59),
    st.sampled_from(
        ["{H}:{M:02d}", "{H}h{M:02d}", "{H}g{M:02d}", "lúc {H} giờ {M}", "{h}:{M:02d} {p}"]
    ),
)
def test_times_in_every_form_round_trip(day: date, hour: int, minute: int, form: str) -> None:
    h, meridiem = _twelve_hour(hour)
    time_text = form.format(H=hour, M=minute, h=h, p=meridiem)
    text = f"{time_text} ngày {day.day}/{day.month}/{day.year % 100:02d}"
    expected = datetime(day.year, day.month, day.day, hour, minute)
    assert iso(text) == (expected.strftime("%Y-%m-%dT%H:%M:00+07:00"), "minute")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what sits beside the date in another part is not a time unless it is one alone
        ("18/12/2019 | Phương Thảo", ("2019-12-18T00:00:00+07:00", "day")),
        ("Lượt xem: 806 | 12/11/2019", ("2019-11-12T00:00:00+07:00", "day")),
        ("12/11/2019 | 10 | 20", ("2019-11-12T00:00:00+07:00", "day")),
        ("12/11/2019 | Tin 16:00 mới", ("2019-11-12T00:00:00+07:00", "day")),
        # a time with no date anywhere is no date
        ("16:00 | Phương Thảo", (None, None)),
        # an impossible time beside the date leaves the day
        ("12/11/2019 | 26:15", ("2019-11-12T00:00:00+07:00", "day")),
    ],
)
def test_parts_that_are_not_a_time_leave_the_day(text: str, expected: tuple) -> None:
    assert iso(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # editors' own ways, not seen before issue 10's sibling portals
        ("18 / 12 / 2019 16 : 00", ("2019-12-18T16:00:00+07:00", "minute")),
        ("Ngày 25 / 6 / 2012", ("2012-06-25T00:00:00+07:00", "day")),
        # "kém": a quarter to eight is 7:45, to eight in the evening 19:45
        ("25/06/2012 8 giờ kém 15", ("2012-06-25T07:45:00+07:00", "minute")),
        ("lúc 8 giờ kém 15 phút tối ngày 25/06/2012", ("2012-06-25T19:45:00+07:00", "minute")),
        ("25/06/2012 8 giờ kém 75", (None, None)),
        # a quarter is not a month, however spaced
        ("Quý 4 / 2019", (None, None)),
    ],
)
def test_editors_spacing_and_minutes_to_the_hour(text: str, expected: tuple) -> None:
    assert iso(text) == expected


def test_a_month_first_locale_reads_only_impossible_day_first_dates_month_first() -> None:
    def us(text: str) -> str | None:
        return parse_date(text, NOW, month_first_locale=True).isoformat()

    assert us("6/20/2012 8:30 AM") == "2012-06-20T08:30:00+07:00"
    assert us("9/11/2023 6:26:43 PM") == "2023-11-09T18:26:43+07:00"  # possible day-first
    assert us("20/06/2012") == "2012-06-20T00:00:00+07:00"
    assert us("13/13/2012") is None and us("6-20-2012") is None  # en-US writes slashes
    assert parse_date("6/20/2012 8:30 AM", NOW).value is None  # never swapped otherwise


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # sibling portals' editors (issue 10): expected values worked out from §14 beforehand
        ("Thứ Hai, 20/06/2012 - 08:45", "2012-06-20T08:45:00+07:00"),
        ("20/06/2012 08g45", "2012-06-20T08:45:00+07:00"),
        ("08 giờ 45 phút, ngày 20/06/2012", "2012-06-20T08:45:00+07:00"),
        ("Cập nhật: 20/06/2012 14:05:33", "2012-06-20T14:05:33+07:00"),
        ("Thứ sáu, 22/6/2012 | 8:45 SA", "2012-06-22T08:45:00+07:00"),
        ("3 giờ chiều ngày 20/6/2012", "2012-06-20T15:00:00+07:00"),
        ("20.06.2012 - 14h30'", "2012-06-20T14:30:00+07:00"),
        ("Chủ nhật, 24/6/2012 - 7:05 CH", "2012-06-24T19:05:00+07:00"),
        ("Thứ Tư, 20 Tháng Sáu 2012 8:45 SA", "2012-06-20T08:45:00+07:00"),
        ("12h45 trưa ngày 20/06/2012", "2012-06-20T12:45:00+07:00"),
        ("0h30 ngày 21/06/2012", "2012-06-21T00:30:00+07:00"),
        ("Đăng lúc: 08:45 - 20/06/2012", "2012-06-20T08:45:00+07:00"),
        ("21/06/2012 09:00 (UTC+7)", "2012-06-21T09:00:00+07:00"),
        ("Phương Thảo | 18/12/2019 | 16:00", "2019-12-18T16:00:00+07:00"),
        ("Thứ Tư | 18/12/2019 | 16:00", "2019-12-18T16:00:00+07:00"),
        ("18/12/2019, 16:00 | Lượt xem: 15", "2019-12-18T16:00:00+07:00"),
        ("Cập nhật: 8:30 SA, 20/06/2012", "2012-06-20T08:30:00+07:00"),
        ("lúc 8 giờ 30 phút, ngày 20 tháng 6 năm 2012", "2012-06-20T08:30:00+07:00"),
        ("Ngày đăng: 25-06-2012 07:30 CH", "2012-06-25T19:30:00+07:00"),
        ("25/06/2012 8:30PM", "2012-06-25T20:30:00+07:00"),
        ("25/06/2012 8 h 30 phút", "2012-06-25T08:30:00+07:00"),
        ("Hôm kia lúc 20:15", "2019-12-16T20:15:00+07:00"),
    ],
)
def test_sibling_editors_dates_to_the_minute(text: str, expected: str) -> None:
    assert iso(text) == (expected, "minute")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ngày đăng: 20/06/2012 | Lượt xem: 1.234", ("2012-06-20T00:00:00+07:00", "day")),
        ("18/12/2019 | Phương Thảo | 16:00", ("2019-12-18T00:00:00+07:00", "day")),
        ("Thứ bảy, ngày 23 tháng Sáu năm 2012", ("2012-06-23T00:00:00+07:00", "day")),
        ("Số 12/2019/QĐ-UBND ngày 18/12/2019", ("2019-12-18T00:00:00+07:00", "day")),
        ("Tháng 6 - 2012", ("2012-06-01T00:00:00+07:00", "month")),
        ("6/20/2012 8:45 AM", (None, None)),  # month-first: not on a vi-VN site (§14)
        ("20/06/2012 24:00", (None, None)),
        ("31/04/2012", (None, None)),
        ("Quý II/2012", (None, None)),
    ],
)
def test_sibling_editors_dates_without_minutes(text: str, expected: tuple) -> None:
    assert iso(text) == expected
