#!/usr/bin/env bash
# Validates the OpenAPI document, Sources/GazetteAPI/Documents/openapi.json (served at
# /openapi.json), with openapi-spec-validator (pip install openapi-spec-validator).
# Also checks that its token patterns are the ones Scripts/token-patterns.py writes.
# Usage: Scripts/validate-openapi.sh
set -euo pipefail
cd "$(dirname "$0")/.."
python3 - Sources/GazetteAPI/Documents/openapi.json <<'PY'
import json, subprocess, sys

from openapi_spec_validator import validate

with open(sys.argv[1], encoding="utf-8") as file:
    document = json.load(file)
validate(document)
patterns = json.loads(subprocess.run([sys.executable, "Scripts/token-patterns.py"], check=True, capture_output=True).stdout)
cursor = [alternative.get("pattern") for alternative in document["components"]["parameters"]["Cursor"]["schema"]["anyOf"]]
since = next(p for p in document["paths"]["/v1/changes"]["get"]["parameters"] if p.get("name") == "since")
if cursor[:2] != [patterns["date_cursor"], patterns["relevance_cursor"]]:
    sys.exit("the Cursor parameter's patterns are not what Scripts/token-patterns.py writes")
if since["schema"]["anyOf"][0]["pattern"] != patterns["change_token"]:
    sys.exit("the since parameter's pattern is not what Scripts/token-patterns.py writes")
operations = sum(1 for item in document["paths"].values() for key in item if key != "parameters")
print(f"OpenAPI {document['openapi']}: valid ({len(document['paths'])} paths, {operations} operations)")
PY
