// Where sign-in may send someone back to: only a path on this site. Anything
// else ("//evil.example", "https://…", "/\\evil") would be an open redirect.
export function safeCallbackUrl(raw: string | string[] | null | undefined, fallback = "/agents"): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f\\]/.test(value)) return fallback;
  // Sign-in and setup pages are not destinations after signing in.
  if (/^\/(login|setup)(\/|\?|$)/.test(value)) return fallback;
  return value;
}
