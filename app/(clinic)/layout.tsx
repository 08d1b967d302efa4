// Signed-out visitors get an HTTP redirect to sign-in before the loading states below start streaming.
export { SignedInLayout as default } from "@/components/auth/signed-in-layout";
