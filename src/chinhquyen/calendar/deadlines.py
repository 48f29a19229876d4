"""Due dates of administrative procedures counted in working days (ngày làm việc).

A procedure of N working days received on day D is due on the N-th working day after D. D is the
day of the receipt moment, which depends on how the dossier came (`ReceiptChannel`): in person,
by post (the arrival postmark's date) or online (the moment the public-service system recorded
it). The receipt day moves to the next working day when the dossier arrives on a non-working day
or, for
procedures that have one, after their daily cut-off time (``"sau 15 giờ"`` in NĐ 23/2015/NĐ-CP
Điều 7 on chứng thực and NĐ 63/2024/NĐ-CP Điều 7 khoản 2). A request to supplement the dossier
(phiếu BM.02) pauses the count; an apology slip (phiếu BM.04, NĐ 118/2025/NĐ-CP) sets a new
return date. Every step of the computation is recorded with its rule so it can be audited.

The calendar is anything with ``is_working_day`` and ``add_working_days`` (see
`WorkingDays`), normally `WorkingCalendar.national()`.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

import attrs

from chinhquyen.calendar.dates import VN_TZ, DateTimeLike, as_date, as_local_datetime
from chinhquyen.errors import DateOutOfRangeError, DeadlineError

if TYPE_CHECKING:  # numpy is imported by the batch methods only, on first use
    import numpy as np
    from numpy.typing import NDArray

__all__ = [
    "Deadline",
    "DeadlineBatch",
    "Pause",
    "ReceiptChannel",
    "Step",
    "Timeliness",
    "WorkingDays",
    "compute_deadline",
    "cutoff_applies",
    "receipt_rank",
]

#: A working-day rank: an int for one dossier, a numpy integer or boolean array for many.
_Rank = TypeVar("_Rank", int, "NDArray[Any]")
#: A day: a date for one dossier, a numpy `datetime64[D]` (or day-number) array for many.
_Day = TypeVar("_Day", dt.date, "NDArray[Any]")

_RULE_RECEIPT = (
    "Thời hạn tính từ ngày nhận đủ hồ sơ hợp lệ (quy định của từng thủ tục; Giấy tiếp nhận "
    "hồ sơ và hẹn trả kết quả BM.01, NĐ 118/2025/NĐ-CP)"
)
_RULE_NON_WORKING = (
    "Quy ước của thư viện (library convention): hồ sơ nhận vào ngày nghỉ được tính "
    "từ ngày làm việc tiếp theo"
)
_RULE_CUTOFF = (
    "Giờ chốt theo từng thủ tục, e.g. NĐ 23/2015/NĐ-CP Điều 7; NĐ 63/2024/NĐ-CP Điều 7 khoản 2 "
    "(tiếp nhận sau 15 giờ → ngày làm việc tiếp theo)"
)
_RULE_COUNT = (
    "Ngày tiếp nhận không tính (library convention, as BLDS 2015 Điều 147); ngày làm việc theo "
    "Bộ luật Lao động 2019 Điều 111–112, "
    "QĐ 188/1999/QĐ-TTg and the yearly official schedules"
)
_RULE_SAME_DAY = (
    "Thủ tục giải quyết trong ngày: 0 ngày làm việc = trả trong ngày tiếp nhận (same-day procedure)"
)
_RULE_CHANNEL = (
    "Thời hạn tính từ ngày nhận đủ hồ sơ hợp lệ trực tiếp, theo dấu bưu điện đến hoặc theo thời "
    "điểm hệ thống dịch vụ công ghi nhận (văn bản thủ tục trên cổng dịch vụ công, e.g. thủ tục "
    "chứng thực: https://dichvucong.laocai.gov.vn/yenbai/tra-cuu/chi-tiet-thu-tuc?ma-thu-tuc=26455)"
)
_RULE_POST_CUTOFF = (
    "Quy ước của thư viện (library convention): dấu bưu điện chỉ ghi ngày, nên giờ chốt không "
    "áp dụng cho hồ sơ gửi qua bưu chính"
)
_RULE_ONLINE_CUTOFF = (
    "Tùy chọn online_cutoff (option): chưa xác nhận được văn bản nói giờ chốt có áp dụng cho hồ sơ "
    "nộp trực tuyến hay không; người gọi chọn"
)
_RULE_PAUSE = "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (BM.02, NĐ 118/2025/NĐ-CP)"
_RULE_RESTART = "Thời hạn giải quyết tính từ ngày nhận đủ hồ sơ hợp lệ (quy định của từng thủ tục)"
_RULE_RESUME = "Option resume_after_pause: số ngày làm việc còn lại được tính tiếp"
_RULE_EXTENSION = "Phiếu xin lỗi và hẹn lại ngày trả kết quả (BM.04, NĐ 118/2025/NĐ-CP)"


class WorkingDays(Protocol):
    """What a deadline needs from a working-day calendar."""

    def is_working_day(self, d: dt.date, /) -> bool:
        """Return whether ``d`` is a working day."""
        ...

    def add_working_days(self, d: dt.date, n: int, /) -> dt.date:
        """Return the ``n``-th working day after ``d`` (0: ``d`` or the next working day)."""
        ...


class Timeliness(enum.Enum):
    """How a result was returned compared with its due date (the BM.05 result column)."""

    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"

    @property
    def label(self) -> str:
        """The Vietnamese label used on the process-control slip: trước hạn, đúng hạn, quá hạn."""
        return _LABELS_VI[self]

    @property
    def label_en(self) -> str:
        """The English label: early, on time, late."""
        return _LABELS_EN[self]


_LABELS_VI = {
    Timeliness.EARLY: "trước hạn",
    Timeliness.ON_TIME: "đúng hạn",
    Timeliness.LATE: "quá hạn",
}
_LABELS_EN = {Timeliness.EARLY: "early", Timeliness.ON_TIME: "on time", Timeliness.LATE: "late"}


class ReceiptChannel(enum.StrEnum):
    """How a dossier reached the agency, which decides its receipt moment.

    Published procedure texts count the time limit from the day a complete dossier is received
    in person, by the arrival postmark ("theo dấu bưu điện đến"), or when the online
    public-service system records it ("theo thời điểm hệ thống dịch vụ công ghi nhận"), e.g. the
    certification procedure on a provincial portal:
    https://dichvucong.laocai.gov.vn/yenbai/tra-cuu/chi-tiet-thu-tuc?ma-thu-tuc=26455 (which
    decree introduced the wording is not confirmed).
    """

    #: Trực tiếp: the receipt moment is when the desk received the complete dossier; a
    #: procedure's cut-off applies.
    IN_PERSON = "in_person"
    #: Qua dịch vụ bưu chính: the receipt day is the date of the arrival postmark; a postmark
    #: gives the day only, so a cut-off never applies (a library convention).
    POST = "post"
    #: Trực tuyến: the receipt moment is the timestamp of the public-service system; whether a
    #: procedure's cut-off applies is not confirmed by a source, so the caller decides
    #: (`online_cutoff`).
    ONLINE = "online"

    @property
    def code(self) -> int:
        """The channel's number in arrays given to `deadlines_many` (0, 1, 2 in this order)."""
        return _CHANNELS.index(self)

    @property
    def label(self) -> str:
        """The Vietnamese label: trực tiếp, qua bưu chính, trực tuyến."""
        return _CHANNEL_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """The English label: in person, by post, online."""
        return _CHANNEL_LABELS[self][1]


_CHANNELS = tuple(ReceiptChannel)
_IN_PERSON = ReceiptChannel.IN_PERSON
_CHANNEL_LABELS = {
    ReceiptChannel.IN_PERSON: ("trực tiếp", "in person"),
    ReceiptChannel.POST: ("qua bưu chính", "by post"),
    ReceiptChannel.ONLINE: ("trực tuyến", "online"),
}


def as_channel(value: object, field: str = "channel") -> ReceiptChannel:
    """Return `value` (a `ReceiptChannel` or its value, e.g. `"post"`) as a `ReceiptChannel`.

    Raises:
        DeadlineError: naming `field` and the valid values, for anything else.
    """
    if isinstance(value, ReceiptChannel):
        return value
    if isinstance(value, str):
        try:
            return ReceiptChannel(value)
        except ValueError:
            pass
    valid = ", ".join(repr(c.value) for c in _CHANNELS)
    raise DeadlineError(f"{field}: {value!r} is not a receipt channel; give one of {valid}")


def cutoff_applies(channel: ReceiptChannel, online_cutoff: bool | None) -> bool:
    """Return whether a procedure's daily cut-off applies to a dossier received by `channel`.

    In person: yes. By post: no, the postmark dates the receipt to a day. Online: as
    `online_cutoff` says; `None` (not chosen) is refused, since no source confirms either way.

    Raises:
        DeadlineError: for an online dossier when `online_cutoff` is `None`.
    """
    if channel is ReceiptChannel.IN_PERSON:
        return True
    if channel is ReceiptChannel.POST:
        return False
    if online_cutoff is None:
        raise DeadlineError(
            "channel 'online' with a cut-off: no source the library has says whether a "
            "procedure's cut-off applies to online submissions; choose online_cutoff=True (the "
            "system's timestamp is compared with the cut-off, as a desk receipt is) or "
            "online_cutoff=False (an online dossier counts from the day the system recorded it)"
        )
    return online_cutoff


_MIDNIGHT = dt.time()


def _to_requested_on(value: DateTimeLike) -> dt.date:
    return as_date(value, field="Pause.requested_on")


def _to_moment(value: object, field: str) -> dt.datetime:
    """Read a receipt-like moment; a plain date (or ISO date string) means 00:00 of that day."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, _MIDNIGHT, VN_TZ)
    return as_local_datetime(value, field=field)


def _to_completed_on(value: DateTimeLike) -> dt.datetime:
    return _to_moment(value, "Pause.completed_on")


@attrs.frozen(slots=True)
class Pause:
    """A pause of the count while the applicant supplements the dossier.

    Attributes:
        requested_on: the day the request to supplement (phiếu BM.02) was issued.
        completed_on: when the complete dossier came back, as a moment in Asia/Ho_Chi_Minh; a
            plain date means the start of that day.
    """

    requested_on: dt.date = attrs.field(converter=_to_requested_on)
    completed_on: dt.datetime = attrs.field(converter=_to_completed_on)

    def __attrs_post_init__(self) -> None:
        if self.completed_on.date() < self.requested_on:
            raise _pause_refusal(0, self.requested_on, self.completed_on.date(), None)


@attrs.frozen(slots=True)
class Step:
    """One step of a deadline computation.

    Attributes:
        description: what happened, in Vietnamese.
        description_en: the same in English.
        rule: the legal source or design rule the step applies.
        date: the date the step produced.
    """

    description: str
    description_en: str
    rule: str
    date: dt.date


class _Counting(Protocol):
    """Working days numbered in date order: what the receipt-day rule counts on."""

    def code(self, day: dt.date, /) -> int:
        """Return 2 x (working days before `day`) + (1 if `day` is a working day else 0)."""
        ...

    def day(self, rank: int, start: dt.date, n: int, /) -> dt.date:
        """Return the working day of `rank`, i.e. `add_working_days(start, n)` (for errors)."""
        ...

    def between(self, after: dt.date, until: dt.date, /) -> int:
        """Return the number of working days in `(after, until]` (0 when `until <= after`)."""
        ...

    def check(self, day: dt.date, field: str, /) -> None:
        """Refuse a day the calendar does not answer for."""
        ...

    def provisional(self, first: dt.date, last: dt.date, /) -> bool:
        """Return whether a day from `first` through `last` is provisional."""
        ...


#: What a deadline was computed from besides the receipt, its channel and the time limit (kept to
#: build the steps when asked for): the calendar's counting, the cut-off, the pauses,
#: resume_after_pause, the extension, a memo that holds the steps once built (empty until then),
#: the channel and online_cutoff. A memo rather
#: than functools.cached_property: attrs gives a slotted class with a cached property a
#: __getattr__ hook, which makes every attribute read several times slower.
_Source = tuple[
    _Counting,
    dt.time | None,
    tuple["Pause", ...],
    bool,
    dt.date | None,
    list[tuple["Step", ...]],
    "ReceiptChannel",
    bool | None,
]


@attrs.frozen(slots=True, eq=False)
class Deadline:
    """The due date of a dossier and how it was counted.

    The dates are computed when the deadline is; the audit trail (`steps`, `explain()`) is built
    from the same inputs by the same counting, the first time it is asked for. Two deadlines are
    equal when their attributes and their steps are.

    Attributes:
        received_at: when the dossier was received, in Asia/Ho_Chi_Minh.
        receipt_day: the day counting starts from (the receipt day after the non-working-day and
            cut-off rules, before any pause).
        working_days: the procedure's time limit in working days.
        due_date: the day the result is due (the apology slip's new date if `extended`).
        original_due_date: the due date counted from the rules, before any extension.
        provisional: whether a day from the day of arrival through `due_date` is provisional
            (its year has no official schedule, or a rule not confirmed as law set it): the
            result may change when the schedule is published. Always False on a calendar that
            cannot say (one without `is_provisional`).
    """

    received_at: dt.datetime
    receipt_day: dt.date
    working_days: int
    due_date: dt.date
    original_due_date: dt.date
    provisional: bool
    _source: _Source = attrs.field(alias="source", repr=False)

    @property
    def channel(self) -> ReceiptChannel:
        """How the dossier was received (see `ReceiptChannel`)."""
        return self._source[6]

    @property
    def extended(self) -> bool:
        """Whether an apology and new appointment slip (BM.04) moved the due date."""
        return self._source[4] is not None

    @property
    def steps(self) -> tuple[Step, ...]:
        """Every step of the computation with its rule (built on first use)."""
        counting, cutoff, pauses, resume, extended_to, memo, channel, online = self._source
        if memo:
            return memo[0]
        trace: list[Step] = []
        applied = cutoff if channel is _IN_PERSON or cutoff_applies(channel, online) else None
        _count(
            counting,
            self.received_at,
            self.working_days,
            applied,
            pauses,
            resume,
            extended_to,
            trace,
            (channel, cutoff),
        )
        memo.append(tuple(trace))
        return memo[0]

    def _key(self) -> tuple[object, ...]:
        return (
            self.received_at,
            self.receipt_day,
            self.working_days,
            self.due_date,
            self.original_due_date,
            self.extended,
            self.provisional,
            self.channel,
        )

    def __eq__(self, other: object) -> bool:
        """Equal attributes and equal steps (the steps are compared only if all else is)."""
        if not isinstance(other, Deadline):
            return NotImplemented
        return self._key() == other._key() and self.steps == other.steps

    def __hash__(self) -> int:
        """The hash of the attributes (equal deadlines have equal attributes)."""
        return hash(self._key())

    def status(self, returned_at: DateTimeLike, *, against_original: bool = False) -> Timeliness:
        """Classify a return of the result as early, on time or late.

        Args:
            returned_at: when the result was returned (date, datetime or ISO string; its day in
                Asia/Ho_Chi_Minh counts).
            against_original: compare with the due date before any extension instead of the
                (possibly extended) ``due_date`` — a dossier that needed an apology slip is then
                late whenever it is returned after the original date.

        Raises:
            DateParseError: if `returned_at` is not a date or moment.
            DeadlineError: if the result was returned before the dossier was received.
            DateOutOfRangeError: if `returned_at` is after the calendar's range.
        """
        returned = as_date(returned_at, field="returned_at")
        self._source[0].check(returned, "returned_at")
        if returned < self.received_at.date():
            raise DeadlineError(
                f"returned_at {returned.isoformat()} is before the dossier was received "
                f"({self.received_at.date().isoformat()}); a result cannot precede its dossier"
            )
        due = self.original_due_date if against_original else self.due_date
        if returned < due:
            return Timeliness.EARLY
        if returned == due:
            return Timeliness.ON_TIME
        return Timeliness.LATE

    def explain(self) -> str:
        """Return the computation as readable lines, one per step, with its rule."""
        lines = [
            f"Hạn giải quyết / due date: {self.due_date:%d/%m/%Y} "
            f"({self.working_days} ngày làm việc / working days)"
        ]
        for i, step in enumerate(self.steps, 1):
            lines.append(
                f"{i}. {step.date:%d/%m/%Y}: {step.description} / {step.description_en} "
                f"[{step.rule}]"
            )
        if self.provisional:
            counting = self._source[0]
            first = self.received_at.date()
            days = [
                first + dt.timedelta(days=k)
                for k in range((self.due_date - first).days + 1)
                if counting.provisional(first + dt.timedelta(days=k), first + dt.timedelta(days=k))
            ]
            lines.append(
                f"Tạm tính: {len(days)} ngày từ {days[0]:%d/%m/%Y} đến {self.due_date:%d/%m/%Y} "
                "chưa có lịch nghỉ chính thức hoặc theo quy định chưa được xác nhận / "
                f"Provisional: {len(days)} day(s) from {days[0].isoformat()} to "
                f"{self.due_date.isoformat()} have no official schedule or follow a rule not "
                "confirmed as law"
            )
        return "\n".join(lines)


@attrs.frozen(slots=True, eq=False)
class DeadlineBatch:
    """The due dates of many dossiers, from `WorkingCalendar.deadlines_many`.

    Element `k` of each array is what
    [`WorkingCalendar.deadline`][chinhquyen.calendar.WorkingCalendar.deadline] gives for
    dossier `k` (its `receipt_day`, `due_date`, `original_due_date` and `provisional`); see
    [`deadlines_many`][chinhquyen.calendar.WorkingCalendar.deadlines_many]. The arrays share
    one buffer.

    Attributes:
        receipt_days: `datetime64[D]`: the day counting starts from.
        due_dates: `datetime64[D]`: the day the result is due (an apology slip's new return
            date where one was given).
        provisional: `bool`: whether a day from the day of arrival through the due date is
            provisional (a year without an official schedule, or a rule not confirmed as law).
        original_due_dates: `datetime64[D]`: the due date counted from the rules, before any
            apology slip; `due_dates` itself (the same array) when no slip was given.
    """

    receipt_days: NDArray[np.datetime64]
    due_dates: NDArray[np.datetime64]
    provisional: NDArray[np.bool_]
    original_due_dates: NDArray[np.datetime64] = attrs.field(
        default=attrs.Factory(lambda batch: batch.due_dates, takes_self=True)
    )

    def __len__(self) -> int:
        """The number of dossiers."""
        return len(self.due_dates)


def receipt_rank(before: _Rank, working: _Rank, after_cutoff: _Rank) -> _Rank:
    """Return the rank of the day counting starts from: the one receipt-day rule.

    Working days are numbered 0, 1, 2, ... in date order (their *rank*). For a dossier that
    arrives on a day before which `before` working days lie, the receipt day is the first working
    day on or after the day of arrival (rank `before`: the day itself when it is a working day,
    else the next one), moved one working day further when the day of arrival is a working day
    and the dossier came after the procedure's cut-off. The due date of a procedure of `N`
    working days is the working day of rank `receipt_rank(...) + N` (`N = 0`: the receipt day).

    The same expression serves one dossier (ints) and many (numpy integer and boolean arrays).

    Args:
        before: the number of working days before the day of arrival.
        working: 1 (or True) when the day of arrival is a working day, else 0.
        after_cutoff: 1 (or True) when the dossier arrived after the procedure's cut-off time.
    """
    rank: _Rank = before + (working & after_cutoff)  # numpy's operators are typed Any
    return rank


class _Walk:
    """Counting on any `WorkingDays` calendar through its two methods.

    Ranks are counted from the day of arrival (`origin`): a day's rank is the number of working
    days from `origin` up to it, and rank `r` is `add_working_days(first, r)` where `first` is the
    first working day on or after `origin`.
    """

    __slots__ = ("calendar", "first", "origin")

    def __init__(self, calendar: WorkingDays, origin: dt.date) -> None:
        self.calendar = calendar
        self.origin = origin
        self.first: dt.date | None = None

    def code(self, day: dt.date, /) -> int:
        is_working_day = self.calendar.is_working_day
        before, d = 0, self.origin
        while d < day:
            before += is_working_day(d)
            d += _ONE_DAY
        return 2 * before + int(is_working_day(day))

    def day(self, rank: int, start: dt.date, n: int, /) -> dt.date:
        if self.first is None:
            self.first = self.calendar.add_working_days(self.origin, 0)
        return self.calendar.add_working_days(self.first, rank) if rank else self.first

    def between(self, after: dt.date, until: dt.date, /) -> int:
        # the spans involved are a few weeks at most
        count, d = 0, after + _ONE_DAY
        while d <= until:
            count += self.calendar.is_working_day(d)
            d += _ONE_DAY
        return count

    def check(self, day: dt.date, field: str, /) -> None:
        try:
            self.calendar.is_working_day(day)
        except DateOutOfRangeError as e:
            raise DateOutOfRangeError(f"{field}: {e}") from None

    def provisional(self, first: dt.date, last: dt.date, /) -> bool:
        is_provisional = getattr(self.calendar, "is_provisional", None)
        if is_provisional is None:
            return False
        d = first
        while d <= last:
            if is_provisional(d):
                return True
            d += _ONE_DAY
        return False


_ONE_DAY = dt.timedelta(days=1)


def _start(
    c: _Counting,
    moment: dt.datetime,
    cutoff: dt.time | None,
    what: tuple[str, str],
    trace: list[Step] | None,
    how: tuple[ReceiptChannel, dt.time | None] | None = None,
) -> tuple[int, dt.date]:
    """The rank and day counting starts from for a dossier arriving at `moment`.

    `cutoff` is the cut-off that applies to the dossier (None if none does); `how`, used for
    the steps only, is its channel and the procedure's cut-off as given.
    """
    day = moment.date()
    code = c.code(day)
    before, working = code >> 1, code & 1
    after_cutoff = cutoff is not None and moment.time() > cutoff
    rank = receipt_rank(before, working, after_cutoff)
    # the working day of rank `before` is the day itself when that is a working day
    start = day if working and rank == before else c.day(rank, day, rank - before)
    if trace is not None:
        channel, given = (_IN_PERSON, cutoff) if how is None else how
        trace.append(_receipt_step(what, moment, channel))
        if given is not None and cutoff is None:
            why = (
                ("dấu bưu điện chỉ ghi ngày", "a postmark gives the day only", _RULE_POST_CUTOFF)
                if channel is ReceiptChannel.POST
                else (
                    "hồ sơ trực tuyến (online_cutoff=False)",
                    "an online dossier (online_cutoff=False)",
                    _RULE_ONLINE_CUTOFF,
                )
            )
            trace.append(
                Step(
                    f"Không áp dụng giờ chốt {given:%H:%M}: {why[0]}",
                    f"The {given:%H:%M} cut-off does not apply: {why[1]}",
                    why[2],
                    day,
                )
            )
        if not working:
            trace.append(
                Step(
                    "Ngày nhận không phải ngày làm việc; tính từ ngày làm việc tiếp theo",
                    "Received on a non-working day; counted from the next working day",
                    _RULE_NON_WORKING,
                    start,
                )
            )
        elif after_cutoff:
            assert cutoff is not None
            rule = _RULE_CUTOFF
            if channel is ReceiptChannel.ONLINE:
                rule = f"{_RULE_CUTOFF}; {_RULE_ONLINE_CUTOFF}: online_cutoff=True"
            trace.append(
                Step(
                    f"Nhận sau {cutoff:%H:%M}; tính từ ngày làm việc tiếp theo",
                    f"Received after the {cutoff:%H:%M} cut-off; counted from the next working day",
                    rule,
                    start,
                )
            )
    return rank, start


def _receipt_step(what: tuple[str, str], moment: dt.datetime, channel: ReceiptChannel) -> Step:
    """The step that states the receipt moment, as the channel defines it."""
    day = moment.date()
    if channel is ReceiptChannel.POST:
        return Step(
            f"{what[0]} qua bưu chính, theo dấu bưu điện đến ngày {day:%d/%m/%Y}",
            f"{what[1]} by post, arrival postmark dated {day.isoformat()}",
            _RULE_CHANNEL,
            day,
        )
    if channel is ReceiptChannel.ONLINE:
        return Step(
            f"{what[0]} trực tuyến, hệ thống dịch vụ công ghi nhận lúc {moment:%H:%M} "
            f"ngày {day:%d/%m/%Y}",
            f"{what[1]} online, recorded by the public-service system at {moment:%H:%M} "
            f"on {day.isoformat()}",
            _RULE_CHANNEL,
            day,
        )
    return Step(
        f"{what[0]} lúc {moment:%H:%M} ngày {day:%d/%m/%Y}",
        f"{what[1]} at {moment:%H:%M} on {day.isoformat()}",
        _RULE_RECEIPT,
        day,
    )


def _count_step(due: dt.date, n: int, total: int) -> Step:
    if n == 0:
        return Step(
            "Trả kết quả trong ngày làm việc bắt đầu tính",
            "Result due on the starting working day",
            _RULE_SAME_DAY,
            due,
        )
    part = "" if n == total else f" (còn lại của {total})"
    part_en = "" if n == total else f" (remaining of {total})"
    return Step(
        f"Cộng {n} ngày làm việc{part}, không tính ngày bắt đầu",
        f"Add {n} working days{part_en}, the starting day not counted",
        _RULE_COUNT,
        due,
    )


def _count(
    c: _Counting,
    moment: dt.datetime,
    working_days: int,
    cutoff: dt.time | None,
    pauses: tuple[Pause, ...],
    resume_after_pause: bool,
    extended_to: dt.date | None,
    trace: list[Step] | None,
    how: tuple[ReceiptChannel, dt.time | None] | None = None,
) -> tuple[dt.date, dt.date, dt.date]:
    """Return (receipt day, due date, due date before any extension); record steps in `trace`.

    `cutoff` is the cut-off that applies to the dossier's channel; `how` (for the steps) its
    channel and the cut-off as given.
    """
    rank, receipt_day = _start(c, moment, cutoff, _RECEIVED, trace, how)
    due = c.day(rank + working_days, receipt_day, working_days)
    if trace is not None:
        trace.append(_count_step(due, working_days, working_days))
    if not pauses and extended_to is None:
        return receipt_day, due, due

    anchor, remaining = receipt_day, working_days
    previous_end = moment
    for i, pause in enumerate(pauses):
        if not isinstance(pause, Pause):
            raise DeadlineError(f"pauses[{i}] must be a Pause, got {type(pause).__name__}")
        problem = _pause_order(pause.requested_on, previous_end.date(), due)
        if problem:
            raise _pause_refusal(
                problem,
                pause.requested_on,
                due if problem == _AFTER_DUE else previous_end.date(),
                i,
            )
        if trace is not None:
            trace.append(
                Step(
                    "Yêu cầu bổ sung, hoàn thiện hồ sơ; tạm dừng tính thời hạn",
                    "Request to supplement the dossier; the count is paused",
                    _RULE_PAUSE,
                    pause.requested_on,
                )
            )
        used = c.between(anchor, pause.requested_on) if resume_after_pause else 0
        remaining = _remaining_after_pause(working_days, remaining, used, bool(resume_after_pause))
        rank, anchor = _start(c, pause.completed_on, cutoff, _COMPLETED, trace, how)
        due = c.day(rank + remaining, anchor, remaining)
        if trace is not None:
            step = _count_step(due, remaining, working_days)
            trace.append(
                Step(
                    f"{step.description}; "
                    f"{'tính tiếp' if resume_after_pause else 'tính lại từ đầu'}",
                    f"{step.description_en}; "
                    f"{'resumed' if resume_after_pause else 'restarted from the complete dossier'}",
                    f"{_RULE_RESUME if resume_after_pause else _RULE_RESTART}; {step.rule}",
                    step.date,
                )
            )
        previous_end = pause.completed_on

    original_due = due
    if extended_to is not None:
        c.check(extended_to, "extended_to")
        if not _extension_valid(extended_to, original_due):
            raise _extension_refusal(extended_to, original_due)
        if trace is not None:
            trace.append(
                Step(
                    "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
                    "Apology slip with a new return date",
                    _RULE_EXTENSION,
                    extended_to,
                )
            )
        due = extended_to
    return receipt_day, due, original_due


#: What `_pause_order` finds wrong with a pause (0: nothing).
_BEFORE_PREVIOUS, _AFTER_DUE = 1, 2


def _pause_order(requested_on: _Day, previous_end: _Day, due: _Day) -> Any:
    """Return what is wrong with the dates of a pause: the pause-order rule (BM.02).

    A request to supplement the dossier (phiếu BM.02, NĐ 118/2025/NĐ-CP) is issued on or after
    the day the dossier was received (or the previous pause ended) and no later than the day
    the dossier is due at that point. The same expression serves one pause (dates) and many
    (numpy `datetime64[D]` or day-number arrays, then the answer is an array).

    Returns:
        0 when the pause is in order, 1 when requested before `previous_end`, 2 when requested
        after `due` (1 wins when both hold).
    """
    before = requested_on < previous_end
    after = (requested_on > due) & (requested_on >= previous_end)
    return before + _AFTER_DUE * after


def _pause_refusal(
    problem: int, requested_on: dt.date, other: dt.date, i: int | None
) -> DeadlineError:
    """The refusal of pause `i` (`None`: a `Pause` completed before it was requested).

    `problem` is `_pause_order`'s answer; `other` the day compared with: the previous end, the
    due date, or (for `i=None`) the day the dossier was completed.
    """
    if i is None:
        return DeadlineError(
            f"pause: the dossier was completed on {other.isoformat()}, before the supplement "
            f"request of {requested_on.isoformat()}; completed_on must be on or after requested_on"
        )
    if problem == _AFTER_DUE:
        return DeadlineError(
            f"pauses[{i}]: supplement requested on {requested_on.isoformat()}, after "
            f"the dossier was already due on {other.isoformat()}; a request to supplement "
            "must be issued before the due date"
        )
    what = "the dossier was received" if i == 0 else f"pauses[{i - 1}] ended"
    return DeadlineError(
        f"pauses[{i}]: supplement requested on {requested_on.isoformat()}, before "
        f"{what} ({other.isoformat()}); pauses must follow the receipt "
        "and each other in date order"
    )


def _remaining_after_pause(
    working_days: _Rank, remaining: _Rank, used: _Rank, resume: Any
) -> _Rank:
    """Return the working days counted after a pause: the restart-or-resume rule.

    By default the count restarts, whole, from the day the complete dossier came back ("kể từ
    ngày nhận đủ hồ sơ hợp lệ"); with `resume` (the `resume_after_pause` option) it resumes
    with the `remaining` working days less the `used` ones (from the day counting started
    through the day of the request), never below 0. The same expression serves one dossier
    (ints and a bool) and many (numpy arrays).
    """
    left: Any = remaining - used
    left = left * (left > 0)
    answer: _Rank = working_days + resume * (left - working_days)
    return answer


def _extension_valid(extended_to: _Day, original_due: _Day) -> Any:
    """Return whether an apology slip's new return date is valid: later than the due date.

    The apology slip (phiếu xin lỗi và hẹn lại ngày trả kết quả, BM.04, NĐ 118/2025/NĐ-CP)
    sets a new return date, which must be later than the due date counted from the rules. The
    same expression serves one dossier (dates; a bool) and many (arrays; a bool array).
    """
    return extended_to > original_due


def _extension_refusal(extended_to: dt.date, original_due: dt.date) -> DeadlineError:
    """The refusal of an apology slip's return date not later than the due date."""
    return DeadlineError(
        f"extended_to {extended_to.isoformat()} is not later than the due date "
        f"{original_due.isoformat()}; an apology slip must set a later return date"
    )


_RECEIVED = ("Tiếp nhận hồ sơ", "Dossier received")
_COMPLETED = ("Nhận đủ hồ sơ bổ sung", "Complete dossier back")


def compute_deadline(
    calendar: WorkingDays,
    received_at: DateTimeLike,
    working_days: int,
    *,
    cutoff: dt.time | None = None,
    channel: ReceiptChannel | str = ReceiptChannel.IN_PERSON,
    online_cutoff: bool | None = None,
    pauses: Sequence[Pause] = (),
    resume_after_pause: bool = False,
    extended_to: DateTimeLike | None = None,
) -> Deadline:
    """Compute when a dossier handled in `working_days` working days is due.

    The receipt day is the day of `received_at` in Asia/Ho_Chi_Minh; it becomes the next
    working day when that day is not a working day or when the dossier arrived after
    `cutoff` (strictly after: `"sau 15 giờ"` — a dossier received at exactly 15:00:00 is
    counted from the same day) and the cut-off applies to its `channel`. The due date is the
    `working_days`-th working day after the receipt day; `working_days=0` means the result is
    due on the receipt day itself. The rule is
    [`receipt_rank`][chinhquyen.calendar.receipt_rank], the one the batch
    [`WorkingCalendar.deadlines_many`][chinhquyen.calendar.WorkingCalendar.deadlines_many] applies.

    Args:
        calendar: the working-day calendar (e.g. `WorkingCalendar.national()`).
        received_at: when the dossier was received: an aware or naive (Vietnamese wall-clock)
            datetime, an ISO string, or a plain date (meaning the start of that day).
        working_days: the procedure's time limit in working days (>= 0).
        cutoff: the procedure's daily cut-off time (local wall-clock, naive), e.g.
            `time(15)`; `None` when the procedure has none.
        channel: how the dossier was received
            ([`ReceiptChannel`][chinhquyen.calendar.ReceiptChannel] or its value), which says
            what `received_at` is: `"in_person"` (default) the desk's receipt moment;
            `"post"` the date of the arrival postmark (its time of day, if given, plays no
            part, and the cut-off does not apply); `"online"` the moment the public-service
            system recorded the dossier. Pauses' `completed_on` are read the same way.
        online_cutoff: for `channel="online"` with a `cutoff`: whether the cut-off applies to
            the system's timestamp (`True`) or not (`False`). No source confirms either, so
            there is no default: `None` is refused when it matters.
        pauses: requests to supplement the dossier, in chronological order.
        resume_after_pause: by default the count restarts from the day the complete dossier
            came back ("kể từ ngày nhận đủ hồ sơ hợp lệ"); `True` resumes counting the working
            days that were left when the request was issued (the request day counts as used).
        extended_to: the new return date set by an apology slip (BM.04); must be later than the
            due date counted from the rules.

    Returns:
        The [`Deadline`][chinhquyen.calendar.Deadline], marked provisional when the count
        runs through a provisional day; its counting steps, each with its rule, are built when
        asked for.

    Raises:
        DeadlineError: for a negative or non-integer `working_days`, an aware `cutoff`, a
            `cutoff` that applies with a receipt that has no time of day (a date), an unknown
            `channel`, an online dossier with a `cutoff` and no `online_cutoff` choice, a
            non-boolean `online_cutoff`, `pauses` that are not a
            sequence of `Pause`, a pause starting before the receipt or before the previous
            pause ended, a pause requested after the dossier was already due, or an extension
            not later than the original due date.
        DateParseError: if a date or moment cannot be read.
        DateOutOfRangeError: if a day involved lies outside the calendar's range.
    """
    if type(working_days) is not int or working_days < 0:
        _refuse_working_days(working_days)
    if cutoff is not None and (type(cutoff) is not dt.time or cutoff.tzinfo is not None):
        _refuse_cutoff(cutoff)
    # the channel, and the cut-off if it applies to the channel
    chan, applied = _IN_PERSON, cutoff
    if channel is not _IN_PERSON or online_cutoff is not None:
        chan, applied = _channel_cutoff(channel, online_cutoff, cutoff)
    if applied is not None and not isinstance(received_at, dt.datetime) and _date_only(received_at):
        raise DeadlineError(
            "received_at has no time of day, so the cut-off cannot be applied; give the "
            "receipt time (YYYY-MM-DDTHH:MM)"
        )
    if isinstance(received_at, dt.datetime):
        moment = as_local_datetime(received_at, field="received_at")
    else:
        moment = _to_moment(received_at, "received_at")
    if type(pauses) is not tuple:
        pauses = _as_pauses(pauses)
    extended = None if extended_to is None else as_date(extended_to, field="extended_to")
    day = moment.date()
    # the calendar's own table of working-day ranks (WorkingCalendar), else a walk over it
    table: _Counting | None = getattr(calendar, "_deadline_counting", None)
    counting = _Walk(calendar, day) if table is None else table
    receipt_day, due, original_due = _count(
        counting,
        moment,
        working_days,
        applied,
        pauses,
        resume_after_pause,
        extended,
        None,
    )
    provisional = counting.provisional(day, due)
    source: _Source = (
        counting,
        cutoff,
        pauses,
        resume_after_pause,
        extended,
        [],
        chan,
        online_cutoff,
    )
    return Deadline(moment, receipt_day, working_days, due, original_due, provisional, source)


def _channel_cutoff(
    channel: object, online_cutoff: object, cutoff: dt.time | None
) -> tuple[ReceiptChannel, dt.time | None]:
    """The channel as read, and `cutoff` if it applies to that channel, else None."""
    chan = as_channel(channel)
    if online_cutoff is not None and type(online_cutoff) is not bool:
        raise DeadlineError(f"online_cutoff must be True, False or None, got {online_cutoff!r}")
    if cutoff is None or cutoff_applies(chan, online_cutoff):
        return chan, cutoff
    return chan, None


def _date_only(received_at: object) -> bool:
    """Whether a receipt that is not a datetime is a date without a time of day."""
    if isinstance(received_at, dt.date):
        return True
    if isinstance(received_at, str):
        try:
            dt.date.fromisoformat(received_at)
        except ValueError:
            return False
        return True
    return False


def _as_pauses(pauses: object) -> tuple[Pause, ...]:
    try:
        return tuple(cast("Iterable[Pause]", pauses))  # each is checked as it is counted
    except TypeError:
        raise DeadlineError(
            f"pauses must be a sequence of Pause (empty when the dossier was never paused), got "
            f"{type(pauses).__name__}"
        ) from None


def _refuse_working_days(working_days: object) -> None:
    if isinstance(working_days, bool) or not isinstance(working_days, int):
        raise DeadlineError(f"working_days must be an integer >= 0, got {working_days!r}")
    if working_days < 0:
        raise DeadlineError(
            f"working_days must be >= 0 (0 = same-day procedure), got {working_days}"
        )


def _refuse_cutoff(cutoff: object) -> None:
    if not isinstance(cutoff, dt.time):
        raise DeadlineError(f"cutoff must be a datetime.time such as time(15), got {cutoff!r}")
    if cutoff.tzinfo is not None:
        raise DeadlineError(
            f"cutoff {cutoff} carries a time zone; give the local (Asia/Ho_Chi_Minh) "
            "wall-clock time without tzinfo, e.g. time(15)"
        )
