/** Class names and error plumbing the plan editor's parts share. */
import type { ReactNode } from "react";

export const field =
  "mt-1 block w-full rounded border border-slate-500 bg-white px-2 py-1.5 aria-[invalid=true]:border-red-700";
export const cell =
  "w-full rounded border border-slate-500 bg-white px-1.5 py-1 aria-[invalid=true]:border-2 aria-[invalid=true]:border-red-700";

/** How a part of the editor finds and shows the errors of its fields. */
export type FieldErrors = {
  errorOf: (name: string) => string | undefined;
  describedBy: (name: string) => string | undefined;
  fieldError: (name: string) => ReactNode;
};
