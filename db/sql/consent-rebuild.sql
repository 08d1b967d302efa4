-- Applied last, once every function and privilege above is in place: app.consent_access is
-- recomputed from the consent rule as consent.sql now declares it, so a change to the rule takes
-- effect for the rows already there. On an empty database it does nothing.
SELECT app.rebuild_consent_access();
