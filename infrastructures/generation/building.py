"""Builds the synthetic catalogue: the rows it refers to first (`reference`: regions, themes,
programmes), then the organisations, then the entries with everything that hangs off them, a batch
at a time (their texts from `texts`, written by `inserting`).

Every random choice comes from one `random.Random(seed)`, drawn in a fixed order and never from the
database (ids, row order of the tables) or the clock, so a seed gives the same rows on any database
that starts with the same reference rows.
"""

import math
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import accumulate

from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify

from access.models import AccessCondition, PriceIndication
from infrastructures import geo
from infrastructures.generation import reference, texts
from infrastructures.generation import vocabulary as words
from infrastructures.generation.inserting import Table
from infrastructures.generation.nuts import NUTS2_REGIONS
from infrastructures.models import (
    Equipment,
    FundingRecord,
    Infrastructure,
    Organisation,
)

PREFIX = "gen-"  # every generated entry and organisation has a slug that starts so
ENTRIES_PER_ORGANISATION = 20
INSERT_BATCH = 1000  # rows per INSERT of reference rows and organisations

State = Infrastructure.PublicationState
UNPUBLISHED_STATES = {State.DRAFT: 45, State.IN_REVIEW: 20, State.ARCHIVED: 35}
STATUSES = {"operational": 85, "under_construction": 8, "planned": 5, "decommissioned": 2}
KINDS = {kind: wording[-1] for kind, wording in words.KINDS.items()}
EQUIPMENT_COUNTS = [8, 14, 20, 22, 18, 10, 8]  # weights of 0..6 items: about 3 on average
ACCESS_MODES = {"market_driven": 45, "wide": 25, "excellence_driven": 15, "": 15}
PRICE_UNITS = {  # a typical "from" price per unit (EUR): lowest, highest, rounded to
    "hour": (50, 350, 5),
    "day": (400, 3500, 50),
    "sample": (20, 600, 5),
    "project": (2000, 50000, 500),
}
TIER_FACTORS = {"academic": Decimal("0.7"), "sme": Decimal("1.0"), "large_company": Decimal("1.5")}
EU_SHARE_PERCENT = {"erdf": (40, 60), "interreg": (60, 80), "eu_framework": (70, 100)}
PROJECT_SUFFIXES = ["UP", "PILOT", "NEXT", "PLUS", "4SME", "LAB", "SCALE"]


@dataclass
class Report:
    """What a run made (rows per model) and how long each part took."""

    counts: Counter = field(default_factory=Counter)
    timings: dict = field(default_factory=dict)
    entry_ids: list = field(default_factory=list)


def weighted(choices):
    """(values, cumulative weights) of a {value: weight} mapping, for Random.choices."""
    return list(choices), list(accumulate(choices.values()))


class CatalogueBuilder:
    def __init__(self, *, seed, batch_size=5000, progress=None):
        self.random = random.Random(seed)
        self.batch_size = batch_size
        self.progress = progress or (lambda message: None)
        self.report = Report()
        self.region_choices = list(NUTS2_REGIONS)
        self.region_weights = list(accumulate(nuts.weight for nuts in NUTS2_REGIONS))
        self.kinds, self.statuses, self.modes = weighted(KINDS), weighted(STATUSES), weighted(ACCESS_MODES)

    def prepare_reference_rows(self):
        started = time.perf_counter()
        counts = self.report.counts
        self.regions = reference.regions(counts)
        self.themes = reference.themes(counts)  # slug: id, in the order of the slugs
        self.theme_ids = list(self.themes.values())
        self.erdf_programmes, self.other_programmes = reference.programmes(self.regions, counts)
        self.access_forms, self.business_models = reference.access_vocabularies()
        self.report.timings["reference rows"] = time.perf_counter() - started

    # Organisations

    def make_organisations(self, count):
        started = time.perf_counter()
        rng = self.random
        kinds, kind_weights = weighted(words.ORGANISATION_KINDS)
        names = set()
        organisations, places = [], []
        for n in range(1, count + 1):
            nuts = rng.choices(self.region_choices, cum_weights=self.region_weights)[0]
            city = rng.choice(nuts.cities)
            for _attempt in range(10):
                kind = rng.choices(kinds, cum_weights=kind_weights)[0]
                field_en, field_nl = rng.choice(words.FIELDS)
                name_en, name_nl = rng.choice(words.ORGANISATION_NAMES[kind])
                values = {
                    "city": city,
                    "surname": rng.choice(words.SURNAMES[nuts.country]),
                    "word": rng.choice(words.COMPANY_WORDS),
                    "legal": words.LEGAL_FORMS[nuts.country],
                }
                name_en = name_en.format(field=field_en, **values)
                name_nl = name_nl.format(field=field_nl, **values)
                if name_en not in names:
                    break
            else:
                name_en, name_nl = f"{name_en} {n}", f"{name_nl} {n}"
            names.add(name_en)
            acronym = texts.initials(name_en) if kind != "company" and rng.random() < 0.5 else ""
            organisations.append(
                Organisation(
                    slug=f"{PREFIX}{slugify(name_en)[:60]}-{n}",
                    name_en=name_en,
                    name_nl=name_nl,
                    acronym=acronym[:40],
                    kind=kind,
                    region=self.regions[nuts.code],
                    city=city,
                    description_en=f"{name_en} works on {field_en.lower()} with companies around {city}.",
                    description_nl=f"{name_nl} werkt rond {field_nl} met bedrijven rond {city}.",
                )
            )
            places.append(nuts)
        created = Organisation.objects.bulk_create(organisations, batch_size=INSERT_BATCH)
        self.organisations = list(zip(created, places, strict=True))  # (organisation, its NUTS region)
        self.report.counts["organisations"] = len(created)
        self.report.timings["organisations"] = time.perf_counter() - started

    # Entries

    def publication_states(self, published, unpublished):
        states, weights = weighted(UNPUBLISHED_STATES)
        chosen = [State.PUBLISHED] * published + self.random.choices(
            states, cum_weights=weights, k=unpublished
        )
        self.random.shuffle(chosen)  # drafts and archived entries among the published, as in life
        return chosen

    def make_entries(self, states):
        started = time.perf_counter()
        now = timezone.now()  # created_at and updated_at of every generated row
        self.tables = {
            model: Table(model, now)
            for model in (
                Infrastructure,
                Infrastructure.themes.through,
                Infrastructure.operators.through,
                Equipment,
                AccessCondition,
                AccessCondition.forms_of_access.through,
                AccessCondition.business_models.through,
                PriceIndication,
                FundingRecord,
            )
        }
        total = len(states)
        for start in range(0, total, self.batch_size):
            self._make_batch(states[start : start + self.batch_size], first_number=start + 1)
            self.progress(f"  {min(start + self.batch_size, total):,} of {total:,} entries")
        self.report.timings["entries"] = time.perf_counter() - started

    def _make_batch(self, states, first_number):
        built = [self._entry(state, number) for number, state in enumerate(states, start=first_number)]
        tables = self.tables
        ids = tables[Infrastructure].insert([b.entry for b in built], returning=True)
        themes, operators, equipment, conditions, funding = [], [], [], [], []
        for entry_id, b in zip(ids, built, strict=True):
            themes += [{"infrastructure_id": entry_id, "theme_id": theme} for theme in b.themes]
            operators += [{"infrastructure_id": entry_id, "organisation_id": pk} for pk in b.operators]
            for row in (*b.equipment, *b.funding, *(condition.row for condition in b.conditions)):
                row["infrastructure_id"] = entry_id
            equipment += b.equipment
            conditions += b.conditions
            funding += b.funding
        tables[Infrastructure.themes.through].insert(themes)
        tables[Infrastructure.operators.through].insert(operators)
        tables[Equipment].insert(equipment)
        condition_ids = tables[AccessCondition].insert([c.row for c in conditions], returning=True)
        forms, business_models, prices = [], [], []
        for condition_id, condition in zip(condition_ids, conditions, strict=True):
            forms += [{"accesscondition_id": condition_id, "accessform_id": code} for code in condition.forms]
            business_models += [
                {"accesscondition_id": condition_id, "businessmodel_id": code}
                for code in condition.business_models
            ]
            for price in condition.prices:
                price["access_condition_id"] = condition_id
            prices += condition.prices
        tables[AccessCondition.forms_of_access.through].insert(forms)
        tables[AccessCondition.business_models.through].insert(business_models)
        tables[PriceIndication].insert(prices)
        tables[FundingRecord].insert(funding)

        counts = self.report.counts
        for state in states:
            counts[f"entries {state}"] += 1
        counts["entries"] += len(ids)
        counts["theme links"] += len(themes)
        counts["operator links"] += len(operators)
        counts["equipment items"] += len(equipment)
        counts["access conditions"] += len(conditions)
        counts["forms of access links"] += len(forms)
        counts["business model links"] += len(business_models)
        counts["prices"] += len(prices)
        counts["funding records"] += len(funding)
        self.report.entry_ids += ids

    def _entry(self, state, number):
        rng = self.random
        owner, nuts = rng.choice(self.organisations)
        if rng.random() < 0.15:  # some entries lie in another region than their owner's
            nuts = rng.choices(self.region_choices, cum_weights=self.region_weights)[0]
        region = self.regions[nuts.code]
        city = rng.choice(nuts.cities)
        kind = rng.choices(self.kinds[0], cum_weights=self.kinds[1])[0]
        _kind_title, kind_lower, _kind_nl_title, kind_nl_lower, _weight = words.KINDS[kind]
        topic = rng.choice(words.TOPICS)
        topic2 = rng.choice(words.TOPICS) if rng.random() < 0.4 else None
        if topic2 == topic:
            topic2 = None
        topics = [topic, topic2] if topic2 else [topic]
        name_en, name_nl = texts.names(rng, kind, topic, topic2, city)
        acronym = texts.initials(name_en) if rng.random() < 0.25 else ""

        trl_min = trl_max = None
        if rng.random() < 0.85:
            trl_min = rng.randint(2, 6)
            trl_max = rng.randint(trl_min + 1, min(9, trl_min + 4))
        status = rng.choices(self.statuses[0], cum_weights=self.statuses[1])[0]
        latitude, longitude = self._point(nuts) if rng.random() < 0.97 else (None, None)

        equipment = self._equipment(topics)
        sector = rng.choice(words.SECTORS)
        values = {
            "kind": (kind_lower, kind_nl_lower),
            "topic": (topic.en, topic.nl),
            "topic2": ((topic2 or topic).en, (topic2 or topic).nl),
            "sector": sector,
            "trl_min": (trl_min, trl_min),
            "trl_max": (trl_max, trl_max),
        }
        summary_en, summary_nl = texts.summaries(
            rng, values, with_trl=bool(trl_min), with_topic2=bool(topic2)
        )
        description_en, description_nl = texts.descriptions(
            rng, name_en, name_nl, owner, city, topic, [make for _item, make in equipment]
        )
        keywords = [t.en for t in topics] + [sector[0], rng.choice(words.SERVICES)[0]]
        themes = [self.themes[slug] for t in topics for slug in t.themes if slug in self.themes]
        if not themes or rng.random() < 0.15:
            themes.append(rng.choice(self.theme_ids))
        operators = []
        if rng.random() < 0.25:
            count = 2 if rng.random() < 0.2 else 1
            chosen = rng.sample(self.organisations, min(count, len(self.organisations)))
            operators = [organisation.pk for organisation, _nuts in chosen]
            operators = [pk for pk in operators if pk != owner.pk]

        entry = {
            "slug": f"{PREFIX}{slugify(name_en)[:80]}-{number}",
            "name_en": name_en,
            "name_nl": name_nl,
            "acronym": acronym,
            "summary_en": summary_en,
            "summary_nl": summary_nl,
            "description_en": description_en,
            "description_nl": description_nl,
            "kind": kind,
            "status": status,
            "publication_state": state,
            "owner_id": owner.pk,
            "region_id": region.pk,
            "city": city,
            "latitude": latitude,
            "longitude": longitude,
            "keywords": ", ".join(dict.fromkeys(keywords)),
            "trl_min": trl_min,
            "trl_max": trl_max,
            "contact_email": f"lab-{number}@example.org" if rng.random() < 0.6 else "",
            "last_reviewed_on": self._review_date() if rng.random() < 0.7 else None,
        }
        return Built(
            entry=entry,
            themes=list(dict.fromkeys(themes)),
            operators=operators,
            equipment=[item for item, _make in equipment],
            conditions=self._conditions(),
            funding=self._funding(region, topic, city) if rng.random() < 1 / 3 else [],
        )

    def _point(self, nuts):
        """A point around the region's centroid, inside its country (as the entry form checks it)."""
        rng = self.random
        for _attempt in range(5):
            latitude = rng.gauss(nuts.latitude, nuts.spread)
            longitude = rng.gauss(nuts.longitude, nuts.spread / math.cos(math.radians(nuts.latitude)))
            if geo.placement(nuts.country, latitude, longitude) == geo.Placement.INSIDE:
                break
        else:
            latitude, longitude = nuts.latitude, nuts.longitude
        return Decimal(f"{latitude:.6f}"), Decimal(f"{longitude:.6f}")

    def _review_date(self):
        return date(2023, 1, 1) + timedelta(days=self.random.randrange(1300))

    def _equipment(self, topics):
        rng = self.random
        count = rng.choices(range(len(EQUIPMENT_COUNTS)), weights=EQUIPMENT_COUNTS)[0]
        candidates = [instrument for t in topics for kit in t.kits for instrument in words.EQUIPMENT[kit]]
        candidates = list(dict.fromkeys(candidates))
        if count > len(candidates):  # a small kit: the rest from another one
            candidates += words.EQUIPMENT[rng.choice(sorted(words.EQUIPMENT))]
            candidates = list(dict.fromkeys(candidates))
        items = []
        for instrument in rng.sample(candidates, min(count, len(candidates))):
            manufacturer, model = rng.choice(instrument.makes)
            identifier, identifier_type = "", ""
            draw = rng.random()
            if draw < 0.2:
                identifier = f"INV-{rng.randint(2010, 2025)}-{rng.randrange(100000):05d}"
                identifier_type = Equipment.IdentifierType.INVENTORY_NUMBER
            elif draw < 0.3:
                identifier = f"SN{rng.randrange(10**7, 10**8)}"
                identifier_type = Equipment.IdentifierType.SERIAL_NUMBER
            described = rng.random() < 0.6
            used_for = (
                f"{manufacturer} {model}, used for {topics[0].en}.",
                f"{manufacturer} {model}, ingezet voor {topics[0].nl}.",
            )
            description_en, description_nl = used_for if described else ("", "")
            items.append(
                (
                    {
                        "name_en": instrument.name_en,
                        "name_nl": instrument.name_nl,
                        "description_en": description_en,
                        "description_nl": description_nl,
                        "manufacturer": manufacturer,
                        "model_number": model,
                        "identifier": identifier,
                        "identifier_type": identifier_type,
                    },
                    (manufacturer, model, instrument),
                )
            )
        return items

    def _conditions(self):
        rng = self.random
        conditions = []
        for _n in range(2 if rng.random() < 0.25 else 1):
            eligibility, price_notes = (
                self._terms(words.ELIGIBILITY, 0.8),
                self._terms(words.PRICE_NOTES, 0.5),
            )
            training, ip = self._terms(words.TRAINING_TERMS, 0.4), self._terms(words.IP_TERMS, 0.4)
            confidentiality = self._terms(words.CONFIDENTIALITY_TERMS, 0.3)
            open_to_smes = rng.choices([True, None, False], weights=[70, 20, 10])[0]
            row = {
                "access_mode": rng.choices(self.modes[0], cum_weights=self.modes[1])[0],
                "open_to_smes": open_to_smes,
                "request_required": rng.random() < 0.85,
                "eligibility_en": eligibility[0],
                "eligibility_nl": eligibility[1],
                "price_notes_en": price_notes[0],
                "price_notes_nl": price_notes[1],
                "lead_time_days": rng.choice([5, 10, 14, 21, 30, 45, 60]) if rng.random() < 0.6 else None,
                "training_terms_en": training[0],
                "training_terms_nl": training[1],
                "ip_terms_en": ip[0],
                "ip_terms_nl": ip[1],
                "confidentiality_terms_en": confidentiality[0],
                "confidentiality_terms_nl": confidentiality[1],
            }
            forms = sorted(rng.sample(self.access_forms, min(rng.randint(1, 3), len(self.access_forms))))
            business_models = sorted(
                rng.sample(self.business_models, min(rng.randint(1, 3), len(self.business_models)))
            )
            conditions.append(Condition(row, forms, business_models, self._prices()))
        return conditions

    def _terms(self, pool, share):
        """(English, Dutch) from the pool for this share of conditions, else empty."""
        return self.random.choice(pool) if self.random.random() < share else ("", "")

    def _prices(self):
        rng = self.random
        count = rng.choices([0, 1, 2, 3], weights=[25, 30, 30, 15])[0]
        pairs = [(tier, unit) for tier in TIER_FACTORS for unit in PRICE_UNITS]
        prices = []
        for tier, unit in rng.sample(pairs, count):
            if rng.random() < 0.2:
                prices.append({"tier": tier, "unit": unit, "on_quote": True})
                continue
            lowest, highest, step = PRICE_UNITS[unit]
            amount = Decimal(rng.randrange(lowest, highest + 1, step)) * TIER_FACTORS[tier]
            prices.append({"tier": tier, "unit": unit, "amount_from": amount.quantize(Decimal("0.01"))})
        return prices

    def _funding(self, region, topic, city):
        rng = self.random
        records = []
        for _n in range(2 if rng.random() < 0.3 else 1):
            regional = self.erdf_programmes.get(region.pk)
            if regional and (rng.random() < 0.55 or not self.other_programmes):
                programme = rng.choice(regional)
            elif self.other_programmes:
                programme = rng.choice(self.other_programmes)
            else:
                break
            amount = rng.randrange(100, 4000) * 1000
            share = EU_SHARE_PERCENT.get(programme.kind)
            eu_amount = Decimal(amount * rng.randint(*share) // 100) if share else None
            first = programme.start_year or 2015
            last = programme.end_year or 2025
            start = rng.randint(first, max(first, last - 1))
            end = min(max(start, last), start + rng.randint(1, 4))
            project = "".join(word[:4] for word in topic.en.split())[:10].upper()
            records.append(
                {
                    "programme_id": programme.pk,
                    "project": f"{slugify(project).upper() or 'RII'}-{rng.choice(PROJECT_SUFFIXES)}",
                    "amount": Decimal(amount),
                    "eu_amount": eu_amount,
                    "start_year": start,
                    "end_year": end,
                }
            )
        return records


@dataclass
class Built:
    """One entry's rows, as dicts of column values; the ids that join them come at insertion."""

    entry: dict
    themes: list
    operators: list
    equipment: list
    conditions: list
    funding: list


@dataclass
class Condition:
    row: dict
    forms: list
    business_models: list
    prices: list


def generate(*, count, seed, unpublished_share, batch_size=5000, progress=None):
    """Make `count` published entries and `unpublished_share` times as many unpublished ones, in one
    transaction. The search index is left to the caller (refresh_search_index(report.entry_ids))."""
    unpublished = round(count * unpublished_share)
    builder = CatalogueBuilder(seed=seed, batch_size=batch_size, progress=progress)
    # The original columns (name, summary, ...) beside name_en and name_nl hold the default language,
    # as the seed's rows do: modeltranslation fills them from the active language.
    with translation.override("en"), transaction.atomic():
        builder.prepare_reference_rows()
        builder.make_organisations(max(1, math.ceil((count + unpublished) / ENTRIES_PER_ORGANISATION)))
        builder.make_entries(builder.publication_states(count, unpublished))
    return builder.report
