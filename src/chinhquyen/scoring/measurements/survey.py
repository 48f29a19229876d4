"""Satisfaction surveys: definitions, answers read from a Google Form export, and rates.

A [`SurveyDefinition`][] names the questions and the answer scale, including which levels
count as *satisfied*: no Vietnamese official formula for a commune's "tỷ lệ hài lòng" was found
(see the project's reference notes, §3), so this is an explicit part of the definition rather
than a hidden rule. [`read_google_form_csv`][] reads the CSV that Google Forms exports
(one row per submitted form, one column per question, answers as the option text) and
[`SurveyResponses.result`][] computes per-question and overall rates exactly.

The overall rate is **pooled**: all satisfied answers over all answers, every question of the
overall alike (`tổng lượt trả lời hài lòng / tổng lượt trả lời`). The mean of the
per-question rates is offered beside it as [`SurveyResult.mean_of_question_rates`][].
"""

from __future__ import annotations

import math
import re
import tomllib
import unicodedata
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal, Self

import attrs
import pydantic

from chinhquyen.criteria import Citation
from chinhquyen.errors import DataFileError, InvalidInputError
from chinhquyen.model import Model
from chinhquyen.scoring.answers import SurveyValue
from chinhquyen.scoring.fields import as_tuple
from chinhquyen.scoring.measurements._rates import percent, rate
from chinhquyen.scoring.measurements.tables import column_letter, read_rows

__all__ = [
    "Question",
    "QuestionResult",
    "Scale",
    "ScaleLevel",
    "SurveyDefinition",
    "SurveyResponse",
    "SurveyResponses",
    "SurveyResult",
    "adequate",
    "available_scales",
    "available_surveys",
    "load_scale",
    "load_survey",
    "normalize_text",
    "read_google_form_csv",
    "sample_size",
]

#: Column headers Google Forms writes for the submission time (Vietnamese and English UI).
TIMESTAMP_HEADERS: frozenset[str] = frozenset({"Dấu thời gian", "Timestamp"})

_DATA = "chinhquyen.scoring.data"
_SPACES = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Return `text` in Unicode NFC with runs of white space collapsed and ends stripped.

    Vietnamese text exported by different tools may be composed (NFC) or decomposed (NFD);
    both spell the same words, so labels and headers are compared in NFC.
    """
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


# --- definitions ---------------------------------------------------------------------------------


class ScaleLevel(Model):
    """One answer option of a scale.

    Attributes:
        label: the option as printed on the form, in Vietnamese (e.g. `"Hài lòng"`).
        label_en: English gloss.
        satisfied: whether an answer at this level counts as satisfied.
    """

    label: str = pydantic.Field(min_length=1)
    label_en: str | None = None
    satisfied: bool


class Scale(Model):
    """An ordered answer scale.

    Attributes:
        id: slug used to refer to the scale from survey files.
        title: Vietnamese name.
        title_en: English name.
        order: whether `levels` run from the best answer to the worst or the reverse.
        levels: the options in the stated order; labels unique (compared in NFC).
        sources: where the scale is used.
        note: caveats.

    The satisfied levels must be the best ones (a contiguous run at the best end): a scale
    where "Bình thường" counts but "Hài lòng" does not is refused as a likely mistake.
    """

    id: str = pydantic.Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    title: str = pydantic.Field(min_length=1)
    title_en: str | None = None
    order: Literal["best_first", "worst_first"]
    levels: Annotated[tuple[ScaleLevel, ...], pydantic.BeforeValidator(as_tuple)] = pydantic.Field(
        min_length=2
    )
    sources: Annotated[tuple[Citation, ...], pydantic.BeforeValidator(as_tuple)] = ()
    note: str | None = None

    @pydantic.model_validator(mode="after")
    def _coherent(self) -> Self:
        labels = [normalize_text(lv.label) for lv in self.levels]
        for i, label in enumerate(labels):
            if labels.index(label) != i:
                raise ValueError(f"levels.{i}.label {label!r} repeats levels.{labels.index(label)}")
        flags = [lv.satisfied for lv in self.best_first()]
        if not any(flags):
            raise ValueError("no level counts as satisfied; mark at least the best level")
        if all(flags):
            raise ValueError("every level counts as satisfied; a rate would always be 100 %")
        cut = flags.index(False)
        if any(flags[cut:]):
            raise ValueError(
                "the satisfied levels must be the best ones; "
                f"got satisfied = {flags} from best to worst"
            )
        return self

    def best_first(self) -> tuple[ScaleLevel, ...]:
        """Return the levels from the best answer to the worst."""
        return self.levels if self.order == "best_first" else tuple(reversed(self.levels))

    def labels(self) -> list[str]:
        """Return the labels from best to worst, as printed."""
        return [lv.label for lv in self.best_first()]

    def level(self, answer: str) -> ScaleLevel | None:
        """Return the level whose label equals `answer` (compared in NFC), or None."""
        wanted = normalize_text(answer)
        for lv in self.levels:
            if normalize_text(lv.label) == wanted:
                return lv
        return None


class Question(Model):
    """One question of a survey.

    Attributes:
        id: slug, unique in the survey.
        text: the question as printed, in Vietnamese; matched to CSV headers (in NFC).
        text_en: English gloss.
        scale: this question's own scale, if it differs from the survey's.
        in_overall: whether the question enters the overall rate.
    """

    id: str = pydantic.Field(pattern=r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$")
    text: str = pydantic.Field(min_length=1)
    text_en: str | None = None
    scale: Scale | None = None
    in_overall: bool = True


class SurveyDefinition(Model):
    """A satisfaction survey: its questions and answer scale.

    Attributes:
        id: slug, e.g. `"xuan-tay-2023"`.
        title: Vietnamese title.
        title_en: English title.
        scale: the scale of every question without its own.
        questions: the questions in form order; ids and texts unique.
        sources: where the survey comes from.
        status: `"official"` when the text is the form as published, `"reconstructed"`
            when the questions were rebuilt from a description.
        note: caveats.
    """

    id: str = pydantic.Field(pattern=r"^[a-z0-9]+(?:[-./][a-z0-9]+)*$")
    title: str = pydantic.Field(min_length=1)
    title_en: str | None = None
    scale: Scale
    questions: Annotated[tuple[Question, ...], pydantic.BeforeValidator(as_tuple)] = pydantic.Field(
        min_length=1
    )
    sources: Annotated[tuple[Citation, ...], pydantic.BeforeValidator(as_tuple)] = ()
    status: Literal["official", "reconstructed", "example"]
    note: str | None = None

    @pydantic.model_validator(mode="after")
    def _unique(self) -> Self:
        ids: dict[str, int] = {}
        texts: dict[str, int] = {}
        for i, q in enumerate(self.questions):
            if q.id in ids:
                raise ValueError(f"questions.{i}.id {q.id!r} repeats questions.{ids[q.id]}.id")
            ids[q.id] = i
            text = normalize_text(q.text)
            if text in texts:
                raise ValueError(f"questions.{i}.text repeats questions.{texts[text]}.text")
            texts[text] = i
        if not any(q.in_overall for q in self.questions):
            raise ValueError("no question has in_overall = true; the overall rate would be empty")
        return self

    def question(self, question_id: str) -> Question:
        """Return the question with id `question_id`.

        Raises:
            InvalidInputError: if the survey has no such question.
        """
        for q in self.questions:
            if q.id == question_id:
                return q
        valid = ", ".join(q.id for q in self.questions)
        raise InvalidInputError(
            f"survey {self.id}", [("question", f"{question_id!r} is not one of {valid}")]
        )

    def scale_of(self, question: Question) -> Scale:
        """Return the scale `question` is answered on."""
        return question.scale or self.scale


# --- answers -------------------------------------------------------------------------------------


class SurveyResponse(Model):
    """One submitted form: the chosen label per question, None for a question left blank.

    Attributes:
        answers: question id -> the label chosen (as on the scale), or None.
        row: the line of the source file, for messages.
    """

    answers: dict[str, str | None]
    row: int | None = None


class SurveyResponses(Model):
    """The submitted forms of one survey, checked against its definition.

    Attributes:
        definition: the survey.
        responses: one entry per submitted form.
        source: where the answers were read from (a file name), for messages.

    Raises:
        InvalidInputError: when an answer names an unknown question or a label not on the
            question's scale (the message lists the valid labels).
    """

    definition: SurveyDefinition
    responses: Annotated[tuple[SurveyResponse, ...], pydantic.BeforeValidator(as_tuple)]
    source: str | None = None

    @pydantic.model_validator(mode="after")
    def _on_scale(self) -> Self:
        by_id = {q.id: q for q in self.definition.questions}
        for i, resp in enumerate(self.responses):
            where = f"row {resp.row}" if resp.row is not None else f"responses.{i}"
            for qid, label in resp.answers.items():
                if qid not in by_id:
                    raise ValueError(f"{where}: {qid!r} is not a question of {self.definition.id}")
                scale = self.definition.scale_of(by_id[qid])
                if label is not None and scale.level(label) is None:
                    raise ValueError(
                        f"{where}, question {qid}: {label!r} is not on the scale; "
                        f"valid answers: {', '.join(scale.labels())} (or blank)"
                    )
        return self

    def result(self) -> SurveyResult:
        """Tally the answers into per-question and overall satisfaction rates."""
        questions: list[QuestionResult] = []
        for q in self.definition.questions:
            scale = self.definition.scale_of(q)
            counts = dict.fromkeys((lv.label for lv in scale.best_first()), 0)
            blank = 0
            for resp in self.responses:
                label = resp.answers.get(q.id)
                if label is None:
                    blank += 1
                    continue
                level = scale.level(label)
                assert level is not None  # checked by the validator
                counts[level.label] += 1
            satisfied = sum(counts[lv.label] for lv in scale.best_first() if lv.satisfied)
            questions.append(
                QuestionResult(
                    question_id=q.id,
                    text=q.text,
                    counts=tuple(counts.items()),
                    answered=sum(counts.values()),
                    blank=blank,
                    satisfied=satisfied,
                    in_overall=q.in_overall,
                )
            )
        pooled = [q.id for q in self.definition.questions if q.in_overall]
        return SurveyResult(
            survey_id=self.definition.id,
            respondents=len(self.responses),
            questions=tuple(questions),
            answering=sum(
                1 for r in self.responses if any(r.answers.get(q) is not None for q in pooled)
            ),
        )


@attrs.frozen(slots=True)
class QuestionResult:
    """The tally of one question.

    Attributes:
        question_id: the question's id.
        text: the question's text.
        counts: `(label, number of answers)` from the best level to the worst.
        answered: answers given (blanks excluded).
        blank: forms that left the question blank.
        satisfied: answers at a satisfied level.
        in_overall: whether the question enters the overall rate.
    """

    question_id: str
    text: str
    counts: tuple[tuple[str, int], ...]
    answered: int
    blank: int
    satisfied: int
    in_overall: bool

    @property
    def rate(self) -> Fraction | None:
        """Satisfied over answered, exactly; None when nobody answered."""
        return rate(self.satisfied, self.answered)

    def percent(self, places: int = 1) -> Decimal | None:
        """The rate as a percentage rounded half-up to `places` decimals."""
        return percent(self.rate, places, "QuestionResult.percent")

    def to_value(self) -> SurveyValue:
        """Return the `survey` answer value of this question alone (one answer per form)."""
        return SurveyValue(satisfied=self.satisfied, responses=self.answered, forms=self.answered)


@attrs.frozen(slots=True)
class SurveyResult:
    """Per-question and overall satisfaction of a survey.

    Attributes:
        survey_id: the survey's id.
        respondents: submitted forms (blank answers included).
        questions: one tally per question, in form order.
        answering: the forms that answered at least one question of the overall rate.
    """

    survey_id: str
    respondents: int
    questions: tuple[QuestionResult, ...]
    answering: int

    def question(self, question_id: str) -> QuestionResult:
        """Return the tally of one question.

        Raises:
            InvalidInputError: if the survey has no such question.
        """
        for q in self.questions:
            if q.question_id == question_id:
                return q
        valid = ", ".join(q.question_id for q in self.questions)
        raise InvalidInputError(
            f"survey {self.survey_id}", [("question", f"{question_id!r} is not one of {valid}")]
        )

    @property
    def satisfied(self) -> int:
        """Satisfied answers over the questions of the overall rate (pooled numerator)."""
        return sum(q.satisfied for q in self.questions if q.in_overall)

    @property
    def answered(self) -> int:
        """Answers over the questions of the overall rate (pooled denominator)."""
        return sum(q.answered for q in self.questions if q.in_overall)

    @property
    def rate(self) -> Fraction | None:
        """Overall rate, pooled: satisfied answers / answers; None when there are none."""
        return rate(self.satisfied, self.answered)

    @property
    def mean_of_question_rates(self) -> Fraction | None:
        """The alternative overall rate: the mean of the per-question rates.

        Questions nobody answered are left out; None when no question of the overall has an
        answer.
        """
        rates = [q.rate for q in self.questions if q.in_overall and q.rate is not None]
        if not rates:
            return None
        return sum(rates, Fraction(0)) / len(rates)

    def percent(self, places: int = 1) -> Decimal | None:
        """The pooled overall rate as a percentage rounded half-up to `places` decimals."""
        return percent(self.rate, places, "SurveyResult.percent")

    def adequate(self, population: int, e: Decimal = Decimal("0.05")) -> bool:
        """Whether the forms submitted reach the sample size for `population`.

        See [`sample_size`][chinhquyen.scoring.measurements.sample_size].
        """
        return adequate(population, self.respondents, e)

    def to_value(self, question: str | None = None) -> SurveyValue:
        """Return the `survey` answer value.

        Args:
            question: a question id for that question alone; None for the pooled overall,
                whose `responses` is then the number of *answers* over the questions of the
                overall (a form answering 10 questions counts 10) and `forms` the number of
                forms that gave them (`answering`).
        """
        if question is not None:
            return self.question(question).to_value()
        return SurveyValue(satisfied=self.satisfied, responses=self.answered, forms=self.answering)


# --- sample size ---------------------------------------------------------------------------------


def sample_size(population: int, e: Decimal = Decimal("0.05")) -> int:
    """Return the minimum number of forms for a population: `ceil(N / (1 + N e²))`.

    This is the formula (Yamane's) taught in the Bộ Nội vụ training material on measuring
    satisfaction with administrative services (SIPAS method; 123docz.net/trich-doan/
    730711-phuong-phap-chon-mau-dieu-tra-xa-hoi-hoc.htm), with N the number of transactions in
    the period and e the margin of error, 5 % by default. Computed exactly.

    Args:
        population: N, a non-negative int.
        e: the margin of error, a Decimal in (0, 1).

    Raises:
        InvalidInputError: for a negative N or an e outside (0, 1).
    """
    if isinstance(population, bool) or not isinstance(population, int) or population < 0:
        raise InvalidInputError(
            "sample_size", [("population", f"got {population!r}; expected an int >= 0")]
        )
    if not isinstance(e, Decimal) or not e.is_finite() or not 0 < e < 1:
        raise InvalidInputError(
            "sample_size", [("e", f"got {e!r}; expected a Decimal in (0, 1), e.g. Decimal('0.05')")]
        )
    f = Fraction(e)
    return math.ceil(Fraction(population) / (1 + population * f * f))


def adequate(population: int, responses: int, e: Decimal = Decimal("0.05")) -> bool:
    """Whether `responses` forms reach the sample size of `population` at margin `e`.

    See [`sample_size`][chinhquyen.scoring.measurements.sample_size].
    """
    if isinstance(responses, bool) or not isinstance(responses, int) or responses < 0:
        raise InvalidInputError(
            "adequate", [("responses", f"got {responses!r}; expected an int >= 0")]
        )
    return responses >= sample_size(population, e)


# --- reading a Google Form export ----------------------------------------------------------------


def read_google_form_csv(
    path: str | Path,
    definition: SurveyDefinition,
    *,
    columns: Mapping[str, str | None] | None = None,
    encoding: str = "utf-8-sig",
) -> SurveyResponses:
    """Read the CSV export of a Google Form (`Tải xuống câu trả lời (.csv)`).

    Each header is matched to a question: first through `columns` (header -> question id,
    or None to ignore that column on purpose), then by the question's text, then by its id
    (compared in NFC with white space collapsed). The timestamp column (`Dấu thời gian` or
    `Timestamp`) is ignored. Every other column must match a question, and every question
    must have a column. A blank cell means the form left that question unanswered.

    Args:
        path: the CSV file.
        definition: the survey the form implements.
        columns: explicit header -> question id (or None) mapping.
        encoding: the file's encoding; the default reads UTF-8 with or without a BOM.

    Raises:
        DataFileError: naming the file, and the row and column where relevant, when a header
            matches no question, a question has no column, a row has the wrong number of cells,
            or an answer is not on the scale (the message lists the valid labels).
    """
    name = str(path)
    rows = read_rows(path, encoding)
    header = rows[0]
    mapping = _map_columns(name, header, definition, columns or {})
    by_id = {q.id: q for q in definition.questions}
    responses: list[SurveyResponse] = []
    for line, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue  # a trailing empty line is not a submitted form
        if len(cells) != len(header):
            raise DataFileError(
                name, f"has {len(cells)} cells, the header has {len(header)}", key=f"row {line}"
            )
        answers: dict[str, str | None] = {}
        for col, qid in mapping.items():
            text = normalize_text(cells[col])
            if not text:
                answers[qid] = None
                continue
            scale = definition.scale_of(by_id[qid])
            level = scale.level(text)
            if level is None:
                raise DataFileError(
                    name,
                    f"{text!r} is not an answer of question {qid}; valid answers: "
                    f"{', '.join(scale.labels())} (or blank)",
                    key=f"row {line}, column {column_letter(col)} ({header[col]!r})",
                )
            answers[qid] = level.label
        responses.append(SurveyResponse(answers=answers, row=line))
    return SurveyResponses(definition=definition, responses=tuple(responses), source=name)


def _map_columns(
    name: str,
    header: Sequence[str],
    definition: SurveyDefinition,
    columns: Mapping[str, str | None],
) -> dict[int, str]:
    by_text = {normalize_text(q.text): q.id for q in definition.questions}
    ids = {q.id for q in definition.questions}
    explicit = {normalize_text(k): v for k, v in columns.items()}
    for key, qid in explicit.items():
        if qid is not None and qid not in ids:
            raise DataFileError(
                name,
                f"columns maps {key!r} to {qid!r}, which is not a question id; "
                f"valid ids: {', '.join(sorted(ids))}",
            )
    headers = [normalize_text(h) for h in header]
    for key in explicit:
        if key not in headers:
            raise DataFileError(name, f"columns names {key!r}, which is not a header of the file")
    mapping: dict[int, str] = {}
    owner: dict[str, int] = {}
    for col, head in enumerate(headers):
        if head in explicit:
            qid = explicit[head]
            if qid is None:
                continue
        elif head in TIMESTAMP_HEADERS:
            continue
        elif head in by_text:
            qid = by_text[head]
        elif head in ids:
            qid = head
        else:
            raise DataFileError(
                name,
                f"header {header[col]!r} matches no question of {definition.id}; map it with "
                f"columns={{{header[col]!r}: '<question id>'}} or ignore it with "
                f"columns={{{header[col]!r}: None}}",
                key=f"row 1, column {column_letter(col)}",
            )
        if qid in owner:
            raise DataFileError(
                name,
                f"columns {column_letter(owner[qid])} and {column_letter(col)} both map to "
                f"question {qid}",
                key="row 1",
            )
        owner[qid] = col
        mapping[col] = qid
    missing = [q.id for q in definition.questions if q.id not in owner]
    if missing:
        raise DataFileError(
            name,
            f"no column for question(s) {', '.join(missing)}; map their headers with columns=",
            key="row 1",
        )
    return mapping


# --- shipped definitions -------------------------------------------------------------------------


def available_scales() -> list[str]:
    """Return the ids of the shipped answer scales."""
    return _available("scales")


def available_surveys() -> list[str]:
    """Return the ids of the shipped survey definitions."""
    return _available("surveys")


def load_scale(scale_id: str) -> Scale:
    """Return a shipped scale by id.

    Raises:
        InvalidInputError: if no shipped scale has that id (the message lists them).
    """
    return Scale.model_validate(_read_shipped("scales", scale_id))


def load_survey(id_or_path: str | Path) -> SurveyDefinition:
    """Return a shipped survey definition by id, or read one from a TOML file.

    In the file, `scale` (of the survey or of a question) is either a table describing the
    scale or the id of a shipped scale.

    Raises:
        InvalidInputError: if no shipped survey has that id.
        DataFileError: if the file cannot be read or does not describe a valid survey.
    """
    path = Path(id_or_path)
    if isinstance(id_or_path, Path) or path.suffix == ".toml":
        name = str(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as e:
            raise DataFileError(name, f"cannot read the survey file: {e}") from None
    else:
        name = f"{_DATA}/surveys/{id_or_path}.toml"
        data = _read_shipped("surveys", str(id_or_path))
    try:
        data = _resolve_scales(data)
        return SurveyDefinition.model_validate(data)
    except InvalidInputError as e:
        raise DataFileError(name, str(e)) from None


def _resolve_scales(data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    if isinstance(out.get("scale"), str):
        out["scale"] = _read_shipped("scales", out["scale"])
    questions = out.get("questions")
    if isinstance(questions, list):
        out["questions"] = [
            {**q, "scale": _read_shipped("scales", q["scale"])}
            if isinstance(q, dict) and isinstance(q.get("scale"), str)
            else q
            for q in questions
        ]
    return out


def _available(folder: str) -> list[str]:
    root = resources.files(_DATA).joinpath(folder)
    return sorted(p.name.removesuffix(".toml") for p in root.iterdir() if p.name.endswith(".toml"))


def _read_shipped(folder: str, item_id: str) -> dict[str, Any]:
    if item_id not in _available(folder):
        raise InvalidInputError(
            folder,
            [("id", f"{item_id!r} is not shipped; available: {', '.join(_available(folder))}")],
        )
    text = resources.files(_DATA).joinpath(folder, f"{item_id}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)
