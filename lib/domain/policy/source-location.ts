// Cedar reports positions as UTF-8 byte offsets (it is Rust); editors and
// people count lines and characters. These helpers translate between the two
// so a policy author is pointed at the right spot even after an "é".

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

/** 1-based line and column of a UTF-8 byte offset into `text`. */
export function lineColumnAt(text: string, byteOffset: number): { line: number; column: number } {
  const bytes = encoder.encode(text);
  const clamped = Math.max(0, Math.min(byteOffset, bytes.length));
  const before = decoder.decode(bytes.subarray(0, clamped));
  const lastBreak = before.lastIndexOf("\n");
  const line = before.split("\n").length;
  // Array.from counts code points, so an emoji is one column, as editors show it.
  const column = Array.from(before.slice(lastBreak + 1)).length + 1;
  return { line, column };
}
