/**
 * What free text a person typed may contain. Tab and newline are ordinary in a note; every other
 * control character (NUL among them, which PostgreSQL cannot store in text) is never typed by a
 * person, and the bidirectional overrides and isolates can make a note read differently from what
 * was stored, hiding text from the clinician reading it.
 */

const BIDI_CONTROLS = new Set([0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);

export function hasForbiddenCharacters(text: string): boolean {
  for (const char of text) {
    if (char === "\n" || char === "\t") continue;
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || BIDI_CONTROLS.has(code)) return true;
  }
  return false;
}

/** The sentence for a field that holds such characters, e.g. `forbiddenCharactersMessage("The note")`. */
export function forbiddenCharactersMessage(field: string): string {
  return `${field} contains control or text-direction characters that cannot be stored. Type it again without them.`;
}

/**
 * The refinement of every free-text field, named in its message:
 * `z.string().refine(...withoutForbiddenCharacters("The note"))`.
 */
export function withoutForbiddenCharacters(field: string): [(text: string) => boolean, string] {
  return [(text) => !hasForbiddenCharacters(text), forbiddenCharactersMessage(field)];
}
