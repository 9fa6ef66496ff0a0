"use client";
// The token's only appearance: Mandate stores a hash, so this is the one
// chance to copy it.
import { useState } from "react";
import type { CreatedAccessToken } from "@/lib/client/types";
import { Button } from "@/components/ui/button";

export function NewTokenNotice({ token, onDone }: { token: CreatedAccessToken; onDone: () => void }) {
  const [copy, setCopy] = useState<"idle" | "copied" | "failed">("idle");
  const onCopy = async () => {
    try {
      await navigator.clipboard.writeText(token.token);
      setCopy("copied");
    } catch {
      setCopy("failed");
    }
  };
  return (
    <section aria-label="New token" className="rounded-lg border border-emerald-300 bg-emerald-50 p-4 text-sm text-emerald-950">
      <h2 className="font-semibold">Token “{token.name}” created</h2>
      <p className="mt-1 font-medium">Copy it now: you will not see this token again.</p>
      <div className="mt-3 flex flex-col gap-2 sm:flex-row">
        <label htmlFor="new-token" className="sr-only">
          New token
        </label>
        <input
          id="new-token"
          readOnly
          value={token.token}
          onFocus={(e) => e.target.select()}
          className="block w-full rounded-md border border-emerald-300 bg-white px-3 py-2 font-mono text-xs"
        />
        <Button variant="primary" onClick={onCopy}>
          {copy === "copied" ? "Copied" : "Copy token"}
        </Button>
      </div>
      <p role="status" className="mt-2 text-xs">
        {copy === "copied" && "Copied to the clipboard."}
        {copy === "failed" && "Copying was blocked by the browser: select the token and copy it yourself."}
      </p>
      <p className="mt-2 text-emerald-900">Use it as “Authorization: Bearer …”. It acts with your role.</p>
      <Button className="mt-3" onClick={onDone}>
        I have copied it
      </Button>
    </section>
  );
}
