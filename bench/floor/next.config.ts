import path from "node:path";
import type { NextConfig } from "next";

/**
 * The floor the bench measures the app against (bench/floor/README.md): built by `npm run bench`
 * with the root's Next and React, into FLOOR_DIST_DIR (default `.next`, in this directory).
 */
const root = path.resolve(import.meta.dirname, "..", "..");

const nextConfig: NextConfig = {
  distDir: process.env.FLOOR_DIST_DIR ?? ".next",
  poweredByHeader: false,
  // The root's node_modules hold next and react; the root type check covers these files.
  turbopack: { root },
  outputFileTracingRoot: root,
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
