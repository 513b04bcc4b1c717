// The language switcher posts to /i18n/setlang/ and comes back to this page — the page
// as it is now (the editor may have cleaned /edit#token=… out of the address).

for (const form of document.querySelectorAll("form.lang-switch")) {
  form.addEventListener("submit", () => {
    const next = form.querySelector("[data-next-current]");
    if (next) next.value = window.location.pathname + window.location.search;
  });
}
