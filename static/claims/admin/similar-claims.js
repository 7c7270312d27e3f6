// While a claim is typed, list existing claims that look alike (same speaker first), so the
// curator can open them before saving a duplicate. It only informs: saving is never blocked.
"use strict";
// The admin loads form media in <head>, before the form exists: wait for the document.
function similarClaims() {
  const text = document.getElementById("id_text");
  const speaker = document.getElementById("id_speaker");
  if (!text) return;
  const match = window.location.pathname.match(/\/claims\/claim\/(\d+)\/change\//);
  const base = window.location.pathname.replace(/\/claims\/claim\/.*$/, "/claims/claim/");
  const box = document.createElement("div");
  box.id = "similar-claims";
  box.className = "similar-claims";
  box.setAttribute("role", "status");
  box.setAttribute("aria-live", "polite");
  text.closest(".form-row").after(box);

  let timer = null;
  let latest = 0;
  async function look() {
    const params = new URLSearchParams({ text: text.value });
    if (speaker && speaker.value) params.set("speaker", speaker.value);
    if (match) params.set("exclude", match[1]);
    const ticket = ++latest;
    const response = await fetch(base + "similar/?" + params, { credentials: "same-origin" });
    if (!response.ok || ticket !== latest) return;
    const { results } = await response.json();
    box.replaceChildren();
    if (!results.length) return;
    const heading = document.createElement("p");
    heading.textContent = "Claims like this one already exist. Is yours one of them?";
    const list = document.createElement("ul");
    for (const claim of results) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = claim.url;
      link.target = "_blank";
      link.textContent = claim.text;
      item.append(link, ` — ${claim.speaker}${claim.stated ? ", " + claim.stated : ""} (${claim.status})`);
      list.append(item);
    }
    box.append(heading, list);
  }
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(look, 400);
  }
  text.addEventListener("input", schedule);
  if (speaker) {
    speaker.addEventListener("change", schedule);
    // The autocomplete widget (select2, on jQuery) announces changes through jQuery.
    if (window.django && window.django.jQuery) window.django.jQuery(speaker).on("change", schedule);
  }
  if (text.value) schedule();
}
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", similarClaims);
} else {
  similarClaims();
}
