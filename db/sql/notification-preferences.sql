-- Notification preferences and push subscriptions (db/schema/notification-preferences.ts): a
-- person's own, and nobody else's. Whoever is signed in reads and writes only their own row of
-- preferences and their own subscriptions (a subscription is added or removed, never changed:
-- grants.sql). Nobody, an admin included, reads another person's: the endpoints and keys reach only
-- the notification worker, through app.claim_notifications (notifications.sql), which also removes
-- a subscription the push service says is gone (app.settle_notification).
ALTER TABLE notification_preferences ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS notification_preferences_select ON notification_preferences;
CREATE POLICY notification_preferences_select ON notification_preferences FOR SELECT TO serums_app
  USING (user_id = (SELECT app.current_user_id()));
DROP POLICY IF EXISTS notification_preferences_insert ON notification_preferences;
CREATE POLICY notification_preferences_insert ON notification_preferences FOR INSERT TO serums_app
  WITH CHECK (user_id = (SELECT app.current_user_id()));
DROP POLICY IF EXISTS notification_preferences_update ON notification_preferences;
CREATE POLICY notification_preferences_update ON notification_preferences FOR UPDATE TO serums_app
  USING (user_id = (SELECT app.current_user_id())) WITH CHECK (user_id = (SELECT app.current_user_id()));
DROP POLICY IF EXISTS notification_preferences_delete ON notification_preferences;
CREATE POLICY notification_preferences_delete ON notification_preferences FOR DELETE TO serums_app USING (false);

ALTER TABLE push_subscriptions ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS push_subscriptions_select ON push_subscriptions;
CREATE POLICY push_subscriptions_select ON push_subscriptions FOR SELECT TO serums_app
  USING (user_id = (SELECT app.current_user_id()));
DROP POLICY IF EXISTS push_subscriptions_insert ON push_subscriptions;
CREATE POLICY push_subscriptions_insert ON push_subscriptions FOR INSERT TO serums_app
  WITH CHECK (user_id = (SELECT app.current_user_id()));
DROP POLICY IF EXISTS push_subscriptions_update ON push_subscriptions;
CREATE POLICY push_subscriptions_update ON push_subscriptions FOR UPDATE TO serums_app USING (false) WITH CHECK (false);
DROP POLICY IF EXISTS push_subscriptions_delete ON push_subscriptions;
CREATE POLICY push_subscriptions_delete ON push_subscriptions FOR DELETE TO serums_app
  USING (user_id = (SELECT app.current_user_id()));
