#!/usr/bin/env bash
# Validates the OpenAPI document, Sources/GazetteAPI/Documents/openapi.json (served at
# /openapi.json), with openapi-spec-validator (pip install openapi-spec-validator).
# Usage: Scripts/validate-openapi.sh
set -euo pipefail
cd "$(dirname "$0")/.."
python3 - Sources/GazetteAPI/Documents/openapi.json <<'PY'
import json, sys

from openapi_spec_validator import validate

with open(sys.argv[1], encoding="utf-8") as file:
    document = json.load(file)
validate(document)
operations = sum(1 for item in document["paths"].values() for key in item if key != "parameters")
print(f"OpenAPI {document['openapi']}: valid ({len(document['paths'])} paths, {operations} operations)")
PY
