"""The one tokeniser used for indexing and for queries."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from fazhi.fulltext.query import MAX_QUERY_CHARS, parse
from fazhi.fulltext.tokenize import index_tokens, normalize, squash, tokenizer, tokens


def test_normalize_is_half_width_simplified_and_lower_case():
    assert normalize("ＰＰＰ項目１２規範") == "ppp项目12规范"
    assert normalize("二〇二四年") == "二零二四年"
    # ordinary simplified characters that zhconv also lists as traditional stay as written
    assert normalize("著作权") == "著作权"


def test_punctuation_spaces_and_symbols_never_become_tokens():
    assert tokens("，。！？、；：“”‘’（）《》〔〕—…  \n\t*\"'-:()[]{}<>|&~^$#@!") == []
    assert tokens("《行政复议法》（2023年修订）") == ["行政复议", "法", "2023", "年", "修订"]
    assert index_tokens("，。！？ \n") == []


def test_stop_words_are_minimal():
    assert tokens("规范的文件和制度") == ["规范", "文件", "制度"]


def test_a_document_holds_every_dictionary_word_and_every_character_of_its_text():
    held = index_tokens("加强食品安全监管，PPP项目2018年")
    # in context jieba cuts 食品 / 安全监管; the index still holds 食品安全
    assert tokens("加强食品安全监管") == ["加强", "食品", "安全监管"]
    assert {"食品安全", "食品", "安全", "安全监管", "监管", "ppp", "项目", "2018", "年"} <= set(held)
    assert {"食", "品", "安", "全", "监", "管", "项", "目"} <= set(held)
    assert len(held) == len(set(held))


def test_every_query_token_is_held_by_a_text_that_contains_it():
    text = "各地要推行行政规范性文件合法性审核机制，落实放管服改革和社会稳定风险评估，PPP项目2018年完成。"
    held = set(index_tokens(text))
    for query in [
        "规范性文件",
        "行政规范性文件",
        "合法性审核",
        "审核机制",
        "放管服",
        "风险评估",
        "稳定风险",
        "ppp项目",
        "2018年",
    ]:
        assert set(tokens(query)) <= held, query


@pytest.mark.parametrize("term", ["规范性文件", "合法性审核", "行政复议", "双随机一公开", "公平竞争审查"])
def test_the_user_dictionary_keeps_legal_terms_whole(term):
    assert term in tokens(f"全面推行{term}工作")


def test_without_the_user_dictionary_those_terms_fall_apart():
    plain = tokenizer(user_dict=False)
    assert "双随机一公开" not in tokens("全面推行双随机一公开监管", tk=plain)
    assert "合法性审核" not in tokens("全面推行合法性审核机制", tk=plain)


def test_jieba_is_loaded_once_per_process():
    assert tokenizer() is tokenizer()


def test_squash_keeps_only_letters_and_digits():
    assert squash("第三条，规定 \n 依法（试行）") == "第三条规定依法试行"
    assert squash("“審核程序”") == "审核程序"


# --- queries ------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "   ", "，。！？……", '"" “”', "*:-()", None])
def test_an_empty_or_punctuation_only_query_is_refused_in_chinese(query):
    with pytest.raises(ValidationError) as info:
        parse(query)
    assert info.value.code == "fulltext_empty"
    assert info.value.messages == ["请输入检索词：标点、符号和空格不能单独检索。"]


def test_a_query_of_stop_words_only_is_refused_with_its_reason():
    with pytest.raises(ValidationError) as info:
        parse("的 和 与")
    assert info.value.code == "fulltext_stop_words"
    assert "虚词" in info.value.messages[0]


def test_words_are_anded_and_quoted_phrases_kept_whole():
    parsed = parse('复议 “合法性审核机制” "規範性文件"')
    # a quoted dictionary word is just that word: the index holds it exactly where the text does
    assert parsed.terms == ("规范性文件", "复议")
    assert [p.text for p in parsed.phrases] == ["合法性审核机制"]
    assert parsed.phrases[0].tokens == ("合法性审核", "机制")
    assert parsed.truncated is False


def test_an_unbalanced_quote_is_just_a_character():
    assert parse('"行政复议').terms == ("行政复议",)


def test_search_syntax_characters_are_text():
    parsed = parse('NEAR OR "*" -AND: title:行政 a*b')
    assert parsed.terms == ("near", "or", "and", "title", "行政", "a", "b")
    assert parsed.phrases == ()


def test_a_very_long_query_is_truncated_and_says_so():
    parsed = parse("复议" * 300)
    assert parsed.truncated is True
    assert parse("复议" * (MAX_QUERY_CHARS // 2)).truncated is False
    many = parse(" ".join(f"词{i}" for i in range(60)))
    assert many.truncated is False or len(many.required) <= 24
    assert len(many.required) <= 24
