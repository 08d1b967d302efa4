import "server-only";
import {
  findDeviceTokenOwner,
  hashDeviceToken,
  isWellFormedDeviceToken,
  useDeviceToken,
} from "@/db/queries/device-tokens";
import { withRls } from "@/db/rls";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import type { SessionUser } from "./session";

const BEARER = /^Bearer +(\S+) *$/i;

function refused(): AppError {
  return new AppError("unauthenticated", "A valid device token is required.");
}

/**
 * Authenticates a patient's device from `Authorization: Bearer srm_...`, for routes that take
 * `authenticate: authenticateDevice`. The token's hash is looked up with no user context (only the
 * SECURITY DEFINER `app.device_token_owner` can see it); the use is then recorded as the patient,
 * and the caller acts as that patient's own account from there on, under the same policies as the
 * patient's browser session. A missing, malformed, unknown or revoked token, or a deactivated
 * account, is refused with 401 and the same sentence, so the answer does not say which it was.
 *
 * The returned user has no browser session: `sessionId` is `device:<token id>`.
 */
export async function authenticateDevice(request: Request): Promise<SessionUser> {
  const token = BEARER.exec(request.headers.get("authorization") ?? "")?.[1];
  if (!token || !isWellFormedDeviceToken(token)) throw refused();
  const owner = await withRls({ userId: null }, (tx) => findDeviceTokenOwner(tx, hashDeviceToken(token)));
  if (!owner) throw refused();
  const principal = await withRls({ userId: owner.userId, actingRole: "patient" }, (tx) =>
    useDeviceToken(tx, owner, now()),
  );
  if (!principal) throw refused();
  return {
    userId: owner.userId,
    sessionId: `device:${owner.tokenId}`,
    kind: "patient",
    displayName: principal.displayName,
    organisationId: principal.organisationId,
    organisationSettings: principal.organisationSettings,
    roles: [],
    memberships: [],
    patientId: owner.patientId,
  };
}
