// Concept picker: <input data-autocomplete="/taxonomy/autocomplete/skills/" data-target="id_skill">
// types in any language, shows the taxonomy's matches (synonyms and typos included) and
// writes the chosen concept's id into the hidden input named by data-target.
// Keyboard: arrows move, Enter picks, Escape closes. Without JavaScript the form still
// accepts a concept id or an exact label typed into the field (the server resolves it).
(() => {
  "use strict";

  function setup(input) {
    if (input.dataset.autocompleteReady) return;
    input.dataset.autocompleteReady = "1";
    const target = document.getElementById(input.dataset.target);
    const list = document.createElement("ul");
    list.className = "autocomplete";
    list.id = `${input.id || input.name}-options`;
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.after(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    input.autocomplete = "off";
    let timer = null;
    let active = -1;
    let results = [];
    let controller = null;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      active = -1;
    }

    function choose(index) {
      const hit = results[index];
      if (!hit) return;
      input.value = hit.label;
      if (target) {
        target.value = hit.id;
        target.dispatchEvent(new Event("change", { bubbles: true }));
      }
      input.dispatchEvent(new CustomEvent("concept:chosen", { bubbles: true, detail: hit }));
      close();
    }

    function highlight(index) {
      const items = list.querySelectorAll("li[data-index]");
      items.forEach((li) => li.setAttribute("aria-selected", "false"));
      if (items[index]) {
        items[index].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", items[index].id);
      }
      active = index;
    }

    function render() {
      list.replaceChildren();
      if (!results.length) {
        const li = document.createElement("li");
        li.className = "muted";
        li.textContent = input.dataset.emptyText || "No match";
        list.append(li);
      }
      results.forEach((hit, index) => {
        const li = document.createElement("li");
        li.id = `${list.id}-${index}`;
        li.dataset.index = String(index);
        li.setAttribute("role", "option");
        const strong = document.createElement("strong");
        strong.textContent = hit.label;
        li.append(strong);
        const other = hit.label === hit.label_en ? hit.label_zh : hit.label_en;
        if (other) {
          const span = document.createElement("span");
          span.className = "muted";
          span.textContent = ` ${other}`;
          li.append(span);
        }
        if (hit.matched && hit.matched !== hit.label_en && hit.matched !== hit.label_zh) {
          const note = document.createElement("span");
          note.className = "muted small";
          note.textContent = ` (${hit.fuzzy ? "≈" : "="} ${hit.matched})`;
          li.append(note);
        }
        li.addEventListener("mousedown", (event) => {
          event.preventDefault();
          choose(index);
        });
        list.append(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      highlight(results.length ? 0 : -1);
    }

    async function search() {
      const query = input.value.trim();
      if (target && target.value) {
        target.value = "";
        target.dispatchEvent(new Event("change", { bubbles: true }));
      }
      if (!query) return close();
      if (controller) controller.abort();
      controller = new AbortController();
      const url = new URL(input.dataset.autocomplete, window.location.origin);
      url.searchParams.set("q", query);
      url.searchParams.set("limit", "8");
      try {
        const response = await fetch(url, {
          headers: { Accept: "application/json" },
          signal: controller.signal,
        });
        if (!response.ok) return close();
        results = (await response.json()).results;
        render();
      } catch (error) {
        if (error.name !== "AbortError") close();
      }
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    input.addEventListener("keydown", (event) => {
      if (list.hidden) return;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight(Math.min(active + 1, results.length - 1));
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", () => setTimeout(close, 150));
  }

  function setupAll(root) {
    root.querySelectorAll("input[data-autocomplete]").forEach(setup);
  }
  document.addEventListener("DOMContentLoaded", () => setupAll(document));
  // Rows added later (formset "add another", htmx swaps) get the picker too.
  document.addEventListener("htmx:afterSettle", (event) => setupAll(event.target));
  document.addEventListener("corridor:rows-added", (event) => setupAll(event.target));
  window.corridorAutocomplete = { setupAll };
})();
