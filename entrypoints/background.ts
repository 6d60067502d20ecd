export default defineBackground(() => {
  // Listeners are wired here as the job engine lands.
});
