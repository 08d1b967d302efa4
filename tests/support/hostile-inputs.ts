/**
 * The hostile inputs every entry point of the app is tried with (issue 15: "no request answers 5xx
 * for any input you can think of"), shared by the suites that try them:
 *
 * - `HOSTILE_STRINGS`: text an attacker puts in any field (markup, SQL, templates, paths, a hidden
 *   change of direction);
 * - `hostileInputs(valid)`: from one valid input, the input as the wrong kind of value altogether,
 *   with unknown fields, and with each field missing or replaced by each hostile value (wrong types,
 *   sizes, NUL, control and bidi characters, numbers as strings, arrays for objects, invalid ids);
 * - `hostileForms(valid)`: the same for a form action's FormData, with each field given twice
 *   (duplicate keys), as a file, or a thousand times;
 * - `hostileJsonBodies(valid)`: raw JSON request bodies: duplicate keys with other values, broken
 *   and deeply nested JSON, the wrong kind of document, a byte-order mark, invalid UTF-8;
 * - `judge`: what every answer must be: never a server error or an unhandled throw; a refusal is
 *   a sentence a person can act on, echoes no markup, and changes nothing in the database.
 */

/** 100,000 characters: far past every field's limit, within every body limit but the sign-in one. */
export const HUGE = "A".repeat(100_000);
/** A megabyte: past every body limit. */
export const MEGABYTE = "M".repeat(1024 * 1024);

export const SCRIPT = "<script>alert(1)</script>";

/** Text an attacker tries in any string field. */
export const HOSTILE_STRINGS: readonly string[] = [
  SCRIPT,
  '"><img src=x onerror=alert(1)>',
  "' OR '1'='1",
  "admin@org.example' --",
  "'; DROP TABLE users; --",
  "admin@org.example\u0000",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, on purpose
  "${7*7}{{7*7}}",
  "../../../../etc/passwd",
  "\u202eadmin@org.example",
];

/**
 * One hostile input: what it is, the value, and whether it must be refused as input (with one of
 * `refusedWith`, by default 400, 413 or 415); otherwise any answer but a server error will do.
 */
export type Hostile<V = unknown> = { name: string; value: V; mustRefuse: boolean; refusedWith?: readonly number[] };

/** `depth` objects, each inside the next. */
function nested(depth: number): unknown {
  let value: unknown = "bottom";
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

const protoPolluting = (): Record<string, unknown> =>
  JSON.parse('{"__proto__":{"isAdmin":true},"constructor":{"prototype":{}}}');

type Named = [string, unknown];

/**
 * Values no field of the app accepts: a person never types NUL, control or bidirectional override
 * characters, no field holds a megabyte, and no field is an object of query operators.
 */
const NEVER_VALID: Named[] = [
  ["a NUL byte", "a\u0000b"],
  ["only a NUL byte", "\u0000"],
  ["a bell character", "a\u0007b"],
  ["an ANSI escape", "\u001b[31mred\u001b[0m"],
  ["a carriage return alone", "a\rb"],
  ["a DEL character", "a\u007fb"],
  ["a C1 control character", "a\u0085b"],
  ["a right-to-left override", "\u202eabc"],
  ["a left-to-right embedding", "a\u202ab"],
  ["a first-strong isolate", "a\u2068b\u2069"],
  ["a megabyte of text", MEGABYTE],
  ["an object of query operators", { $ne: null }],
  ["200 nested objects", nested(200)],
  ["a prototype-polluting object", protoPolluting()],
];

/** Values of the wrong type or size for most fields (an optional field may take null or ""). */
const WRONG_TYPES: Named[] = [
  ["null", null],
  ["true", true],
  ["false", false],
  ["zero", 0],
  ["-1", -1],
  ["1.5", 1.5],
  ["2^53 + 1", 2 ** 53 + 1],
  ["-0", -0],
  ["1e308", 1e308],
  ["NaN", Number.NaN],
  ["Infinity", Number.POSITIVE_INFINITY],
  ["an empty string", ""],
  ["spaces", "   "],
  ["a tab and a newline", "\t\n"],
  ["100,000 characters", HUGE],
  ["an empty array", []],
  ["an array of two strings", ["a", "b"]],
  ["an array of arrays", [[[]]]],
  ["an empty object", {}],
];

/** Content some field may legitimately hold (a note may quote SQL); each is tried in one field of an input. */
const CONTENT: Named[] = [
  ["the number 1 as a string", "1"],
  ["-1 as a string", "-1"],
  ["1e3 as a string", "1e3"],
  ["0x1F as a string", "0x1F"],
  ["NaN as a string", "NaN"],
  ["Infinity as a string", "Infinity"],
  ["twenty nines as a string", "99999999999999999999"],
  ["a number padded with spaces", " 2 "],
  ["full-width digits", "１２３"],
  ...HOSTILE_STRINGS.map((s): Named => [`the text ${JSON.stringify(s)}`, s]),
  ["an emoji", "🩺💊"],
  ["a combining accent", "e\u0301"],
  ["a zero-width space", "a\u200bb"],
  ["a byte-order mark", "\ufeffabc"],
  ["a lone surrogate", "a\ud800b"],
  ["the nil UUID", "00000000-0000-0000-0000-000000000000"],
  ["the max UUID", "ffffffff-ffff-ffff-ffff-ffffffffffff"],
  ["an unknown UUID", "5b0e3c2e-9a4d-4f1b-8c1e-2d3f4a5b6c7d"],
  ["a UUID without dashes", "5b0e3c2e9a4d4f1b8c1e2d3f4a5b6c7d"],
  ["a UUID in braces", "{5b0e3c2e-9a4d-4f1b-8c1e-2d3f4a5b6c7d}"],
  ["a UUID with SQL after it", "5b0e3c2e-9a4d-4f1b-8c1e-2d3f4a5b6c7d' OR '1'='1"],
  ["a URN UUID", "urn:uuid:5b0e3c2e-9a4d-4f1b-8c1e-2d3f4a5b6c7d"],
  ["February the 30th", "2024-02-30"],
  ["the year 9999", "9999-12-31"],
  ["the year 1", "0001-01-01"],
  ["month 13", "2024-13-01"],
  ["an expanded year", "+275760-09-13"],
  ["a date and time", "1970-01-01T00:00:00Z"],
];

const must = ([name, value]: Named): Hostile => ({ name, value, mustRefuse: true });
const maybe = ([name, value]: Named): Hostile => ({ name, value, mustRefuse: false });

/** Every hostile value of the list: `HOSTILE_VALUES.length` is what one field could be tried with. */
export const HOSTILE_VALUES: readonly Hostile[] = [
  ...NEVER_VALID.map(must),
  ...WRONG_TYPES.map(maybe),
  ...CONTENT.map(maybe),
];

type Json = Record<string, unknown>;

/** Every field's dotted path in `valid`, nested objects and the first element of arrays included. */
export function fieldPaths(valid: unknown, prefix = ""): string[] {
  if (valid === null || typeof valid !== "object") return [];
  const entries = Array.isArray(valid)
    ? valid.slice(0, 1).map((v, i) => [String(i), v] as const)
    : Object.entries(valid);
  return entries.flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return [path, ...fieldPaths(value, path)];
  });
}

/** `valid` with the value at `path` replaced (or, for `undefined`, removed). */
export function withField(valid: unknown, path: string, value: unknown): unknown {
  const [head, ...rest] = path.split(".");
  if (Array.isArray(valid)) {
    const copy = [...valid];
    copy[Number(head)] = rest.length ? withField(copy[Number(head)], rest.join("."), value) : value;
    return copy;
  }
  const copy: Json = { ...(valid as Json) };
  if (rest.length) copy[head] = withField(copy[head], rest.join("."), value);
  else if (value === undefined) delete copy[head];
  else copy[head] = value;
  return copy;
}

export type HostileOptions = {
  /** Fields the entry point accepts without: tried missing, but not required to be refused. */
  optional?: readonly string[];
};

const requiresSome = (valid: Json, options: HostileOptions) =>
  Object.keys(valid).some((field) => !options.optional?.includes(field));

/** Inputs that are not an object of the expected fields at all; each must be refused. */
function shapes(valid: Json, options: HostileOptions): Hostile[] {
  const cases: Named[] = [
    ["nothing", undefined],
    ["null", null],
    ["a string", "everything"],
    ["a number", 42],
    ["a boolean", true],
    ["the valid input in an array", [valid]],
    ["an array of its values", Object.values(valid)],
    ["an unknown field", { ...valid, isAdmin: true }],
    ["another organisation's id smuggled in", { ...valid, organisationId: "5b0e3c2e-9a4d-4f1b-8c1e-2d3f4a5b6c7d" }],
    ["a field named like SQL", { ...valid, "1=1; --": "x" }],
    ["a field named __proto__", { ...valid, ...protoPolluting() }],
    ["200 nested objects", nested(200)],
    [
      "a thousand unknown fields",
      { ...valid, ...Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`f${i}`, i])) },
    ],
  ];
  if (requiresSome(valid, options)) cases.push(["no fields", {}]);
  return cases.map(must);
}

/** The input without each of its fields in turn: refused unless the field is optional. */
function missing(valid: Json, options: HostileOptions): Hostile[] {
  return Object.keys(valid).map((field) => ({
    name: `without ${field}`,
    value: withField(valid, field, undefined),
    mustRefuse: !options.optional?.includes(field),
  }));
}

/**
 * Each field of `paths` with each value that no field takes and each wrong type; the content
 * values go round the fields, one field each, so every one is tried once in every input.
 */
function substitutions(paths: readonly string[], set: (path: string, value: unknown) => unknown, asText = false) {
  const keep = (h: Hostile) => !asText || typeof h.value === "string";
  const everyField = [...NEVER_VALID.map(must), ...WRONG_TYPES.map(maybe)].filter(keep);
  const content = CONTENT.map(maybe).filter(keep);
  const at = (path: string, h: Hostile): Hostile => ({ ...h, name: `${path}: ${h.name}`, value: set(path, h.value) });
  if (paths.length === 0) return [];
  return [
    ...paths.flatMap((path) => everyField.map((h) => at(path, h))),
    ...content.map((h, i) => at(paths[i % paths.length], h)),
  ];
}

/**
 * The hostile inputs of an entry point that takes a value (a server action called with an object,
 * a JSON body): more than 50 for any input.
 */
export function hostileInputs(valid: Json, options: HostileOptions = {}): Hostile[] {
  // An input without fields is tried with each hostile value in a field it does not take.
  const unknown =
    Object.keys(valid).length === 0
      ? HOSTILE_VALUES.map((h) => ({ ...h, name: `a field x: ${h.name}`, value: { x: h.value }, mustRefuse: true }))
      : [];
  return [
    ...shapes(valid, options),
    ...unknown,
    ...missing(valid, options),
    ...substitutions(fieldPaths(valid), (path, value) => withField(valid, path, value)),
  ];
}

/** A form's (or a query string's) fields: a string each, several for a field given more than once. */
export type FormFields = Record<string, string | string[] | Blob>;

export function formData(fields: FormFields): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) data.append(key, v);
  }
  return data;
}

/**
 * Hostile fields of a form or query string, where every value is text: each field missing, with
 * each hostile text, given twice with another value (duplicate keys), as a file, a thousand times.
 */
export function hostileFields(valid: FormFields, options: HostileOptions = {}): Hostile<FormFields>[] {
  const fields = Object.keys(valid);
  const text = (field: string) => {
    const value = valid[field];
    return typeof value === "string" ? value : Array.isArray(value) ? (value[0] ?? "") : "";
  };
  return [
    { name: "no fields", value: {}, mustRefuse: requiresSome(valid, options) },
    { name: "an unknown field", value: { ...valid, isAdmin: "true" }, mustRefuse: true },
    { name: "a field with an empty name", value: { ...valid, "": "x" }, mustRefuse: true },
    ...(missing(valid, options) as Hostile<FormFields>[]),
    ...(substitutions(
      fields,
      (field, value) => ({ ...valid, [field]: value as string }),
      true,
    ) as Hostile<FormFields>[]),
    ...fields.flatMap((field): Hostile<FormFields>[] => [
      {
        name: `${field} twice, the second hostile`,
        value: { ...valid, [field]: [text(field), SCRIPT] },
        mustRefuse: false,
      },
      {
        name: `${field} twice, the first hostile`,
        value: { ...valid, [field]: ["' OR 1=1 --", text(field)] },
        mustRefuse: false,
      },
      { name: `${field} as a file`, value: { ...valid, [field]: new Blob([SCRIPT]) }, mustRefuse: false },
      {
        name: `${field} a thousand times`,
        value: { ...valid, [field]: Array.from({ length: 1000 }, () => text(field)) },
        mustRefuse: true,
      },
    ]),
  ];
}

/**
 * The hostile calls of a form action: what a hostile client sends instead of a form (anything it
 * can serialise), then each of `hostileFields` as a form.
 */
export function hostileForms(valid: FormFields, options: HostileOptions = {}): Hostile[] {
  return [
    ...shapes(valid, options),
    { name: "a Map", value: new Map(Object.entries(valid)), mustRefuse: true },
    { name: "URLSearchParams", value: new URLSearchParams(valid as Record<string, string>), mustRefuse: true },
    { name: "a Date", value: new Date(), mustRefuse: true },
    ...hostileFields(valid, options).map((h) => ({ ...h, value: formData(h.value) })),
  ];
}

/**
 * Raw JSON bodies: the wrong kind of document, broken or endlessly nested JSON, each field given
 * twice with another value (JSON.parse keeps the last), a byte-order mark. Each must be refused.
 */
export function hostileJsonBodies(valid: Json): Hostile<string>[] {
  const text = JSON.stringify(valid);
  const inner = text.slice(1, -1);
  const and = inner ? `${inner},` : "";
  const cases: [string, string][] = [
    ["an empty body", ""],
    ["whitespace", "  \n "],
    ["broken JSON", text.slice(0, -1)],
    ["trailing garbage", `${text} x`],
    ["two documents", `${text}${text}`],
    ["JSON null", "null"],
    ["a JSON array", "[1,2,3]"],
    ["a JSON string", JSON.stringify(SCRIPT)],
    ["a JSON number", "1e999"],
    ["3000 nested arrays", `${"[".repeat(3000)}${"]".repeat(3000)}`],
    ["3000 nested objects", `${'{"a":'.repeat(3000)}1${"}".repeat(3000)}`],
    ["single quotes", `{${and}'x':'y'}`],
    ["a comment", `/* hi */${text}`],
    ["a byte-order mark", `\ufeff${text}`],
    ["NaN as a value", `{${and}"x":NaN}`],
    ["an unknown field", `{${and}"isAdmin":true}`],
    ["a __proto__ field", `{${and}"__proto__":{"isAdmin":true}}`],
    ...Object.keys(valid).flatMap((field): [string, string][] => [
      [`${field} twice, the second an object`, `{${and}${JSON.stringify(field)}:{"$ne":null}}`],
      [`${field} twice, the second a NUL`, `{${and}${JSON.stringify(field)}:"\\u0000"}`],
    ]),
  ];
  return cases.map(([name, value]) => ({ name, value, mustRefuse: true }));
}

/** Must-refuse inputs first: each then meets the entry point as it was, not after an accepted one changed it. */
export const mustRefuseFirst = <V>(cases: readonly Hostile<V>[]): Hostile<V>[] =>
  [...cases].sort((a, b) => Number(b.mustRefuse) - Number(a.mustRefuse));

/** What an entry point answered: an HTTP status (an action's code as its status) and its sentence. */
export type Answer = { status: number; message?: string; body?: string };

/**
 * What is wrong with an answer to a hostile input, or null: a server error, an unhandled throw, a
 * must-refuse input accepted, a refusal without a sentence (or echoing markup or SQL), or a refusal
 * that changed the database.
 */
export function judge(input: Hostile, answer: Answer | { threw: unknown }, changed: boolean): string | null {
  if ("threw" in answer) return `threw ${String(answer.threw).slice(0, 200)}`;
  if (answer.status >= 500) return `server error ${answer.status} (${answer.message})`;
  if (answer.status < 400) return input.mustRefuse ? `accepted (${answer.status})` : null;
  const refusedWith = input.refusedWith ?? [400, 413, 415];
  if (input.mustRefuse && !refusedWith.includes(answer.status))
    return `answered ${answer.status} (${answer.message}), not refused as input (${refusedWith.join(", ")})`;
  if (!answer.message || !/^[A-Z].*[.!?]$/s.test(answer.message)) return `no sentence: ${answer.message}`;
  const text = answer.body ?? answer.message;
  if (/<script|<img|DROP TABLE|OR '1'='1|\\u0000/i.test(text) || text.includes("\0")) return "echoes the input";
  if (changed) return "refused, but the database changed";
  return null;
}
