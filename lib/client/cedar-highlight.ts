// A small Cedar tokenizer for syntax highlighting in the browser. It only
// colours text — validation is Cedar's own, on the server — so it errs on the
// side of plain text for anything it does not recognise. Every character of
// the input lands in exactly one token, so the highlighted copy lines up with
// the textarea above it.

export type TokenKind = "comment" | "string" | "keyword" | "variable" | "annotation" | "entity" | "number" | "operator" | "text";
export type Token = { kind: TokenKind; text: string };

const KEYWORDS = new Set(["permit", "forbid", "when", "unless", "in", "has", "like", "is", "if", "then", "else", "true", "false"]);
const VARIABLES = new Set(["principal", "action", "resource", "context"]);

// Order matters: comments and strings first, so their contents are never re-read as code.
const PATTERN = /(\/\/[^\n]*)|("(?:[^"\\\n]|\\.)*"?)|(@[A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)+)|([A-Za-z_][A-Za-z0-9_]*)|(\d+)|(==|!=|<=|>=|&&|\|\||[<>!+\-*])/g;

export function tokenizeCedar(text: string): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  for (const m of text.matchAll(PATTERN)) {
    const index = m.index ?? 0;
    if (index > last) tokens.push({ kind: "text", text: text.slice(last, index) });
    const [whole, comment, string, annotation, entity, word, number] = m;
    let kind: TokenKind = "operator";
    if (comment) kind = "comment";
    else if (string) kind = "string";
    else if (annotation) kind = "annotation";
    else if (entity) kind = "entity";
    else if (word) kind = KEYWORDS.has(word) ? "keyword" : VARIABLES.has(word) ? "variable" : "text";
    else if (number) kind = "number";
    tokens.push({ kind, text: whole });
    last = index + whole.length;
  }
  if (last < text.length) tokens.push({ kind: "text", text: text.slice(last) });
  return tokens;
}

export const TOKEN_CLASS: Record<TokenKind, string> = {
  comment: "text-zinc-500 italic",
  string: "text-emerald-700",
  keyword: "text-violet-700 font-semibold",
  variable: "text-sky-700",
  annotation: "text-amber-700",
  entity: "text-rose-700",
  number: "text-orange-700",
  operator: "text-zinc-700",
  text: "",
};
