// main() wired to the real process: stdout, stderr, environment, standard
// input, and Ctrl-C (which stops a wait for approval instead of killing it mid-request).
import { main } from "./main.ts";

function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return Promise.resolve("");
  return new Promise((resolve, reject) => {
    let text = "";
    process.stdin.setEncoding("utf8");
    process.stdin.on("data", (chunk) => (text += chunk));
    process.stdin.on("end", () => resolve(text));
    process.stdin.on("error", reject);
  });
}

export async function runCli(argv: string[]): Promise<number> {
  const controller = new AbortController();
  const onSigint = () => controller.abort(new Error("interrupted"));
  process.once("SIGINT", onSigint);
  try {
    return await main(argv, {
      stdout: (t) => process.stdout.write(t),
      stderr: (t) => process.stderr.write(t),
      env: process.env,
      readStdin,
      signal: controller.signal,
    });
  } finally {
    process.off("SIGINT", onSigint);
  }
}
