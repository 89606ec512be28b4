"""Build ``static/insights/vendor/world-atlas/countries-110m.geo.json`` from world-atlas.

world-atlas (Natural Earth 1:110m, public domain data, ISC-licensed package) ships
TopoJSON keyed by ISO 3166 numeric codes; ECharts wants GeoJSON. This decodes the
quantised arcs and names every feature by its ISO 3166-1 alpha-2 code (features without
one, e.g. disputed areas, keep ``name`` empty and are not coloured).

    npm pack world-atlas && tar xzf world-atlas-*.tgz
    python -m corridor.insights.tools.world_geojson package/countries-110m.json OUT.geo.json

The borders are Natural Earth's, not the PRC's official ones: the page shows the map only
when the user asks for it (the tile/bar view is the default).
"""

import json
import sys

from django_countries.data import ALT_CODES

NUMERIC_TO_ALPHA2 = {f"{numeric:03d}": alpha2 for alpha2, (_a3, numeric) in ALT_CODES.items()}


def decode_arcs(topology):
    scale_x, scale_y = topology["transform"]["scale"]
    translate_x, translate_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append(
                [round(x * scale_x + translate_x, 4), round(y * scale_y + translate_y, 4)]
            )
        arcs.append(points)
    return arcs


def ring(arcs, indexes):
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def convert(topology) -> dict:
    arcs = decode_arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            coordinates = [ring(arcs, r) for r in geometry["arcs"]]
        elif kind == "MultiPolygon":
            coordinates = [[ring(arcs, r) for r in polygon] for polygon in geometry["arcs"]]
        else:
            continue
        code = NUMERIC_TO_ALPHA2.get(str(geometry.get("id", "")), "")
        features.append(
            {
                "type": "Feature",
                "properties": {"name": code, "label": geometry["properties"].get("name", "")},
                "geometry": {"type": kind, "coordinates": coordinates},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def main(argv=None):
    source, target = (argv or sys.argv[1:])[:2]
    with open(source, encoding="utf-8") as handle:
        topology = json.load(handle)
    with open(target, "w", encoding="utf-8") as handle:
        json.dump(convert(topology), handle, separators=(",", ":"))


if __name__ == "__main__":
    main()
