"""The OpenAPI 3.0 definition of the OGC API (its ``service-desc``), written out by hand."""

from __future__ import annotations

from typing import Any

PARAMETERS: dict[str, dict[str, Any]] = {
    "f": {"name": "f", "in": "query", "required": False,
          "schema": {"type": "string", "enum": ["json", "html"]}},
    "collectionId": {"name": "collectionId", "in": "path", "required": True,
                     "schema": {"type": "string"}},
    "featureId": {"name": "featureId", "in": "path", "required": True,
                  "schema": {"type": "string"}},
    "limit": {"name": "limit", "in": "query", "required": False, "style": "form",
              "explode": False,
              "schema": {"type": "integer", "minimum": 1, "maximum": 10000, "default": 100}},
    "offset": {"name": "offset", "in": "query", "required": False,
               "schema": {"type": "integer", "minimum": 0, "default": 0}},
    "bbox": {"name": "bbox", "in": "query", "required": False, "style": "form", "explode": False,
             "schema": {"type": "array", "minItems": 4, "maxItems": 6,
                        "items": {"type": "number"}}},
    "datetime": {"name": "datetime", "in": "query", "required": False, "style": "form",
                 "explode": False, "schema": {"type": "string"}},
}  # fmt: skip


def _operation(summary: str, parameters: list[str], media: str) -> dict[str, Any]:
    return {
        "get": {
            "summary": summary,
            "parameters": [{"$ref": f"#/components/parameters/{p}"} for p in parameters],
            "responses": {
                "200": {"description": summary, "content": {media: {}, "text/html": {}}},
                "400": {"description": "A parameter is not valid"},
                "404": {"description": "No such collection or feature"},
            },
        }
    }


def api_definition(base_url: str, collection_ids: list[str]) -> dict[str, Any]:
    geojson, json = "application/geo+json", "application/json"
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Sustain OGC API – Features",
            "version": "1.0",
            "description": "Waste-sorting points, solar installations and villages. Collections: "
            + ", ".join(collection_ids),
        },
        "servers": [{"url": base_url}],
        "paths": {
            "/": _operation("Landing page", ["f"], json),
            "/conformance": _operation("Conformance classes", ["f"], json),
            "/collections": _operation("Collections", ["f"], json),
            "/collections/{collectionId}": _operation("A collection", ["collectionId", "f"], json),
            "/collections/{collectionId}/items": _operation(
                "Features of a collection",
                ["collectionId", "limit", "offset", "bbox", "datetime", "f"],
                geojson,
            ),
            "/collections/{collectionId}/items/{featureId}": _operation(
                "A feature", ["collectionId", "featureId", "f"], geojson
            ),
        },
        "components": {"parameters": PARAMETERS},
    }
