/**
 * Who is who in the scale seed: three organisations of six care teams each, their staff, and the
 * patients spread evenly over the teams. Ids are derived from names or positions, so the seed and
 * the bench (bench/) agree on them without asking the database.
 */
import { createHash } from "node:crypto";
import { stableId } from "../stable-id";

export const ORGANISATIONS = [
  { slug: "scale-edinburgh", name: "Edinburgh Cancer Centre (scale)", hospitalLine: "0131 537 1000" },
  { slug: "scale-glasgow", name: "Beatson West of Scotland Cancer Centre (scale)", hospitalLine: "0141 301 7000" },
  { slug: "scale-aberdeen", name: "Aberdeen Royal Infirmary Oncology (scale)", hospitalLine: "01224 552 000" },
] as const;

export const TEAM_NAMES = ["Breast", "Lung", "Upper GI", "Colorectal", "Gynaecology", "Haematology"] as const;
export const ONCOLOGISTS_PER_TEAM = 2;
export const NURSES_PER_TEAM = 4;
export const TEAM_COUNT = ORGANISATIONS.length * TEAM_NAMES.length;

export const organisationId = (org: number) => stableId(`scale:org:${org}`);
/** Teams are numbered across the network: team `t` belongs to organisation `floor(t / 6)`. */
export const careTeamId = (team: number) => stableId(`scale:team:${team}`);
export const teamOrganisation = (team: number) => Math.floor(team / TEAM_NAMES.length);
export const staffId = (team: number, role: "oncologist" | "nurse", k: number) =>
  stableId(`scale:staff:${team}:${role}:${k}`);
export const adminId = (org: number) => stableId(`scale:admin:${org}`);
export const staffEmail = (team: number, role: "oncologist" | "nurse", k: number) =>
  `${role}.${team}.${k}@scale.example`;

/** Patient `i` is in team `i mod 18`, so every team has the same share of the patients. */
export const patientTeam = (i: number) => i % TEAM_COUNT;
export const patientId = (i: number) => stableId(`scale:patient:${i}`);
export const patientUserId = (i: number) => stableId(`scale:patient-user:${i}`);

/**
 * An id that sorts in load order, like a UUIDv7 sorts by time: the day first, then the table and a
 * serial number, then hash bits. Rows of one day then land at the right-hand edge of every index
 * keyed by these ids instead of at random pages, which keeps a load of millions of rows in cache.
 * The version nibble is 8 (custom), as in stableId.
 */
export function orderedId(day: number, table: number, serial: number): string {
  const tail = createHash("sha1").update(`${day}:${table}:${serial}`).digest("hex").slice(0, 12);
  const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");
  const s = hex(serial, 7);
  return `${hex(day, 8)}-${hex(table, 4)}-8${s.slice(0, 3)}-8${s.slice(3, 6)}-${s.slice(6)}${tail.slice(0, 11)}`;
}

const GIVEN = ["Elspeth", "Graham", "Morag", "Callum", "Isla", "Fraser", "Ailsa", "Euan", "Kirsty", "Angus"];
const FAMILY = ["Campbell", "Henderson", "MacLeod", "Stewart", "Robertson", "Murray", "Fraser", "Ross", "Reid"];
const DIAGNOSES = [
  "Breast cancer, ER-positive",
  "Non-small cell lung cancer",
  "Oesophageal cancer",
  "Colorectal cancer",
  "Ovarian cancer",
  "Diffuse large B-cell lymphoma",
] as const;

/** A name that is the same for the same patient on every run; family names vary with the number. */
export function patientName(i: number): { given: string; family: string } {
  return { given: GIVEN[i % GIVEN.length], family: `${FAMILY[(i * 7) % FAMILY.length]}-${i}` };
}

/** The diagnosis matches the team (Breast team: breast cancer, and so on). */
export const diagnosisFor = (team: number) => DIAGNOSES[team % TEAM_NAMES.length];
