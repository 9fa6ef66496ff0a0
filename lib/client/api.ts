// The one way browser code talks to our JSON API. Problem+json answers become
// an ApiError that keeps the field errors, so forms can show them in place.

export type InvalidParam = { name: string; reason: string };

export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  readonly invalidParams: InvalidParam[];
  constructor(status: number, detail: string, extra: { code?: string; requestId?: string; invalidParams?: InvalidParam[] } = {}) {
    super(detail);
    this.name = "ApiError";
    this.status = status;
    this.code = extra.code;
    this.requestId = extra.requestId;
    this.invalidParams = extra.invalidParams ?? [];
  }
}

type Method = "GET" | "POST" | "PATCH" | "DELETE";

export async function apiFetch<T>(path: string, options: { method?: Method; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const method = options.method ?? "GET";
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      // Same-origin credentials: the API checks Origin on cookie-authenticated changes.
      credentials: "same-origin",
      headers: options.body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new ApiError(0, "Mandate could not be reached. Check your connection and try again.");
  }
  const text = await response.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) throw problemToError(response.status, body);
  return body as T;
}

function problemToError(status: number, body: unknown): ApiError {
  const p = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const detail = typeof p.detail === "string" && p.detail ? p.detail : `The request failed (HTTP ${status}).`;
  const invalid = Array.isArray(p.invalid_params)
    ? (p.invalid_params as unknown[]).filter(
        (x): x is InvalidParam => typeof x === "object" && x !== null && typeof (x as InvalidParam).name === "string" && typeof (x as InvalidParam).reason === "string",
      )
    : [];
  return new ApiError(status, detail, {
    code: typeof p.code === "string" ? p.code : undefined,
    requestId: typeof p.requestId === "string" ? p.requestId : undefined,
    invalidParams: invalid,
  });
}

/** A sentence for people: the API's detail already says what went wrong. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return capitalise(error.message);
  return "Something went wrong. Try again.";
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * Splits an API error into messages for known fields and one for the form.
 * `fieldOf` maps an invalid_params name (e.g. "ceiling.audiences.2") to a form
 * field, or null when the form has no such field.
 */
export function splitErrors<F extends string>(
  error: unknown,
  fieldOf: (param: string) => F | null,
  describe: (param: string, reason: string) => string = (_, reason) => reason,
): { fields: Partial<Record<F, string>>; form: string | null } {
  if (!error) return { fields: {}, form: null };
  if (!(error instanceof ApiError)) return { fields: {}, form: errorMessage(error) };
  const fields: Partial<Record<F, string>> = {};
  const leftover: string[] = [];
  for (const p of error.invalidParams) {
    const field = fieldOf(p.name);
    if (field && !fields[field]) fields[field] = capitalise(describe(p.name, p.reason));
    else if (!field) leftover.push(`${p.name}: ${p.reason}`);
  }
  const hasFieldErrors = Object.keys(fields).length > 0;
  const form = leftover.length ? leftover.join("; ") : hasFieldErrors ? null : errorMessage(error);
  return { fields, form };
}
