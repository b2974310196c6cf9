"""OGC API – Features for GIS clients (QGIS, ArcGIS, GDAL): the public layers, live."""
