import subprocess
import sys

import pytest

import chinhquyen
from chinhquyen import errors


def test_import_is_light() -> None:
    code = (
        "import sys, chinhquyen; "
        "heavy = [m for m in ('numpy', 'pandas', 'openpyxl', 'matplotlib') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_version_is_exposed() -> None:
    assert chinhquyen.__version__.count(".") == 2


@pytest.mark.parametrize(
    "cls",
    [
        errors.InvalidInputError,
        errors.DataFileError,
        errors.UnknownFrameworkError,
        errors.UnknownConductCodeError,
        errors.UnknownCriterionError,
        errors.AnswerError,
        errors.AssessmentError,
        errors.CalendarError,
        errors.DateParseError,
        errors.DateOutOfRangeError,
        errors.LunarDateError,
        errors.UnitError,
        errors.UnknownProvinceError,
        errors.UnknownUnitError,
        errors.UnitMismatchError,
        errors.UnitDateError,
    ],
)
def test_every_error_is_a_chinhquyen_error(cls: type[Exception]) -> None:
    assert issubclass(cls, errors.ChinhQuyenError)


def test_data_file_error_names_file_and_key() -> None:
    e = errors.DataFileError("dong-nai.toml", "max_points must be positive", key="groups[0]")
    assert "dong-nai.toml" in str(e)
    assert "groups[0]" in str(e)


def test_invalid_input_lists_every_problem() -> None:
    e = errors.InvalidInputError("SelfAssessment", [("a.b", "bad"), ("c", "worse")])
    text = str(e)
    assert "a.b: bad" in text
    assert "c: worse" in text
    assert e.problems == (("a.b", "bad"), ("c", "worse"))
