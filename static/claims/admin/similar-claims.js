// While a claim is typed, list existing claims that may be the same one, each with why
// (same speaker, similar wording, the same claim denied…), so the curator can open them
// before saving a duplicate. It only informs: saving is never blocked. The claims the form
// already links (the claim it denies, confirms…, those answering it, its evidence) are
// sent along, and never listed.
"use strict";
// The admin loads form media in <head>, before the form exists: wait for the document.
function similarClaims() {
  const text = document.getElementById("id_text");
  const speaker = document.getElementById("id_speaker");
  if (!text) return;
  const form = text.form;
  const match = window.location.pathname.match(/\/claims\/claim\/(\d+)\/change\//);
  const base = window.location.pathname.replace(/\/claims\/claim\/.*$/, "/claims/claim/");
  const box = document.createElement("div");
  box.id = "similar-claims";
  box.className = "similar-claims";
  box.setAttribute("role", "status");
  box.setAttribute("aria-live", "polite");
  text.closest(".form-row").after(box);

  // The inline rows that name another claim, left out when ticked for deletion.
  function liveRows(name) {
    return [...form.querySelectorAll(`select[name$="-${name}"]`)].filter((select) => {
      if (!select.value || select.name.includes("__prefix__")) return false;
      const prefix = select.name.slice(0, -name.length);
      const deleted = form.querySelector(`input[name="${prefix}DELETE"]`);
      return !(deleted && deleted.checked);
    });
  }

  function formLinks(params) {
    for (const name of ["to_claim", "from_claim", "backing_claim"]) {
      for (const select of liveRows(name)) params.append("linked", select.value);
    }
    // "This claim <type> <to_claim>": the rows of the claims this one answers.
    for (const select of liveRows("to_claim")) {
      const type = form.querySelector(`select[name="${select.name.slice(0, -"to_claim".length)}type"]`);
      if (type && type.value) params.append("answers", `${type.value}:${select.value}`);
    }
  }

  let timer = null;
  let latest = 0;
  async function look() {
    const params = new URLSearchParams({ text: text.value });
    if (speaker && speaker.value) params.set("speaker", speaker.value);
    if (match) params.set("exclude", match[1]);
    formLinks(params);
    const ticket = ++latest;
    const response = await fetch(base + "similar/?" + params, { credentials: "same-origin" });
    if (!response.ok || ticket !== latest) return;
    const { results } = await response.json();
    box.replaceChildren();
    if (!results.length) return;
    const heading = document.createElement("p");
    // The admin's JavaScript catalogue (its change form loads it) says it in the curator's
    // language.
    const gettext = window.gettext ?? ((words) => words);
    heading.textContent = gettext("Claims like this one already exist. Is yours one of them?");
    const list = document.createElement("ul");
    for (const claim of results) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = claim.url;
      link.target = "_blank";
      link.textContent = claim.text;
      const why = document.createElement("span");
      why.className = "similar-claims__why";
      why.textContent = claim.why;
      item.append(
        link,
        ` — ${claim.speaker}${claim.stated ? ", " + claim.stated : ""} (${claim.status}). `,
        why,
      );
      list.append(item);
    }
    box.append(heading, list);
  }
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(look, 400);
  }
  text.addEventListener("input", schedule);
  // The speaker, a link's type or claim, a row ticked for deletion: anything in the form.
  form.addEventListener("change", (event) => {
    if (event.target !== text) schedule();
  });
  // The autocomplete widgets (select2, on jQuery) announce changes through jQuery only.
  if (window.django && window.django.jQuery) {
    window.django.jQuery(form).on("change", "select", schedule);
  }
  document.addEventListener("formset:removed", schedule);
  if (text.value) schedule();
}
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", similarClaims);
} else {
  similarClaims();
}
