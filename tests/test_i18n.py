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

msgid "training loss"
msgstr "훈련 손실"

msgid "step"
msgstr "스텝"

msgid "zeros"
msgstr "0으로 초기화"

msgid "Xavier"
msgstr "Xavier"

msgid "N(0,1) weights"
msgstr "N(0,1) 가중치"

msgid "shuffled labels"
msgstr "섞은 레이블"

msgid "learning rate"
msgstr "학습률"

msgid "variant"
msgstr "변형"

msgid "{0} (median of {1})"
msgstr "{0} ({1}개의 중앙값)"

msgid "the instrument singles out {0}"
msgstr "계기가 {0}을(를) 가려낸다"

msgid "{0} is the cause"
msgstr "{0}이(가) 원인이다"

msgid "{0} and the rest"
msgstr "{0}와(과) 나머지"

msgid "start with {0}"
msgstr "{0}으로(로) 시작"

msgid "batch {0}: {1} KiB"
msgstr "배치 {0}: {1} KiB"

msgid "{0} rate {1}: {2}"
msgstr "{0} 학습률 {1}: {2}"

msgid "{0} per seed:\n{1}"
msgstr "{0} 시드별:\n{1}"

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


@pytest.mark.parametrize("piece, expected", [
    ("shuffled labels", "계기가 섞은 레이블을 가려낸다"),  # final consonant: 을
    ("zeros", "계기가 0으로 초기화를 가려낸다"),  # none: 를
    ("N(0,1) weights", "계기가 N(0,1) 가중치를 가려낸다"),
    ("Adam", "계기가 Adam을(를) 가려낸다"),  # not Hangul: both forms stay
])
def test_a_particle_after_a_piece_takes_the_form_the_translated_piece_needs(korean, piece, expected):
    assert i18n.translate(f"the instrument singles out {piece}") == expected


def test_each_particle_picks_its_form_by_the_last_sound_and_leaves_latin_alone(korean):
    assert i18n.translate("shuffled labels is the cause") == "섞은 레이블이 원인이다"
    assert i18n.translate("zeros is the cause") == "0으로 초기화가 원인이다"
    assert i18n.translate("learning rate and the rest") == "학습률과 나머지"
    assert i18n.translate("zeros and the rest") == "0으로 초기화와 나머지"
    assert i18n.translate("start with learning rate") == "학습률로 시작"  # ㄹ takes 로
    assert i18n.translate("start with shuffled labels") == "섞은 레이블로 시작"
    assert i18n.translate("start with N(0,1) weights") == "N(0,1) 가중치로 시작"
    assert i18n.particle("입력", "으로(로)") == "으로"
    assert i18n.particle("3", "은(는)") == "은" and i18n.particle("2", "이(가)") == "가"
    assert i18n.particle("ReLU", "와(과)") == "와(과)"


def test_a_printed_table_is_translated_by_column_and_keeps_its_alignment(korean):
    rows = [f"{'variant':16s}{'training loss':>16s}", f"{'zeros':16s}{0.5:16.3f}", f"{'Xavier':16s}{0.25:16.3f}"]
    out = i18n.translate_lines("\n".join(rows)).split("\n")
    assert out[0].split() == ["변형", "훈련", "손실"] and out[1].startswith("0으로 초기화")
    assert [display_width(line) for line in out] == [display_width(line) for line in rows]
    # each column ends where it ended in English
    assert display_width(out[1][:out[1].index("0.500")]) == rows[1].index("0.500")
    assert i18n.translate_lines("  step") == "  스텝"  # indentation kept
    assert i18n.translate_lines("nothing the catalog knows   1.0") == "nothing the catalog knows   1.0"
    assert i18n.translate_lines("\n".join(rows), "en") == "\n".join(rows)


def test_print_speaks_korean_in_korean_mode_and_is_untouched_in_english(korean, monkeypatch, capsys):
    import builtins

    monkeypatch.setattr(builtins, "print", builtins.print)  # undone after the test
    i18n.install_print()
    i18n.install_print()  # once only
    assert builtins.print.course_lib and not getattr(builtins.print.__wrapped__, "course_lib", False)
    print("step")
    print(f"{'zeros':10s}{1.5:8.2f}")
    out = capsys.readouterr().out.splitlines()
    assert out == ["스텝", "0으로 초기화  1.50"]  # as wide as "zeros" and its padding
    monkeypatch.setenv(i18n.ENV, "en")
    print("step")
    print("zeros", 1.5)
    assert capsys.readouterr().out == "step\nzeros 1.5\n"


def test_a_figure_drawn_in_english_comes_back_in_korean_and_unchanged_in_english(korean, monkeypatch):
    import matplotlib.pyplot as plt

    from course_lib import plotting

    if i18n._hangul_font() is None:
        pytest.skip("no font with Hangul installed")

    def draw():
        fig, ax = plotting.subplots()
        ax.plot([0, 1], [1, 0], label="zeros")
        ax.bar(["zeros", "Xavier"], [1, 2], label="shuffled labels")
        ax.set(xlabel="step", ylabel="training loss", title="learning rate")
        ax.legend(title="variant")
        ax.annotate("N(0,1) weights", (0, 1))
        fig.suptitle("$\\eta$ and nothing else")
        return fig

    def texts(fig):
        fig.canvas.draw()
        return plotting._visible_texts(fig)

    fig = draw()
    assert i18n.translate_figure(fig)
    shown = texts(fig)
    for korean_text in ("스텝", "훈련 손실", "학습률", "0으로 초기화", "섞은 레이블", "변형", "N(0,1) 가중치"):
        assert korean_text in shown, (korean_text, shown)
    assert "training loss" not in shown and "zeros" not in shown
    assert i18n.untranslated(shown) == ["Xavier", "$\\eta$ and nothing else"]  # a name kept in Latin
    plt.close(fig)
    monkeypatch.setenv(i18n.ENV, "en")
    fig = draw()
    assert not i18n.translate_figure(fig)
    shown = texts(fig)
    assert "training loss" in shown and "zeros" in shown and not any(i18n._HANGUL.search(t) for t in shown)
    plt.close(fig)


def test_show_lists_a_korean_figures_english_texts_in_its_metadata(korean, monkeypatch):
    from course_lib import plotting

    if i18n._hangul_font() is None:
        pytest.skip("no font with Hangul installed")
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *a, **k: shown.append(k))
    fig, ax = plotting.subplots()
    ax.plot([0, 1], [0, 1], label="zeros")
    ax.set(xlabel="step", ylabel="something English")
    ax.legend()
    plotting.show(fig, alt="a line from nought to one")
    assert shown[0]["metadata"] == {plotting.UNTRANSLATED: ["something English"]}
    monkeypatch.setenv(i18n.ENV, "en")
    fig, ax = plotting.subplots()
    plotting.show(fig, alt="a line from nought to one")
    assert "metadata" not in shown[1]


def test_untranslated_finds_latin_words_outside_math_in_text_without_hangul():
    assert i18n.untranslated(["step", "스텝 k", "$x_k$", "0.5", "η = 0.1", "x", "loss $L$"]) == ["step", "loss $L$"]


def test_the_korean_output_check_finds_english_words_and_spares_names_code_and_math(tmp_path):
    import json

    from korean_outputs import english_in_outputs, english_words

    assert english_words("training loss after 3 steps") == ["training", "loss", "after", "steps"]
    assert english_words("hidden layer") == ["hidden", "layer"]
    assert english_words("훈련 손실, Adam과 ReLU, zero_grad, torch.nn.Linear, $\\eta_t$") == []
    assert english_words("  [start_loss = 2.3, grad_ratio = 0.1]") == []
    assert english_words("He − Xavier, log2 스텝") == []
    assert english_words("✔ backward를 두 번 부르면") == []
    assert english_words("✔ 계기가 weights and unscaled inputs을(를) 가려낸다") == ["weights", "and", "unscaled"]
    assert english_words("워밍업은 reached 0.1 sooner 했다") == ["reached", "sooner"]  # a number inside a phrase
    assert english_words("Adam 0.01, 스텝 3 backward 2회") == []  # names and code words beside numbers
    notebook = tmp_path / "chapter.ipynb"
    notebook.write_text(json.dumps({"cells": [
        {"cell_type": "code", "outputs": [{"output_type": "stream", "text": [
            "스텝 3\n", "still English 3\n", "torch: ValueError: Expected more than\n", "  one value\n", "then English\n"]}]},
        {"cell_type": "code", "outputs": [{"output_type": "display_data", "data": {},
                                           "metadata": {"course_untranslated": ["Xavier", "held-out RMSE"]}}]},
    ]}), encoding="utf-8")
    assert english_in_outputs(notebook) == [(0, "still English 3"), (0, "then English"), (1, "held-out RMSE")]


def test_a_piece_keeps_its_padding_its_lines_and_its_list_items(korean):
    # a padded name: looked up without its padding, padded again to the same display width
    assert i18n.translate(f"{'zeros':16s}(median of 3)") == "0으로 초기화    (3개의 중앙값)"  # 16 columns
    assert display_width(i18n.translate(f"{'zeros':16s}")) == 16
    # a list joined by ", ": item by item, when the catalog knows every item
    assert i18n.translate_lines("batch 32: 97 KiB, batch 64: 194 KiB") == "배치 32: 97 KiB, 배치 64: 194 KiB"
    # lines made one by one keep their indentation
    rows = "\n".join(f"{'':10s} rate {r:g}: [0, 1]" for r in (0.1, 1))
    assert i18n.translate_lines(f"{'zeros':10s} per seed:\n{rows}").split("\n")[1:] == [
        " " * 10 + " 학습률 0.1: [0, 1]", " " * 10 + " 학습률 1: [0, 1]"]


def test_text_the_catalog_lacks_comes_back_as_it_is_whatever_its_shape(korean):
    for text in ["  nothing known\n  on two lines  ", "\n", "  ", "a, b and c\n", " x, y ", "step\n  nothing known "]:
        assert i18n.translate(text).replace("스텝", "step") == text
        assert i18n.translate_lines(text).replace("스텝", "step") == text


def test_the_explorers_draw_their_own_words_and_axes_in_korean(monkeypatch):
    from course_lib import interactive

    i18n._catalog.cache_clear()
    english = interactive.lr_explorer_html(4.0, 3.0)
    curves = dict(frames=[{"label": "step", "series": [{"name": "training loss", "x": [0, 1], "y": [1, 0]}]}],
                  slider="step", x_label="step", y_label="training loss")
    english_curves = interactive.curve_explorer_html(**curves)
    assert '"x against step"' in english and "training loss" in english_curves
    monkeypatch.setenv(i18n.ENV, "ko")
    korean = interactive.lr_explorer_html(4.0, 3.0)
    assert '"x against step"' not in korean and '"스텝에 따른 x"' in korean
    assert '"스텝 k (0 ~ "' in korean
    korean_curves = interactive.curve_explorer_html(**curves)
    assert "training loss" not in korean_curves and "\\ud6c8\\ub828 \\uc190\\uc2e4" in korean_curves  # 훈련 손실
    monkeypatch.setenv(i18n.ENV, "en")
    assert interactive.lr_explorer_html(4.0, 3.0) == english  # English as it was
