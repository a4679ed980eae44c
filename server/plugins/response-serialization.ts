import { isDeepStrictEqual } from 'node:util';
import type { FastifyInstance } from 'fastify';
import fastJsonStringify, { type Schema } from 'fast-json-stringify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

/**
 * Responses are written by a serializer compiled once per route from its zod contract (zod → JSON
 * Schema → fast-json-stringify, Fastify's own mechanism) instead of a zod parse and JSON.stringify
 * on every answer: the parse was a few per cent of every request's CPU (docs/benchmarks.md, ADR 0048).
 *
 * fast-json-stringify trusts its schema: it drops what the schema does not name and coerces what it
 * does. Zod's parse stripped unknown keys too, so the shapes match; what must not happen is a value
 * of the wrong type leaving quietly. So where responses are checked (tests, or RESPONSE_CHECKS=1)
 * every answer is also parsed by its contract the old way, and the two texts must be the same JSON:
 * a difference is a 500 naming the route, and the whole suite becomes the comparison.
 * `response-serialization.test.ts` adds a sample answer with every field for every registered route.
 */

/** A route's response contract, as registered: what the coverage test walks. */
export interface ResponseContract {
  method: string;
  url: string;
  status: string;
  schema: z.ZodType;
}

export interface ResponseSerializationOptions {
  /** Parse every answer by its contract and compare with the compiled serializer's text. */
  checkResponses: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route's response contracts (for the test that compares them with the serializers). */
    responseContracts: ResponseContract[];
  }
}

/** The JSON Schema a contract compiles to, or null where JSON Schema cannot say what zod does. */
export function contractJsonSchema(schema: z.ZodType): Schema | null {
  try {
    // Output side: what the handler's value must look like once zod would have parsed it.
    // Transforms and custom checks are unrepresentable and throw: that contract keeps zod's parse.
    const json = z.toJSONSchema(schema, { io: 'output', target: 'draft-7', unrepresentable: 'throw', cycles: 'throw', reused: 'inline' });
    return simplify(json) as Schema;
  } catch {
    return null;
  }
}

type Json = Record<string, unknown>;

const isPlainObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `anyOf: [{type: X}, {type: 'null'}]` (zod's nullable) becomes `type: [X, 'null']`: the same values,
 * but fast-json-stringify writes it directly instead of trying each branch with a validator.
 */
function simplify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(simplify);
  if (!isPlainObject(node)) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    // Zod strips keys its objects do not name, and so does fast-json-stringify without this; with
    // it, the validator that picks a union's branch would refuse every branch of an answer with more.
    if (key === 'additionalProperties' && value === false) continue;
    out[key] = simplify(value);
  }
  const anyOf = out.anyOf;
  if (Array.isArray(anyOf) && anyOf.length === 2 && Object.keys(out).length === 1) {
    const nullIndex = anyOf.findIndex((branch) => isPlainObject(branch) && branch.type === 'null' && Object.keys(branch).length === 1);
    const other = anyOf[1 - nullIndex];
    if (nullIndex >= 0 && isPlainObject(other) && typeof other.type === 'string' && other.type !== 'null') {
      const nullable: Json = { ...other, type: [other.type, 'null'] };
      // An enum or a constant must admit null too, or the validator picking a union's branch refuses it.
      if (Array.isArray(other.enum)) nullable.enum = [...(other.enum as unknown[]), null];
      if ('const' in other) {
        delete nullable.const;
        nullable.enum = [other.const, null];
      }
      return nullable;
    }
  }
  return out;
}

/** The old way: the contract's parse, then JSON.stringify. It throws on an answer that breaks the contract. */
function parseAndStringify(schema: z.ZodType, method: string, url: string) {
  return (data: unknown): string => {
    const result = schema.safeParse(data);
    if (!result.success) throw new Error(`Response of ${method} ${url} does not match its contract: ${z.prettifyError(result.error)}`);
    return JSON.stringify(result.data);
  };
}

export function compileResponseSerializer(schema: z.ZodType, method: string, url: string, options: ResponseSerializationOptions): (data: unknown) => string {
  const json = contractJsonSchema(schema);
  const checked = parseAndStringify(schema, method, url);
  if (!json) return checked;
  const fast = fastJsonStringify(json);
  if (!options.checkResponses) return (data) => fast(data);
  return (data) => {
    const expected = checked(data);
    const actual = fast(data);
    if (actual !== expected && !isDeepStrictEqual(JSON.parse(actual), JSON.parse(expected))) {
      throw new Error(`The compiled serializer of ${method} ${url} wrote ${actual.slice(0, 500)} where the contract gives ${expected.slice(0, 500)}`);
    }
    return actual;
  };
}

const isZod = (value: unknown): value is z.ZodType => value instanceof z.ZodType;

export function registerResponseSerialization(app: FastifyInstance, options: ResponseSerializationOptions): void {
  app.decorate('responseContracts', [] as ResponseContract[]);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(({ schema, method, url }) => {
    if (!isZod(schema)) return (data) => JSON.stringify(data);
    return compileResponseSerializer(schema, method, url, options);
  });
  app.addHook('onRoute', (route) => {
    const response = route.schema?.response as Record<string, unknown> | undefined;
    if (!response) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const [status, schema] of Object.entries(response)) {
      if (isZod(schema)) for (const method of methods) app.responseContracts.push({ method, url: route.url, status, schema });
    }
  });
}
