// The service worker of SERUMS Oncology: shows a push notification about an alert and, when it is
// clicked, opens its link (a page of this site, where the clinician signs in). A message carries no
// patient data: the alert level, the care team and the link.
self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch {
    message = { body: event.data ? event.data.text() : "" };
  }
  const title = typeof message.title === "string" ? message.title : "SERUMS Oncology";
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof message.body === "string" ? message.body : "Sign in to see what is waiting.",
      data: { url: typeof message.url === "string" ? message.url : "/triage" },
      tag: title,
      renotify: true,
      requireInteraction: true,
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const link = new URL(event.notification.data?.url ?? "/triage", self.location.origin);
  // Only ever a page of this site.
  const target = link.origin === self.location.origin ? link.href : new URL("/triage", self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      for (const w of windows) {
        if (w.url === target && "focus" in w) return w.focus();
      }
      return self.clients.openWindow(target);
    }),
  );
});
