// Wiring only: every listener is added synchronously, so the event that woke the worker is not missed.
import { browser } from 'wxt/browser';
import { createMenus, handleMenuClick } from './context-menu';
import { AUTO_LOCK_ALARM, onAutoLockAlarm } from './auto-lock';
import { CLIPBOARD_ALARM, onClipboardAlarm } from './clipboard-clear';
import { watchIdle } from './idle-lock';
import { setUpAccountHandlers } from './handlers/account';
import { limitedApiFor } from './handlers/active-api';
import { setUpClipboardHandlers } from './handlers/clipboard';
import { setUpJobHandlers } from './handlers/jobs';
import { setUpReadinessHandlers } from './handlers/readiness';
import { setUpVaultHandlers } from './handlers/vault';
import { onNotificationButton, onNotificationClicked } from './notification-clicks';
import { createWorkerEngine, watchCodeRetention } from './engine';
import { currentLang } from '@/lib/i18n/language';
import { noteActivity } from '@/lib/credentials/vault';
import { limitSessionStorage } from './session-access';

export default defineBackground(() => {
  void limitSessionStorage();
  const engine = createWorkerEngine();
  // The pages' calls to Alibaba Cloud share the jobs' rate limit.
  const pagesApi = limitedApiFor((send) => engine.limited(send));
  setUpJobHandlers(engine, pagesApi);
  setUpVaultHandlers(engine);
  setUpReadinessHandlers(pagesApi);
  setUpAccountHandlers(pagesApi);
  setUpClipboardHandlers(engine);
  // The vault's lock on idle or screen lock (when that option is on).
  watchIdle();
  // A change of the codes' retention setting removes the codes past the new time at once.
  watchCodeRetention(engine);

  browser.runtime.onInstalled.addListener(() => {
    void createMenus();
    void engine.resume();
  });
  browser.runtime.onStartup.addListener(() => void engine.resume());
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === AUTO_LOCK_ALARM) void onAutoLockAlarm();
    else if (alarm.name === CLIPBOARD_ALARM) void onClipboardAlarm();
    else void engine.onAlarm(alarm.name);
  });
  // The menu and the notifications are a person's actions too (the vault's auto-lock time).
  browser.contextMenus.onClicked.addListener((info) => {
    void noteActivity();
    void currentLang().then((lang) => handleMenuClick(engine, info, lang));
  });
  browser.notifications.onClicked.addListener((id) => {
    void noteActivity();
    void onNotificationClicked(engine, id);
  });
  browser.notifications.onButtonClicked.addListener((id, index) => {
    void noteActivity();
    void onNotificationButton(engine, id, index);
  });

  // Back online: the circuit's probe (if it is open) and every job waiting out a fault go at once.
  // (A worker and a background page are event targets; Node, under the unit tests, is not.)
  if (typeof globalThis.addEventListener === 'function') globalThis.addEventListener('online', () => void engine.tryNow());

  // Every wake (alarm, message, start-up) finds pending jobs in storage and schedules them again.
  void engine.resume();
});
