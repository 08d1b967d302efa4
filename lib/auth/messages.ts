/**
 * What sign-in says, shared by the server (which answers with a code) and the form (which shows the
 * sentence). A wrong email, a wrong password and a deactivated account all read the same.
 */
export const SIGN_IN_MESSAGES = {
  refused: "The email or password is incorrect, or the account cannot sign in right now.",
  slowed: "Too many failed attempts. Please wait a few seconds, then try again.",
  locked:
    "Too many failed attempts: signing in to this account is locked for 15 minutes. Try again later, or ask an administrator to unlock it.",
  rate_limited: "Too many failed sign-ins from your network. Please wait 15 minutes, then try again.",
  unavailable: "The service is temporarily unavailable. Please try again shortly.",
} as const;

export type SignInRefusal = keyof typeof SIGN_IN_MESSAGES;

/** next-auth passes the code thrown by authorize() back to the form as `error`; anything else is a refusal. */
export function signInMessage(error: string | null | undefined): string {
  return error && error in SIGN_IN_MESSAGES ? SIGN_IN_MESSAGES[error as SignInRefusal] : SIGN_IN_MESSAGES.refused;
}

export const SECOND_FACTOR_MESSAGES = {
  wrong: "That code is not correct. Check the code in your authenticator app and try again.",
  reused: "That code has already been used. Wait for your authenticator app to show the next code.",
  format: "Enter the 6-digit code from your authenticator app, or one of your recovery codes.",
} as const;
