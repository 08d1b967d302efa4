import "server-only";
import { authenticateDeviceToken, isWellFormedDeviceToken } from "@/db/queries/device-tokens";
import { AppError } from "@/lib/errors";
import { now } from "@/server/clock";
import { withRls } from "@/server/rls";
import { type DeviceUser, withProof } from "./session";

const BEARER = /^Bearer +(\S+) *$/i;

/** The request's bearer token, if it has an `Authorization: Bearer` header. */
export function bearerToken(request: Request): string | undefined {
  return BEARER.exec(request.headers.get("authorization") ?? "")?.[1];
}

function refused(): AppError {
  return new AppError("unauthenticated", "A valid device token is required.");
}

/**
 * Authenticates a patient's device from `Authorization: Bearer srm_...`, for routes that take
 * `authenticate: authenticateDevice`. The token is looked up with no user context (only the
 * SECURITY DEFINER `app.authenticate_device` can see the hashes, and it records the use); the
 * requests then act as that patient's own account (app.begin_device), under the same policies as
 * the patient's browser session.
 * A missing, malformed, unknown or revoked token, or a deactivated account, is refused with 401
 * and the same sentence, so the answer does not say which it was.
 *
 * The returned user has no browser session: `sessionId` is `device:<token id>`.
 */
export async function authenticateDevice(request: Request): Promise<DeviceUser> {
  const token = bearerToken(request);
  if (!token || !isWellFormedDeviceToken(token)) throw refused();
  const owner = await withRls({ userId: null }, (tx) => authenticateDeviceToken(tx, { token, now: now() }));
  if (!owner) throw refused();
  const device: DeviceUser = {
    userId: owner.userId,
    sessionId: `device:${owner.tokenId}`,
    kind: "device",
    tokenId: owner.tokenId,
    displayName: owner.displayName,
    organisationId: owner.organisationId,
    organisationSettings: owner.organisationSettings,
    roles: [],
    memberships: [],
    patientId: owner.patientId,
  };
  // Its requests then run as the token's account, which the database establishes from the token again.
  return withProof(device, { deviceToken: token });
}
