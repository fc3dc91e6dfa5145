#!/usr/bin/env python3
"""Validates STIX 2.1 bundles against the official JSON schemas (a folder of
cti-stix2-json-schemas), resolving every $ref inside that folder — nothing is fetched.

The bundle's own form is checked with bundle.json, and every object against the schema of its
type, which must exist: bundle.json's catch-all for other objects ("one of core or
cyber-observable-core") refuses an `incident`, which matches both, so its list of objects is not
used as it is.

usage: validate_stix.py SCHEMA_DIR BUNDLE.json [BUNDLE.json ...]; exit 0 when all are valid."""
import json
import pathlib
import sys
import warnings

import jsonschema

warnings.simplefilter("ignore", DeprecationWarning)


def main():
    root = pathlib.Path(sys.argv[1])
    store = {}
    for path in root.rglob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        if "$id" in schema:
            store[schema["$id"]] = schema
    bundle = dict(next(s for i, s in store.items() if i.endswith("/common/bundle.json")))
    bundle["properties"] = dict(bundle["properties"])
    bundle["properties"]["objects"] = {"type": "array", "minItems": 1, "items": {"type": "object"}}
    resolver = jsonschema.RefResolver(base_uri=bundle["$id"], referrer=bundle, store=store)
    validator = jsonschema.Draft202012Validator(bundle, resolver=resolver)
    failed = 0
    for name in sys.argv[2:]:
        document = json.loads(pathlib.Path(name).read_text(encoding="utf-8"))
        errors = list(validator.iter_errors(document))
        for error in errors[:10]:
            print(f"{name}: {'/'.join(map(str, error.absolute_path))}: {error.message[-400:]}")
        failed += bool(errors)
        # Each object against its own type's schema, for a precise message.
        for obj in document.get("objects", []):
            matches = [s for i, s in store.items() if i.endswith(f"/{obj.get('type')}.json")]
            if not matches:
                print(f"{name}: {obj.get('id')}: no schema for the type {obj.get('type')}")
                failed += 1
            for schema in matches:
                r = jsonschema.RefResolver(base_uri=schema["$id"], referrer=schema, store=store)
                for error in jsonschema.Draft202012Validator(schema, resolver=r).iter_errors(obj):
                    print(f"{name}: {obj.get('id')}: {error.message[-400:]}")
                    failed += 1
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
