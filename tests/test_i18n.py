"""course_lib's text in the reader's language (course_lib.i18n): exact messages, f-string
templates whose pieces move where the translation puts them, and English wherever the catalog
has nothing."""

from __future__ import annotations

import pytest

from course_lib import i18n
from course_lib.claims import WIDTH, claim, display_width

PO = r'''
msgid ""
msgstr ""
"Language: ko\n"

msgid "solved"
msgstr "풀림"

msgid "not solved"
msgstr "못 풀림"

msgid "after {0} steps the loss is {1}"
msgstr "손실은 {1}, {0}단계 뒤"

#, fuzzy
msgid "a fuzzy message"
msgstr "낡은 번역"

msgid "network {0}, seed {1}: {2}"
msgstr "신경망 {0}, 시드 {1}: {2}"

msgid "a set {{0, 1}} of {0} labels"
msgstr "레이블 {0}개의 집합 {{0, 1}}"

msgid ""
"two "
"lines"
msgstr ""
"두 "
"줄"

msgid "the loss falls on every seed, over ten times below where it starts, which is a long statement"
msgstr "모든 시드에서 손실이 떨어지고, 시작할 때보다 열 배 넘게 낮아지는데, 이것은 열의 너비를 넘을 만큼 긴 한국어 문장입니다"
'''


@pytest.fixture
def korean(tmp_path, monkeypatch):
    folder = tmp_path / "ko" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "course_lib.po").write_text(PO, encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALES", tmp_path)
    monkeypatch.setenv(i18n.ENV, "ko")
    i18n._catalog.cache_clear()
    yield
    i18n._catalog.cache_clear()


@pytest.mark.parametrize("setting, expected", [("ko", "ko"), ("ko_KR.UTF-8", "ko"), ("KO-kr", "ko"), ("en", "en"),
                                               ("fr", "en"), ("", "en")])
def test_the_language_setting_names_a_known_language_or_falls_back_to_english(monkeypatch, setting, expected):
    monkeypatch.setenv(i18n.ENV, setting)
    assert i18n.language() == expected


def test_an_exact_message_is_translated_and_a_fuzzy_or_unknown_one_stays_english(korean):
    assert i18n.translate("solved") == "풀림"
    assert i18n.translate("two lines") == "두 줄"
    assert i18n.translate("a fuzzy message") == "a fuzzy message"
    assert i18n.translate("not in the catalog") == "not in the catalog"


def test_an_f_strings_pieces_move_where_the_translation_puts_them(korean):
    assert i18n.translate("after 200 steps the loss is 0.013") == "손실은 0.013, 200단계 뒤"


def test_a_piece_that_is_itself_a_message_is_translated(korean):
    assert i18n.translate("network 2-2-1, seed 3: not solved") == "신경망 2-2-1, 시드 3: 못 풀림"


def test_literal_braces_in_a_template_are_kept(korean):
    assert i18n.translate("a set {0, 1} of 10 labels") == "레이블 10개의 집합 {0, 1}"


def test_english_is_the_default_and_needs_no_catalog(monkeypatch):
    monkeypatch.delenv(i18n.ENV, raising=False)
    assert i18n.translate("solved") == "solved"


def test_a_korean_claim_is_wrapped_by_display_width_since_hangul_takes_two_columns(korean, capsys):
    statement = "the loss falls on every seed, over ten times below where it starts, which is a long statement"
    claim(statement, True, ratio=12.5)
    out = capsys.readouterr().out
    assert out.startswith("✔ 모든 시드에서")
    assert max(display_width(line) for line in out.splitlines()) <= WIDTH
    assert len(out.splitlines()) >= 3  # two lines of statement, one of evidence


def test_display_width_counts_hangul_twice():
    assert display_width("abc") == 3
    assert display_width("학습률") == 6
