// Stands in for the "server-only" marker package under the test runner, which is not a React server.
export {};
