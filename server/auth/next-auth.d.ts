import "next-auth/jwt";

declare module "next-auth/jwt" {
  interface JWT {
    /** The server-side session row this cookie names. */
    sid?: string;
  }
}
