"""The one GB/T 2260 prefix rule: what region codes lie below a region."""
from pathlib import Path

import pytest
from django_tenants.utils import schema_context

from regions.codes import code_prefix

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("code, prefix", [
    ("220000", "22"), ("220100", "2201"), ("220102", "220102"), (" 441900 ", "4419"), ("429004", "429004"),
])
def test_the_prefix_covers_the_region_and_everything_below(code, prefix):
    assert code_prefix(code) == prefix


@pytest.mark.parametrize("code", ["", "22", "2201", "abcdef", "2201000", None])
def test_anything_but_six_digits_is_refused(code):
    # An empty or partial prefix would cover more than any one region: fail closed.
    with pytest.raises(ValueError):
        code_prefix(code)


def test_a_regions_prefix_is_the_rule_applied_to_its_code(jilin, guangdong, anhui):
    from regions.models import Region

    for schema in ("jilin", "guangdong", "anhui"):
        with schema_context(schema):
            regions = list(Region.objects.all())
            assert regions
            for region in regions:
                assert region.code_prefix == code_prefix(region.code)
                assert all(child.code.startswith(region.code_prefix) for child in region.children.all())


def test_no_other_copy_of_the_prefix_rule():
    """One way to do a thing: the prefix rule lives in regions/codes.py only."""
    copies = []
    for folder in ("api", "platform", "province_rules", "tenants"):
        for path in (REPO_ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if 'endswith("0000")' in text or "endswith('0000')" in text:
                copies.append(str(path.relative_to(REPO_ROOT)))
    assert copies == ["platform/regions/codes.py"]
