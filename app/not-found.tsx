import { MessagePage } from "@/components/ui/message-page";

export default function NotFound() {
  return (
    <MessagePage title="Not found" message="We could not find that page or record, or you do not have access to it." />
  );
}
