// The source workbench (curation/workbench; docs/admin.md, "The source workbench").
//
// - A selection of the stored text becomes the claim's excerpt: with the mouse, or with
//   the keyboard (the text takes a caret: arrows move it, Shift and the arrows select,
//   Enter takes the selection). What is sent is the passage and where it starts and ends,
//   in characters of the stored text as Python counts them (code points): the server
//   checks the passage is exactly those characters.
// - The claim form is posted without leaving the page: the answer is the page itself
//   (saved: the workbench with the new claim; refused: the form with its errors), whose
//   #workbench takes this one's place.
// - While the claim is typed, claims like it are listed (the claim admin's look-alike
//   search), each with a button that adds the excerpt to it instead.
//
// Without this script the page still works: the excerpt is pasted, the form posts as any
// form does, and the server lists look-alikes when it refuses a new claim like one.
"use strict";

// The curator's language (the admin's JavaScript catalogue, loaded before this script,
// holds our djangojs messages from locale/); the words as written without it.
const gettext = window.gettext ?? ((words) => words);
const interpolate = window.interpolate ?? ((words, values) =>
  words.replace(/%\((\w+)\)s/g, (_, name) => values[name]));

const SIMILAR_DELAY_MS = 400;

/** How many characters (code points, as Python counts them) ``text`` has. */
function codePoints(text) {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** Where the DOM position (node, offset) is in ``root``'s text, in code points. */
function offsetIn(root, node, offset) {
  const before = document.createRange();
  before.setStart(root, 0);
  before.setEnd(node, offset);
  return codePoints(before.toString());
}

/** The selected passage of ``box`` (cut to the box, blank ends left out), with where it
 * starts and ends in the box's text; null when nothing of it is selected. */
function selectedPassage(box) {
  const selection = window.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0).cloneRange();
  if (!range.intersectsNode(box)) return null;
  const whole = document.createRange();
  whole.selectNodeContents(box);
  if (range.compareBoundaryPoints(Range.START_TO_START, whole) < 0) {
    range.setStart(whole.startContainer, whole.startOffset);
  }
  if (range.compareBoundaryPoints(Range.END_TO_END, whole) > 0) {
    range.setEnd(whole.endContainer, whole.endOffset);
  }
  const raw = range.toString();
  const passage = raw.trim();
  if (!passage) return null;
  // Blank space is one code unit a character: the count of units is the count of points.
  const lead = raw.length - raw.trimStart().length;
  const start = offsetIn(box, range.startContainer, range.startOffset) + lead;
  return { passage, start, end: start + codePoints(passage) };
}

/** Say ``words`` in the page's status line (read out by screen readers). */
function say(root, words, kind = "info") {
  const status = root.querySelector("#wb-status");
  if (!status) return;
  const list = document.createElement("ul");
  list.className = "messagelist";
  const item = document.createElement("li");
  item.className = kind;
  item.textContent = words;
  list.append(item);
  status.replaceChildren(list);
}

/** The text takes a caret and keyboard selection, and refuses every edit. */
function caretOnly(box, take) {
  box.setAttribute("contenteditable", "true");
  box.setAttribute("spellcheck", "false");
  box.setAttribute("role", "textbox");
  box.setAttribute("aria-multiline", "true");
  box.setAttribute("aria-readonly", "true");
  const original = box.innerHTML;
  box.addEventListener("beforeinput", (event) => event.preventDefault());
  // What cannot be cancelled (an input method's composition) is undone.
  box.addEventListener("input", () => {
    box.innerHTML = original;
  });
  box.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      take(true);
    }
  });
  box.addEventListener("mouseup", () => take(false));
}

/** Claims the form links the new claim to: they are known, not look-alikes. */
function linkedClaims(form) {
  const ids = new Set();
  for (const select of form.querySelectorAll("select[name^=answers_]")) {
    if (select.value) ids.add(select.name.slice("answers_".length));
  }
  for (const select of form.querySelectorAll("select[name^=other_claim_]")) {
    if (select.value) ids.add(select.value);
  }
  return ids;
}

function renderSimilar(box, claims) {
  const ticked = box.querySelector("input[name=different_claim]")?.checked;
  box.replaceChildren();
  if (!claims.length) return;
  const heading = document.createElement("p");
  heading.textContent = gettext(
    "Claims like this one are already recorded. Does the passage report one of them?",
  );
  const list = document.createElement("ul");
  for (const claim of claims) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = claim.url;
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = claim.text;
    const reuse = document.createElement("button");
    reuse.type = "submit";
    reuse.name = "reuse_claim";
    reuse.value = claim.id;
    reuse.textContent = gettext("Add the excerpt to this claim");
    const who = ` — ${claim.speaker}${claim.stated ? ", " + claim.stated : ""}`;
    item.append(link, `${who} (${claim.status.toLowerCase()}) `, reuse);
    list.append(item);
  }
  const row = document.createElement("div");
  row.className = "wb-field field-different_claim wb-checkbox";
  const tick = document.createElement("input");
  tick.type = "checkbox";
  tick.name = "different_claim";
  tick.id = "id_different_claim";
  tick.checked = Boolean(ticked);
  const label = document.createElement("label");
  label.htmlFor = tick.id;
  label.textContent = gettext("None of these: it is a different claim");
  row.append(tick, " ", label);
  box.append(heading, list, row);
}

/** Lists claims like the one typed, as it is typed. */
function watchLookAlikes(root, form) {
  const url = root.dataset.similarUrl;
  const box = form.querySelector("#wb-similar");
  const text = form.querySelector("#id_text");
  const speaker = form.querySelector("#id_speaker");
  const existing = form.querySelector("#id_existing_claim");
  if (!url || !box || !text) return () => {};
  let timer = null;
  let latest = 0;
  async function look() {
    const ticket = ++latest;
    if ((existing && existing.value) || text.value.trim().length < 12) {
      renderSimilar(box, []);
      return;
    }
    const params = new URLSearchParams({ text: text.value });
    if (speaker && speaker.value) params.set("speaker", speaker.value);
    let response;
    try {
      response = await fetch(`${url}?${params}`, { credentials: "same-origin" });
    } catch {
      return; // the warning only informs; the server checks again on saving
    }
    if (!response.ok || ticket !== latest) return;
    const { results } = await response.json();
    if (ticket !== latest) return;
    const known = linkedClaims(form);
    renderSimilar(
      box,
      results.filter((claim) => !known.has(String(claim.id))),
    );
  }
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(look, SIMILAR_DELAY_MS);
  }
  text.addEventListener("input", schedule);
  form.addEventListener("change", (event) => {
    if (event.target.matches("select, #id_existing_claim, #id_speaker")) schedule();
  });
  // The pickers (select2, on the admin's jQuery) announce their changes through jQuery.
  const jq = window.django && window.django.jQuery;
  if (jq) jq(form).on("change", "select", schedule);
  return schedule;
}

/** Set up the workbench in ``root``: the page's #workbench (whose pickers the admin's
 * script sets up), or one just received (``received``), whose pickers are set up here. */
function setUp(root, received = false) {
  const box = root.querySelector("#wb-text");
  const form = root.querySelector("#wb-claim-form");
  const jq = window.django && window.django.jQuery;
  if (received && jq && jq.fn.djangoAdminSelect2) {
    jq(root).find(".admin-autocomplete").not("[name*=__prefix__]").djangoAdminSelect2();
  }
  if (!box || !form) return { box, form };
  const excerpt = form.querySelector("#id_excerpt");
  const start = form.querySelector("#id_excerpt_start");
  const end = form.querySelector("#id_excerpt_end");
  const claimText = form.querySelector("#id_text");
  const takeButton = form.querySelector("#wb-take");
  const lookAgain = watchLookAlikes(root, form);

  function take(moveOn) {
    const found = selectedPassage(box);
    if (!found) {
      if (moveOn) say(root, gettext("Select a passage of the text first."), "warning");
      return;
    }
    excerpt.value = found.passage;
    start.value = found.start;
    end.value = found.end;
    if (!claimText.value.trim()) {
      claimText.value = found.passage;
      lookAgain();
    }
    say(
      root,
      interpolate(
        gettext("Passage taken as the excerpt (characters %(start)s–%(end)s of the text)."),
        { start: found.start, end: found.end },
        true,
      ),
    );
    if (moveOn) claimText.focus();
  }
  caretOnly(box, take);
  // A typed excerpt is no selection: the server finds it in the text instead.
  excerpt.addEventListener("input", () => {
    start.value = "";
    end.value = "";
  });
  takeButton.hidden = false;
  // Pressing the button moves the focus, not the selection: what was selected is taken.
  takeButton.addEventListener("mousedown", (event) => event.preventDefault());
  takeButton.addEventListener("click", () => take(true));

  form.addEventListener("submit", (event) => send(root, form, event));
  return { box, form };
}

/** Post the claim form, and put the answer's workbench in place of this one. */
async function send(root, form, event) {
  event.preventDefault();
  const data = new FormData(form);
  if (event.submitter && event.submitter.name) {
    data.append(event.submitter.name, event.submitter.value);
  }
  const buttons = form.querySelectorAll("[type=submit]");
  for (const button of buttons) button.disabled = true;
  const enable = () => {
    for (const button of buttons) button.disabled = false;
  };
  let response;
  try {
    response = await fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
    });
  } catch {
    enable();
    // The post may have reached the server and its answer been lost: saving again is
    // safe (the same claim from the same source is refused, naming the first).
    say(
      root,
      gettext(
        "No answer from the server (no connection?): save again; a claim already saved " +
          "is not saved twice.",
      ),
      "error",
    );
    return;
  }
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const fresh = page.getElementById("workbench");
  if (!fresh) {
    enable();
    if (response.redirected) {
      window.location.assign(response.url); // signed out: the login page
      return;
    }
    say(
      root,
      interpolate(
        gettext("The server answered %(status)s: nothing was saved. Reload the page."),
        { status: response.status },
        true,
      ),
      "error",
    );
    return;
  }
  const scrolled = root.querySelector("#wb-text")?.scrollTop ?? 0;
  root.replaceWith(fresh);
  document.title = page.title;
  const { box, form: next } = setUp(fresh, true);
  if (box) box.scrollTop = scrolled;
  if (response.redirected) {
    // Saved: ready for the next passage.
    box?.focus({ preventScroll: true });
    return;
  }
  const wrong = next?.querySelector(".errors input, .errors textarea, .errors select");
  (wrong || next?.querySelector(".errornote") || fresh).focus?.();
  next?.querySelector(".errornote")?.scrollIntoView({ block: "nearest" });
}

/** How many bytes ``text`` takes in a form post: UTF-8, line breaks as CR LF. */
function postedBytes(text) {
  const breaks = (text.match(/\n/g) || []).length;
  return new Blob([text]).size + breaks;
}

/** The source form says, by the field, when its text is more than the server takes
 * besides files (``data-max-post-bytes``), rather than posting it to a bare "Bad Request"
 * and losing what was typed. */
function guardSize(form) {
  const limit = Number(form.dataset.maxPostBytes);
  if (!limit) return;
  form.addEventListener("submit", (event) => {
    let total = 0;
    for (const field of form.querySelectorAll("input:not([type=file]), textarea, select")) {
      if (field.name) total += postedBytes(field.value) + field.name.length;
    }
    form.querySelector("#wb-size-error")?.remove();
    if (total <= limit) return;
    event.preventDefault();
    const html = form.querySelector("#id_html");
    const text = form.querySelector("#id_full_text");
    const big = html && html.value.length > (text ? text.value.length : 0) ? html : text;
    const megabytes = (bytes) => (bytes / 1048576).toFixed(1);
    const error = document.createElement("ul");
    error.className = "errorlist";
    error.id = "wb-size-error";
    const item = document.createElement("li");
    const words =
      big === html
        ? gettext(
            "This is %(size)s MB, more than the %(limit)s MB a form can send: save the web " +
              "page as a file and choose it under “…or a file” instead (and empty this box).",
          )
        : gettext(
            "This is %(size)s MB, more than the %(limit)s MB a form can send: save the text " +
              "(as UTF-8) as a file and choose it under “…or a file” instead (and empty " +
              "this box).",
          );
    item.textContent = interpolate(
      words,
      { size: megabytes(total), limit: megabytes(limit) },
      true,
    );
    error.append(item);
    big.after(error);
    big.closest(".wb-field")?.classList.add("errors");
    big.focus();
  });
}

const workbench = document.getElementById("workbench");
if (workbench) setUp(workbench);
const sourceForm = document.getElementById("wb-source-form");
if (sourceForm) guardSize(sourceForm);
