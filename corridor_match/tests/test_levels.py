import pytest

from corridor_match.levels import Education, level_value


def test_hsk4_is_equivalent_to_cefr_b1():
    assert level_value("HSK", "4") == level_value("CEFR", "B1") == 3.0


def test_hsk_bands_map_onto_cefr_bands():
    assert level_value("HSK", 3) == level_value("CEFR", "A2")
    assert level_value("HSK", 6) == level_value("CEFR", "B2")
    assert level_value("HSK", 9) == level_value("CEFR", "C2")


def test_native_is_above_every_framework_level():
    assert level_value("native", None) > level_value("CEFR", "C2")
    assert level_value("native", None) > level_value("HSK", 9)


def test_levels_are_monotonic_within_each_scale():
    hsk = [level_value("HSK", i) for i in range(1, 10)]
    cefr = [level_value("CEFR", c) for c in ("A1", "A2", "B1", "B2", "C1", "C2")]
    assert hsk == sorted(hsk) and len(set(hsk)) == 9
    assert cefr == sorted(cefr)


def test_scale_and_level_spelling_is_lenient():
    assert level_value("hsk", "HSK 5") == level_value("HSK", 5)
    assert level_value("cefr", "b2") == 4.0


def test_unknown_level_is_rejected():
    with pytest.raises(ValueError):
        level_value("HSK", 10)
    with pytest.raises(ValueError):
        level_value("TOEFL", "100")


def test_education_levels_are_ordered():
    assert (
        Education.SECONDARY < Education.VOCATIONAL_DIPLOMA < Education.BACHELOR < Education.MASTER
    )
    assert Education.MASTER < Education.DOCTORATE
