/**
 * `npm run demo:totp -- <email>`: the code a demo staff member's authenticator app would show now,
 * for signing in to the demo without a phone. Demo accounts only (their secrets are fixed in
 * db/seed.ts); real accounts have random secrets that only their owner's app holds.
 */

import { TOTP_PERIOD_SECONDS, totpCode } from "../server/auth/totp";
import { DEMO_STAFF, demoTotpSecret } from "../server/demo/seed";

const email = (process.argv[2] ?? "").trim().toLowerCase();
const member = DEMO_STAFF.find((s) => s.email === email);
if (!member) {
  console.error("usage: npm run demo:totp -- <demo staff email>\n\nDemo staff:");
  for (const s of DEMO_STAFF) console.error(`  ${s.email}`);
  console.error("\nDemo patients have no second factor: they sign in with the password alone.");
  process.exit(1);
}
const secondsLeft = TOTP_PERIOD_SECONDS - (Math.floor(Date.now() / 1000) % TOTP_PERIOD_SECONDS);
console.log(totpCode(demoTotpSecret(email)));
console.error(
  `(${member.name}; valid for ${secondsLeft} more second${secondsLeft === 1 ? "" : "s"}, each code works once)`,
);
