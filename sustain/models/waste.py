"""Waste materials, sorting points and the collections recorded at them."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sustain.models.common import (
    Timestamped,
    last_verified_field,
    lat_lon_constraints,
    latitude_field,
    longitude_field,
    shown_date,
)
from sustain.validators import (
    PositiveValidator,
    validate_collection_times,
    validate_not_future,
    validate_opening_hours,
    validate_visible_name,
)


class WasteStream(models.TextChoices):
    """The four streams of the Ministry of Interior notification B.E. 2560 (2017)."""

    GENERAL = "general", _("general waste")
    ORGANIC = "organic", _("organic waste")
    RECYCLABLE = "recyclable", _("recyclable waste")
    HAZARDOUS = "hazardous", _("hazardous waste")


# Bin colours fixed by the same notification.
STREAM_BIN_COLOUR = {
    WasteStream.GENERAL: "#1f5fbf",  # blue
    WasteStream.ORGANIC: "#2e8b3a",  # green
    WasteStream.RECYCLABLE: "#f2c200",  # yellow
    WasteStream.HAZARDOUS: "#f07c00",  # orange
}

# OpenStreetMap recycling:<material> values (wiki Key:recycling, approved tagging) that
# Thai sorting points accept; the public map and exports use exactly these names. The common
# keys of real OSM data are all here, so an overpass-turbo export imports without loss.
OSM_RECYCLING_MATERIALS = (
    "aerosol_cans",
    "aluminium",
    "bags",
    "batteries",
    "beverage_cartons",
    "books",
    "cans",
    "car_batteries",
    "cardboard",
    "cartons",
    "cds",
    "clothes",
    "computers",
    "cooking_oil",
    "drugs",
    "electrical_appliances",
    "electrical_items",
    "engine_oil",
    "fluorescent_tubes",
    "food_waste",
    "glass",
    "glass_bottles",
    "green_waste",
    "hazardous_waste",
    "low_energy_bulbs",
    "magazines",
    "metal",
    "mobile_phones",
    "newspaper",
    "organic",
    "paint",
    "paper",
    "paper_packaging",
    "PET",
    "plastic",
    "plastic_bags",
    "plastic_bottles",
    "plastic_packaging",
    "printer_cartridges",
    "scrap_metal",
    "shoes",
    "small_appliances",
    "styrofoam",
    "tyres",
    "waste",
    "white_goods",
    "wood",
)


def validate_osm_materials(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(
            _("Accepted materials must be a list of OpenStreetMap recycling names."),
            code="materials_not_list",
        )
    unknown = sorted(set(value) - set(OSM_RECYCLING_MATERIALS))
    if unknown:
        raise ValidationError(
            _("Accepted materials has unknown OpenStreetMap recycling names: %(names)s."),
            code="materials_unknown",
            params={"names": ", ".join(unknown)},
        )


class Material(models.Model):
    """A material as sorted and sold (junk-shop grade), within one of the four streams."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    stream = models.CharField(_("waste stream"), max_length=16, choices=WasteStream.choices)
    osm_recycling = models.CharField(
        _("OpenStreetMap recycling name"),
        max_length=40,
        blank=True,
        choices=[(name, name) for name in OSM_RECYCLING_MATERIALS],
        help_text=_("The recycling:<name>=yes tag of points that accept it."),
    )
    factor_key = models.CharField(
        _("emission factor key"),
        max_length=60,
        blank=True,
        help_text=_("Key of the emission factor credited when this material is diverted."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["stream", "code"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self) -> str:
        return self.name_th

    @property
    def bin_colour(self) -> str:
        return STREAM_BIN_COLOUR[WasteStream(self.stream)]


class WastePointKind(models.TextChoices):
    DROP_OFF_BIN = "drop_off_bin", _("drop-off bin")
    WASTE_BANK = "waste_bank", _("waste bank")
    COMPOST_POINT = "compost_point", _("compost point")
    HAZARDOUS_BIN = "hazardous_bin", _("hazardous-waste bin")
    E_WASTE_POINT = "e_waste_point", _("e-waste point")
    SORTING_STATION = "sorting_station", _("sorting station")


class WastePoint(Timestamped):
    """A place residents bring sorted waste to (OpenStreetMap amenity=recycling)."""

    name = models.CharField(_("name"), max_length=200, validators=[validate_visible_name])
    kind = models.CharField(_("kind"), max_length=20, choices=WastePointKind.choices)
    accepted_materials = models.JSONField(
        _("accepted materials"),
        default=list,
        blank=True,
        validators=[validate_osm_materials],
        help_text=_("OpenStreetMap recycling names, e.g. plastic_bottles, batteries."),
    )
    opening_hours = models.CharField(
        _("opening hours"),
        max_length=255,
        blank=True,
        validators=[validate_opening_hours],
        help_text=_("OpenStreetMap syntax, e.g. Mo-Fr 08:30-16:30 or Sa[2] 09:00-12:00."),
    )
    collection_times = models.CharField(
        _("collection times"),
        max_length=255,
        blank=True,
        validators=[validate_collection_times],
        help_text=_("When the municipality empties it, same syntax, e.g. We 07:00."),
    )
    operator = models.CharField(_("operator"), max_length=200, blank=True)
    ref = models.CharField(_("reference (container id)"), max_length=60, blank=True)
    osm_id = models.CharField(
        _("OpenStreetMap id"),
        max_length=40,
        blank=True,
        validators=[
            RegexValidator(
                r"^(node|way|relation)/[1-9][0-9]{0,14}$",
                _("An OpenStreetMap id looks like node/123456, way/… or relation/…."),
                code="osm_id",
            )
        ],
        help_text=_("Set when the point came from OpenStreetMap, so a re-import updates it."),
    )
    enterprise = models.ForeignKey(
        "sustain.CommunityEnterprise",
        verbose_name=_("running community enterprise"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="waste_points",
    )
    latitude = latitude_field()
    longitude = longitude_field()
    village = models.ForeignKey(
        "sustain.Village",
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="waste_points",
    )
    active = models.BooleanField(_("active"), default=True)
    installed_on = models.DateField(
        _("installed on"),
        null=True,
        blank=True,
        validators=[validate_not_future],
        help_text=_("When the bin or station was put in place (for planned replacements)."),
    )
    last_verified_on = last_verified_field()
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("waste point")
        verbose_name_plural = _("waste points")
        constraints = lat_lon_constraints("wastepoint")

    def __str__(self) -> str:
        return self.name


class Destination(models.TextChoices):
    SOLD = "sold", _("sold to a recycler")
    COMPOSTED = "composted", _("composted")
    LANDFILL = "landfill", _("landfill or dump")
    HAZARDOUS_FACILITY = "hazardous_facility", _("hazardous-waste facility")


class WasteCollection(Timestamped):
    """A mass of one material taken from a point on a day, and where it went."""

    point = models.ForeignKey(
        WastePoint,
        verbose_name=_("waste point"),
        on_delete=models.PROTECT,
        related_name="collections",
    )
    collected_on = models.DateField(_("date"), validators=[validate_not_future])
    material = models.ForeignKey(
        Material, verbose_name=_("material"), on_delete=models.PROTECT, related_name="collections"
    )
    mass_kg = models.DecimalField(
        _("mass (kg)"),
        max_digits=10,
        decimal_places=2,
        validators=[PositiveValidator(field_label=_("Mass"))],
    )
    destination = models.CharField(_("destination"), max_length=20, choices=Destination.choices)
    price_thb_per_kg = models.DecimalField(
        _("price (THB/kg)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[PositiveValidator(field_label=_("Price"))],
        help_text=_("Only when sold to a recycler."),
    )
    notes = models.CharField(_("notes"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-collected_on", "id"]
        verbose_name = _("waste collection")
        verbose_name_plural = _("waste collections")
        constraints = [
            models.CheckConstraint(condition=models.Q(mass_kg__gt=0), name="collection_mass_gt_0"),
        ]
        indexes = [models.Index(fields=["collected_on", "material"])]

    def __str__(self) -> str:
        return f"{shown_date(self.collected_on)} {self.material_id} {self.mass_kg} kg"

    def clean(self) -> None:
        if self.price_thb_per_kg is not None and self.destination != Destination.SOLD:
            raise ValidationError(
                {
                    "price_thb_per_kg": ValidationError(
                        _("Price is recorded only when the destination is sold to a recycler."),
                        code="price_without_sale",
                    )
                }
            )
