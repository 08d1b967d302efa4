import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { MessagePage } from "@/components/ui/message-page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("forbidden"))("pageTitle") };
}

export default async function Forbidden() {
  const t = await getTranslations("forbidden");
  return <MessagePage title={t("heading")} message={t("message")} />;
}
