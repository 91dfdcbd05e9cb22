// jest-dom matchers (toBeInTheDocument, toBeVisible…) for the app's component tests; test/setup-app.ts loads them.
/// <reference types="@testing-library/jest-dom" />
