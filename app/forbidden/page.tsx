import Link from "next/link";

export const metadata = { title: "No access" };

export default function Forbidden() {
  return (
    <main id="main" className="mx-auto max-w-lg p-8">
      <h1 className="text-2xl font-semibold">You do not have access to this page</h1>
      <p className="mt-4">
        Your account does not hold a role that can open it. If you think it should, ask your administrator.
      </p>
      <p className="mt-4">
        <Link className="text-blue-700 underline" href="/">
          Go to your start page
        </Link>
      </p>
    </main>
  );
}
