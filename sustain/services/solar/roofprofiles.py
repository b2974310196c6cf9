"""Per-kWp hourly profiles of roof orientations under the active weather, cached.

A profile is what 1 kWp facing (tilt, azimuth) produces hour by hour in the weather year, made by
``sustain.core.pv`` (the fleet's chain) with PVWatts defaults. Profiles are computed once per
weather dataset and orientation, stored in ``RoofProfile`` (shared by every web process and worker)
and kept in this process's memory; a new orientation costs one pass of the chain (about 0.1 s), and
every missing resident orientation is computed in that same pass.

``roof_profiles`` is the one door: when the fleet's per-kWp profiles are stored centrally, it can
read them there instead.
"""

import io
import threading
from collections import OrderedDict
from collections.abc import Iterable

import numpy as np
from django.db import transaction

from sustain.core import pv, rooftop
from sustain.models import RoofProfile, WeatherDataset
from sustain.services.solar.weathersets import weather_applied, weather_load
from sustain.tasks import roof_profiles_warm_task

# The eight compass directions residents choose from [°, 0 = north, clockwise].
DIRECTIONS_DEG = {
    "N": 0.0, "NE": 45.0, "E": 90.0, "SE": 135.0, "S": 180.0, "SW": 225.0, "W": 270.0, "NW": 315.0,
}  # fmt: skip
# Roof pitch in words residents know, and the tilt it stands for [°]: a flat concrete roof still
# gets panels on a slight tilt so rain washes them; metal-sheet roofs are gentle; tiled roofs steep.
PITCH_TILT_DEG = {"flat": 5.0, "gentle": 15.0, "steep": 30.0}
RESIDENT_ORIENTATIONS = tuple(
    (tilt, azimuth) for tilt in PITCH_TILT_DEG.values() for azimuth in DIRECTIONS_DEG.values()
)
MEMORY_PROFILES = 256  # about 35 kB each

Orientation = tuple[float, float]  # (tilt_deg, azimuth_deg)
# Keyed by the dataset's id and creation time: a test database may reuse an id for other weather.
_MemoryKey = tuple[int, float, Orientation]
_memory: "OrderedDict[_MemoryKey, rooftop.HourlyProfile]" = OrderedDict()
_lock = threading.Lock()


def _key(tilt_deg: float, azimuth_deg: float) -> Orientation:
    """Orientations to 0.1°, so staff-typed values do not make endless distinct profiles."""
    return (round(float(tilt_deg), 1), round(float(azimuth_deg), 1) % 360.0)


def _config(orientation: Orientation) -> pv.SystemConfig:
    return pv.SystemConfig(tilt_deg=orientation[0], azimuth_deg=orientation[1])


def _pack(w_per_kwp: np.ndarray, month: np.ndarray, hour: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.savez(
        buffer,
        w_per_kwp=w_per_kwp.astype(np.float32),
        month=month.astype(np.uint8),
        hour=hour.astype(np.uint8),
    )
    return buffer.getvalue()


def _unpack(row: RoofProfile) -> rooftop.HourlyProfile:
    arrays = np.load(io.BytesIO(bytes(row.hourly_npz)))
    return rooftop.HourlyProfile(
        w_per_kwp=arrays["w_per_kwp"].astype(float),
        month=arrays["month"].astype(np.intp),
        hour=arrays["hour"].astype(np.intp),
        monthly_kwh_per_kwp=np.asarray(row.monthly_kwh_per_kwp, dtype=float),
    )


def _memory_key(dataset: WeatherDataset, orientation: Orientation) -> _MemoryKey:
    return (dataset.pk, dataset.created_at.timestamp(), orientation)


def _remember(
    dataset: WeatherDataset, orientation: Orientation, profile: rooftop.HourlyProfile
) -> None:
    key = _memory_key(dataset, orientation)
    with _lock:
        _memory[key] = profile
        _memory.move_to_end(key)
        while len(_memory) > MEMORY_PROFILES:
            _memory.popitem(last=False)


def _compute(dataset: WeatherDataset, orientations: list[Orientation]) -> list[RoofProfile]:
    weather = weather_load(dataset.pk)
    result = pv.per_kwp_profiles(weather, [_config(o) for o in orientations])
    month = weather.times.month.to_numpy()
    hour = weather.times.hour.to_numpy()
    return [
        RoofProfile(
            weather=dataset,
            tilt_deg=orientation[0],
            azimuth_deg=orientation[1],
            model_version=pv.MODEL_VERSION,
            hourly_npz=_pack(result.hourly_w_per_kwp[:, i], month, hour),
            monthly_kwh_per_kwp=[float(v) for v in result.monthly_kwh_per_kwp[i]],
        )
        for i, orientation in enumerate(orientations)
    ]


def roof_profiles(
    *, orientations: Iterable[Orientation], dataset: WeatherDataset | None = None
) -> dict[Orientation, rooftop.HourlyProfile]:
    """The per-kWp profile of each (tilt [°], azimuth [°]) under ``dataset`` (default: active).

    Keys are the orientations rounded to 0.1°. Missing ones are computed together in one pass;
    if any resident orientation is missing, all missing resident orientations join that pass.
    """
    dataset = dataset or weather_applied()
    wanted = list(dict.fromkeys(_key(t, a) for t, a in orientations))
    found: dict[Orientation, rooftop.HourlyProfile] = {}
    with _lock:
        for orientation in wanted:
            profile = _memory.get(_memory_key(dataset, orientation))
            if profile is not None:
                found[orientation] = profile
    missing = [o for o in wanted if o not in found]
    if not missing:
        return found
    stored = {
        (row.tilt_deg, row.azimuth_deg): row
        for row in RoofProfile.objects.filter(weather=dataset, model_version=pv.MODEL_VERSION)
    }
    for orientation in missing:
        if orientation in stored:
            found[orientation] = _unpack(stored[orientation])
            _remember(dataset, orientation, found[orientation])
    to_compute = [o for o in missing if o not in found]
    if to_compute and any(o in RESIDENT_ORIENTATIONS for o in to_compute):
        to_compute += [o for o in RESIDENT_ORIENTATIONS if o not in stored and o not in to_compute]
    if to_compute:
        rows = _compute(dataset, to_compute)
        with transaction.atomic():
            # Two requests may compute the same profile at once: the first row stored wins.
            RoofProfile.objects.bulk_create(rows, ignore_conflicts=True)
        for row in rows:
            orientation = (row.tilt_deg, row.azimuth_deg)
            profile = _unpack(row)
            _remember(dataset, orientation, profile)
            if orientation in wanted:
                found[orientation] = profile
    return found


def roof_profile(
    *, tilt_deg: float, azimuth_deg: float, dataset: WeatherDataset | None = None
) -> rooftop.HourlyProfile:
    """The per-kWp profile of one orientation (see ``roof_profiles``)."""
    orientation = _key(tilt_deg, azimuth_deg)
    return roof_profiles(orientations=[orientation], dataset=dataset)[orientation]


def resident_profiles_warm_queue(*, dataset: WeatherDataset) -> bool:
    """Queue the resident orientations' profiles for a worker unless they are stored already.

    Called when the page is opened, so the answer is ready when the resident asks for it.
    Returns whether a computation was queued.
    """
    stored = RoofProfile.objects.filter(weather=dataset, model_version=pv.MODEL_VERSION).count()
    if stored >= len(RESIDENT_ORIENTATIONS):
        return False
    dataset_id = dataset.pk
    transaction.on_commit(lambda: roof_profiles_warm_task.delay(dataset_id))
    return True


def roof_profiles_forget() -> None:
    """Empty this process's memory (tests; the table stays)."""
    with _lock:
        _memory.clear()
