"""A claim that agrees with one side of a conflict stands in the finding on that side, even when
alone it would be too far from the other side to be read as the same quantity (checker/engine.py:
_join_cluster_mates): three sources, two agreeing, show as two against one."""
from __future__ import annotations

import numcheck

MU = numcheck.Text("a.txt", "2024年，澄江县完成造林3万亩，森林覆盖率达到61.2%。")
HECTARE_SLIP = numcheck.Text("b.txt", "澄江县2024年完成造林3万公顷，森林覆盖率达到61.2%。")  # 亩 written as 公顷
WIRE = numcheck.Text("c.txt", "Chengjiang County planted 2,000 hectares of new forest in 2024.")


def docs_in_conflicts(report) -> list[set[str]]:
    return [{c.doc for c in f.claims} for f in report.conflicts]


def test_the_agreeing_restatement_joins_its_side() -> None:
    report = numcheck.check([MU, HECTARE_SLIP, WIRE])
    assert docs_in_conflicts(report) == [{"a.txt", "b.txt", "c.txt"}]


def test_alone_the_far_figure_is_no_contradiction() -> None:
    # 2,000 ha against 30,000 ha, with nothing beside it: 15 times apart, read as another quantity
    assert numcheck.check([HECTARE_SLIP, WIRE]).conflicts == []


def test_the_slip_alone_is_found() -> None:
    assert docs_in_conflicts(numcheck.check([MU, HECTARE_SLIP])) == [{"a.txt", "b.txt"}]


def test_a_scale_slip_with_rounding_is_one_figure_misread() -> None:
    # 6.48亿 is 6482.6万 rounded and read a magnitude off: a slip, not another quantity
    a = numcheck.Text("a.txt", "国庆假期，澄川省累计接待游客6482.6万人次。")
    b = numcheck.Text("b.txt", "国庆假期，澄川省累计接待游客6.48亿人次。")
    assert docs_in_conflicts(numcheck.check([a, b])) == [{"a.txt", "b.txt"}]
    # two figures that share only their first digits are two quantities, too far apart to compare
    c = numcheck.Text("c.txt", "国庆假期，澄川省累计接待游客6.12亿人次。")
    assert numcheck.check([a, c]).conflicts == []
