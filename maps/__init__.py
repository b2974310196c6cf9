"""folium map builders: data in, folium.Map out; no database access (built with the maps issue)."""
