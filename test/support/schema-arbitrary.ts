import fc from 'fast-check';

/**
 * fast-check arbitraries of the values a JSON Schema (2020-12, as the OpenAPI document has them)
 * accepts: what the generated-request check sends as schema-valid bodies and parameters. Covers the
 * keywords the document uses: $ref, const, enum, type (with null), string lengths, pattern and
 * formats, number bounds, arrays, objects with required and additional properties, anyOf and oneOf.
 */

type Schema = Record<string, unknown>;

export function arbitraryOf(schema: Schema, document: Schema, depth = 0): fc.Arbitrary<unknown> {
  if (typeof schema.$ref === 'string') return arbitraryOf(resolve(schema.$ref, document), document, depth);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const variants = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (variants) return fc.oneof(...variants.map((v) => arbitraryOf(v, document, depth + 1)));
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string | undefined];
  return fc.oneof(...types.map((type) => ofType(type, schema, document, depth)));
}

function ofType(
  type: string | undefined,
  schema: Schema,
  document: Schema,
  depth: number,
): fc.Arbitrary<unknown> {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: bound(schema.minimum, -1000), max: bound(schema.maximum, 1000) });
    case 'number':
      return fc.double({
        min: bound(schema.exclusiveMinimum, bound(schema.minimum, -1000)),
        max: bound(schema.maximum, 1000),
        minExcluded: schema.exclusiveMinimum !== undefined,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'string':
      return stringOf(schema);
    case 'array': {
      const items = schema.items ? arbitraryOf(schema.items as Schema, document, depth + 1) : fc.string();
      return fc.array(items, {
        minLength: (schema.minItems as number | undefined) ?? 0,
        maxLength: Math.min((schema.maxItems as number | undefined) ?? 3, depth > 2 ? 1 : 3),
      });
    }
    case 'object':
      return objectOf(schema, document, depth);
    default:
      return fc.jsonValue({ maxDepth: 1 });
  }
}

const bound = (value: unknown, fallback: number) =>
  typeof value === 'number' ? Math.max(-1e6, Math.min(1e6, value)) : fallback;

function stringOf(schema: Schema): fc.Arbitrary<string> {
  const min = (schema.minLength as number | undefined) ?? 0;
  const max = Math.min((schema.maxLength as number | undefined) ?? 40, 200);
  const fits = (s: string) =>
    s.length >= min && s.length <= ((schema.maxLength as number | undefined) ?? Infinity);
  if (schema.format === 'date-time') {
    return fc
      .date({
        min: new Date('2020-01-01T00:00:00Z'),
        max: new Date('2035-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString());
  }
  if (typeof schema.pattern === 'string') {
    return fc.stringMatching(new RegExp(schema.pattern)).filter(fits);
  }
  return fc.string({ minLength: min, maxLength: Math.max(min, max) });
}

function objectOf(schema: Schema, document: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set((schema.required ?? []) as string[]);
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties))
    record[name] = arbitraryOf(property, document, depth + 1);
  const optional = Object.keys(properties).filter((name) => !required.has(name));
  return fc
    .record(record, { requiredKeys: [...required].filter((name) => name in properties) })
    .map((value) =>
      depth > 3 ? Object.fromEntries(Object.entries(value).filter(([k]) => !optional.includes(k))) : value,
    );
}

function resolve(ref: string, document: Schema): Schema {
  const path = ref
    .replace(/^#\//, '')
    .split('/')
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
  let node: unknown = document;
  for (const part of path) node = (node as Record<string, unknown>)[part];
  if (!node) throw new Error(`unresolved ${ref}`);
  return node as Schema;
}
