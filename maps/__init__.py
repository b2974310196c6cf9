"""folium map builders: data in, folium.Map out; no database access."""
