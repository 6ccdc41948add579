"""Names and codes: organization and person names, USCCs, ID numbers, phone numbers.

Every name is unique where the registry needs it (organization names by choice, Party
organization names by constraint); codes carry valid check characters.
"""
from __future__ import annotations

import datetime as dt
import random

from privacy.crypto import keyed_digest
from registry.validators import id_check_character, uscc_check_character

from . import vocabulary as words
from .plans import Place

USCC_KIND_DIGITS = {"social_group": "1", "private_non_enterprise": "2", "foundation": "3", "intermediary": "9",
                    "community_org": "9"}
# The third character of a new-style organization code (test factories use digits only there).
NEW_STYLE_LETTERS = "ABCDEFGHJKLMNPQRTUWXY"
# Members born in other provinces (a few).
OTHER_PROVINCE_COUNTIES = ("330106", "350102", "370102", "410105", "210102", "230102", "430104", "510104", "320106")
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714 (组织机构代码)


class Namer:
    def __init__(self, rng: random.Random, *, used_usccs: set, used_org_names: set, used_party_names: set,
                 used_digests: set):
        self.rng = rng
        self.used_usccs, self.used_org_names = used_usccs, used_org_names
        self.used_party_names, self.used_digests = used_party_names, used_digests

    @staticmethod
    def unique(used: set, candidate) -> str:
        """The first free name among ``candidate(0)``, ``candidate(1)`` … (tries 40), then the
        ordinal forms ``candidate(-2)``, ``candidate(-3)`` … until one is free."""
        for attempt in range(40):
            name = candidate(attempt)
            if name not in used:
                used.add(name)
                return name
        ordinal = 2
        while (name := candidate(-ordinal)) in used:
            ordinal += 1
        used.add(name)
        return name

    def party_org_name(self, candidate) -> str:
        return self.unique(self.used_party_names, candidate)

    # --- people ------------------------------------------------------------------------

    def person_name(self) -> str:
        rng = self.rng
        given = rng.choice(words.GIVEN_NAME_CHARACTERS)
        if rng.random() < 0.7:
            given += rng.choice(words.GIVEN_NAME_CHARACTERS)
        return rng.choice(words.SURNAMES) + given

    def phone(self) -> str:
        rng = self.rng
        return f"1{rng.choice('3578')}{rng.randrange(10)}{rng.randrange(10**8):08d}"

    def id_number(self, place: Place, birth: dt.date, male: bool, counties: list[Place]) -> tuple[str, str]:
        """A valid ID number (GB 11643) born near ``place`` and its keyed digest, unique in the province."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.06:
            prefix = rng.choice(OTHER_PROVINCE_COUNTIES)
        elif place.level == "county" and roll < 0.6:
            prefix = place.code
        else:
            prefix = rng.choice(counties).code if counties else place.code
        while True:
            sequence = rng.randrange(100) * 10 + rng.choice((1, 3, 5, 7, 9) if male else (0, 2, 4, 6, 8))
            first17 = f"{prefix}{birth:%Y%m%d}{sequence:03d}"
            number = first17 + id_check_character(first17)
            digest = keyed_digest(number)
            if digest not in self.used_digests:
                self.used_digests.add(digest)
                return number, digest

    # --- organizations -----------------------------------------------------------------

    def uscc(self, kind: str, authority_code: str, registered_on: dt.date) -> str:
        """``5`` + kind digit + the registration authority's region code + organization code + check."""
        rng = self.rng
        while True:
            if registered_on.year < 2016:  # codes issued before the reform keep the old 组织机构代码
                body = f"{rng.randrange(10**7, 10**8):08d}"
                check = 11 - sum(int(c) * w for c, w in zip(body, ORG_CODE_WEIGHTS)) % 11
                org_code = body + {10: "X", 11: "0"}.get(check, str(check))
            else:
                org_code = "MJ" + rng.choice(NEW_STYLE_LETTERS) + f"{rng.randrange(10**6):06d}"
            first17 = f"5{USCC_KIND_DIGITS[kind]}{authority_code}{org_code}"
            code = first17 + uscc_check_character(first17)
            if code not in self.used_usccs:
                self.used_usccs.add(code)
                return code

    def organization(self, kind: str, place: Place, province_short: str) -> tuple[str, str, str | None, str | None, str]:
        """(name, subtype, business supervisor type or None, "school"/"hospital"/None, industry)."""
        rng, used, cn = self.rng, self.used_org_names, words.chinese_number
        if kind == "social_group":
            if place.level != "county" and rng.random() < 0.08:
                home = rng.choice(words.HOME_PLACES)
                name = self.unique(used, lambda n: f"{place.name}{home}商会" if n == 0 else
                                   f"{place.name}{rng.choice(words.HOME_PLACES)}商会" if n > 0 else
                                   f"{place.name}{home}商会第{cn(-n)}分会")
                return name, "chamber", None, None, "异地商会"
            industry, suffix, supervisor = rng.choice(words.SOCIAL_GROUP_INDUSTRIES)
            name = self.unique(used, lambda n: f"{place.name}{industry}{suffix}" if n == 0 else
                               f"{place.name}{self._qualifier(place)}{industry}{suffix}" if n > 0 else
                               f"{place.name}{industry}{suffix}第{cn(-n)}分会")
            subtype = "chamber" if suffix == "商会" else "association" if supervisor is None else "society"
            return name, subtype, supervisor, None, industry
        if kind == "private_non_enterprise":
            subtype, suffix, flag, _, supervisor = rng.choices(words.PNE_TYPES, weights=words.PNE_WEIGHTS)[0]
            brand = rng.choice(words.BRANDS)
            if flag == "school" and rng.random() < 0.3:
                brand = "民办" + brand  # 吉林省民办育才实验学校
            name = self.unique(used, lambda n: f"{place.name}{brand}{suffix}" if n == 0 else
                               f"{place.name}{rng.choice(words.BRANDS)}{suffix}" if 0 < n < 20 else
                               f"{place.name}{self._qualifier(place, brand=True)}{rng.choice(words.BRANDS)}{suffix}" if n > 0 else
                               f"{place.name}{brand}第{cn(-n)}{suffix}")
            return name, subtype, supervisor, flag, suffix
        if kind == "foundation":
            topic = rng.choice(words.FOUNDATION_TOPICS)
            name = self.unique(used, lambda n: f"{place.name}{topic}基金会" if n == 0 else
                               f"{place.name}{rng.choice(words.BRANDS)}{rng.choice(words.FOUNDATION_TOPICS)}基金会" if n > 0
                               else f"{place.name}{topic}第{cn(-n)}基金会")
            return name, "foundation", "民政" if rng.random() < 0.5 else None, None, topic
        if kind == "intermediary":
            suffix, supervisor, committee = rng.choice(words.INTERMEDIARY_TYPES)
            prefix = province_short if place.level == "province" else place.name
            name = self.unique(used, lambda n: f"{prefix}{rng.choice(words.BRANDS)}{suffix}" if n >= 0 else
                               f"{prefix}{rng.choice(words.BRANDS)}第{cn(-n)}{suffix}")
            return name, committee or "agency", supervisor, None, suffix
        street = rng.choice(words.STREETS)
        name = self.unique(used, lambda n: f"{place.name}{street}街道{rng.choice(words.COMMUNITY_TEAMS)}" if n >= 0 else
                           f"{place.name}{street}社区第{cn(-n)}{rng.choice(words.COMMUNITY_TEAMS)}")
        return name, "community", None, None, "城乡社区服务"

    def _qualifier(self, place: Place, *, brand: bool = False) -> str:
        """What tells two same-named organizations apart: a street for a county's (长春市朝阳区
        人民街道…), never for a province's or a city's (吉林省青年企业家…, 长春市现代物流…)."""
        if place.level == "county":
            return self.rng.choice(words.STREETS) + ("" if brand else "街道")
        return self.rng.choice(words.WIDE_QUALIFIERS)

    def employees(self, kind: str, subtype: str) -> int:
        rng = self.rng
        if kind == "private_non_enterprise":
            low, high = next(t[3] for t in words.PNE_TYPES if t[0] == subtype)
            return int(low + (high - low) * rng.random() ** 1.6)
        low, high = {"social_group": (1, 12), "foundation": (2, 12), "intermediary": (3, 40), "community_org": (0, 3)}[kind]
        if kind == "social_group" and rng.random() < 0.03:
            return rng.randint(15, 45)
        return int(low + (high - low) * rng.random() ** 2)

    @staticmethod
    def supervisor(unit_type: str, level: str, place: Place, province: Place) -> str:
        """The business supervisor of that type at the org's registration level, e.g. 长春市教育局."""
        names = words.SUPERVISOR_UNITS[unit_type]
        if level == "province":
            return province.name + names[0]
        if level == "city":
            return place.city.name + names[1]
        return place.name + names[2]
