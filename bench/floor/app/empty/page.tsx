import { connection } from "next/server";

/** An empty page rendered per request, as every page of the app is. */
export default async function EmptyPage() {
  await connection();
  return <main>Empty</main>;
}
