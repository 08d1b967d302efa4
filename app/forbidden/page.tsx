import { MessagePage } from "@/components/ui/message-page";

export const metadata = { title: "No access" };

export default function Forbidden() {
  return (
    <MessagePage
      title="You do not have access to this page"
      message="Your account does not hold a role that can open it. If you think it should, ask your administrator."
    />
  );
}
