"""Strategy files: comments, cleaning, and the checks made before a query is sent."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import DataError, UsageError
from pipeline.search.strategy import clean_query, load_strategy, parse_strategy

GOOD = """\
# Concept 1: setting
("primary care"[tiab] OR "general practi*"[tiab] OR "Primary Health Care"[mh])
# Concept 2: social care, with a quoted '#' that is not a comment
AND ("social care"[tiab] OR "Social Work"[mh:noexp] OR "care #2"[tiab] OR integrat*[tiab])
AND (aged[mh] OR "older people"[tiab:~3] OR "Aged, 80 and over"[MeSH Terms])
AND english[la] NOT (comment[pt] OR editorial[Publication Type])
AND 2014:2024[dp] AND hasabstract
"""


def test_good_strategy_is_cleaned() -> None:
    query = parse_strategy(GOOD, name="good.txt")
    assert query.startswith('("primary care"[tiab] OR "general practi*"[tiab]')
    assert '"care #2"[tiab]' in query
    assert "Concept" not in query and "\n" not in query and "  " not in query
    assert query.endswith("AND 2014:2024[dp] AND hasabstract")


def test_load_strategy_hash_ignores_comments_and_layout(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text(GOOD, encoding="utf-8")
    b.write_text("\ufeff# other comment\n" + GOOD.replace("\n", "\n\n"), encoding="utf-8")
    sa, sb = load_strategy(a), load_strategy(b)
    assert sa.query == sb.query and sa.sha256 == sb.sha256
    assert sa.text == GOOD


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('("primary care"[tiab] OR frail*[tiab]', "q.txt:1:1: '(' is never closed"),
        ("frail*[tiab])", "q.txt:1:13: ')' without a matching '('"),
        ('"primary care[tiab] OR frail*[tiab]', 'q.txt:1:1: unclosed quote (")'),
        ('frail*[tiab] OR\n"older\npeople"[tiab]', "q.txt:2:1: unclosed quote"),
        ("frail*[tiab OR aged[mh]", "q.txt:1:7: unclosed field tag"),
        ("frail*[tiab] OR aged]", "q.txt:1:21: ']' without a matching '['"),
        ("frail*[tiabs]", "q.txt:1:7: unknown PubMed field tag [tiabs]"),
        ("frail*[ti:noexp]", "':noexp' only applies to MeSH tags"),
        ("aged[mh:exp]", "unknown modifier ':exp'"),
        ('"older people"[mh:~2]', "proximity ':~N' only applies"),
        ("AND frail*[tiab]", "q.txt:1:1: AND has no left-hand operand"),
        ("frail*[tiab] OR", "q.txt:1:14: OR has no right-hand operand"),
        ("frail*[tiab] OR AND aged[mh]", "q.txt:1:17: AND has no left-hand operand"),
        ("(OR frail*[tiab])", "q.txt:1:2: OR has no left-hand operand"),
        ("(frail*[tiab] NOT)", "NOT has no right-hand operand"),
        ("frail*[tiab] AND ()", "q.txt:1:19: empty parentheses"),
        ("(frail*[tiab]) (aged[mh])", "q.txt:1:16: missing Boolean operator before '('"),
        ("frail*[tiab] aged[mh]", "missing Boolean operator before 'aged'"),
        ("frail*[tiab] or aged[mh]", "q.txt:1:14: lower-case 'or' is searched as a word"),
        ("car*[tiab]", "truncation 'car*' needs at least 4 characters"),
        ("[tiab]", "field tag [tiab] does not follow a term"),
        ('""[tiab]', "empty quoted phrase"),
        ("# only a comment\n\n", "q.txt: the strategy is empty"),
    ],
)
def test_bad_strategies(text: str, message: str) -> None:
    with pytest.raises(DataError) as info:
        parse_strategy(text, name="q.txt")
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_position_counts_lines_and_comments() -> None:
    text = "# header line\n(frail*[tiab] # note (unbalanced in a comment\n OR aged[mh]))\n"
    with pytest.raises(DataError, match=r"q.txt:3:14: '\)' without a matching '\('"):
        parse_strategy(text, name="q.txt")


def test_missing_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="strategy file not found"):
        load_strategy(tmp_path / "nope.txt")
    latin = tmp_path / "latin.txt"
    latin.write_bytes(b'"soins \xe0 domicile"[tiab]')
    with pytest.raises(DataError, match="latin.txt: strategy is not UTF-8 text"):
        load_strategy(latin)


def test_clean_query_keeps_quoted_text() -> None:
    assert clean_query('"a  #b"[tiab]   OR\n\tcd*[ti]  # x') == '"a #b"[tiab] OR cd*[ti]'
