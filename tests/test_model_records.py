"""The model's classes behave as frozen dataclasses, though their equality,
hash and repr are written once (`plangen.engine.model.Record`) rather than
generated for each class at import."""

from __future__ import annotations

import dataclasses

import pytest

from plangen.engine.model import AllOf, AnyOf, Option, Where
from plangen.engine.model import Test as Leaf  # as Test, pytest would try to collect it


def test_records_with_equal_compared_fields_are_equal_and_hash_alike_wherever_they_were_written():
    here, there = Option("yes", "Yes", where=Where("a.yml", 3)), Option("yes", "Yes", where=Where("b.yml", 9))
    assert here == there and hash(here) == hash(there)


def test_records_differing_in_a_compared_field_are_not_equal():
    assert Option("yes", "Yes") != Option("yes", "Yes, please")


def test_a_record_never_equals_one_of_another_class_with_the_same_fields():
    tests = (Leaf("answer", "goal", "eq", "x"),)
    assert AllOf(tests) != AnyOf(tests)


def test_a_record_with_one_compared_field_hashes_by_it():
    assert hash(AllOf((Leaf("answer", "goal", "eq", "x"),))) == hash(AllOf((Leaf("answer", "goal", "eq", "x"),)))
    assert len({AllOf(()), AllOf(())}) == 1


def test_a_records_repr_names_its_class_and_fields():
    assert repr(Where("a.yml", 3)) == "Where(path='a.yml', line=3)"


def test_a_record_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Where("a.yml").line = 4  # type: ignore[misc]


def test_replace_makes_a_changed_copy_as_of_any_dataclass():
    assert dataclasses.replace(Where("a.yml", 3), line=4) == Where("a.yml", 4)
