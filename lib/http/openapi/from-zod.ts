// JSON Schema for the OpenAPI document, taken from the same zod schemas the
// routes validate with — so field names, required members, enums and "no
// unknown fields" cannot drift from what the API accepts. zod cannot express
// what happens inside a transform (trimming, then a length or pattern check),
// so those limits are overlaid by hand; an overlay naming a field the schema
// does not have throws, which fails the OpenAPI test instead of lying.
import { z } from "zod";

export type JsonSchema = Record<string, unknown>;
export type Overlay = Record<string, JsonSchema>;

/** The property schema at a dotted path ("ceiling.audiences"), or undefined. */
function propertyAt(schema: JsonSchema, path: string): { parent: Record<string, JsonSchema>; key: string } | undefined {
  const keys = path.split(".");
  let node: JsonSchema | undefined = schema;
  for (const [i, key] of keys.entries()) {
    const props = node?.properties as Record<string, JsonSchema> | undefined;
    if (!props?.[key]) return undefined;
    if (i === keys.length - 1) return { parent: props, key };
    node = props[key];
  }
  return undefined;
}

function applyOverlay(schema: JsonSchema, overlay: Overlay, where: string): JsonSchema {
  const variants = Array.isArray(schema.oneOf) ? (schema.oneOf as JsonSchema[]) : [schema];
  for (const [path, extra] of Object.entries(overlay)) {
    const found = variants.map((v) => propertyAt(v, path)).filter((f) => f !== undefined);
    if (found.length === 0) throw new Error(`OpenAPI overlay for ${where}: the schema has no field "${path}"`);
    for (const { parent, key } of found) {
      // A $ref replaces what zod knew (an `unknown` that is documented precisely by hand).
      parent[key] = "$ref" in extra ? { ...extra } : { ...parent[key], ...extra };
    }
  }
  return schema;
}

/** The request-side JSON Schema of a zod schema, with hand-written limits and descriptions overlaid. */
export function fromZod(schema: z.ZodType, name: string, overlay: Overlay = {}): JsonSchema {
  const generated = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  delete generated.$schema;
  return applyOverlay(generated, overlay, name);
}

/** Query parameters from a zod object schema (the list endpoints' filters). */
export function queryParameters(schema: z.ZodType, name: string, descriptions: Record<string, string> = {}): JsonSchema[] {
  const generated = fromZod(schema, name);
  const props = generated.properties as Record<string, JsonSchema>;
  const required = new Set((generated.required as string[] | undefined) ?? []);
  for (const key of Object.keys(descriptions)) {
    if (!(key in props)) throw new Error(`OpenAPI query description for ${name}: no parameter "${key}"`);
  }
  return Object.entries(props).map(([key, s]) => ({
    name: key,
    in: "query",
    required: required.has(key),
    ...(descriptions[key] ? { description: descriptions[key] } : {}),
    schema: s,
  }));
}
