// SMART's discovery document where SMART says apps look for it: under the FHIR base.
export { GET } from "@/app/.well-known/smart-configuration/route";
