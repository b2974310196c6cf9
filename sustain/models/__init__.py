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
from sustain.models.leads import Lead, LeadStat, LeadStatus
from sustain.models.maintenance import (
    AnswerType,
    ChecklistItem,
    Inspection,
    InspectionAnswer,
    InspectionPhoto,
    MaintenancePlan,
    SeasonalRule,
    SiteType,
)
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
from sustain.models.workorders import (
    BudgetLine,
    Priority,
    ReplacementBasis,
    ReplacementRule,
    UnitCost,
    WorkOrder,
    WorkOrderSource,
    WorkOrderStatus,
)

__all__ = [
    "STREAM_BIN_COLOUR",
    "Access",
    "ActivityType",
    "AnswerType",
    "ApiToken",
    "BudgetLine",
    "BuildingType",
    "ChecklistItem",
    "CommunityEnterprise",
    "CostKind",
    "Destination",
    "EmissionFactor",
    "EnterpriseActivity",
    "EstimateRun",
    "FactorKind",
    "FailureCode",
    "FtCharge",
    "ImportJob",
    "ImportMode",
    "ImportTarget",
    "Inspection",
    "InspectionAnswer",
    "InspectionPhoto",
    "InstallationEstimate",
    "InstallationStatus",
    "Job",
    "JobStatus",
    "Lead",
    "LeadStat",
    "LeadStatus",
    "MaintenancePlan",
    "Material",
    "MaterialPrice",
    "MeterReading",
    "ModuleType",
    "Mounting",
    "Municipality",
    "PerKwpProfile",
    "PeriodBasis",
    "Priority",
    "ReadingSource",
    "ReplacementBasis",
    "ReplacementRule",
    "Report",
    "ReportTarget",
    "ResidentialTariff",
    "RoofCandidate",
    "RoofProfile",
    "RunStatus",
    "SeasonalRule",
    "SiteType",
    "SolarBuyback",
    "SolarCost",
    "SolarInstallation",
    "UnitCost",
    "Village",
    "WasteCollection",
    "WastePoint",
    "WastePointKind",
    "WasteStream",
    "WeatherDataset",
    "WeatherFormat",
    "WorkOrder",
    "WorkOrderSource",
    "WorkOrderStatus",
]
