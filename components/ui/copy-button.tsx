"use client";
// Copies a value and says so (or says that the browser refused, so the person
// selects it by hand). The label names what is copied, for screen readers.
import { useState } from "react";
import { Button } from "./button";

export function CopyButton({ value, label, variant = "secondary" }: { value: string; label: string; variant?: "primary" | "secondary" }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const onCopy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      setState("failed");
    }
  };
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button variant={variant} onClick={onCopy}>
        {state === "copied" ? "Copied" : label}
      </Button>
      <span role="status" className="text-xs text-zinc-600">
        {state === "copied" && "Copied to the clipboard."}
        {state === "failed" && "The browser blocked copying: select the text and copy it yourself."}
      </span>
    </span>
  );
}
