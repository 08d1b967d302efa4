"use client";

import { useState } from "react";

/**
 * Copies `text` to the clipboard and says so; where the browser refuses (no clipboard, or not
 * allowed), it says to select the text and copy it by hand.
 */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [said, setSaid] = useState<string | null>(null);
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <button
        type="button"
        className="rounded border border-slate-600 bg-white px-3 py-1 font-medium"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(text);
            setSaid("Copied.");
          } catch {
            setSaid("This browser would not copy it: select the token and copy it yourself.");
          }
        }}
      >
        {label}
      </button>
      <span role="status" className="text-slate-800">
        {said}
      </span>
    </span>
  );
}
