import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { STATIC_ASSET_CSP, staticSecurityHeaders } from "./server/http/security-headers";

const nextConfig: NextConfig = {
  // Native and WebAssembly packages are loaded by Node at run time, not bundled; so is
  // oidc-provider, which finds its models' kinds and lifetimes by their class names, and a
  // minified bundle renames its classes.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "nodemailer", "postgres", "oidc-provider"],
  poweredByHeader: false,
  async headers() {
    return [
      // Everything. Pages and routes also get a per-request Content-Security-Policy from proxy.ts.
      { source: "/:path*", headers: staticSecurityHeaders() },
      // Build assets skip the proxy; they get a policy that allows nothing, for completeness.
      { source: "/_next/static/:path*", headers: [{ key: "Content-Security-Policy", value: STATIC_ASSET_CSP }] },
    ];
  },
};

// Pages read their language's texts through next-intl's request configuration (i18n/request.ts).
export default createNextIntlPlugin()(nextConfig);
