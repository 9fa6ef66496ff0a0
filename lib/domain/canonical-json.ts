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

// Written as one string-building pass (no intermediate arrays per object):
// it runs over every audit event and decision on the broker's hot path.
export function canonicalJson(value: Canonicalisable): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new TypeError("canonicalJson: non-finite number");
      return JSON.stringify(value);
    case "object": {
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      if (Array.isArray(value)) {
        let out = "[";
        for (let i = 0; i < value.length; i++) out += (i === 0 ? "" : ",") + canonicalJson(value[i]);
        return out + "]";
      }
      const keys = Object.keys(value).sort();
      let out = "{";
      let first = true;
      for (const key of keys) {
        const member = value[key];
        if (member === undefined) continue;
        out += (first ? "" : ",") + JSON.stringify(key) + ":" + canonicalJson(member);
        first = false;
      }
      return out + "}";
    }
    default:
      throw new TypeError(`canonicalJson: unsupported type ${typeof value}`);
  }
}
