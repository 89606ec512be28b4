// "Add a skill" / "Add a language" for the position form's requirement rows.
// Without JavaScript the form still offers a few empty rows; this only adds more.
(() => {
  "use strict";

  function setup(fieldset) {
    const prefix = fieldset.dataset.formset;
    const total = fieldset.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
    const max = fieldset.querySelector(`input[name="${prefix}-MAX_NUM_FORMS"]`);
    const body = fieldset.querySelector("[data-formset-body]");
    const template = fieldset.querySelector("template[data-formset-template]");
    const button = fieldset.querySelector("[data-formset-add]");
    if (!total || !body || !template || !button) return;
    button.hidden = false;
    button.addEventListener("click", () => {
      const index = Number(total.value);
      if (max && index >= Number(max.value)) {
        button.disabled = true;
        return;
      }
      body.insertAdjacentHTML("beforeend", template.innerHTML.replaceAll("__prefix__", String(index)));
      total.value = String(index + 1);
      const row = body.lastElementChild;
      row.dispatchEvent(new CustomEvent("corridor:rows-added", { bubbles: true }));
      const first = row.querySelector("input:not([type=hidden]), select");
      if (first) first.focus();
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-formset]").forEach(setup);
  });
})();
