#!/usr/bin/env python3
"""Checks recorded answers against openapi.yaml.

    validate-exchanges.py openapi.yaml EXCHANGES.jsonl

Each line of EXCHANGES (written by the integration suite, see Tests/IntegrationTests/ExchangeLog.swift)
is one answer: method, uri, status, contentType, body. For each answer to a documented operation:
the status must be one the operation documents, and a JSON body must fit the schema documented for
that status (JSON Schema 2020-12, as OpenAPI 3.1 defines it; schemathesis's own validator). Answers to paths the document does
not have (the suite's probes of unknown routes) are counted, not checked. Exits 1 listing every
answer that does not conform, 2 when there is nothing to check.
"""
import json
import re
import sys
from collections import Counter
from urllib.parse import urlsplit

import jsonschema_rs
import yaml


def operations(document):
    """(method, compiled path pattern, path template, operation) for every operation."""
    found = []
    for template, methods in document["paths"].items():
        pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$")
        for method, operation in methods.items():
            if isinstance(operation, dict) and "responses" in operation:
                found.append((method.upper(), pattern, template, operation))
    # Literal paths before templated ones (/suggest/feedback before /suggest/feedback/{key}).
    found.sort(key=lambda entry: entry[2].count("{"))
    return found


def resolve(document, node):
    while isinstance(node, dict) and "$ref" in node and node["$ref"].startswith("#/"):
        target = document
        for part in node["$ref"][2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def problem(document, operation, exchange):
    responses = operation["responses"]
    status = str(exchange["status"])
    response = responses.get(status) or responses.get(status[0] + "XX") or responses.get("default")
    if response is None:
        return f"status {status} is not documented (documented: {', '.join(sorted(responses))})"
    response = resolve(document, response)
    media = exchange["contentType"].split(";")[0].strip()
    content = response.get("content") or {}
    if not exchange["body"]:
        return None
    if media != "application/json":
        return None if media in content or not content else f"content type {media} is not documented ({', '.join(content)})"
    if "application/json" not in content:
        return f"a JSON body where the document has {', '.join(content) or 'none'}"
    schema = content["application/json"].get("schema")
    if schema is None:
        return None
    try:
        body = json.loads(exchange["body"])
    except ValueError as error:
        return f"the body is not JSON: {error}"
    # The schema with the document's components beside it, so that #/components/... refs resolve.
    rooted = {**schema, "components": document.get("components", {})}
    errors = list(jsonschema_rs.Draft202012Validator(rooted).iter_errors(body))
    if errors:
        error = errors[0]
        where = "/".join(str(part) for part in error.instance_path) or "(the body)"
        return f"{where}: {error.message[:300]}"
    return None


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1]) as file:
        document = yaml.safe_load(file)
    table = operations(document)
    checked, unknown, failures = Counter(), 0, {}
    with open(sys.argv[2]) as file:
        for line in file:
            exchange = json.loads(line)
            path = urlsplit(exchange["uri"]).path
            match = next((entry for entry in table if entry[0] == exchange["method"] and entry[1].match(path)), None)
            if match is None:
                unknown += 1
                continue
            method, _, template, operation = match
            checked[f"{method} {template}"] += 1
            reason = problem(document, operation, exchange)
            if reason:
                key = (f"{method} {template}", exchange["status"], reason)
                failures.setdefault(key, exchange)
    total = sum(checked.values())
    print(f"{total} answers to {len(checked)} of {len(table)} operations checked; {unknown} to undocumented paths")
    for (operation, status, reason), exchange in sorted(failures.items()):
        print(f"FAIL {operation} {status}: {reason}\n     {exchange['uri']}: {exchange['body'][:300]}")
    if total == 0:
        sys.exit(2)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
