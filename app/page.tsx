import { redirect } from "next/navigation";
import { getSessionUser, hasRole, isClinician } from "@/server/auth/session";

/** Sends each user to their own starting page. */
export default async function Home() {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  if (isClinician(user)) redirect("/triage");
  if (hasRole(user, ["admin"])) redirect("/admin");
  if (hasRole(user, ["patient"])) redirect("/me");
  redirect("/forbidden");
}
