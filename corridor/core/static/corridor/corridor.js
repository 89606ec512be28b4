// Progressive enhancement only; every page works without it.
document.addEventListener("DOMContentLoaded", () => {
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    const form = select.form;
    const fallback = form.querySelector("[data-autosubmit-fallback]");
    if (fallback) fallback.hidden = true;
    select.addEventListener("change", () => form.submit());
  }
});
