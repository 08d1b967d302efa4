/** The floor starts nothing: without this file its build would take the app's own (../../instrumentation.ts). */
export function register(): void {}
