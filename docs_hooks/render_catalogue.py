"""The catalogue pages' markdown, written from the models of `chinhquyen.criteria`.

Pure functions with no MkDocs import, so the tests can check every generated page. The MkDocs
hook (``catalogue.py``) only places these pages in the site.

If the criteria package is not importable yet (or has no registry functions), the catalogue is
empty; an error while *loading* a shipped data file propagates and fails the build.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

log = logging.getLogger("mkdocs.hooks.catalogue")

LANGS = ("vi", "en")


@dataclass
class Catalogue:
    """What the registry offers: framework and conduct-code objects keyed by id.

    `province_changes` are the changes of the provincial map (`chinhquyen.units`), shown as the
    succession table on the catalogue's index page.
    """

    frameworks: dict[str, Any] = field(default_factory=dict)
    conduct_codes: dict[str, Any] = field(default_factory=dict)
    province_changes: list[Any] = field(default_factory=list)


_cache: Catalogue | None = None


def load_catalogue() -> Catalogue:
    """Load every shipped framework and conduct code (once per process)."""
    global _cache
    if _cache is not None:
        return _cache
    cat = Catalogue()
    try:
        criteria = importlib.import_module("chinhquyen.criteria")
    except ImportError as e:  # the package area has not landed yet
        log.info("catalogue: chinhquyen.criteria not importable (%s); no pages generated", e)
        _cache = cat
        return cat
    if hasattr(criteria, "available") and hasattr(criteria, "load"):
        for fid in criteria.available():
            cat.frameworks[fid] = criteria.load(fid)
    if hasattr(criteria, "conduct_codes") and hasattr(criteria, "conduct_code"):
        for cid in criteria.conduct_codes():
            cat.conduct_codes[cid] = criteria.conduct_code(cid)
    try:
        units = importlib.import_module("chinhquyen.units")
    except ImportError as e:  # pragma: no cover - the package area has not landed yet
        log.info("catalogue: chinhquyen.units not importable (%s); no succession table", e)
    else:
        cat.province_changes = list(units.province_changes())
    _cache = cat
    return cat


def framework_path(fid: str, lang: str = "vi") -> str:
    """Source path of a framework's page, relative to the docs folder."""
    return f"catalogue/frameworks/{fid}{'.en' if lang == 'en' else ''}.md"


def conduct_path(cid: str, lang: str = "vi") -> str:
    """Source path of a conduct code's page, relative to the docs folder."""
    return f"catalogue/conduct/{cid}{'.en' if lang == 'en' else ''}.md"


# --- small text helpers -----------------------------------------------------------------------


def _get(obj: Any, name: str, default: Any = None) -> Any:
    return getattr(obj, name, default)


def _num(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    return str(value)


def _cell(text: Any) -> str:
    """Make a value safe inside a markdown table cell."""
    return str(text if text is not None else "—").replace("|", "\\|").replace("\n", " ")


def _indent(text: str) -> str:
    """Indent every line of ``text`` into an admonition's body."""
    return "\n".join(f"    {line}" if line else "" for line in text.splitlines())


def _note(obj: Any, name: str, lang: str) -> list[str]:
    """A note (``name``) and its English twin (``name_en``), the page's language first."""
    vi, en = _get(obj, name), _get(obj, f"{name}_en")
    pair = [en, vi] if lang == "en" else [vi, en]
    return [str(n) for n in pair if n]


def _pick(vi: Any, en: Any, lang: str) -> str:
    """The text in the page's language, the other one beside it when both exist."""
    vi_s = str(vi) if vi else ""
    en_s = str(en) if en else ""
    if lang == "en":
        if en_s and vi_s and en_s != vi_s:
            return f"{en_s} (*{vi_s}*)"
        return en_s or vi_s
    if vi_s and en_s and vi_s != en_s:
        return f"{vi_s} (*{en_s}*)"
    return vi_s or en_s


_BASIS = {
    "text": ("văn bản gốc", "the text itself"),
    "press": ("tin báo", "press report"),
    "reconstruction": ("tái dựng", "reconstruction"),
    "software": ("phần mềm", "software"),
    "assumption": ("giả định của thư viện", "library's assumption"),
    "specification": ("đặc tả của đơn vị vận hành", "operator's specification"),
    "compilation": ("bản tổng hợp của bên thứ ba", "third-party compilation"),
}


#: What part of a rule a source supports (`Citation.covers`), in Vietnamese and English.
_COVERS = {
    "max": ("điểm tối đa", "maximum"),
    "definition": ("định nghĩa", "definition"),
    "formula": ("công thức", "formula"),
    "empty": ("mẫu số bằng 0", "empty denominator"),
    "scope": ("cấp áp dụng", "levels"),
    "rounding": ("làm tròn", "rounding"),
    "format": ("định dạng tệp", "file format"),
}


def citation(c: Any, lang: str) -> str:
    """One citation as a markdown link (plain text when the source has no URL)."""
    parts = [str(_get(c, "document", ""))]
    article = _get(c, "article")
    if article:
        parts.append(str(article))
    date = _get(c, "date")
    if date:
        parts.append(date.strftime("%d/%m/%Y"))
    text = ", ".join(p for p in parts if p)
    url = _get(c, "url")
    out = f"[{text}]({url})" if url else text
    basis = _get(c, "basis")
    covers = _get(c, "covers") or []
    if basis:
        b_vi, b_en = _BASIS.get(str(basis), (str(basis), str(basis)))
        aspects = ", ".join(_COVERS.get(str(a), (str(a), str(a)))[lang == "en"] for a in covers)
        out += f" [{b_vi if lang == 'vi' else b_en}{': ' + aspects if aspects else ''}]"
    note = _get(c, "note")
    if note:
        out += f" — {note}"
    if not url:
        out += " (không có đường dẫn)" if lang == "vi" else " (no link available)"
    return out


def citations(items: Iterable[Any], lang: str) -> str:
    """Citations joined for a table cell."""
    return "<br>".join(_cell(citation(c, lang)) for c in items) or "—"


# --- measures ---------------------------------------------------------------------------------


def measure(m: Any, lang: str, max_points: Any = None) -> str:
    """How a criterion is measured and turned into points, in words (the measure's own).

    `max_points`, the criterion's, lets an unscored item (0) be worded as not scored.
    """
    text: str = m.explain(lang, max_points=max_points)
    return text


# --- pages ------------------------------------------------------------------------------------

_L = {
    "id": ("Mã", "Id"),
    "version": ("Phiên bản", "Version"),
    "issuer": ("Cơ quan ban hành", "Issued by"),
    "jurisdiction": ("Địa bàn áp dụng", "Jurisdiction"),
    "effective": ("Hiệu lực", "In force"),
    "status": ("Tình trạng", "Status"),
    "max": ("Tổng điểm tối đa", "Maximum points"),
    "rounding": ("Làm tròn", "Rounding"),
    "formats": ("Định dạng tệp minh chứng", "Evidence file formats"),
    "basis": ("Căn cứ pháp lý", "Legal basis"),
    "tiers": ("Xếp hạng", "Tiers"),
    "tier": ("Hạng", "Tier"),
    "from": ("Từ (điểm)", "From (points)"),
    "below": ("Đến dưới", "Below"),
    "knockouts": ("Điều kiện loại", "Knockouts"),
    "criteria": ("Tiêu chí", "Criteria"),
    "criterion": ("Tiêu chí", "Criterion"),
    "points": ("Điểm tối đa", "Max points"),
    "how": ("Cách tính", "How it is scored"),
    "evidence": ("Minh chứng", "Evidence"),
    "sources": ("Nguồn", "Sources"),
    "bonus_penalty": ("Điểm cộng, điểm trừ (ngoài tổng điểm)", "Bonus and penalty (outside max)"),
    "conduct": ("Bộ quy tắc ứng xử", "Conduct codes"),
    "motto": ("Phương châm", "Motto"),
    "none": ("Không có.", "None."),
    "open": ("chưa có ngày hết hiệu lực", "no end date"),
}

_STATUS = {
    "official": ("Chính thức: điểm số lấy từ văn bản", "Official: the points come from the text"),
    "partial": ("Một phần: văn bản chưa đọc được đầy đủ", "Partial: the text was not fully read"),
    "derived": ("Suy ra: không phải điểm chính thức", "Derived: not official points"),
}


def _t(key: str, lang: str) -> str:
    vi, en = _L[key]
    return vi if lang == "vi" else en


def _knockout(k: Any, lang: str) -> str:
    kind = str(_get(k, "kind", "?"))
    vi = lang == "vi"
    if kind == "criterion_floor":
        share = _num(Decimal(_get(k, "share", 0)) * 100)
        what = (
            f"Mỗi tiêu chí phải đạt ít nhất {share}% điểm tối đa của nó"
            if vi
            else f"Every criterion must reach {share}% of its maximum"
        )
    elif kind == "minimum_total":
        pts = _num(_get(k, "points"))
        what = f"Tổng điểm phải đạt ít nhất {pts}" if vi else f"The total must reach {pts}"
    elif kind == "disqualifier":
        what = _pick(_get(k, "title"), _get(k, "title_en"), lang)
        what = (f"Không được có: {what}" if vi else f"Must not have: {what}") + (
            f" (`{_get(k, 'id')}`)"
        )
    else:
        what = kind
    effect = _get(k, "effect")
    eff = ""
    cap = _get(effect, "cap_tier") if effect is not None else None
    if isinstance(effect, dict):
        cap = effect.get("cap_tier")
    no_tier = _get(effect, "no_tier") if effect is not None else None
    if isinstance(effect, dict):
        no_tier = effect.get("no_tier")
    if cap:
        eff = f" → hạng cao nhất là {cap}" if vi else f" → tier at most {cap}"
    elif no_tier:
        eff = " → không được công nhận" if vi else " → not recognised"
    src = citations(_get(k, "sources", []) or [], lang)
    return f"- {what}{eff}. {_t('sources', lang)}: {src}"


def _criteria_table(items: Iterable[Any], lang: str) -> list[str]:
    rows = [
        f"| {_t('id', lang)} | {_t('criterion', lang)} | {_t('points', lang)} | "
        f"{_t('how', lang)} | {_t('evidence', lang)} | {_t('sources', lang)} |",
        "|---|---|---:|---|---|---|",
    ]
    for c in items:
        title = _pick(_get(c, "title"), _get(c, "title_en"), lang)
        scope = _get(c, "scope")
        if scope is not None:
            levels = ", ".join(
                _LEVELS.get(str(lv), (str(lv), str(lv)))[lang == "en"] for lv in scope.levels
            )
            where = "Cấp áp dụng" if lang == "vi" else "Levels"
            title += f"<br>**{where}: {levels}** ({citations(scope.sources, lang)})"
        notes = _note(c, "notes", lang)
        if notes:
            title += "".join(f"<br>*{n}*" for n in notes)
        evidence = "<br>".join(_cell(e) for e in (_get(c, "evidence", []) or [])) or "—"
        rows.append(
            f"| `{_get(c, 'id')}` | {_cell(title)} | {_num(_get(c, 'max_points'))} | "
            f"{_cell(measure(_get(c, 'measure'), lang, _get(c, 'max_points')))} | {evidence} | "
            f"{citations(_get(c, 'sources', []) or [], lang)} |"
        )
    return rows


_LEVELS = {
    "commune": ("cấp xã", "commune level"),
    "province": ("cấp tỉnh", "province level"),
    "all": ("mọi cấp", "all levels"),
}


def jurisdiction(jur: Any, lang: str) -> str:
    """Where a framework applies, in words."""
    province = _get(jur, "province") or ("toàn quốc" if lang == "vi" else "nationwide")
    level = str(_get(jur, "level", ""))
    vi, en = _LEVELS.get(level, (level, level))
    return f"{province}, {vi if lang == 'vi' else en}"


def framework_page(fw: Any, lang: str) -> str:
    """The markdown page of one framework."""
    title = _get(fw, "title_en") if lang == "en" and _get(fw, "title_en") else _get(fw, "title")
    other = _get(fw, "title") if lang == "en" else _get(fw, "title_en")
    out = [f"# {title}", ""]
    if other and other != title:
        out += [f"*{other}*", ""]
    status = str(_get(fw, "status", ""))
    s_vi, s_en = _STATUS.get(status, (status, status))
    note_vi = _get(fw, "status_note")
    note_en = _get(fw, "status_note_en")
    # The page's language first; the other language beside it (Vietnamese when no English).
    note = note_en if lang == "en" and note_en else note_vi
    other = note_vi if lang == "en" and note_en else (note_en if lang == "vi" else None)
    admon = "note" if status == "official" else "warning"
    out += [f'!!! {admon} "{_t("status", lang)}: {status}"', ""]
    out += [_indent(f"{s_vi if lang == 'vi' else s_en}." + (f" {note}" if note else "")), ""]
    if other:
        out += [_indent(f"*{other}*"), ""]
    jur_text = jurisdiction(_get(fw, "jurisdiction"), lang)
    end = _get(fw, "effective_to")
    start = _get(fw, "effective_from")
    eff = (
        (start.strftime("%d/%m/%Y") if start else "—")
        + " – "
        + (end.strftime("%d/%m/%Y") if end else _t("open", lang))
    )
    rounding = _get(fw, "rounding")
    if rounding is None:
        rnd = "—"
    elif _get(rounding, "mode") == "none":
        rnd = (
            "không làm tròn (nguồn không quy định)"
            if lang == "vi"
            else "not rounded (no source sets a rule)"
        )
    else:
        rnd = f"{_get(rounding, 'places')} ({_get(rounding, 'mode')})"
    if rounding is not None and _get(rounding, "sources"):
        rnd += "<br>" + citations(_get(rounding, "sources"), lang)
    formats = _get(fw, "evidence_formats")
    formats_row = [f"| {_t('formats', lang)} | {', '.join(formats)} |"] if formats else []
    out += [
        "| | |",
        "|---|---|",
        f"| {_t('id', lang)} | `{_get(fw, 'id')}` |",
        f"| {_t('version', lang)} | {_cell(_get(fw, 'version'))} |",
        f"| {_t('issuer', lang)} | {_cell(_get(fw, 'issuer'))} |",
        f"| {_t('jurisdiction', lang)} | {_cell(jur_text)} |",
        f"| {_t('effective', lang)} | {eff} |",
        f"| {_t('max', lang)} | {_num(_get(fw, 'max_points'))} |",
        f"| {_t('rounding', lang)} | {rnd} |",
        *formats_row,
        "",
        f"## {_t('basis', lang)}",
        "",
    ]
    out += [f"- {citation(c, lang)}" for c in (_get(fw, "legal_basis", []) or [])] or [
        _t("none", lang)
    ]
    out += ["", f"## {_t('tiers', lang)}", ""]
    tiers = sorted(_get(fw, "tiers", []) or [], key=lambda t: _get(t, "min_points"))
    if tiers:
        out += [
            f"| {_t('tier', lang)} | {_t('from', lang)} | {_t('below', lang)} | "
            f"{_t('sources', lang)} |",
            "|---|---:|---:|---|",
        ]
        for i, t in enumerate(tiers):
            upper = _num(_get(tiers[i + 1], "min_points")) if i + 1 < len(tiers) else "—"
            label = _pick(_get(t, "label"), _get(t, "label_en"), lang)
            src = citations(_get(t, "sources", []) or [], lang)
            out.append(f"| {_cell(label)} | {_num(_get(t, 'min_points'))} | {upper} | {src} |")
    else:
        out.append(_t("none", lang))
    out += ["", f"## {_t('knockouts', lang)}", ""]
    out += [_knockout(k, lang) for k in (_get(fw, "knockouts", []) or [])] or [_t("none", lang)]
    out += ["", f"## {_t('criteria', lang)}", ""]
    for g in _get(fw, "groups", []) or []:
        gtitle = _pick(_get(g, "title"), _get(g, "title_en"), lang)
        out += [f"### {gtitle} — {_num(_get(g, 'max_points'))}", ""]
        for n in _note(g, "notes", lang):
            out += [f"*{n}*", ""]
        gsrc = _get(g, "sources", []) or []
        if gsrc:
            out += [f"{_t('sources', lang)}: {citations(gsrc, lang)}", ""]
        out += [*_criteria_table(_get(g, "criteria", []) or [], lang), ""]
    bonus_penalty = _get(fw, "bonus_penalty", []) or []
    if bonus_penalty:
        out += [f"## {_t('bonus_penalty', lang)}", "", *_criteria_table(bonus_penalty, lang), ""]
    codes = _get(fw, "conduct_codes", []) or []
    if codes:
        out += [f"## {_t('conduct', lang)}", ""]
        up = "../" * (str(_get(fw, "id")).count("/") + 1)
        out += [f"- [`{c}`]({up}conduct/{c}.md)" for c in codes]
        out.append("")
    return "\n".join(out)


def conduct_page(code: Any, lang: str) -> str:
    """The markdown page of one conduct code."""
    title = _pick(_get(code, "title"), _get(code, "title_en"), lang)
    out = [f"# {title}", ""]
    out += [
        "| | |",
        "|---|---|",
        f"| {_t('id', lang)} | `{_get(code, 'id')}` |",
        f"| {_t('issuer', lang)} | {_cell(_get(code, 'issuer'))} |",
        f"| {_t('jurisdiction', lang)} | {_cell(_get(code, 'jurisdiction'))} |",
        f"| {_t('motto', lang)} | {_cell(_get(code, 'motto'))} |",
        "",
    ]
    for g in _get(code, "groups", []) or []:
        out += [f"## {_pick(_get(g, 'title'), _get(g, 'title_en'), lang)}", ""]
        for r in _get(g, "rules", []) or []:
            rid = f"{_get(code, 'id')}#{_get(r, 'id')}"
            out.append(f"- {_pick(_get(r, 'text'), _get(r, 'text_en'), lang)} — `{rid}`")
        gsrc = _get(g, "sources", []) or []
        if gsrc:
            out += ["", f"{_t('sources', lang)}: {citations(gsrc, lang)}"]
        out.append("")
    for n in _note(code, "notes", lang):
        out += [f"*{n}*", ""]
    out += [f"## {_t('sources', lang)}", ""]
    out += [f"- {citation(c, lang)}" for c in (_get(code, "sources", []) or [])] or [
        _t("none", lang)
    ]
    out.append("")
    return "\n".join(out)


_CHANGE = {"merger": ("Hợp nhất", "Merger"), "renaming": ("Đổi tên, loại", "Renaming")}

_UNITS_INTRO = {
    "vi": (
        "Thư viện đối chiếu tên tỉnh, thành phố theo ngày bằng bảng dưới đây (`chinhquyen.units`): "
        "từ 1/8/2008 có 63 đơn vị cấp tỉnh, từ 1/7/2025 có 34 (Nghị quyết 202/2025/QH15). Tên "
        'viết kèm hay không kèm "Tỉnh", "Thành phố", "TP." đều chỉ cùng một đơn vị; '
        "tên của tỉnh đã hợp nhất chỉ đơn vị kế thừa kể từ ngày hợp nhất. Dòng ghi *chưa xác "
        "nhận* chỉ có nguồn là bản tổng hợp của bên thứ ba.",
        "Danh mục đơn vị hành chính cấp xã (3.321 đơn vị từ 1/7/2025, mã số theo Quyết định "
        "19/2025/QĐ-TTg) lấy từ bản tổng hợp thanglequoc/vietnamese-provinces-database (giấy "
        "phép MIT, Copyright (c) 2021 Thang Le Quoc; giấy phép đi kèm dữ liệu): đây là bản "
        "tổng hợp của bên thứ ba, **không phải** bản công bố chính thức; mã số quan trọng cần "
        "được đối chiếu với quyết định. Danh mục không trả lời cho ngày trước 1/7/2025.",
    ),
    "en": (
        "The library matches province names by date with the table below (`chinhquyen.units`): "
        "63 provincial units from 1/8/2008, 34 from 1/7/2025 (Nghị quyết 202/2025/QH15). A name "
        'written with or without "Tỉnh", "Thành phố", "TP." denotes the same unit; a '
        "merged province's name denotes its successor from the day of the merger. Rows marked "
        "*unconfirmed* rest on a third-party compilation only.",
        "The registry of commune-level units (3,321 from 1/7/2025, codes of Quyết định "
        "19/2025/QĐ-TTg) comes from the compilation thanglequoc/vietnamese-provinces-database "
        "(MIT licence, Copyright (c) 2021 Thang Le Quoc; the licence ships with the data): a "
        "third-party compilation, **not** an official export; check codes that matter against "
        "the decision. The registry does not answer for days before 1/7/2025.",
    ),
}


def succession_table(changes: Iterable[Any], lang: str) -> list[str]:
    """The changes of the provincial map as a table, each with its numbered sources below."""
    vi = lang == "vi"
    changes = list(changes)
    out = ["## " + ("Tỉnh, thành phố theo thời gian" if vi else "Provinces over time"), ""]
    intro, registry = _UNITS_INTRO[lang]
    out += [intro, ""]
    if not changes:
        out += [_t("none", lang), ""]
        return out
    notes: list[Any] = []

    def ref(sources: Iterable[Any]) -> str:
        refs = []
        for src in sources:
            if src not in notes:
                notes.append(src)
            refs.append(str(notes.index(src) + 1))
        return ", ".join(refs)  # the numbers of the notes below (not link syntax)

    head = (
        ("Từ ngày", "Thay đổi", "Trước", "Sau", "Mã", "Nguồn")
        if vi
        else (
            "From",
            "Change",
            "Before",
            "After",
            "Code",
            "Sources",
        )
    )
    out += ["| " + " | ".join(head) + " |", "|---|---|---|---|---|---|"]
    for c in changes:
        kind_vi, kind_en = _CHANGE.get(str(_get(c, "kind")), (str(_get(c, "kind")),) * 2)
        after = str(_get(c, "after"))
        if _get(c, "unconfirmed"):
            after += " (*chưa xác nhận*)" if vi else " (*unconfirmed*)"
        before = "<br>".join(_cell(b) for b in _get(c, "before", ()) or ())
        out.append(
            f"| {_get(c, 'date').strftime('%d/%m/%Y')} | {kind_vi if vi else kind_en} | "
            f"{before} | {_cell(after)} | {_get(c, 'code') or '—'} | "
            f"{ref(_get(c, 'sources', ()) or ())} |"
        )
    out += ["", "Nguồn:" if vi else "Sources:", ""]
    out += [f"{i}. {citation(src, lang)}" for i, src in enumerate(notes, start=1)]
    out += ["", registry, ""]
    return out


def index_list(cat: Catalogue, lang: str) -> str:
    """The list that replaces the marker on the catalogue's index page."""
    vi = lang == "vi"
    out = ["## " + ("Bộ tiêu chí" if vi else "Frameworks"), ""]
    if not cat.frameworks:
        out.append(
            "Chưa có bộ tiêu chí nào được cài đặt." if vi else "No framework is shipped yet."
        )
    for fid, fw in cat.frameworks.items():
        title = _pick(_get(fw, "title"), _get(fw, "title_en"), lang)
        status = _get(fw, "status", "")
        out.append(f"- [{title}](frameworks/{fid}.md) — `{fid}`, {status}")
    out += ["", "## " + ("Bộ quy tắc ứng xử" if vi else "Conduct codes"), ""]
    if not cat.conduct_codes:
        out.append(
            "Chưa có bộ quy tắc ứng xử nào được cài đặt."
            if vi
            else "No conduct code is shipped yet."
        )
    for cid, code in cat.conduct_codes.items():
        title = _pick(_get(code, "title"), _get(code, "title_en"), lang)
        out.append(f"- [{title}](conduct/{cid}.md) — `{cid}`")
    out.append("")
    out += succession_table(cat.province_changes, lang)
    return "\n".join(out)
