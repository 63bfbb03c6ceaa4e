/// The OpenAPI 3.1 description served at `/openapi.json`. A test checks that its paths and
/// methods are exactly the routes the server registers.
enum OpenAPIDocument {
    static let json = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "Parley",
    "version": "1.0.0",
    "description": "Multilingual reply templates: render a reply for a key in the customer's locale (with CLDR fallback), and manage the catalog of templates, translations, their history and review. All bodies are JSON. Authenticate with `Authorization: Bearer <key>`; roles are render < agent < translator < reviewer < admin. Errors have one shape: {\"error\": {\"code\", \"message\", \"requestId\", ...}}. Each key has a rate per class of request (render, detect, read, write) on each server: over it, 429 with Retry-After. Exports, imports and snapshots beyond what a server runs at once get 503 with Retry-After. An expired key gets 401 with the code key-expired. Every operation's description names the least role it needs (Role: none, or render < agent < translator < reviewer < admin; \"for every workspace\": a key limited to one workspace is refused). Once the key is checked, bodies and queries are checked against this document before anything else: a field of the wrong type, a null where the schema has no null, a NUL character (U+0000) or a number out of range is a 400 naming the field. Every answer carries `X-Request-Id` (the caller's, when it is 1 to 128 visible ASCII characters)."
  },
  "security": [{"bearer": []}],
  "paths": {
    "/v1/workspaces/{workspace}/render": {
      "post": {
        "summary": "Render a reply",
        "description": "The locale comes from `locale`, else `acceptLanguage`, else the `Accept-Language` header, else the language detected in the customer's `text`, else the workspace default; it is negotiated against the workspace's locales, and the text is looked for along the CLDR fallback chain (es-MX → es-419 → es), then the default locale. Role: render.",
        "parameters": [{"$ref": "#/components/parameters/workspace"}, {"$ref": "#/components/parameters/acceptLanguage"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RenderRequest"}}}},
        "responses": {
          "200": {"description": "The rendered text", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RenderResponse"}}}},
          "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"},
          "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"},
          "422": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/workspaces/{workspace}/render/batch": {
      "post": {
        "summary": "Render many replies in one call",
        "description": "Each request is rendered on its own; a failure is reported in its place. The `Accept-Language` header stands for the `acceptLanguage` of each request that names neither it nor `locale`. At most 1000. Role: render.",
        "parameters": [{"$ref": "#/components/parameters/workspace"}, {"$ref": "#/components/parameters/acceptLanguage"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {
          "type": "object", "required": ["requests"],
          "properties": {"requests": {"type": "array", "maxItems": 1000, "items": {"type": "object", "description": "A RenderRequest; one that does not fit it is reported in its place"}}}}}}},
        "responses": {
          "200": {"description": "One result per request, in order", "content": {"application/json": {"schema": {
            "type": "object", "properties": {"results": {"type": "array", "items": {
              "type": "object", "properties": {"result": {"$ref": "#/components/schemas/RenderResponse"}, "error": {"$ref": "#/components/schemas/ErrorContent"}}}}}}}}},
          "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/workspaces": {
      "get": {
        "summary": "List workspaces", "description": "Role: agent.",
        "responses": {"200": {"description": "Workspaces", "content": {"application/json": {"schema": {
          "type": "object", "properties": {"workspaces": {"type": "array", "items": {"$ref": "#/components/schemas/Workspace"}}}}}}},
          "401": {"$ref": "#/components/responses/Error"}}
      },
      "post": {
        "summary": "Create a workspace", "description": "Role: admin (for every workspace).",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Workspace"}}}},
        "responses": {"201": {"description": "Created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Workspace"}}}},
          "400": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}}
      }
    },
    "/v1/workspaces/{workspace}": {
      "get": {
        "summary": "A workspace", "description": "Role: agent.",
        "parameters": [{"$ref": "#/components/parameters/workspace"}],
        "responses": {"200": {"description": "The workspace", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Workspace"}}}},
          "404": {"$ref": "#/components/responses/Error"}}
      }
    },
    "/v1/workspaces/{workspace}/locales": {
      "get": {
        "summary": "Locales with coverage", "description": "Per locale: templates translated, approved, outdated (made from an older source text) and missing. Role: agent.",
        "parameters": [{"$ref": "#/components/parameters/workspace"}],
        "responses": {"200": {"description": "Coverage", "content": {"application/json": {"schema": {
          "type": "object", "properties": {"workspace": {"type": "string"}, "locales": {"type": "array", "items": {"$ref": "#/components/schemas/Coverage"}}}}}}}}
      }
    },
    "/v1/workspaces/{workspace}/templates": {
      "get": {
        "summary": "List templates", "description": "Filtered, a page at a time. With `q`, ranked by the search; else with `locale`, in that locale's collation order of each template's reply (Swedish ö after z, Spanish ñ after n, Chinese by pinyin), templates without a reply in it last; else by key. Role: agent.",
        "parameters": [
          {"$ref": "#/components/parameters/workspace"},
          {"name": "category", "in": "query", "schema": {"type": "string"}},
          {"name": "tag", "in": "query", "schema": {"type": "string"}},
          {"name": "q", "in": "query", "description": "An agent's search: words of the reply (in `locale`, or in any locale), its examples, key, shortcut, category or tags. Ranked best first: an exact shortcut (`/refund` or `refund`), then by BM25; case, accents and width are ignored as the locale's collation ignores them at primary strength, and every word also finds longer words it starts (type-ahead). Unspaced scripts (Chinese, Japanese, Thai) are split with ICU's dictionaries. At most 500 results.", "schema": {"type": "string"}},
          {"name": "missing", "in": "query", "description": "Only templates with no text in this locale", "schema": {"type": "string"}},
          {"name": "outdated", "in": "query", "description": "Only templates whose text in this locale is outdated", "schema": {"type": "string"}},
          {"name": "state", "in": "query", "description": "Only templates whose text in `locale` has this review state", "schema": {"$ref": "#/components/schemas/ReviewState"}},
          {"name": "locale", "in": "query", "description": "The locale whose texts `q` searches and whose collation orders the listing", "schema": {"type": "string"}},
          {"name": "archived", "in": "query", "schema": {"type": "boolean"}},
          {"name": "after", "in": "query", "description": "The `next` of the previous page", "schema": {"type": "string"}},
          {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 100}}
        ],
        "responses": {"200": {"description": "A page", "content": {"application/json": {"schema": {
          "type": "object", "properties": {"templates": {"type": "array", "items": {"$ref": "#/components/schemas/Template"}}, "next": {"type": "string"}}}}}},
          "400": {"$ref": "#/components/responses/Error"}}
      },
      "post": {
        "summary": "Create a template", "description": "With its source text when `message` is given (checked like any write). Role: admin.",
        "parameters": [{"$ref": "#/components/parameters/workspace"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {
          "type": "object", "required": ["key"],
          "properties": {"key": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_.-]{0,127}$"}, "category": {"type": "string"},
            "tags": {"type": "array", "items": {"type": "string"}}, "shortcut": {"type": "string"}, "aliases": {"type": "array", "items": {"type": "string"}, "description": "Other names bots know it by (a Rasa response name), unique in the workspace"}, "description": {"type": "string"},
            "sourceLocale": {"type": "string"}, "message": {"type": "string"}}}}}},
        "responses": {"201": {"description": "Created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TemplateDetail"}}}},
          "409": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}
      }
    },
    "/v1/workspaces/{workspace}/templates/{key}": {
      "get": {
        "summary": "A template and all its texts", "description": "ETag: the template's version. Role: agent.",
        "parameters": [{"$ref": "#/components/parameters/workspace"}, {"$ref": "#/components/parameters/key"}],
        "responses": {"200": {"description": "The template", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TemplateDetail"}}}},
          "404": {"$ref": "#/components/responses/Error"}}
      },
      "patch": {
        "summary": "Change a template's fields", "description": "Needs If-Match with the template's version. Role: admin.",
        "parameters": [{"$ref": "#/components/parameters/workspace"}, {"$ref": "#/components/parameters/key"}, {"$ref": "#/components/parameters/ifMatch"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {
          "type": "object", "properties": {"category": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}},
            "shortcut": {"type": "string"}, "aliases": {"type": "array", "items": {"type": "string"}}, "description": {"type": "string"}, "archived": {"type": "boolean"}}}}}},
        "responses": {"200": {"description": "Changed", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Template"}}}},
          "412": {"$ref": "#/components/responses/Error"}, "428": {"$ref": "#/components/responses/Error"}}
      },
      "delete": {
        "summary": "Archive a template", "description": "It stops being served; its texts and history stay. Needs If-Match. Role: admin.",
        "parameters": [{"$ref": "#/components/parameters/workspace"}, {"$ref": "#/components/parameters/key"}, {"$ref": "#/components/parameters/ifMatch"}],
        "responses": {"200": {"description": "Archived", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Template"}}}},
          "412": {"$ref": "#/components/responses/Error"}, "428": {"$ref": "#/components/responses/Error"}}
      }
    },
    "/v1/workspaces/{workspace}/templates/{key}/translations/{locale}": {
      "get": {
        "summary": "A text", "description": "ETag: its version. Role: agent.",
        "parameters": [{"$ref": "#/components/parameters/workspace"}, {"$ref": "#/components/parameters/key"}, {"$ref": "#/components/parameters/locale"}, {"$ref": "#/components/parameters/channel"}],
        "responses": {"200": {"description": "The text", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Translation"}}}},
          "404": {"$ref": "#/components/responses/Error"}}
      },
      "put": {
        "summary": "Create or change a text",
        "description": "The message must parse and lint clean for its locale (422 lists each problem with line, column and caret). Needs If-Match with the current version, or If-None-Match: * to create; a stale version is refused with 412 and nothing changes; neither header is 428. Translators write needs_review texts in their locales; reviewers may approve. Role: translator.",
        "parameters": [{"$ref": "#/components/parameters/workspace"}, {"$ref": "#/components/parameters/key"}, {"$ref": "#/components/parameters/locale"}, {"$ref": "#/components/parameters/channel"},
          {"$ref": "#/components/parameters/ifMatch"}, {"name": "If-None-Match", "in": "header", "schema": {"type": "string", "enum": ["*"]}}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {
          "type": "object", "required": ["message"], "properties": {"message": {"type": "string"}, "state": {"$ref": "#/components/schemas/ReviewState"}}}}}},
        "responses": {
          "200": {"description": "Changed", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TextWritten"}}}},
          "201": {"description": "Created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TextWritten"}}}},
          "403": {"$ref": "#/components/responses/Error"}, "412": {"$ref": "#/components/responses/Error"},
          "422": {"$ref": "#/components/responses/Error"}, "428": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/workspaces/{workspace}/templates/{key}/translations/{locale}/revisions": {
      "get": {
        "summary": "A text's history, newest first", "description": "Role: agent.",
        "parameters": [{"$ref": "#/components/parameters/workspace"}, {"$ref": "#/components/parameters/key"}, {"$ref": "#/components/parameters/locale"}, {"$ref": "#/components/parameters/channel"}],
        "responses": {"200": {"description": "Revisions", "content": {"application/json": {"schema": {
          "type": "object", "properties": {"revisions": {"type": "array", "items": {"$ref": "#/components/schemas/Revision"}}}}}}}}
      }
    },
    "/v1/workspaces/{workspace}/templates/{key}/translations/{locale}/rollback": {
      "post": {
        "summary": "Restore an earlier revision as a new version", "description": "Needs If-Match. Role: translator.",
        "parameters": [{"$ref": "#/components/parameters/workspace"}, {"$ref": "#/components/parameters/key"}, {"$ref": "#/components/parameters/locale"}, {"$ref": "#/components/parameters/channel"}, {"$ref": "#/components/parameters/ifMatch"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["revision"], "properties": {"revision": {"type": "integer"}}}}}},
        "responses": {"200": {"description": "Restored", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Translation"}}}},
          "404": {"$ref": "#/components/responses/Error"}, "412": {"$ref": "#/components/responses/Error"}}
      }
    },
    "/v1/workspaces/{workspace}/templates/{key}/translations/{locale}/review": {
      "post": {
        "summary": "Approve or reject a text", "description": "Approving also brings it up to date with the current source text. Needs If-Match. Role: reviewer.",
        "parameters": [{"$ref": "#/components/parameters/workspace"}, {"$ref": "#/components/parameters/key"}, {"$ref": "#/components/parameters/locale"}, {"$ref": "#/components/parameters/channel"}, {"$ref": "#/components/parameters/ifMatch"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["decision"], "properties": {"decision": {"type": "string", "enum": ["approve", "reject"]}}}}}},
        "responses": {"200": {"description": "Reviewed", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Translation"}}}},
          "412": {"$ref": "#/components/responses/Error"}}
      }
    },
    "/v1/workspaces/{workspace}/templates/{key}/examples": {
      "get": {
        "summary": "A template's examples", "description": "The customer phrasings, per locale, that suggestions match customers' messages against. Role: agent.",
        "parameters": [{"$ref": "#/components/parameters/workspace"}, {"$ref": "#/components/parameters/key"}],
        "responses": {"200": {"description": "Examples per locale", "content": {"application/json": {"schema": {"type": "object", "properties": {
          "key": {"type": "string"}, "examples": {"type": "array", "items": {"$ref": "#/components/schemas/Examples"}}}}}}},
          "404": {"$ref": "#/components/responses/Error"}}
      }
    },
    "/v1/workspaces/{workspace}/templates/{key}/examples/{locale}": {
      "get": {
        "summary": "A template's examples in a locale", "description": "ETag: their version. Role: agent.",
        "parameters": [{"$ref": "#/components/parameters/workspace"}, {"$ref": "#/components/parameters/key"}, {"$ref": "#/components/parameters/locale"}],
        "responses": {"200": {"description": "The examples", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Examples"}}}},
          "404": {"$ref": "#/components/responses/Error"}}
      },
      "put": {
        "summary": "Set a template's examples in a locale",
        "description": "Short customer phrasings the reply answers, as customers write them. At most 100, each 1 to 300 characters on one line, no repeats (422 names each problem). Needs If-Match with the current version, or If-None-Match: * for the first; stale is 412. Role: translator (in their locales).",
        "parameters": [{"$ref": "#/components/parameters/workspace"}, {"$ref": "#/components/parameters/key"}, {"$ref": "#/components/parameters/locale"},
          {"$ref": "#/components/parameters/ifMatch"}, {"name": "If-None-Match", "in": "header", "schema": {"type": "string", "enum": ["*"]}}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["phrases"], "properties": {
          "phrases": {"type": "array", "maxItems": 100, "items": {"type": "string"}}}}}}},
        "responses": {"200": {"description": "Changed", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Examples"}}}},
          "201": {"description": "Created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Examples"}}}},
          "404": {"$ref": "#/components/responses/Error"}, "412": {"$ref": "#/components/responses/Error"},
          "422": {"$ref": "#/components/responses/Error"}, "428": {"$ref": "#/components/responses/Error"}}
      }
    },
    "/v1/workspaces/{workspace}/nlg": {
      "post": {
        "summary": "Rasa's NLG server contract",
        "description": "Rasa asks for a bot utterance by its response name (`response`; `template` in Rasa 1). The template whose key or alias (`aliases`) is that name answers, rendered as a render would be: the locale from the tracker's `language` slot, else the language detected in the latest user message, else the workspace default; the tracker's slots (strings, numbers, booleans) and then `arguments` are the message's arguments; Rasa's output channel picks the template's text for a channel of that name when it has one. The answer is Rasa's response format, `{\"text\": …}`, with the served locale in `Content-Language`. An unknown name is a 404, which Rasa reports as a failed NLG request. In Rasa's `endpoints.yml`: `nlg: {url: \"https://…/v1/workspaces/{workspace}/nlg\", headers: {Authorization: \"Bearer <render key>\"}}`. Role: render.",
        "parameters": [{"$ref": "#/components/parameters/workspace"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "properties": {
          "response": {"type": "string", "description": "The response name, a template's key or alias"},
          "template": {"type": "string", "description": "The response name, as Rasa 1 sent it"},
          "id": {"type": ["string", "null"]}, "arguments": {"type": ["object", "null"]},
          "tracker": {"type": ["object", "null"], "description": "Rasa's tracker state: `slots` and `latest_message.text` are read"},
          "channel": {"type": ["object", "null"], "properties": {"name": {"type": ["string", "null"]}}}}}}}},
        "responses": {
          "200": {"description": "The utterance", "content": {"application/json": {"schema": {"type": "object", "required": ["text"], "properties": {
            "text": {"type": "string"}}}}}},
          "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"},
          "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/workspaces/{workspace}/suggest": {
      "post": {
        "summary": "Suggest replies for a customer's message",
        "description": "The templates that best answer `text`, best first, each rendered as a render of its key in the customer's locale would be (missing arguments shown as {name}), with its score and the customer's words that matched. The locale comes from `locale`, else `acceptLanguage`, else the `Accept-Language` header, else the language detected in `text` (reported in `detected`), negotiated against the workspace's locales; the customer's locale's texts and examples are ranked with BM25, the default locale's added when that locale has too little; an unknown language (`und`) searches every locale. Agents' feedback moves replies for similar messages. Role: render.",
        "parameters": [{"$ref": "#/components/parameters/workspace"}, {"$ref": "#/components/parameters/acceptLanguage"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["text"], "properties": {
          "text": {"type": "string", "description": "The customer's message: 1 to 100 000 bytes of text"},
          "locale": {"type": ["string", "null"]}, "acceptLanguage": {"type": ["string", "null"]}, "channel": {"type": ["string", "null"]},
          "args": {"type": ["object", "null"], "additionalProperties": {"$ref": "#/components/schemas/Argument"}},
          "timeZone": {"type": ["string", "null"]},
          "limit": {"type": ["integer", "null"], "minimum": 1, "maximum": 20, "default": 3},
          "preview": {"type": ["boolean", "null"], "description": "Suggestions while an agent types: not counted as shown in usage (the desk reports what it showed with its feedback)"}}}}}},
        "responses": {
          "200": {"description": "Suggestions", "content": {"application/json": {"schema": {"type": "object", "properties": {
            "suggestions": {"type": "array", "items": {"type": "object", "properties": {
              "key": {"type": "string"}, "score": {"type": "number"}, "matched": {"type": "array", "items": {"type": "string"}},
              "text": {"type": "string"}, "locale": {"type": "string"}, "fallback": {"type": "boolean"},
              "issues": {"type": "array", "items": {"type": "string"}}}}},
            "locale": {"type": "string", "description": "The customer's locale; absent when the language is unknown"},
            "searched": {"type": "array", "items": {"type": "string"}},
            "detected": {"$ref": "#/components/schemas/DetectedLanguage"}}}}}},
          "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"},
          "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/workspaces/{workspace}/suggest/feedback": {
      "post": {
        "summary": "Tell suggestions which reply answered a message",
        "description": "`accepted: true` lifts the reply for messages like `text`, false lowers it. Each key's say on a reply counts once, however often it votes, and the total is capped both ways: no one agent can bury or crown a reply. Seen by every replica through the change feed. Role: agent.",
        "parameters": [{"$ref": "#/components/parameters/workspace"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["text", "key", "accepted"], "properties": {
          "text": {"type": "string"}, "key": {"type": "string"}, "accepted": {"type": "boolean"},
          "locale": {"type": "string", "description": "The message's locale; detected when absent"},
          "shown": {"type": "array", "maxItems": 20, "items": {"type": "string"}, "description": "The replies the agent was shown for this message, counted as shown in usage (for suggestions asked for as previews)"}}}}}},
        "responses": {"200": {"description": "Recorded", "content": {"application/json": {"schema": {"type": "object", "properties": {
          "key": {"type": "string"}, "accepted": {"type": "boolean"}, "locale": {"type": "string"}}}}}},
          "400": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}
      }
    },
    "/v1/workspaces/{workspace}/usage": {
      "get": {
        "summary": "Renders and suggestion outcomes over a period",
        "description": "Renders counted by every replica (render, batch, the desk's chosen replies; not previews), grouped by template, the locale asked for (`und`: unknown), the channel served, the caller's role or the day, each group with its time series; and suggestions shown, accepted and rejected per template. Each replica adds its counts to the database every flush interval (this replica's own are added before it answers). Hourly buckets are rolled up into days after a retention period. Role: agent.",
        "parameters": [{"$ref": "#/components/parameters/workspace"}, {"$ref": "#/components/parameters/from"}, {"$ref": "#/components/parameters/to"},
          {"name": "by", "in": "query", "schema": {"type": "string", "enum": ["template", "locale", "channel", "role", "day"], "default": "template"}},
          {"name": "every", "in": "query", "description": "The series' bucket", "schema": {"type": "string", "enum": ["hour", "day"], "default": "day"}}],
        "responses": {"200": {"description": "Usage", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Usage"}}}},
          "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"},
          "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}
      }
    },
    "/v1/workspaces/{workspace}/demand": {
      "get": {
        "summary": "What to translate next, by customers reached",
        "description": "From renders in the period, ranked by renders: `locales` customers asked for that the workspace does not have, with the locale that served them (es-MX served from es-419); `missing` texts of the workspace's locales that customers asked for and got in another locale (ko for payments.refund_status, served from en), as long as they are still missing; `outdated` texts that were used; and `unused` templates not rendered in the last `unusedDays` days. Role: agent.",
        "parameters": [{"$ref": "#/components/parameters/workspace"}, {"$ref": "#/components/parameters/from"}, {"$ref": "#/components/parameters/to"},
          {"name": "unusedDays", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 400, "default": 30}}],
        "responses": {"200": {"description": "Demand", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Demand"}}}},
          "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"},
          "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}
      }
    },
    "/v1/workspaces/{workspace}/suggest/feedback/{key}": {
      "delete": {
        "summary": "Erase the feedback on a template", "description": "Every vote on it: its suggestions rank as before any feedback. Role: reviewer.",
        "parameters": [{"$ref": "#/components/parameters/workspace"}, {"$ref": "#/components/parameters/key"}],
        "responses": {"200": {"description": "Erased", "content": {"application/json": {"schema": {"type": "object", "properties": {
          "key": {"type": "string"}, "erased": {"type": "integer"}}}}}},
          "404": {"$ref": "#/components/responses/Error"}}
      }
    },
    "/v1/workspaces/{workspace}/snapshot": {
      "get": {
        "summary": "The whole catalog", "description": "Every live template, every text with its version, state, author and whether it is outdated, and every template's examples per locale with their version, read at one moment: what `parley pull` saves. Role: agent.",
        "parameters": [{"$ref": "#/components/parameters/workspace"}],
        "responses": {"200": {"description": "The catalog", "content": {"application/json": {"schema": {"type": "object", "properties": {
          "workspace": {"$ref": "#/components/schemas/Workspace"}, "templates": {"type": "array", "items": {"$ref": "#/components/schemas/Template"}},
          "texts": {"type": "array", "items": {"$ref": "#/components/schemas/Translation"}},
          "examples": {"type": "array", "items": {"type": "object", "properties": {"key": {"type": "string"}, "locale": {"type": "string"},
            "version": {"type": "integer"}, "phrases": {"type": "array", "items": {"type": "string"}}}}}}}}}}}
      }
    },
    "/v1/workspaces/{workspace}/changes": {
      "post": {
        "summary": "Write many texts, all or none", "description": "Each change names the version it was made from (`baseVersion`, absent for a new text). A change that leaves its text as it is writes nothing (`unchanged`). If any other text changed since, nothing is written and the 412 lists every conflict with who changed it and when. Every text is checked like a single write. Only reviewers produce `approved`: a translator's changed text waits for review. `dryRun` checks without writing. Role: translator.",
        "parameters": [{"$ref": "#/components/parameters/workspace"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["changes"], "properties": {
          "dryRun": {"type": "boolean"},
          "changes": {"type": "array", "items": {"type": "object", "required": ["key", "locale", "message"], "properties": {
            "key": {"type": "string"}, "locale": {"type": "string"}, "channel": {"type": "string"}, "message": {"type": "string"},
            "state": {"$ref": "#/components/schemas/ReviewState"}, "baseVersion": {"type": ["integer", "null"]}}}}}}}}},
        "responses": {"200": {"description": "Written (or, in a dry run, would be)", "content": {"application/json": {"schema": {"type": "object", "properties": {
          "created": {"type": "integer"}, "updated": {"type": "integer"}, "unchanged": {"type": "integer"}, "dryRun": {"type": "boolean"},
          "changes": {"$ref": "#/components/schemas/PlannedTexts"}, "kept": {"$ref": "#/components/schemas/PlannedTexts"},
          "written": {"type": "array", "description": "The texts written, at their new versions (empty in a dry run)", "items": {"type": "object", "properties": {
            "key": {"type": "string"}, "locale": {"type": "string"}, "channel": {"type": "string"}, "version": {"type": "integer"},
            "state": {"$ref": "#/components/schemas/ReviewState"}}}}}}}}},
          "412": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}
      }
    },
    "/v1/workspaces/{workspace}/export": {
      "get": {
        "summary": "Export in a translators' format", "description": "XLIFF 2.0 or 1.2, PO or flat JSON for one locale (untranslated texts included where the format can say so), or CSV for all locales. Role: agent.",
        "parameters": [{"$ref": "#/components/parameters/workspace"},
          {"name": "format", "in": "query", "required": true, "schema": {"type": "string", "enum": ["xliff2", "xliff12", "po", "json", "csv"]}},
          {"name": "locale", "in": "query", "description": "Required but for CSV", "schema": {"type": "string"}}],
        "responses": {"200": {"description": "The file", "content": {"application/xliff+xml": {}, "text/x-gettext-translation": {}, "application/json": {}, "text/csv": {}}},
          "400": {"$ref": "#/components/responses/Error"}}
      }
    },
    "/v1/workspaces/{workspace}/import": {
      "post": {
        "summary": "Import a file, all or nothing", "description": "The body is the file. Every text is checked like a write; any problem refuses the whole file with `diagnostics` as `file:line: severity: message`. Only the texts whose wording or state the file changes are written; a text the file has as it was before someone's later change is `kept` as it is now. Texts changed meanwhile refuse it too (412). Translators' texts wait for review. Role: translator.",
        "parameters": [{"$ref": "#/components/parameters/workspace"},
          {"name": "format", "in": "query", "description": "Guessed from `name` when absent", "schema": {"type": "string", "enum": ["xliff2", "xliff12", "po", "json", "csv"]}},
          {"name": "name", "in": "query", "description": "The file's name, used in diagnostics (and for JSON, its locale: fr.json)", "schema": {"type": "string"}},
          {"name": "locale", "in": "query", "description": "The locale of a file that names none (flat JSON, files from xliff2po or po2xliff)", "schema": {"type": "string"}},
          {"name": "dryRun", "in": "query", "schema": {"type": "boolean"}}],
        "requestBody": {"required": true, "content": {"application/octet-stream": {}}},
        "responses": {"200": {"description": "Imported", "content": {"application/json": {"schema": {"type": "object", "properties": {
          "file": {"type": "string"}, "texts": {"type": "integer"}, "created": {"type": "integer"}, "updated": {"type": "integer"},
          "unchanged": {"type": "integer"}, "dryRun": {"type": "boolean"},
          "changes": {"$ref": "#/components/schemas/PlannedTexts"}, "kept": {"$ref": "#/components/schemas/PlannedTexts"}}}}}},
          "412": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}
      }
    },
    "/v1/detect": {
      "post": {
        "summary": "The language of a customer's message", "description": "By script where it decides (Hangul, kana, Thai, …), by a character n-gram model where languages share one. `und` when the text is empty, mixed, in an unsupported script, or fits none of the candidates well; then `reason` says why and, when a candidate was scored, `best` names it with its confidence. Text garbled by a wrong charset (UTF-8 read as Windows-1252, Latin-1 or Windows-1251; Windows-1254, Windows-1251 or KOI8-R read as another single-byte charset) is read as it was written: `repaired` is true and `repairedText` holds that text. Role: render.",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["text"], "properties": {
          "text": {"type": "string"}, "candidates": {"type": "array", "items": {"type": "string"}, "description": "Tags to choose from, such as a workspace's locales"}}}}}},
        "responses": {"200": {"description": "Ranked languages", "content": {"application/json": {"schema": {"type": "object", "properties": {
          "language": {"type": "string"}, "confidence": {"type": "number"}, "reason": {"$ref": "#/components/schemas/DetectionReason"},
          "languages": {"type": "array", "items": {"type": "object", "properties": {"tag": {"type": "string"}, "confidence": {"type": "number"}}}},
          "best": {"type": "object", "properties": {"language": {"type": "string"}, "confidence": {"type": "number"}}},
          "repaired": {"type": "boolean"}, "repairedText": {"type": "string"}}}}}},
          "400": {"$ref": "#/components/responses/Error"}, "503": {"$ref": "#/components/responses/Error"}}
      }
    },
    "/v1/keys": {
      "get": {"summary": "List API keys", "description": "With each key's expiry. Role: admin (for every workspace).", "responses": {"200": {"description": "Keys", "content": {"application/json": {"schema": {
        "type": "object", "properties": {"keys": {"type": "array", "items": {"$ref": "#/components/schemas/APIKey"}}}}}}}}},
      "post": {
        "summary": "Create an API key", "description": "The secret is in the answer once; only its hash is kept. An expiry must be in the future. Role: admin (for every workspace).",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {
          "type": "object", "required": ["name", "role"], "properties": {"name": {"type": "string"}, "role": {"$ref": "#/components/schemas/Role"},
            "workspace": {"type": "string"}, "locales": {"type": "array", "items": {"type": "string"}, "description": "The locales a key may edit, or [\"all\"]; required for translators"},
            "expiresAt": {"type": "string", "format": "date-time", "description": "When the key stops working (2026-12-31T18:00:00Z, or a date: midnight UTC); absent: never"}}}}}},
        "responses": {"201": {"description": "Created", "content": {"application/json": {"schema": {
          "type": "object", "properties": {"key": {"$ref": "#/components/schemas/APIKey"}, "secret": {"type": "string"}}}}}},
          "422": {"$ref": "#/components/responses/Error"}}
      }
    },
    "/v1/keys/{id}": {
      "delete": {"summary": "Revoke an API key", "description": "Every replica stops accepting it at once. Refused (409) for the key PARLEY_ADMIN_KEY names (the operator revokes it with `parley keys revoke`) and for the last active admin key for every workspace. Role: admin (for every workspace).",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
        "responses": {"204": {"description": "Revoked"}, "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}}}
    },
    "/healthz": {"get": {"summary": "Alive", "description": "Role: none.", "security": [], "responses": {"200": {"description": "The process answers"}}}},
    "/readyz": {"get": {"summary": "Ready", "description": "Database reachable, migrations current, render cache loaded. Role: none.", "security": [],
      "responses": {"200": {"description": "Ready"}, "503": {"description": "Not ready, with the failing checks"}}}},
    "/metrics": {"get": {"summary": "Prometheus metrics", "description": "Role: none.", "security": [], "responses": {"200": {"description": "Text exposition format", "content": {"text/plain": {}}}}}},
    "/openapi.json": {"get": {"summary": "This document", "description": "Role: none.", "security": [], "responses": {"200": {"description": "OpenAPI 3.1"}}}},
    "/desk": {"get": {"summary": "The agent desk", "description": "The page agents work in (HTML), built into the server; it asks for an API key of the agent role and calls this API with it. Every desk answer carries a Content-Security-Policy allowing this server's scripts and styles only. Role: none.", "security": [],
      "responses": {"200": {"description": "The page", "content": {"text/html": {}}}, "304": {"description": "Not modified (If-None-Match)"}}}},
    "/desk/desk.css": {"get": {"summary": "The desk's style sheet", "description": "Role: none.", "security": [],
      "responses": {"200": {"description": "CSS", "content": {"text/css": {}}}, "304": {"description": "Not modified (If-None-Match)"}}}},
    "/desk/common.js": {"get": {"summary": "What the desk's pages share", "description": "A JavaScript module: interface texts, API calls with the tab's key, signing in. Role: none.", "security": [],
      "responses": {"200": {"description": "JavaScript", "content": {"text/javascript": {}}}, "304": {"description": "Not modified (If-None-Match)"}}}},
    "/desk/desk.js": {"get": {"summary": "The desk's script", "description": "A JavaScript module. Role: none.", "security": [],
      "responses": {"200": {"description": "JavaScript", "content": {"text/javascript": {}}}, "304": {"description": "Not modified (If-None-Match)"}}}},
    "/desk/insights": {"get": {"summary": "Usage and translation demand, for support leads", "description": "A page (HTML) beside the desk: top questions, renders by language over time, and what customers asked for and did not get, drawn from the usage and demand operations with the desk's API key. Role: none.", "security": [],
      "responses": {"200": {"description": "The page", "content": {"text/html": {}}}, "304": {"description": "Not modified (If-None-Match)"}}}},
    "/desk/insights.js": {"get": {"summary": "The insights page's script", "description": "A JavaScript module. Role: none.", "security": [],
      "responses": {"200": {"description": "JavaScript", "content": {"text/javascript": {}}}, "304": {"description": "Not modified (If-None-Match)"}}}},
    "/desk/icon.svg": {"get": {"summary": "The desk's icon", "description": "Role: none.", "security": [],
      "responses": {"200": {"description": "SVG", "content": {"image/svg+xml": {}}}, "304": {"description": "Not modified (If-None-Match)"}}}},
    "/desk/strings": {"get": {"summary": "The desk's interface texts", "description": "Every text of the workspace `desk`, rendered in `locale`, else in the request's Accept-Language, negotiated as a render is; no texts when there is no such workspace. Role: none.", "security": [],
      "parameters": [{"name": "locale", "in": "query", "description": "BCP 47 tag", "schema": {"type": "string"}}],
      "responses": {"200": {"description": "The texts by key", "content": {"application/json": {"schema": {
        "type": "object", "properties": {"locale": {"type": "string"}, "locales": {"type": "array", "items": {"type": "string"}},
          "strings": {"type": "object", "additionalProperties": {"type": "string"}}}}}}},
        "400": {"$ref": "#/components/responses/Error"}}}}
  },
  "components": {
    "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
    "parameters": {
      "workspace": {"name": "workspace", "in": "path", "required": true, "schema": {"type": "string"}},
      "key": {"name": "key", "in": "path", "required": true, "schema": {"type": "string"}},
      "locale": {"name": "locale", "in": "path", "required": true, "description": "BCP 47 tag", "schema": {"type": "string"}},
      "channel": {"name": "channel", "in": "query", "schema": {"type": "string", "default": "default"}},
      "from": {"name": "from", "in": "query", "description": "The period's start: RFC 3339 time or YYYY-MM-DD (UTC); default 7 days before `to`", "schema": {"type": "string"}},
      "to": {"name": "to", "in": "query", "description": "The period's end, excluded: RFC 3339 time, or YYYY-MM-DD for the end of that day (UTC); default now", "schema": {"type": "string"}},
      "ifMatch": {"name": "If-Match", "in": "header", "description": "The version being changed, e.g. \"3\"", "schema": {"type": "string"}},
      "acceptLanguage": {"name": "Accept-Language", "in": "header", "description": "The customer's languages (RFC 9110), as a browser or chat gateway sends them: used when the body names neither `locale` nor `acceptLanguage`, before the customer's `text` is detected. A value naming no language (`*`) leaves the choice to the text.", "schema": {"type": "string"}}
    },
    "responses": {
      "Error": {"description": "An error", "content": {"application/json": {"schema": {
        "type": "object", "required": ["error"], "properties": {"error": {"$ref": "#/components/schemas/ErrorContent"}}}}}}
    },
    "schemas": {
      "PlannedTexts": {"type": "array", "description": "Texts and what a write does to each", "items": {"type": "object", "properties": {
        "key": {"type": "string"}, "locale": {"type": "string"}, "channel": {"type": "string"},
        "action": {"type": "string", "enum": ["created", "updated", "kept"]}, "state": {"$ref": "#/components/schemas/ReviewState"},
        "outdated": {"type": "boolean"}}}},
      "ErrorContent": {"type": "object", "required": ["code", "message"], "properties": {
        "code": {"type": "string"}, "message": {"type": "string"},
        "problems": {"type": "array", "items": {"$ref": "#/components/schemas/MessageProblem"}},
        "current": {"type": "object", "properties": {"version": {"type": "integer"}, "author": {"type": "string"}, "at": {"type": "string"}}},
        "issues": {"type": "array", "items": {"type": "string"}},
        "requestId": {"type": "string", "description": "The answer's X-Request-Id, to find the request in the logs"}}},
      "MessageProblem": {"type": "object", "properties": {"code": {"type": "string"}, "message": {"type": "string"},
        "line": {"type": "integer"}, "column": {"type": "integer"}, "caret": {"type": "string"}}},
      "Argument": {"description": "A string, a number, a boolean, {\"date\": ISO 8601 text or milliseconds}, or {\"decimal\": \"19.99\"}",
        "oneOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"},
          {"type": "object", "properties": {"date": {"oneOf": [{"type": "string"}, {"type": "number"}]}}, "required": ["date"]},
          {"type": "object", "properties": {"decimal": {"type": "string"}}, "required": ["decimal"]}]},
      "RenderRequest": {"type": "object", "required": ["key"], "description": "Null stands for an absent member.", "properties": {
        "key": {"type": "string"}, "locale": {"type": ["string", "null"]}, "acceptLanguage": {"type": ["string", "null"]},
        "channel": {"type": ["string", "null"]}, "args": {"type": ["object", "null"], "additionalProperties": {"$ref": "#/components/schemas/Argument"}},
        "strict": {"type": ["boolean", "null"], "description": "Missing or mistyped arguments fail with 422 instead of showing {name}"},
        "timeZone": {"type": ["string", "null"], "description": "IANA time zone for dates; default UTC"},
        "text": {"type": ["string", "null"], "description": "The customer's message: with neither locale nor acceptLanguage, its detected language (among the workspace's) chooses the locale"},
        "preview": {"type": ["boolean", "null"], "description": "A look at the reply (an agent trying arguments), not one sent to a customer: not counted in usage"}}},
      "RenderResponse": {"type": "object", "required": ["key", "text", "locale", "requestedLocale", "fallback", "chain"], "properties": {
        "key": {"type": "string"}, "text": {"type": "string"}, "locale": {"type": "string"}, "requestedLocale": {"type": "string"},
        "fallback": {"type": "boolean"}, "chain": {"type": "array", "items": {"type": "string"}},
        "issues": {"type": "array", "items": {"type": "string"}},
        "detected": {"$ref": "#/components/schemas/DetectedLanguage"}}},
      "DetectedLanguage": {"type": "object", "description": "The language detected in the customer's text, when it chose the locale. On `und` (then the workspace's default locale serves, and suggestions search every locale), `reason` says why and `best` is the candidate that fit best, with its confidence: a caller that prefers a guess to the default may render again with `locale: best.language`. A text garbled by a wrong charset (`fÃ¼r`) is read as written (`repaired`, with `repairedText`), and suggestions search that text.",
        "required": ["language", "confidence", "reason"], "properties": {
        "language": {"type": "string"}, "confidence": {"type": "number"}, "reason": {"$ref": "#/components/schemas/DetectionReason"},
        "best": {"type": "object", "properties": {"language": {"type": "string"}, "confidence": {"type": "number"}}},
        "repaired": {"type": "boolean"}, "repairedText": {"type": "string"}}},
      "DetectionReason": {"type": "string", "enum": ["script", "model", "empty", "mixed", "unsupported-script", "not-a-candidate", "better-outside-candidates", "poor-fit"],
        "description": "script: the script decides; model: the n-gram model chose; empty: no letters; mixed: no script has most letters; unsupported-script; not-a-candidate: the language is not among the candidates; better-outside-candidates: a language outside them fits clearly better; poor-fit: nothing fits well"},
      "Usage": {"type": "object", "required": ["workspace", "from", "to", "by", "every", "total", "groups", "suggestions"], "properties": {
        "workspace": {"type": "string"}, "from": {"type": "string"}, "to": {"type": "string"},
        "by": {"type": "string"}, "every": {"type": "string"},
        "total": {"type": "object", "properties": {"renders": {"type": "integer"}, "fallbacks": {"type": "integer"}}},
        "groups": {"type": "array", "description": "Most renders first", "items": {"type": "object", "properties": {
          "key": {"type": "string"}, "renders": {"type": "integer"}, "fallbacks": {"type": "integer"},
          "series": {"type": "array", "items": {"type": "object", "properties": {"at": {"type": "string"}, "renders": {"type": "integer"}}}}}}},
        "suggestions": {"type": "array", "items": {"type": "object", "properties": {"key": {"type": "string"},
          "shown": {"type": "integer"}, "accepted": {"type": "integer"}, "rejected": {"type": "integer"}}}}}},
      "Demand": {"type": "object", "required": ["workspace", "from", "to", "unusedDays", "locales", "missing", "outdated", "unused"], "properties": {
        "workspace": {"type": "string"}, "from": {"type": "string"}, "to": {"type": "string"}, "unusedDays": {"type": "integer"},
        "locales": {"type": "array", "items": {"type": "object", "properties": {"locale": {"type": "string"}, "servedFrom": {"type": "string"}, "renders": {"type": "integer"}}}},
        "missing": {"type": "array", "items": {"type": "object", "properties": {"key": {"type": "string"}, "locale": {"type": "string"}, "servedFrom": {"type": "string"}, "renders": {"type": "integer"}}}},
        "outdated": {"type": "array", "items": {"type": "object", "properties": {"key": {"type": "string"}, "locale": {"type": "string"}, "renders": {"type": "integer"}}}},
        "unused": {"type": "array", "items": {"type": "object", "properties": {"key": {"type": "string"}, "lastUsed": {"type": ["string", "null"]}}}}}},
      "Workspace": {"type": "object", "required": ["name", "defaultLocale", "locales"], "properties": {
        "name": {"type": "string"}, "defaultLocale": {"type": "string"}, "locales": {"type": "array", "items": {"type": "string"}}}},
      "Coverage": {"type": "object", "properties": {"locale": {"type": "string"}, "templates": {"type": "integer"}, "translated": {"type": "integer"},
        "approved": {"type": "integer"}, "outdated": {"type": "integer", "description": "Templates with an outdated text in this locale, any channel"}, "missing": {"type": "integer"}}},
      "Template": {"type": "object", "properties": {"key": {"type": "string"}, "category": {"type": "string"},
        "tags": {"type": "array", "items": {"type": "string"}}, "shortcut": {"type": "string"}, "aliases": {"type": "array", "items": {"type": "string"}}, "description": {"type": "string"},
        "sourceLocale": {"type": "string"}, "archived": {"type": "boolean"}, "version": {"type": "integer"}}},
      "TemplateDetail": {"type": "object", "properties": {"template": {"$ref": "#/components/schemas/Template"},
        "translations": {"type": "array", "items": {"$ref": "#/components/schemas/Translation"}},
        "arguments": {"type": "array", "description": "The arguments the texts use, the source locale's first: what a form filling them offers", "items": {"$ref": "#/components/schemas/ArgumentUse"}}}},
      "ArgumentUse": {"type": "object", "required": ["name", "type"], "properties": {"name": {"type": "string"},
        "type": {"type": "string", "enum": ["text", "number", "plural", "date", "time", "select"], "description": "How the texts format or choose by it (the strongest use, when several)"},
        "style": {"type": "string", "description": "The style as written: ::currency/USD, percent, long"},
        "currency": {"type": "string", "description": "ISO 4217 code, when the style is a currency"},
        "options": {"type": "array", "items": {"type": "string"}, "description": "A select's keys other than `other`"}}},
      "ReviewState": {"type": "string", "enum": ["draft", "needs_review", "approved"]},
      "Examples": {"type": "object", "properties": {"locale": {"type": "string"}, "phrases": {"type": "array", "items": {"type": "string"}},
        "version": {"type": "integer"}, "author": {"type": "string"}, "updatedAt": {"type": "string"}}},
      "Role": {"type": "string", "enum": ["render", "agent", "translator", "reviewer", "admin"]},
      "Translation": {"type": "object", "properties": {"key": {"type": "string"}, "locale": {"type": "string"}, "channel": {"type": "string"},
        "message": {"type": "string"}, "state": {"$ref": "#/components/schemas/ReviewState"}, "version": {"type": "integer"},
        "sourceVersion": {"type": "integer"}, "outdated": {"type": "boolean"}, "author": {"type": "string"}, "updatedAt": {"type": "string"}}},
      "TextWritten": {"type": "object", "properties": {"translation": {"$ref": "#/components/schemas/Translation"},
        "warnings": {"type": "array", "items": {"$ref": "#/components/schemas/MessageProblem"}}}},
      "Revision": {"type": "object", "properties": {"id": {"type": "integer"}, "version": {"type": "integer"}, "message": {"type": "string"},
        "state": {"$ref": "#/components/schemas/ReviewState"}, "sourceVersion": {"type": "integer"}, "author": {"type": "string"},
        "action": {"type": "string"}, "createdAt": {"type": "string"}}},
      "APIKey": {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "prefix": {"type": "string"},
        "role": {"$ref": "#/components/schemas/Role"}, "workspaceID": {"type": "integer"}, "locales": {"type": "array", "items": {"type": "string"}},
        "createdAt": {"type": "string"}, "expiresAt": {"type": "string", "description": "Absent: never"},
        "expired": {"type": "boolean"}, "bootstrap": {"type": "boolean", "description": "The key PARLEY_ADMIN_KEY names"},
        "revoked": {"type": "boolean"}}}
    }
  }
}
"""#
}
