// Team page: drafts kept on this device, live updates, the phase's countdown.
// No framework and nothing from outside this server (the Content-Security-Policy forbids it).
"use strict";

(function () {
  const body = document.body;
  const base = body.dataset.base;
  const draftKey = body.dataset.draft;
  let count = Number(body.dataset.count || "0");

  // ---------------------------------------------------------------- drafts
  function key(form, field) {
    return draftKey + ":" + form.dataset.form + ":" + field.name + (field.type === "radio" ? "" : "");
  }

  function clearDraft(form) {
    for (const field of form.querySelectorAll("[data-draft]")) {
      localStorage.removeItem(key(form, field));
    }
  }

  function restoreDraft(form) {
    for (const field of form.querySelectorAll("[data-draft]")) {
      const saved = localStorage.getItem(key(form, field));
      if (saved === null) continue;
      if (field.type === "radio") {
        field.checked = field.value === saved;
      } else if (field.tagName === "SELECT") {
        if ([...field.options].some((o) => o.value === saved)) field.value = saved;
      } else if (field.value === "" || field.value === field.defaultValue) {
        field.value = saved;
      }
    }
  }

  function saveField(event) {
    const field = event.target;
    const form = field.form;
    if (!form || !field.hasAttribute("data-draft")) return;
    if (field.type === "radio" && !field.checked) return;
    try {
      localStorage.setItem(key(form, field), field.value);
    } catch (e) {
      // Storage full or refused: the text stays in the field.
    }
  }

  const sent = body.dataset.sent;
  for (const form of document.querySelectorAll("form[data-form]")) {
    if (sent && form.dataset.form === sent && !document.getElementById("error")) {
      clearDraft(form);
    } else {
      restoreDraft(form);
    }
    form.addEventListener("input", saveField);
    form.addEventListener("change", saveField);
  }
  if (sent) {
    // A reload must not clear the next draft: forget that this page followed a send.
    history.replaceState(null, "", location.pathname + location.hash);
  }

  // ---------------------------------------------------------------- team colour
  const header = document.querySelector("header.team");
  if (header && /^#[0-9a-fA-F]{6}$/.test(header.dataset.colour || "")) {
    header.style.borderTopColor = header.dataset.colour;
  }

  // ---------------------------------------------------------------- countdown
  function tick() {
    for (const el of document.querySelectorAll("[data-deadline]")) {
      const left = Math.round((Date.parse(el.dataset.deadline) - Date.now()) / 1000);
      if (Number.isNaN(left)) continue;
      if (left <= 0) {
        el.textContent = "time is up";
      } else {
        const m = Math.floor(left / 60);
        const s = String(left % 60).padStart(2, "0");
        el.textContent = m + ":" + s + " left";
      }
    }
  }
  tick();
  setInterval(tick, 1000);

  // ---------------------------------------------------------------- live updates
  function setOptions(select, items, empty) {
    const chosen = select.value;
    select.replaceChildren();
    if (select.hasAttribute("data-authors")) {
      select.append(new Option("(choose your name)", ""));
    }
    for (const item of items) select.append(new Option(item.label, String(item.id)));
    if (!items.length && empty) select.append(new Option(empty, ""));
    if ([...select.options].some((o) => o.value === chosen)) select.value = chosen;
  }

  function apply(message) {
    count = message.count;
    for (const [part, html] of Object.entries(message.parts)) {
      const target = document.querySelector('[data-live="' + part + '"]');
      if (target) target.innerHTML = html;
    }
    for (const select of document.querySelectorAll("select[data-moves]")) {
      setOptions(select, message.moves, "(no revealed move of another team yet)");
    }
    const people = message.authors.map((a) => ({ id: a.id, label: a.name }));
    for (const select of document.querySelectorAll("select[data-authors]")) {
      setOptions(select, people, "");
    }
    for (const button of document.querySelectorAll("[data-needs]")) {
      const allowed = button.dataset.needs === "submit" ? message.can_submit : message.can_counter;
      button.setAttribute("aria-disabled", allowed ? "false" : "true");
    }
    for (const hint of document.querySelectorAll("[data-when]")) {
      hint.hidden = hint.dataset.when === "submit" ? message.can_submit : message.can_counter;
    }
    tick();
    const position = document.querySelector(".position");
    document.getElementById("announce").textContent =
      "Page updated" + (position ? ": " + position.textContent.replace(/\s+/g, " ").trim() : "");
    body.dataset.count = String(count);
  }

  const status = document.getElementById("connection");
  if (window.EventSource && base) {
    const source = new EventSource(base + "/events?since=" + count);
    source.addEventListener("open", () => {
      status.textContent = "Live: changes appear here as they happen.";
      status.className = "live";
    });
    source.addEventListener("error", () => {
      status.textContent = "Reconnecting… what you type is kept on this device.";
      status.className = "offline";
    });
    source.addEventListener("live", (event) => apply(JSON.parse(event.data)));
    source.addEventListener("revoked", (event) => {
      source.close();
      const banner = document.getElementById("revoked");
      banner.textContent = JSON.parse(event.data);
      banner.hidden = false;
      status.textContent = "This link no longer works.";
      status.className = "offline";
    });
  }
})();
