/** The alert severities' colours on the record's charts and in their legend. */
export const SEVERITY_COLOURS = { red: "#b91c1c", amber: "#b45309" } as const;
