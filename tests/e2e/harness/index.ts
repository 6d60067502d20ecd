// The end-to-end harness: real Chromium with the built extension, the Domain API simulator under
// the real host names, and a private D-Bus notification server. Importable from Vitest and tsx.
export * from './browser.ts';
export * from './extension.ts';
export * from './notifications.ts';
export * from './prerequisites.ts';
export * from './seed.ts';
export * from './session.ts';
export * from './unattached.ts';
export * from './firefox.ts';
export * from './x-display.ts';
export * from './zip.ts';
export * from './granted-build.ts';
export * from './env.ts';
