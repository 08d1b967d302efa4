import "server-only";
import { AppError } from "@/lib/errors";
import { grantableScopes, OPENID_SCOPES } from "@/lib/smart/scopes";
import type { SessionUser } from "@/server/auth/session";
import { smartProvider } from "./provider";

/** An app's request for access, waiting for the signed-in user's answer. */
export type PendingAuthorization = { uid: string; clientName: string; requested: string[]; grantable: string[] };

const expired = () =>
  new AppError(
    "not_found",
    "This request to connect an app has expired or was already answered. Start again from the app.",
  );

async function interactionOf(site: string, uid: string) {
  const provider = smartProvider(site);
  const interaction = uid.length <= 64 ? await provider.Interaction.find(uid) : undefined;
  if (!interaction || interaction.result) throw expired();
  const clientId = String(interaction.params.client_id ?? "");
  const client = await provider.Client.find(clientId);
  if (!client) throw expired();
  return { provider, interaction, client };
}

/** What the approval page shows: which app asks, for which scopes, and what this user may grant. */
export async function pendingAuthorization(
  site: string,
  uid: string,
  user: SessionUser,
): Promise<PendingAuthorization> {
  const { interaction, client } = await interactionOf(site, uid);
  const requested = String(interaction.params.scope ?? "")
    .split(" ")
    .filter(Boolean);
  return {
    uid,
    clientName: client.clientName ?? client.clientId,
    requested,
    grantable: grantableScopes(requested, user.kind === "staff" ? "staff" : "patient"),
  };
}

/** How long what is left of an interaction's life is, in seconds. */
const remaining = (exp: number) => Math.max(1, exp - Math.floor(Date.now() / 1000));

/**
 * The user's answer to an app's request: a grant of what they may give of what it asked for (a
 * patient their own record, a clinician what their consent allows), recorded as given by this
 * user, or a refusal. Returns where the browser goes next: back into the OAuth server, which
 * then sends it to the app with a code or the refusal.
 */
export async function answerAuthorization(
  site: string,
  uid: string,
  user: SessionUser,
  approved: boolean,
): Promise<{ returnTo: string; clientId: string; scopes: string[] }> {
  const { provider, interaction, client } = await interactionOf(site, uid);
  const requested = String(interaction.params.scope ?? "")
    .split(" ")
    .filter(Boolean);
  const granted = approved ? grantableScopes(requested, user.kind === "staff" ? "staff" : "patient") : [];
  if (!approved || granted.length === 0) {
    interaction.result = { error: "access_denied", error_description: "The user did not allow this app." };
  } else {
    const grant = new provider.Grant({ accountId: user.userId, clientId: client.clientId });
    const openid = granted.filter((s) => OPENID_SCOPES.includes(s));
    const resource = granted.filter((s) => !OPENID_SCOPES.includes(s));
    if (openid.length > 0) grant.addOIDCScope(openid.join(" "));
    if (resource.length > 0) grant.addResourceScope(`${site}/fhir/R4`, resource.join(" "));
    const grantId = await grant.save();
    // What the user could not give is dropped from the request, as SMART allows, rather than
    // asked for again.
    interaction.params.scope = granted.join(" ");
    interaction.result = { login: { accountId: user.userId }, consent: { grantId } };
  }
  await interaction.save(remaining(interaction.exp));
  return { returnTo: interaction.returnTo, clientId: client.clientId, scopes: granted };
}
