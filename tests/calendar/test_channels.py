"""The receipt channel: in person, by post (the arrival postmark), online (the system's record).

The rule: the time limit counts from the day a complete dossier is received in person, by the
arrival postmark, or when the online public-service system records it (the procedure texts on
the portals, law-2026.md "Receipt moment"; e.g. the certification procedure on a provincial
portal, ma-thu-tuc=26455). Expected dates are hand-counted on the official 2026 schedule (Tết
off Mon 16/2 .. Fri 20/2, calendar-law.md §2); the batch is checked against `deadline()`.
"""

from __future__ import annotations

import datetime as dt
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from tests import strategies as cs

from chinhquyen.calendar import ReceiptChannel, WorkingCalendar, compute_deadline, cutoff_applies
from chinhquyen.calendar.deadlines import Pause
from chinhquyen.errors import DeadlineError

CAL = WorkingCalendar.national()
D = dt.date.fromisoformat
T15 = dt.time(15)
FRI_16H = "2026-02-13T16:00"


@pytest.mark.parametrize(
    ("channel", "online_cutoff", "receipt", "due"),
    [
        # In person after 15:00: counted from Mon 23/2; + 5 -> Mon 2/3.
        ("in_person", None, "2026-02-23", "2026-03-02"),
        # By post, postmark Fri 13/2: the day counts, whatever the hour; + 5 -> Fri 27/2
        # (23, 24, 25, 26, 27/2).
        ("post", None, "2026-02-13", "2026-02-27"),
        # Online, recorded at 16:00: as in person if the cut-off applies, else from Fri 13/2.
        ("online", True, "2026-02-23", "2026-03-02"),
        ("online", False, "2026-02-13", "2026-02-27"),
    ],
)
def test_the_channel_decides_the_receipt_day(
    channel: str, online_cutoff: bool | None, receipt: str, due: str
) -> None:
    d = CAL.deadline(FRI_16H, 5, cutoff=T15, channel=channel, online_cutoff=online_cutoff)
    assert (d.receipt_day, d.due_date) == (D(receipt), D(due))
    assert d.channel is ReceiptChannel(channel)


def test_without_a_cutoff_every_channel_counts_from_the_day() -> None:
    for channel in ReceiptChannel:
        d = CAL.deadline(FRI_16H, 5, channel=channel)
        assert (d.receipt_day, d.due_date) == (D("2026-02-13"), D("2026-02-27"))
    # a postmark on Saturday 14/2 (inside the Tết break): counted from Mon 23/2 -> Mon 2/3
    post = CAL.deadline("2026-02-14", 5, channel="post")
    assert (post.receipt_day, post.due_date) == (D("2026-02-23"), D("2026-03-02"))


def test_the_rule_table() -> None:
    assert cutoff_applies(ReceiptChannel.IN_PERSON, None)
    assert not cutoff_applies(ReceiptChannel.POST, None)
    assert cutoff_applies(ReceiptChannel.ONLINE, True)
    assert not cutoff_applies(ReceiptChannel.ONLINE, False)
    with pytest.raises(DeadlineError, match="online_cutoff=True"):
        cutoff_applies(ReceiptChannel.ONLINE, None)
    assert [c.code for c in ReceiptChannel] == [0, 1, 2]
    assert [c.label for c in ReceiptChannel] == ["trực tiếp", "qua bưu chính", "trực tuyến"]


def test_refusals() -> None:
    with pytest.raises(DeadlineError, match="online_cutoff"):
        CAL.deadline(FRI_16H, 5, cutoff=T15, channel="online")
    with pytest.raises(DeadlineError, match="'fax' is not a receipt channel"):
        CAL.deadline(FRI_16H, 5, channel="fax")
    with pytest.raises(DeadlineError, match="online_cutoff must be"):
        CAL.deadline(FRI_16H, 5, channel="online", online_cutoff=1)  # type: ignore[arg-type]
    # a date has no time of day: refused where the cut-off applies, accepted where it does not
    with pytest.raises(DeadlineError, match="no time of day"):
        CAL.deadline("2026-02-13", 5, cutoff=T15, channel="online", online_cutoff=True)
    assert CAL.deadline("2026-02-13", 5, cutoff=T15, channel="post").due_date == D("2026-02-27")
    d = CAL.deadline("2026-02-13", 5, cutoff=T15, channel="online", online_cutoff=False)
    assert d.due_date == D("2026-02-27")


def test_steps_name_the_channel_and_cite_the_rule() -> None:
    post = CAL.deadline(FRI_16H, 5, cutoff=T15, channel="post")
    first, second = post.steps[:2]
    assert "theo dấu bưu điện đến ngày 13/02/2026" in first.description
    assert "arrival postmark dated 2026-02-13" in first.description_en
    assert "ma-thu-tuc=26455" in first.rule
    assert "Không áp dụng giờ chốt 15:00" in second.description
    online = CAL.deadline(FRI_16H, 5, cutoff=T15, channel="online", online_cutoff=True)
    assert "hệ thống dịch vụ công ghi nhận lúc 16:00" in online.steps[0].description
    assert "online_cutoff=True" in online.steps[1].rule
    assert (
        "online_cutoff=False"
        in CAL.deadline(FRI_16H, 5, cutoff=T15, channel="online", online_cutoff=False).explain()
    )
    # in person: the steps are those of before the channel existed
    assert CAL.deadline(FRI_16H, 5, cutoff=T15).steps[0].description == (
        "Tiếp nhận hồ sơ lúc 16:00 ngày 13/02/2026"
    )


def test_pauses_read_the_completion_by_the_same_channel() -> None:
    # Supplement requested Mon 23/2, complete dossier back by post, postmark Tue 24/2 (at 16:00
    # is irrelevant); restart: + 5 from Tue 24/2 -> Tue 3/3.
    pause = Pause(requested_on="2026-02-23", completed_on="2026-02-24T16:00")
    d = compute_deadline(CAL, FRI_16H, 5, cutoff=T15, channel="post", pauses=[pause])
    assert d.due_date == D("2026-03-03")
    person = compute_deadline(CAL, FRI_16H, 5, cutoff=T15, pauses=[pause])
    assert person.due_date == D("2026-03-04")  # after 15:00 in person: from Wed 25/2


def test_equality_and_pickling_keep_the_channel() -> None:
    a = CAL.deadline(FRI_16H, 5, channel="post")
    b = CAL.deadline(FRI_16H, 5, channel="in_person")
    assert (a.receipt_day, a.due_date) == (b.receipt_day, b.due_date) and a != b
    again = pickle.loads(pickle.dumps(a))
    assert again == a and again.channel is ReceiptChannel.POST


# --- many dossiers --------------------------------------------------------------------------


def test_batch_channels_hand_counted() -> None:
    received = np.array([FRI_16H] * 4, dtype="M8[m]")
    want = ["2026-03-02", "2026-02-27", "2026-03-02", "2026-02-27"]
    for channel in (
        np.array(["in_person", "post", "online", "post"]),
        np.array([0, 1, 2, 1], dtype=np.uint8),
    ):
        batch = CAL.deadlines_many(received, 5, cutoff=T15, channel=channel, online_cutoff=True)
        assert [d.isoformat() for d in batch.due_dates.tolist()] == want
    post = CAL.deadlines_many(received, 5, cutoff=T15, channel="post")
    assert {d.isoformat() for d in post.due_dates.tolist()} == {"2026-02-27"}


def test_batch_refusals() -> None:
    received = np.array([FRI_16H, FRI_16H], dtype="M8[m]")
    with pytest.raises(DeadlineError, match="dossier 1: channel 'online'"):
        CAL.deadlines_many(received, 5, cutoff=T15, channel=np.array(["post", "online"]))
    with pytest.raises(DeadlineError, match=r"channel\[1\]: 'fax'"):
        CAL.deadlines_many(received, 5, channel=np.array(["post", "fax"]))
    with pytest.raises(DeadlineError, match=r"channel\[0\]: 3"):
        CAL.deadlines_many(received, 5, channel=np.array([3, 0]))
    with pytest.raises(DeadlineError, match="shape"):
        CAL.deadlines_many(received, 5, channel=np.array([0]))
    with pytest.raises(DeadlineError, match="online_cutoff"):
        CAL.deadlines_many(received, 5, cutoff=T15, channel="online")
    # an online dossier without a cut-off needs no choice
    cut = np.array([np.timedelta64(15, "h"), np.timedelta64("NaT", "h")])
    CAL.deadlines_many(received, 5, cutoff=cut, channel=np.array(["post", "online"]))
    # dates: refused only where the cut-off applies
    days = np.array(["2026-02-13", "2026-02-13"], dtype="M8[D]")
    assert (
        CAL.deadlines_many(days, 5, cutoff=T15, channel="post").due_dates.tolist()
        == [D("2026-02-27")] * 2
    )
    with pytest.raises(DeadlineError, match="no time of day"):
        CAL.deadlines_many(days, 5, cutoff=T15, channel=np.array([1, 0]))


@settings(max_examples=80, deadline=None)
@given(cal=cs.working_calendars, batch=cs.channel_batches())
def test_batch_equals_deadline_with_channels(
    cal: WorkingCalendar, batch: dict[str, object]
) -> None:
    got = cal.deadlines_many(
        batch["received_at"],
        batch["working_days"],
        cutoff=batch["cutoff"],
        channel=batch["channel"],
        online_cutoff=batch["online_cutoff"],  # type: ignore[arg-type]
    )
    want = []
    for moment, n, cutoff, channel in batch["scalar"]:  # type: ignore[attr-defined]
        d = cal.deadline(
            moment, n, cutoff=cutoff, channel=channel, online_cutoff=batch["online_cutoff"]
        )
        want.append((d.receipt_day, d.due_date, d.provisional))
    assert (
        list(
            zip(
                got.receipt_days.reshape(-1).tolist(),
                got.due_dates.reshape(-1).tolist(),
                got.provisional.reshape(-1).tolist(),
                strict=True,
            )
        )
        == want
    )
