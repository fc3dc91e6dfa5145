#!/usr/bin/env node
// Checks real API exchanges against the OpenAPI document: every answer the integration tests
// received (recorded with UNGCUU_API_RECORD) must match the schema the document gives for its
// path, method and status, and every request body the server accepted (2xx) must match the
// documented request schema. A path, method or success status the document does not describe
// is a failure too, so the document cannot fall behind the server.
//
//   node scripts/check-api-record.mjs RECORD.jsonl [openapi.json]
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const here = dirname(fileURLToPath(import.meta.url));
const recordPath = process.argv[2];
const specPath = process.argv[3] ?? resolve(here, '../../src/http/openapi.json');
if (!recordPath) {
  console.error('usage: check-api-record.mjs RECORD.jsonl [openapi.json]');
  process.exit(2);
}

const spec = JSON.parse(readFileSync(specPath, 'utf8'));
const ajv = new Ajv({ allErrors: false, strict: false });
addFormats(ajv);
ajv.addSchema({ components: spec.components }, 'spec');

// The document's "#/components/..." references, resolved inside the registered "spec" schema.
function rebase(schema) {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"spec#/components/'));
}
const compiled = new Map();
function validator(key, schema) {
  if (!compiled.has(key)) compiled.set(key, ajv.compile(rebase(schema)));
  return compiled.get(key);
}

// Answers are checked against a closed copy of the document: an object that lists its
// properties may not carry others, so a field the server sends must be documented.
function closed(schema) {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!schema || typeof schema !== 'object') return schema;
  const copy = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, k === 'properties'
    ? Object.fromEntries(Object.entries(v).map(([name, s]) => [name, closed(s)])) : closed(v)]));
  if (copy.properties && copy.additionalProperties === undefined) copy.additionalProperties = false;
  return copy;
}
const strictAjv = new Ajv({ allErrors: false, strict: false });
addFormats(strictAjv);
strictAjv.addSchema({ components: closed(spec.components) }, 'spec');
function answerValidator(key, schema) {
  if (!compiled.has(key)) compiled.set(key, strictAjv.compile(rebase(closed(schema))));
  return compiled.get(key);
}

// The document itself: every JSON body an operation takes or gives names its fields. A body
// that is free by nature (the document itself, a record's before/after) says so with
// "x-free-form" and why.
const documentFailures = [];
function resolveRef(schema) {
  while (schema?.$ref) {
    schema = schema.$ref.replace(/^#\//, '').split('/').reduce((node, part) => node?.[part], spec);
  }
  return schema;
}
function lint(schema, where, seen = new Set()) {
  const resolved = resolveRef(schema);
  if (!resolved || seen.has(resolved)) return;
  seen.add(resolved);
  if (resolved['x-free-form']) return;
  if (resolved.type === 'object' || resolved.properties) {
    const free = resolved.additionalProperties;
    if (!resolved.properties && (free === undefined || free === true)) {
      documentFailures.push(`${where}: an object without its fields`);
    }
    for (const [name, property] of Object.entries(resolved.properties ?? {})) lint(property, `${where}.${name}`, seen);
    if (free && typeof free === 'object') lint(free, `${where}.*`, seen);
  } else if (resolved.type === 'array') {
    if (!resolved.items) documentFailures.push(`${where}: an array without its items`);
    else lint(resolved.items, `${where}[]`, seen);
  } else if (!resolved.type && !resolved.enum) {
    documentFailures.push(`${where}: no type`);
  }
}
for (const [template, operations] of Object.entries(spec.paths)) {
  for (const [method, operation] of Object.entries(operations)) {
    if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
    const name = `${method.toUpperCase()} ${template}`;
    const request = operation.requestBody?.content?.['application/json']?.schema;
    if (request) lint(request, `${name} request`);
    for (const [status, answer] of Object.entries(operation.responses ?? {})) {
      const schema = answer.content?.['application/json']?.schema;
      if (schema) lint(schema, `${name} ${status}`);
    }
  }
}

// Templates as patterns; the more literal segments a template has, the earlier it is tried.
const templates = Object.keys(spec.paths)
  .map((template) => ({
    template,
    pattern: new RegExp('^' + template.replace(/\{[^}]+\}/g, '[^/]+') + '$'),
    literal: template.split('/').filter((s) => s && !s.startsWith('{')).length,
  }))
  .sort((a, b) => b.literal - a.literal);
function findTemplate(path) {
  return templates.find((t) => t.pattern.test(path))?.template;
}

function jsonSchemaOf(content, type) {
  if (!content) return undefined;
  const media = (type ?? '').split(';')[0].trim().toLowerCase();
  const entry = content[media] ?? (media.endsWith('+json') ? content['application/json'] : undefined);
  return entry?.schema;
}

const lines = readFileSync(recordPath, 'utf8').split('\n').filter(Boolean);
const failures = new Map(); // one message per (operation, status, problem), with a count
const covered = new Set();
let checked = 0;
function fail(key, message) {
  const seen = failures.get(key);
  if (seen) seen.count += 1;
  else failures.set(key, { message, count: 1 });
}

for (const line of lines) {
  const exchange = JSON.parse(line);
  const path = exchange.target.split('?')[0];
  if (!path.startsWith('/api/') && path !== '/healthz') continue;
  const method = exchange.method.toLowerCase();
  const template = findTemplate(path);
  const status = String(exchange.status);
  const ok = exchange.status >= 200 && exchange.status < 300;
  if (!template) {
    if (ok) fail(`nopath ${path}`, `${exchange.method} ${path} answered ${status} but no path of the document matches`);
    continue;
  }
  const operation = spec.paths[template][method];
  if (!operation) {
    if (ok) fail(`nomethod ${method} ${template}`, `${exchange.method} ${template} answered ${status} but is not in the document`);
    continue;
  }
  const name = `${exchange.method} ${template}`;
  covered.add(name);
  const answer = operation.responses[status] ?? (ok ? undefined : operation.responses.default);
  if (!answer && ok) {
    fail(`nostatus ${name} ${status}`, `${name} answered ${status}, which the document does not list`);
    continue;
  }
  const isJson = /json/.test(exchange.content_type) && exchange.response !== '';
  if (isJson) {
    let schema = answer ? jsonSchemaOf(answer.content, exchange.content_type) : undefined;
    // Errors the operation does not list (401, 403, 413, 429 …) are problems all the same.
    if (!schema && !ok) schema = { $ref: '#/components/schemas/Problem' };
    if (!schema) {
      fail(`noschema ${name} ${status}`, `${name} ${status} answers JSON but the document gives no schema`);
    } else {
      const validate = answerValidator(`${name} ${status} response`, schema);
      checked += 1;
      if (!validate(JSON.parse(exchange.response))) {
        const e = validate.errors[0];
        fail(`bad ${name} ${status} ${e.instancePath} ${e.message}`,
          `${name} ${status}: answer ${e.instancePath || '(body)'} ${e.message} ${JSON.stringify(e.params)}`);
      }
    }
  }
  if (ok && exchange.request && /json/.test(exchange.request_type ?? '')) {
    const schema = jsonSchemaOf(operation.requestBody?.content, exchange.request_type);
    if (!schema) {
      fail(`noreq ${name}`, `${name} accepted a JSON body but the document gives no request schema`);
    } else {
      let body;
      try {
        body = JSON.parse(exchange.request);
      } catch {
        continue; // the server accepted something that is not JSON: not the document's concern
      }
      const validate = validator(`${name} request`, schema);
      checked += 1;
      if (!validate(body)) {
        const e = validate.errors[0];
        fail(`badreq ${name} ${e.instancePath} ${e.message}`,
          `${name}: accepted request ${e.instancePath || '(body)'} ${e.message} ${JSON.stringify(e.params)}`);
      }
    }
  }
}

const operations = Object.entries(spec.paths).flatMap(([template, ops]) =>
  Object.keys(ops).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
    .map((m) => `${m.toUpperCase()} ${template}`));
const uncovered = operations.filter((o) => !covered.has(o));
console.log(`${lines.length} exchanges, ${checked} bodies checked against the document; ` +
  `${covered.size} of ${operations.length} operations exercised`);
if (uncovered.length) console.log(`not exercised by the API tests: ${uncovered.join(', ')}`);
for (const message of documentFailures) console.error(`FAIL the document: ${message}`);
for (const { message, count } of failures.values()) {
  console.error(`FAIL ${message}${count > 1 ? ` (×${count})` : ''}`);
}
if (lines.length === 0) {
  console.error('FAIL the record is empty: were the API tests run with UNGCUU_API_RECORD?');
  process.exit(1);
}
process.exit(failures.size || documentFailures.length ? 1 : 0);
