import Link from "next/link";

export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-lg p-8">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="mt-4">We could not find that page or record, or you do not have access to it.</p>
      <p className="mt-4">
        <Link className="text-blue-700 underline" href="/">
          Go to your start page
        </Link>
      </p>
    </main>
  );
}
