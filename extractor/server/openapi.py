"""The OpenAPI description of the service, served at /openapi.json."""

from __future__ import annotations

import json
from typing import Any

from ..schema import protocol_schema


def openapi_document() -> dict[str, Any]:
    defs = protocol_schema()["$defs"]
    problem = {"description": "RFC 7807 problem details",
               "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
    task_id = {"name": "id", "in": "query", "required": True, "schema": {"type": "string", "format": "uuid"}}
    secured: list[dict[str, list[str]]] = [{"bearer": []}]
    response = {"description": "The task", "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/OCRResponse"}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "id-field-extractor RecognizeRegions service", "version": "1.0",
                 "description": "A self-hosted Aspose.OCR Cloud v5 RecognizeRegions endpoint (docs/protocol.md)."},
        "paths": {
            "/connect/token": {"post": {
                "summary": "Get a bearer token (client credentials)",
                "requestBody": {"content": {
                    "application/x-www-form-urlencoded": {"schema": {"$ref": "#/components/schemas/TokenRequest"}},
                    "multipart/form-data": {"schema": {"$ref": "#/components/schemas/TokenRequest"}}}},
                "responses": {"200": {"description": "A token", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Token"}}}}, "400": problem, "401": problem}}},
            "/v5.0/ocr/RecognizeRegions": {
                "post": {"summary": "Submit an image and its regions; answers the task id at once",
                         "security": secured,
                         "requestBody": {"required": True, "content": {"application/json": {
                             "schema": {"$ref": "#/components/schemas/RecognizeRegionsBody"}}}},
                         "responses": {"200": {"description": "The task id", "content": {
                             "text/plain": {"schema": {"type": "string", "format": "uuid"}},
                             "application/json": {"schema": {"type": "string", "format": "uuid"}}}},
                             "400": problem, "401": problem, "413": problem, "503": problem}},
                "get": {"summary": "Fetch a task and its results", "security": secured, "parameters": [task_id],
                        "responses": {"200": response, "401": problem}},
                "delete": {"summary": "Cancel a task or drop its result", "security": secured,
                           "parameters": [task_id], "responses": {"200": {"description": "Gone"}, "401": problem}},
            },
            "/v5.0/ocr/Utilities/GetTaskStatus": {"get": {
                "summary": "A task's status without its results", "security": secured, "parameters": [task_id],
                "responses": {"200": response, "401": problem}}},
            "/healthz": {"get": {"summary": "200 once the server accepts work",
                                 "responses": {"200": {"description": "Ready"}, "503": {"description": "Starting"}}}},
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
            "schemas": {
                **{name: _local(schema) for name, schema in defs.items()},
                "RecognizeRegionsBody": _local(defs["request"]),
                "TokenRequest": {"type": "object", "required": ["grant_type", "client_id", "client_secret"],
                                 "properties": {"grant_type": {"const": "client_credentials"},
                                                "client_id": {"type": "string"},
                                                "client_secret": {"type": "string"}}},
                "Token": {"type": "object", "properties": {"access_token": {"type": "string"},
                                                           "expires_in": {"type": "integer"},
                                                           "token_type": {"const": "Bearer"}}},
                "OCRResponse": {"type": "object", "properties": {
                    "id": {"type": "string"},
                    "taskStatus": {"enum": ["Pending", "Processing", "Completed", "Error", "NotExist"]},
                    "responseStatusCode": {"enum": ["Ok", "PartiallyNotFound", "NoAnyResultData",
                                                    "ResultDataLost", "TaskNotFound", "NotReady", "Error"]},
                    "results": {"type": ["array", "null"], "items": {"type": "object", "properties": {
                        "type": {"const": "Text"}, "data": {"type": "string", "contentEncoding": "base64"}}}},
                    "error": {"type": ["object", "null"], "properties": {
                        "messages": {"type": "array", "items": {"type": "string"}},
                        "warnings": {"type": "array", "items": {"type": "string"}}}}}},
                "Problem": {"type": "object", "properties": {
                    "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
                    "detail": {"type": "string"}}},
            },
        },
    }


def _local(schema: dict[str, Any]) -> Any:
    """The schema with its `#/$defs/X` references pointing at OpenAPI components."""
    return json.loads(json.dumps(schema).replace('"#/$defs/', '"#/components/schemas/'))
