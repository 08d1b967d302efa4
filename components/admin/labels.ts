/** Words the admin pages use for roles and account states. Pure, for server and client. */
import type { Messages } from "@/lib/i18n/catalogues";

export type StaffRoleName = "oncologist" | "nurse" | "admin";
export type StaffStatusName = "active" | "invited" | "locked" | "deactivated";

export const ROLE_OPTIONS: { value: StaffRoleName; label: string }[] = [
  { value: "oncologist", label: "Oncologist" },
  { value: "nurse", label: "Nurse" },
  { value: "admin", label: "Admin" },
];

export const roleLabel = (role: string) => ROLE_OPTIONS.find((r) => r.value === role)?.label ?? role;

export const STATUS_OPTIONS: { value: StaffStatusName; label: string; description: string }[] = [
  { value: "active", label: "Active", description: "Can sign in." },
  { value: "invited", label: "Invited", description: "Has not set a password yet." },
  { value: "locked", label: "Locked", description: "Locked after too many failed sign-ins." },
  { value: "deactivated", label: "Deactivated", description: "Cannot sign in." },
];

export const statusLabel = (status: string) => STATUS_OPTIONS.find((s) => s.value === status)?.label ?? status;

/** A setting's name in a language's own words (messages' `.settingsAdmin.settingNames`, nested as the key is dotted). */
export function settingName(messages: Pick<Messages, "settingsAdmin">, key: string): string {
  let node: unknown = messages.settingsAdmin.settingNames;
  for (const part of key.split(".")) {
    node =
      node && typeof node === "object" && Object.hasOwn(node, part) ? (node as Record<string, unknown>)[part] : null;
  }
  return typeof node === "string" ? node : key;
}
