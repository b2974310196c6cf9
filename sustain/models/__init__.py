"""The data model, a module per domain; every class is importable from ``sustain.models``."""

from sustain.models.access import Access
from sustain.models.enterprises import ActivityType, CommunityEnterprise, EnterpriseActivity
from sustain.models.estimates import (
    EstimateRun,
    InstallationEstimate,
    MeterReading,
    PerKwpProfile,
    ReadingSource,
    WeatherDataset,
    WeatherFormat,
)
from sustain.models.factors import EmissionFactor, FactorKind
from sustain.models.imports import ImportJob, ImportMode, ImportTarget
from sustain.models.jobs import FailureCode, Job, JobStatus, RunStatus
from sustain.models.places import Municipality, Village
from sustain.models.reports import MaterialPrice, PeriodBasis, Report, ReportTarget
from sustain.models.solar import (
    BuildingType,
    InstallationStatus,
    ModuleType,
    Mounting,
    SolarInstallation,
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
    "Access",
    "ActivityType",
    "ApiToken",
    "BuildingType",
    "CommunityEnterprise",
    "Destination",
    "EmissionFactor",
    "EnterpriseActivity",
    "EstimateRun",
    "FactorKind",
    "FailureCode",
    "ImportJob",
    "ImportMode",
    "ImportTarget",
    "InstallationEstimate",
    "InstallationStatus",
    "Job",
    "JobStatus",
    "Material",
    "MaterialPrice",
    "MeterReading",
    "ModuleType",
    "Mounting",
    "Municipality",
    "PerKwpProfile",
    "PeriodBasis",
    "ReadingSource",
    "Report",
    "ReportTarget",
    "RunStatus",
    "SolarInstallation",
    "Village",
    "WasteCollection",
    "WastePoint",
    "WastePointKind",
    "WasteStream",
    "WeatherDataset",
    "WeatherFormat",
]
