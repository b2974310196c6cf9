"""GIS services: imports (dry run, commit, jobs), OSM tags, places, map style."""
