"""Report PDFs whose text layer is exact Thai, SARA AM (ำ) included.

Why: HarfBuzz's Thai shaper always splits ำ into NIKHAHIT + SARA AA (and Sarabun then ligates
the NIKHAHIT with a tone mark: น้ำ is น, ํ้, า). WeasyPrint writes one ToUnicode entry per glyph,
taken from the first text cluster the glyph appears in, so the SARA AA glyph of "ตำบล" and the one
of "ฐาน" must share one meaning: whichever came first wins and every later word is wrong
("ตาบล", or "ฐำน"), and a tone mark inside the cluster is dropped ("นำ" for "น้ำ").

The fix, in two steps:

1. the PDF uses a copy of the vendored Sarabun with one more glyph, ``uni0E32.am`` (the outline
   of SARA AA), and one more contextual substitution, so that the SARA AA that follows a NIKHAHIT
   (alone or ligated with a tone mark) is drawn with that glyph. The drawing does not change;
2. every Thai glyph is mapped to its own character (from its name, ``uniXXXX[.variant]``):
   ``uni0E32.am`` to ำ, the NIKHAHIT glyphs to nothing (the ำ carries it) and the NIKHAHIT–tone
   ligatures to their tone mark, so the text in glyph order is the text as typed:
   น + ้ + ำ = น้ำ, ต + ำ = ตำ, ฐ + า + น = ฐาน.

A NIKHAHIT written alone (Pali in Thai script; nothing the reports write) is left out of the text.
"""

from __future__ import annotations

import functools
import io
import re
from pathlib import Path

import weasyprint.pdf
import weasyprint.pdf.fonts
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables import otTables
from weasyprint.urls import URLFetcher, URLFetcherResponse

SARA_AA = "uni0E32"
SARA_AA_IN_AM = "uni0E32.am"
SARA_AM = "\u0e33"
_NAMED = re.compile(r"^uni([0-9A-F]{4})(?:\.[A-Za-z0-9_.]+)?$")
_NIKHAHIT_TONE = re.compile(r"^uni0E4D(0E4[89AB])(?:\.\w+)?$")

FONT_FILES = ("Sarabun-Regular.ttf", "Sarabun-Bold.ttf", "Sarabun-Italic.ttf")


def _coverage(glyphs: list[str]) -> otTables.Coverage:
    coverage = otTables.Coverage()
    coverage.glyphs = glyphs
    return coverage


def _append_lookup(gsub: otTables.GSUB, lookup_type: int, subtable: otTables.Lookup) -> int:
    lookup = otTables.Lookup()
    lookup.LookupType = lookup_type
    lookup.LookupFlag = 0
    lookup.SubTable = [subtable]
    lookup.SubTableCount = 1
    gsub.LookupList.Lookup.append(lookup)
    gsub.LookupList.LookupCount = len(gsub.LookupList.Lookup)
    return len(gsub.LookupList.Lookup) - 1


def patch_font(data: bytes) -> tuple[bytes, dict[int, str]]:
    """The font with ``uni0E32.am`` and its substitution, and the text of each Thai glyph id."""
    font = TTFont(io.BytesIO(data))
    order = list(font.getGlyphOrder())
    if SARA_AA not in order:
        raise ValueError("the font has no SARA AA glyph")
    font["glyf"].glyphs[SARA_AA_IN_AM] = font["glyf"][SARA_AA]
    font["hmtx"].metrics[SARA_AA_IN_AM] = font["hmtx"].metrics[SARA_AA]
    font.setGlyphOrder([*order, SARA_AA_IN_AM])
    font["glyf"].glyphOrder = font.getGlyphOrder()
    if "GDEF" in font and font["GDEF"].table.GlyphClassDef is not None:
        classes = font["GDEF"].table.GlyphClassDef.classDefs
        classes[SARA_AA_IN_AM] = classes.get(SARA_AA, 1)

    gsub = font["GSUB"].table
    single = otTables.SingleSubst()
    single.mapping = {SARA_AA: SARA_AA_IN_AM}
    single_index = _append_lookup(gsub, 1, single)
    nikhahits = sorted(g for g in order if g.startswith("uni0E4D"))
    chain = otTables.ChainContextSubst()
    chain.Format = 3
    chain.BacktrackCoverage = [_coverage(nikhahits)]
    chain.BacktrackGlyphCount = 1
    chain.InputCoverage = [_coverage([SARA_AA])]
    chain.InputGlyphCount = 1
    chain.LookAheadCoverage = []
    chain.LookAheadGlyphCount = 0
    record = otTables.SubstLookupRecord()
    record.SequenceIndex = 0
    record.LookupListIndex = single_index
    chain.SubstLookupRecord = [record]
    chain.SubstCount = 1
    chain_index = _append_lookup(gsub, 6, chain)
    # Run last (after the NIKHAHIT–tone ligatures) in every script's 'ccmp'.
    for feature_record in gsub.FeatureList.FeatureRecord:
        if feature_record.FeatureTag == "ccmp":
            feature_record.Feature.LookupListIndex.append(chain_index)
            feature_record.Feature.LookupCount = len(feature_record.Feature.LookupListIndex)

    texts: dict[int, str] = {}
    for glyph_id, name in enumerate(font.getGlyphOrder()):
        if name == SARA_AA_IN_AM:
            texts[glyph_id] = SARA_AM
        elif tone := _NIKHAHIT_TONE.match(name):
            texts[glyph_id] = chr(int(tone.group(1), 16))
        elif name.startswith("uni0E4D"):
            texts[glyph_id] = ""
        elif (named := _NAMED.match(name)) and 0x0E00 <= int(named.group(1), 16) <= 0x0E7F:
            texts[glyph_id] = chr(int(named.group(1), 16))
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue(), texts


@functools.cache
def patched_fonts(font_dir: str) -> dict[str, tuple[bytes, dict[int, str]]]:
    """Each vendored Sarabun file name → its patched bytes and glyph texts (built once)."""
    return {name: patch_font((Path(font_dir) / name).read_bytes()) for name in FONT_FILES}


class SarabunFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint has no type hints
    """Serves the patched Sarabun for ``vendor/sarabun-ttf/*.ttf``; anything else as usual."""

    def __init__(self, font_dir: Path) -> None:
        super().__init__(allowed_protocols=("file", "data"))
        self.font_dir = font_dir

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        name = url.rsplit("/", 1)[-1]
        if "/vendor/sarabun-ttf/" in url and name in FONT_FILES:
            data, _texts = patched_fonts(str(self.font_dir))[name]
            return URLFetcherResponse(url, data, {"Content-Type": "font/ttf"})
        response: URLFetcherResponse = super().fetch(url, headers)
        return response


def _fix_to_unicode(fonts: dict[str, weasyprint.pdf.fonts.Font]) -> None:
    by_content = {data: texts for cache in _CACHES for data, texts in cache.values()}
    for font in fonts.values():
        texts = by_content.get(getattr(font, "file_content", b""))
        if texts is None:
            continue
        for glyph_id in list(font.to_unicode):
            if glyph_id in texts:
                font.to_unicode[glyph_id] = texts[glyph_id]


_CACHES: list[dict[str, tuple[bytes, dict[int, str]]]] = []


def install(font_dir: Path) -> SarabunFetcher:
    """The fetcher to give WeasyPrint; fixes the glyph texts of the patched fonts at PDF time."""
    cache = patched_fonts(str(font_dir))
    if cache not in _CACHES:
        _CACHES.append(cache)
    original = weasyprint.pdf.build_fonts_dictionary
    if not getattr(original, "sustain_thai", False):

        def build_fonts_dictionary(
            pdf: object, fonts: dict[str, weasyprint.pdf.fonts.Font], *args: object
        ) -> object:
            _fix_to_unicode(fonts)
            return original(pdf, fonts, *args)

        setattr(build_fonts_dictionary, "sustain_thai", True)  # noqa: B010
        weasyprint.pdf.build_fonts_dictionary = build_fonts_dictionary
    return SarabunFetcher(font_dir)
