from datetime import UTC, datetime

from courses.ics import course_ics


def test_calendar_has_one_event_per_date_in_utc_with_crlf(course_factory):
    # 09:00 in Berlin in winter is 08:00 UTC.
    course = course_factory(
        title="Meistervorbereitung Teil III; Betriebswirtschaft, Recht",
        dates=3,
        dates__start=datetime(2027, 1, 11, 8, 0, tzinfo=UTC),
    )
    data = course_ics(course)
    text = data.decode("utf-8")

    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert text.count("BEGIN:VEVENT") == 3
    assert "DTSTART:20270111T080000Z" in text
    assert "DTEND:20270111T160000Z" in text
    assert "DTSTART:20270125T080000Z" in text
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:Meistervorbereitung Teil III\\; Betriebswirtschaft\\, Recht" in unfolded
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    uids = [line for line in text.split("\r\n") if line.startswith("UID:")]
    assert len(set(uids)) == 3
