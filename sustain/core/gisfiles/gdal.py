"""GDAL locked down for files from outside: only the drivers our formats name, no network.

An uploaded file must never make the server read another file or fetch a URL. GDAL picks a
driver from a file's content, and some drivers are indirections (an OGR VRT document names other
data sources: ``CSV:/some/path``, ``/vsicurl/http://…``); some formats can name a URL (a GeoJSON
``crs`` of type ``link`` is fetched with ``CPLHTTPFetch``). So, for the whole process, once:

- ``GDAL_SKIP`` (and ``OGR_SKIP`` for driver names with a space, which ``GDAL_SKIP`` cannot
  name) deregister every vector driver except ``ALLOWED_DRIVERS``: no VRT, no OAPIF/WFS/HTTP/CSW,
  no SQLite (with its VirtualOGR module), no database clients. A reader added later cannot
  reach another driver without editing ``ALLOWED_DRIVERS`` here.
- ``CPL_VSIL_CURL_ALLOWED_EXTENSIONS`` names an extension no file has, so every curl-based
  virtual file system (``/vsicurl/``, ``/vsicurl_streaming/``, ``/vsis3/``, ``/vsigs/``,
  ``/vsiaz/``, ``/vsiwebhdfs/``, …) refuses every path.
- ``CPLHTTPSetFetchCallback`` (GDAL's own hook, through ctypes) answers every ``CPLHTTPFetch``
  with an error, so no driver or CRS lookup (``GDAL_HTTP_*`` only tune requests; none turns them
  off) reaches the network. ``GDAL_HTTP_MAX_RETRY=0`` and a 1 s ``GDAL_HTTP_TIMEOUT`` bound it
  should the hook ever be bypassed.
- ``LIBKML_EXTERNAL_STYLE=NO``: a KML ``styleUrl`` naming another file is never opened.
  ``OGR_SQLITE_LOAD_EXTENSIONS`` stays unset: no SQLite extension is loaded from a GeoPackage.
- ``LIBKML_LAUNDER_FIELD_NAMES=NO`` keeps ExtendedData names in any script (Thai column names
  would otherwise become underscores).

``harden()`` is idempotent and checks its result; it raises if GDAL still lists a forbidden driver.
"""

from __future__ import annotations

import ctypes
import glob
import threading
import warnings
from pathlib import Path

import pyogrio

# Exactly the drivers of the formats we read and write (CSV and XLSX are read by pandas).
ALLOWED_DRIVERS = frozenset({"GPKG", "GeoJSON", "KML", "LIBKML", "ESRI Shapefile"})

CONFIG = {
    "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": ".sustain-network-disabled",
    "GDAL_HTTP_MAX_RETRY": "0",
    "GDAL_HTTP_TIMEOUT": "1",
    "GDAL_HTTP_CONNECTTIMEOUT": "1",
    "CPL_CURL_ENABLE_VSIMEM": "NO",
    "LIBKML_EXTERNAL_STYLE": "NO",
    "LIBKML_LAUNDER_FIELD_NAMES": "NO",
    "OGR_SQLITE_LOAD_EXTENSIONS": None,
}

_lock = threading.Lock()
_done = False
_refused_urls: list[str] = []  # what GDAL tried to fetch (for tests and logs), newest last


class _HTTPResult(ctypes.Structure):
    """``CPLHTTPResult`` of cpl_http.h (unchanged since GDAL 2.x)."""

    _fields_ = [
        ("nStatus", ctypes.c_int),
        ("pszContentType", ctypes.c_void_p),
        ("pszErrBuf", ctypes.c_void_p),
        ("nDataLen", ctypes.c_int),
        ("nDataAlloc", ctypes.c_int),
        ("pabyData", ctypes.c_void_p),
        ("papszHeaders", ctypes.c_void_p),
        ("nMimePartCount", ctypes.c_int),
        ("pasMimePart", ctypes.c_void_p),
    ]


_FETCH = ctypes.CFUNCTYPE(
    ctypes.c_void_p,  # CPLHTTPResult*
    ctypes.c_char_p,  # URL
    ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
    ctypes.c_void_p,  # user data
)  # fmt: skip
_callback_keepalive: list[object] = []


def _libgdal_path() -> str:
    """The GDAL library pyogrio loaded (its wheel's own copy, or a system one)."""
    maps = Path("/proc/self/maps")
    if maps.exists():
        for line in maps.read_text().splitlines():
            if "libgdal" in line and "/" in line:
                return line[line.index("/") :]
    package = Path(pyogrio.__file__).parent
    for pattern in ("../pyogrio.libs/libgdal*", ".dylibs/libgdal*", "../pyogrio.libs/gdal*"):
        found = sorted(glob.glob(str(package / pattern)))
        if found:
            return found[0]
    raise RuntimeError("cannot find the GDAL library pyogrio uses, to turn its network off")


def _install_http_refusal() -> None:
    lib = ctypes.CDLL(_libgdal_path())
    lib.CPLCalloc.restype = ctypes.c_void_p
    lib.CPLCalloc.argtypes = [ctypes.c_size_t, ctypes.c_size_t]
    lib.CPLStrdup.restype = ctypes.c_void_p
    lib.CPLStrdup.argtypes = [ctypes.c_char_p]
    lib.CPLHTTPSetFetchCallback.argtypes = [_FETCH, ctypes.c_void_p]
    lib.CPLHTTPSetFetchCallback.restype = None

    def refuse(url: bytes | None, *_rest: object) -> int:
        # A NULL answer would let GDAL fall back to its own fetch: answer with an error result,
        # allocated by GDAL so that CPLHTTPDestroyResult frees it.
        _refused_urls.append((url or b"").decode("utf-8", "replace"))
        del _refused_urls[:-100]
        address = lib.CPLCalloc(1, ctypes.sizeof(_HTTPResult))
        result = _HTTPResult.from_address(address)
        result.nStatus = 1
        result.pszErrBuf = lib.CPLStrdup(b"network access is disabled for uploaded files")
        return int(address)

    callback = _FETCH(refuse)
    _callback_keepalive.append(callback)  # ctypes callbacks must outlive their use
    lib.CPLHTTPSetFetchCallback(callback, None)


def refused_urls() -> list[str]:
    return list(_refused_urls)


def harden() -> None:
    """Apply the configuration above to this process (once); raise if it did not hold."""
    global _done
    with _lock:
        if _done:
            return
        from pyogrio._ogr import _register_drivers  # re-registering applies GDAL_SKIP

        present = set(pyogrio.list_drivers())
        skip = sorted(present - ALLOWED_DRIVERS)
        pyogrio.set_gdal_config_options(
            {
                **CONFIG,
                "GDAL_SKIP": ",".join(name for name in skip if " " not in name) or None,
                "OGR_SKIP": ",".join(name for name in skip if " " in name) or None,
            }
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # "unable to unload" for spaced names
            _register_drivers()
        left = set(pyogrio.list_drivers()) - ALLOWED_DRIVERS
        if left:
            raise RuntimeError(f"GDAL drivers still registered after GDAL_SKIP: {sorted(left)}")
        _install_http_refusal()
        _done = True
