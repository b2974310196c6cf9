"""The data model, a module per domain; every class is importable from ``sustain.models``."""

from sustain.models.enterprises import ActivityType, CommunityEnterprise, EnterpriseActivity
from sustain.models.estimates import (
    EstimateRun,
    InstallationEstimate,
    MeterReading,
    ReadingSource,
    RunStatus,
    WeatherDataset,
    WeatherFormat,
)
from sustain.models.factors import EmissionFactor, FactorKind
from sustain.models.imports import ImportJob, ImportMode, ImportTarget
from sustain.models.leads import Lead, LeadStat, LeadStatus
from sustain.models.places import Municipality, Village
from sustain.models.reports import MaterialPrice, PeriodBasis, Report, ReportTarget
from sustain.models.rooftop import RoofCandidate, RoofProfile
from sustain.models.solar import (
    BuildingType,
    InstallationStatus,
    ModuleType,
    Mounting,
    SolarInstallation,
)
from sustain.models.tariffs import (
    CostKind,
    FtCharge,
    ResidentialTariff,
    SolarBuyback,
    SolarCost,
)
from sustain.models.tokens import ApiToken
from sustain.models.waste import (
    STREAM_BIN_COLOUR,
    Destination,
    Material,
    WasteCollection,
    WastePoint,
    WastePointKind,
    WasteStream,
)

__all__ = [
    "STREAM_BIN_COLOUR",
    "ActivityType",
    "ApiToken",
    "BuildingType",
    "CommunityEnterprise",
    "CostKind",
    "Destination",
    "EmissionFactor",
    "EnterpriseActivity",
    "EstimateRun",
    "FactorKind",
    "FtCharge",
    "ImportJob",
    "ImportMode",
    "ImportTarget",
    "InstallationEstimate",
    "InstallationStatus",
    "Lead",
    "LeadStat",
    "LeadStatus",
    "Material",
    "MaterialPrice",
    "MeterReading",
    "ModuleType",
    "Mounting",
    "Municipality",
    "PeriodBasis",
    "ReadingSource",
    "Report",
    "ReportTarget",
    "ResidentialTariff",
    "RoofCandidate",
    "RoofProfile",
    "RunStatus",
    "SolarBuyback",
    "SolarCost",
    "SolarInstallation",
    "Village",
    "WasteCollection",
    "WastePoint",
    "WastePointKind",
    "WasteStream",
    "WeatherDataset",
    "WeatherFormat",
]
