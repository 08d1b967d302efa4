import { getTranslations } from "next-intl/server";
import { MessagePage } from "@/components/ui/message-page";

export default async function NotFound() {
  const t = await getTranslations("errors");
  return <MessagePage title={t("notFoundTitle")} message={t("notFound")} />;
}
