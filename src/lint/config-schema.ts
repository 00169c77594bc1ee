/** JSON Schema (draft-07) of `mlp.config.json`; docs/lint.md shows it. */
export const CONFIG_SCHEMA = {
  "$schema": "http://json-schema.org/draft-07/schema#",
  "$id": "https://mlp.dev/schemas/mlp.config.json",
  "title": "mlp project configuration (mlp.config.json)",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "$schema": {
      "type": "string"
    },
    "lint": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "rules": {
          "description": "Level per rule, keyed by rule name (`unpinned-image`) or code (`MLP6001`).",
          "type": "object",
          "propertyNames": {
            "pattern": "^([a-z][a-z0-9]*(-[a-z0-9]+)*|MLP6[0-9]{3})$"
          },
          "additionalProperties": {
            "enum": [
              "off",
              "info",
              "warning",
              "error"
            ]
          }
        },
        "maxWarnings": {
          "description": "Exit 1 when there are more warnings than this (like --max-warnings).",
          "type": "integer",
          "minimum": 0
        }
      }
    }
  }
} as const;
