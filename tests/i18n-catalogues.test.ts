import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOGUES } from "../lib/i18n/catalogues";
import { LOCALES } from "../lib/i18n/locales";

type Tree = { [key: string]: string | Tree };

/** Every message's full key ("report.submit") with its text. */
function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(full, value);
    else for (const [k, v] of flatten(value, full)) out.set(k, v);
  }
  return out;
}

/** The ICU arguments a message takes ("{line}", "{count, plural, …}"), sorted. */
function argumentsOf(message: string): string[] {
  return [...new Set([...message.matchAll(/\{\s*(\w+)\s*[,}]/g)].map((m) => m[1]))].sort();
}

const ROOT = path.resolve(__dirname, "..");
const SOURCE_FOLDERS = ["app", "components", "lib", "server", "db", "i18n"];

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = path.join(folder, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

/**
 * Where the source uses a key: `useTranslations("report")` or `getTranslations("report")` and
 * `t("submit")` in one file, or the full key as a literal (`t("advice.redHeadline")`), or a whole
 * branch read as data (`.advice.selfCare`).
 */
function usedKeys(files: string[], keys: string[]): Set<string> {
  const used = new Set<string>();
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const namespaces = [...text.matchAll(/(?:use|get)Translations(?:<[^>]*>)?\(\s*"(\w+)"\s*\)/g)].map((m) => m[1]);
    const literals = new Set([...text.matchAll(/(?:\b\w+(?:\.rich)?|\))\(\s*"([\w.]+)"/g)].map((m) => m[1]));
    for (const key of keys) {
      const [namespace, ...rest] = key.split(".");
      if (literals.has(key) || (namespaces.includes(namespace) && literals.has(rest.join(".")))) used.add(key);
      const parts = key.split(".");
      for (let n = 2; n < parts.length; n++) {
        if (text.includes(`.${parts.slice(0, n).join(".")}`)) used.add(key);
      }
    }
  }
  return used;
}

const english = flatten(CATALOGUES.en as Tree);

describe("the message catalogues", () => {
  for (const locale of LOCALES.filter((l) => l !== "en")) {
    it(`${locale} has every message English has, and no other`, () => {
      const keys = flatten(CATALOGUES[locale] as Tree);
      expect(
        [...english.keys()].filter((k) => !keys.has(k)),
        "missing",
      ).toEqual([]);
      expect(
        [...keys.keys()].filter((k) => !english.has(k)),
        "not in English",
      ).toEqual([]);
    });

    it(`${locale} gives each message the same arguments as English, and no empty text`, () => {
      const keys = flatten(CATALOGUES[locale] as Tree);
      for (const [key, text] of english) {
        const translated = keys.get(key) ?? "";
        expect(translated.trim(), key).not.toBe("");
        expect(argumentsOf(translated), key).toEqual(argumentsOf(text));
      }
    });
  }

  it("has no message the source does not use", () => {
    const files = SOURCE_FOLDERS.flatMap((folder) => sourceFiles(path.join(ROOT, folder)));
    const keys = [...english.keys()];
    const used = usedKeys(files, keys);
    expect(keys.filter((key) => !used.has(key))).toEqual([]);
  });
});
