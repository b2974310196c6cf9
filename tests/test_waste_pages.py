"""Daily waste work: a waste-bank session, the price table, totals per point and village."""

import datetime as dt
from decimal import Decimal

import pytest

from sustain.models import Material, MaterialPrice, WasteCollection
from sustain.services.waste import collections as waste


def session_post(client, point, **fields: str):
    """The waste-bank session form at ``point`` on 14/03/2569, sold unless ``destination`` is
    given; ``fields`` are its other fields (``kg_pet``, ``price_pet``, …)."""
    data = {"point": point.pk, "collected_on": "14/03/2569", "destination": "sold", **fields}
    return client.post("/manage/waste/session/", data)


@pytest.fixture
def prices(pet):
    MaterialPrice.objects.create(
        material=pet, valid_from=dt.date(2025, 10, 1), price_thb_per_kg=Decimal("7.00")
    )
    MaterialPrice.objects.create(
        material=pet, valid_from=dt.date(2026, 3, 1), price_thb_per_kg=Decimal("5.50")
    )


def test_price_on_takes_the_row_in_force(pet, prices):
    assert waste.price_on(material=pet, day=dt.date(2026, 2, 28)) == Decimal("7.00")
    assert waste.price_on(material=pet, day=dt.date(2026, 3, 1)) == Decimal("5.50")
    assert waste.price_on(material=pet, day=dt.date(2025, 9, 30)) is None


def test_session_saves_every_material_with_the_day_price(client, somchai, waste_bank, prices):
    client.force_login(somchai)
    response = session_post(
        client, waste_bank, kg_pet="12.5", kg_aluminium="3", price_aluminium="48", kg_paper=""
    )
    assert response.status_code == 302
    saved = {c.material.code: c for c in WasteCollection.objects.select_related("material")}
    assert set(saved) == {"pet", "aluminium"}
    assert saved["pet"].collected_on == dt.date(2026, 3, 14)
    assert saved["pet"].price_thb_per_kg == Decimal("5.50")  # from the price table
    assert saved["aluminium"].price_thb_per_kg == Decimal("48.00")  # typed by staff


def test_a_bad_line_saves_nothing_and_says_which(client, somchai, waste_bank, prices):
    client.force_login(somchai)
    response = session_post(client, waste_bank, kg_pet="12.5", kg_glass="-4")
    assert response.status_code == 400
    assert not WasteCollection.objects.exists()
    page = response.content.decode()
    assert 'value="12.5"' in page  # what was typed is kept
    assert "-4" in page


def test_overview_by_point_and_village(client, somchai, waste_bank, pet):
    WasteCollection.objects.create(point=waste_bank, collected_on=dt.date(2026, 1, 5), material=pet,
                                   mass_kg=Decimal("40"), destination="sold")  # fmt: skip
    food = Material.objects.get(code="food_waste")
    WasteCollection.objects.create(point=waste_bank, collected_on=dt.date(2026, 2, 5), material=food,
                                   mass_kg=Decimal("60"), destination="composted")  # fmt: skip
    client.force_login(somchai)
    page = client.get(f"/manage/waste/?year=2569&point={waste_bank.pk}").content.decode()
    assert "100.0 kg" in page
    assert "40.0 %" in page and "60.0 %" in page  # recycled and composted shares
    assert client.get("/manage/waste/?year=2568").status_code == 200
    assert client.get("/manage/enterprises/?year=2569").status_code == 200
