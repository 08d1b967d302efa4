/**
 * Measurement 5: the JavaScript each page makes a browser download on first load, gzipped, read
 * from a production build (`.next/`). Next 16 no longer prints sizes at the end of `next build`, so
 * they are summed here the way the old "First Load JS" column was: the shared root chunks
 * (build-manifest.json `rootMainFiles`) plus every chunk the page's client reference manifest
 * lists for its entries (layouts, the page, its error and not-found boundaries). The legacy
 * polyfill bundle is left out: modern browsers skip it (`nomodule`).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { gzipSync } from "node:zlib";

export type PageBundle = { route: string; files: number; gzipKb: number };

type RscManifest = { entryJSFiles?: Record<string, string[]> };

function manifestsUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name === "page_client-reference-manifest.js")
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Evaluates one manifest file (it assigns `globalThis.__RSC_MANIFEST[...]`) in a sandbox. */
function readManifest(file: string): [page: string, manifest: RscManifest][] {
  const sandbox: { globalThis?: unknown; __RSC_MANIFEST?: Record<string, RscManifest> } = {};
  sandbox.globalThis = sandbox;
  vm.runInNewContext(readFileSync(file, "utf8"), sandbox);
  return Object.entries(sandbox.__RSC_MANIFEST ?? {});
}

/** "/(clinic)/patients/[patientId]/page" → "/patients/[patientId]". */
const routeOf = (page: string) => page.replace(/\/\([^)]+\)/g, "").replace(/\/page$/, "") || "/";

const rootMainFiles = (nextDir: string) =>
  (JSON.parse(readFileSync(path.join(nextDir, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] })
    .rootMainFiles;

function gzipSizes(nextDir: string): (file: string) => number {
  const gzipped = new Map<string, number>();
  return (file) => {
    let size = gzipped.get(file);
    if (size === undefined) {
      size = gzipSync(readFileSync(path.join(nextDir, file)), { level: 9 }).length;
      gzipped.set(file, size);
    }
    return size;
  };
}

const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;

/** The shared root chunks alone, gzipped (kB): what every page of a build loads, the floor's whole first load. */
export function rootChunksKb(nextDir: string): number {
  const sizeOf = gzipSizes(nextDir);
  return kb(rootMainFiles(nextDir).reduce((sum, f) => sum + sizeOf(f), 0));
}

export function firstLoadJs(nextDir: string): PageBundle[] {
  const buildManifest = { rootMainFiles: rootMainFiles(nextDir) };
  const sizeOf = gzipSizes(nextDir);
  const pages: PageBundle[] = [];
  for (const file of manifestsUnder(path.join(nextDir, "server", "app"))) {
    for (const [page, manifest] of readManifest(file)) {
      const files = new Set([...buildManifest.rootMainFiles, ...Object.values(manifest.entryJSFiles ?? {}).flat()]);
      const bytes = [...files].reduce((sum, f) => sum + sizeOf(f), 0);
      pages.push({ route: routeOf(page), files: files.size, gzipKb: kb(bytes) });
    }
  }
  return pages.sort((a, b) => a.route.localeCompare(b.route));
}
