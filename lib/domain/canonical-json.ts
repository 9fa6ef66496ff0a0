// A canonical JSON encoding (RFC 8785 in spirit): object keys sorted by code
// unit, no whitespace, undefined members dropped, dates as ISO-8601 strings.
// Two equal values always encode to the same bytes, which is what a hash chain
// and request digests need.

export type Canonicalisable =
  | null
  | boolean
  | number
  | string
  | Date
  | Canonicalisable[]
  | { [key: string]: Canonicalisable | undefined };

export function canonicalJson(value: Canonicalisable): string {
  if (value === null) return "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new TypeError("canonicalJson: non-finite number");
      return JSON.stringify(value);
    case "string":
      return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(",")}]`;
      const keys = Object.keys(value)
        .filter((k) => value[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as Canonicalisable)}`).join(",")}}`;
    }
    default:
      throw new TypeError(`canonicalJson: unsupported type ${typeof value}`);
  }
}
