// Wiring only: every listener is added synchronously, so the event that woke the worker is not missed.
import { browser } from 'wxt/browser';
import { createMenus, handleMenuClick } from './context-menu';
import { setUpMessages } from './handlers/jobs';
import { setUpReadinessMessages } from './handlers/readiness';
import { AUTO_LOCK_ALARM, onAutoLockAlarm, setUpVaultMessages } from './handlers/vault';
import { onNotificationButton, onNotificationClicked } from './notification-clicks';
import { createJobEngine } from '@/lib/jobs/engine';
import { currentLang } from '@/lib/i18n/language';

export default defineBackground(() => {
  const engine = createJobEngine();
  setUpMessages(engine);
  setUpVaultMessages(engine);
  setUpReadinessMessages();

  browser.runtime.onInstalled.addListener(() => {
    void createMenus();
    void engine.resume();
  });
  browser.runtime.onStartup.addListener(() => void engine.resume());
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === AUTO_LOCK_ALARM) void onAutoLockAlarm();
    else void engine.onAlarm(alarm.name);
  });
  browser.contextMenus.onClicked.addListener((info) => {
    void currentLang().then((lang) => handleMenuClick(engine, info, lang));
  });
  browser.notifications.onClicked.addListener((id) => void onNotificationClicked(id));
  browser.notifications.onButtonClicked.addListener((id, index) => void onNotificationButton(id, index));

  // Every wake (alarm, message, start-up) finds pending jobs in storage and schedules them again.
  void engine.resume();
});
