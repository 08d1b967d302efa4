"use client";

/** Any unexpected failure while rendering: a plain message, never a stack trace. */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="main" className="mx-auto max-w-lg p-8" role="alert">
      <h1 className="text-2xl font-semibold">This page could not be shown</h1>
      <p className="mt-4">
        Something went wrong on our side, or the database could not be reached. Nothing you saved has been lost. Please
        try again in a moment.
      </p>
      <button type="button" onClick={reset} className="mt-6 rounded bg-blue-700 px-4 py-2 font-medium text-white">
        Try again
      </button>
    </main>
  );
}
