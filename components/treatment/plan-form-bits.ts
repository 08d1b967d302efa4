/** Class names the plan editor's parts share. */

export const field =
  "mt-1 block w-full rounded border border-slate-500 bg-white px-2 py-1.5 aria-[invalid=true]:border-red-700";
export const cell =
  "w-full rounded border border-slate-500 bg-white px-1.5 py-1 aria-[invalid=true]:border-2 aria-[invalid=true]:border-red-700";
