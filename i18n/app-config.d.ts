import type { Messages } from "@/lib/i18n/catalogues";

// Every t("…") key is checked against the English catalogue: a key that is not there fails the type check.
declare module "next-intl" {
  interface AppConfig {
    Messages: Messages;
  }
}
