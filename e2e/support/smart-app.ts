/**
 * A SMART app as a hospital would run one: a static page on its own origin (a loopback port of the
 * test's) that uses the `fhirclient` package, served as its browser bundle, to launch standalone
 * against the server under test and read the FHIR API. What it read, or how it was refused, is
 * left on the page for the test to read.
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import path from "node:path";

export const SMART_APP_PORT = 41021;
export const SMART_APP = `http://127.0.0.1:${SMART_APP_PORT}`;

const LAUNCH = `<!doctype html><meta charset="utf-8"><title>Launch</title>
<script src="/fhir-client.js"></script>
<script>
  const q = new URLSearchParams(location.search);
  FHIR.oauth2.authorize({ clientId: q.get("client"), scope: q.get("scope"), iss: q.get("iss"),
    redirectUri: "${SMART_APP}/app.html", pkceMode: "required" });
</script>`;

// Reads the patient in context (a patient's launch) or the one named (a clinician's), and their
// Observations; keeps the client on the page so the test can ask again later.
const APP = `<!doctype html><meta charset="utf-8"><title>Symptom viewer</title>
<script src="/fhir-client.js"></script>
<script>
  window.read = async (patientId) => {
    try {
      const id = patientId || window.smart.patient.id;
      const patient = await window.smart.request("Patient/" + id);
      const observations = await window.smart.request("Observation?patient=" + id);
      return { patient, observations };
    } catch (error) {
      return { refused: error.status || error.statusCode || String(error.message) };
    }
  };
  FHIR.oauth2.ready().then(
    (client) => { window.smart = client; document.body.dataset.ready = client.patient.id || "user"; },
    (error) => { document.body.dataset.ready = "error: " + error.message; });
</script><body></body>`;

/** Serves the app's two pages and the fhirclient bundle on the app's own origin. */
export async function startSmartApp(): Promise<Server> {
  const bundle = readFileSync(path.join(process.cwd(), "node_modules/fhirclient/build/fhir-client.js"));
  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? "/", SMART_APP).pathname;
    const body =
      pathname === "/launch.html"
        ? LAUNCH
        : pathname === "/app.html"
          ? APP
          : pathname === "/fhir-client.js"
            ? bundle
            : null;
    if (body === null) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": pathname.endsWith(".js") ? "text/javascript" : "text/html" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(SMART_APP_PORT, "127.0.0.1", resolve));
  return server;
}
