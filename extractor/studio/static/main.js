// The studio's state: the template document being edited, its history (undo/redo), the side
// panel, the live reading of the fields that change, saving and testing on more images.

import { getJSON, post, postJSON, upload } from "./api.js";
import { Canvas } from "./canvas.js";

const $ = (id) => document.getElementById(id);
const READ_DELAY = 300; // ms: a burst of nudges is read once
const state = { data: null, image: null, selected: null, results: {}, options: {}, undo: [], redo: [], pending: new Set() };

const canvas = new Canvas($("canvas"), $("stage"), {
  select: (item) => { state.selected = item && { kind: item.kind, index: item.index }; render(); },
  draw: (rect) => drawn(rect),
  change: (item, rect) => edit((data) => { list(data, item.kind)[item.index].rect = rect; }),
});

function list(data, kind) {
  const key = kind === "anchor" ? "anchors" : "fields";
  if (!data[key]) data[key] = [];
  return data[key];
}

function status(text) { $("status").textContent = text; }
function problem(text) { $("message").hidden = !text; $("message").textContent = text || ""; }

// --- history: every change is a new document; undo/redo swap whole documents -------------
function edit(change, select) {
  const before = JSON.stringify(state.data);
  const data = JSON.parse(before);
  change(data);
  if (JSON.stringify(data) === before) return;
  state.undo.push(before);
  state.redo = [];
  replaceData(data, JSON.parse(before), select);
}

function replaceData(data, previous, select) {
  state.data = data;
  if (select !== undefined) state.selected = select;
  const selected = state.selected && list(data, state.selected.kind)[state.selected.index];
  if (!selected) state.selected = null;
  const old = new Map((previous?.fields || []).map((f) => [f.name, JSON.stringify(f)]));
  const changed = previous && JSON.stringify(previous.settings) === JSON.stringify(data.settings)
    ? data.fields.filter((f) => old.get(f.name) !== JSON.stringify(f)).map((f) => f.name)
    : data.fields.map((f) => f.name);
  changed.forEach((name) => state.pending.add(name));
  render();
  scheduleRead();
}

function undo() { step(state.undo, state.redo); }
function redo() { step(state.redo, state.undo); }
function step(from, to) {
  if (!from.length) return;
  const previous = state.data;
  to.push(JSON.stringify(previous));
  replaceData(JSON.parse(from.pop()), previous);
}

// --- live reading ------------------------------------------------------------------------
let readTimer = null;
function scheduleRead() { clearTimeout(readTimer); readTimer = setTimeout(readPending, READ_DELAY); }

async function readPending() {
  if (!state.image || !state.pending.size) return;
  const names = [...state.pending];
  state.pending.clear();
  try {
    const answer = await postJSON("/api/read", { image: state.image.image, template: state.data, fields: names });
    problem("");
    for (const name of names) delete state.results[name];
    Object.assign(state.results, answer.fields);
    status(`read ${names.length} field(s)`);
  } catch (error) {
    problem(error.message); // the schema's own message, naming the path
    names.forEach((name) => state.pending.add(name)); // read once the template is valid again
  }
  render();
}

// --- drawing -----------------------------------------------------------------------------
async function drawn(rect) {
  if (!state.data) return;
  if (document.querySelector("input[name=mode]:checked").value === "anchor") {
    let text = "";
    try {
      text = (await postJSON("/api/anchor", { image: state.image.image, rect, settings: state.data.settings || {} })).text;
    } catch (error) { problem(error.message); }
    edit((data) => list(data, "anchor").push({ text: text || "?", rect }),
      { kind: "anchor", index: list(state.data, "anchor").length });
    status(text ? `anchor reads "${text}"` : "no text read there: type the anchor's text");
    return;
  }
  const names = new Set(state.data.fields.map((f) => f.name));
  let number = state.data.fields.length + 1;
  while (names.has(`field_${number}`)) number += 1;
  edit((data) => data.fields.push({ name: `field_${number}`, rect }), { kind: "field", index: state.data.fields.length });
}

function nudge(dx, dy) {
  const { kind, index } = state.selected;
  edit((data) => {
    const [l, t, r, b] = list(data, kind)[index].rect;
    const x = Math.max(-l, Math.min(state.image.width - r, dx)), y = Math.max(-t, Math.min(state.image.height - b, dy));
    list(data, kind)[index].rect = [l + x, t + y, r + x, b + y];
  });
}

function remove() {
  if (!state.selected) return;
  const { kind, index } = state.selected;
  edit((data) => {
    list(data, kind).splice(index, 1);
    if (kind === "anchor" && !data.anchors.length) delete data.anchors; // the schema wants one or none
  }, null);
}

// --- rendering ---------------------------------------------------------------------------
function isSelected(kind, index) { return state.selected?.kind === kind && state.selected.index === index; }

function render() {
  if (!state.data) return;
  const items = [];
  state.data.fields.forEach((field, index) => {
    const result = state.results[field.name];
    const label = result ? `${field.name}: ${result.value || "∅"} (${Math.round(100 * result.confidence)}%)` : field.name;
    items.push({ kind: "field", index, name: field.name, rect: field.rect, label,
      state: result ? (result.valid ? "valid" : "invalid") : "", selected: isSelected("field", index) });
  });
  (state.data.anchors || []).forEach((anchor, index) => items.push({ kind: "anchor", index, name: anchor.text,
    rect: anchor.rect, label: `⚓ ${anchor.text}`, state: "", selected: isSelected("anchor", index) }));
  canvas.render(items);
  renderList();
  renderForm();
}

function renderList() {
  const body = $("field-list").tBodies[0];
  body.replaceChildren();
  state.data.fields.forEach((field, index) => {
    const row = body.insertRow();
    const result = state.results[field.name];
    row.dataset.name = field.name;
    row.className = isSelected("field", index) ? "selected" : "";
    row.insertCell().textContent = field.name;
    const value = row.insertCell();
    value.textContent = result ? result.value : "…";
    value.className = result ? (result.valid ? "valid" : "invalid") : "";
    if (result?.warnings.length) value.title = result.warnings.join("; ");
    row.insertCell().textContent = result ? result.confidence.toFixed(2) : "";
    row.addEventListener("click", () => { state.selected = { kind: "field", index }; render(); });
  });
}

// The side panel: one control per key the schema allows for the selected field.
const KEYS = {
  date: [["formats", "lines", "Date formats (one per line, e.g. %d.%m.%Y)"]],
  enum: [["choices", "lines", "Choices (one per line)"]],
  pattern: [["regex", "text", "Regex (the whole value must match)"]],
};
const COMMON = [["charset", "text", "Charset (digits, upper, lower, alpha, alnum or the characters)"],
  ["case", "select", "Case"], ["optional", "check", "Optional (empty is no warning)"],
  ["spellcheck", "check", "Spellcheck (free text only)"], ["mrz", "select", "Agrees with MRZ field"],
  ["barcode", "select", "Agrees with barcode field"]];

let formKey = "";
function renderForm() {
  const selected = state.selected;
  $("editor").hidden = !selected;
  if (!selected) { formKey = ""; return; }
  const item = list(state.data, selected.kind)[selected.index];
  const key = `${selected.kind}:${selected.index}:${JSON.stringify(item)}`;
  if (key === formKey) return; // unchanged: keep the focus where it is
  formKey = key;
  const form = $("field-form");
  form.replaceChildren();
  $("editor-title").textContent = selected.kind === "anchor" ? "Anchor" : "Field";
  const set = (name, value) => edit((data) => {
    const target = list(data, selected.kind)[selected.index];
    if (value === "" || value === false || (Array.isArray(value) && !value.length)) delete target[name];
    else target[name] = value;
  });
  const control = (name, kind, text) => {
    const label = document.createElement("label");
    label.append(`${text} `);
    let input;
    if (kind === "select") {
      input = document.createElement("select");
      for (const option of ["", ...(name === "type" ? [] : []), ...(state.options[name] || [])]) {
        input.add(new Option(option || (name === "type" ? "text" : "—"), option));
      }
      input.value = item[name] ?? "";
    } else if (kind === "lines") {
      input = document.createElement("textarea");
      input.rows = 3;
      input.value = (item[name] || []).join("\n");
    } else {
      input = document.createElement("input");
      input.type = kind === "check" ? "checkbox" : "text";
      if (kind === "check") input.checked = Boolean(item[name]); else input.value = item[name] ?? "";
    }
    input.id = `f-${name}`;
    input.addEventListener("change", () => set(name, kind === "check" ? input.checked
      : kind === "lines" ? input.value.split("\n").map((s) => s.trim()).filter(Boolean) : input.value));
    label.append(input);
    form.append(label);
  };
  if (selected.kind === "anchor") {
    control("text", "text", "Printed text");
  } else {
    control("name", "text", "Name");
    const type = document.createElement("label");
    type.append("Type ");
    const select = document.createElement("select");
    select.id = "f-type";
    for (const option of state.options.type || ["text"]) select.add(new Option(option, option));
    select.value = item.type || "text";
    select.addEventListener("change", () => edit((data) => {
      const field = data.fields[selected.index];
      field.type = select.value;
      if (field.type === "text") delete field.type;
      // keys of another type would make the template invalid: they go with the type
      for (const [other, keys] of Object.entries(KEYS)) if (other !== select.value) keys.forEach(([k]) => delete field[k]);
    }));
    type.append(select);
    form.append(type);
    for (const [name, kind, text] of [...(KEYS[item.type] || []), ...COMMON]) control(name, kind, text);
  }
  const rect = document.createElement("div");
  rect.textContent = `rect [${item.rect.join(", ")}]`;
  form.append(rect);
}

// --- opening, saving, testing ------------------------------------------------------------
async function loadFiles() {
  const files = await getJSON("/api/files");
  state.options = files.options;
  for (const name of files.templates) $("template-select").add(new Option(name, name));
  for (const name of files.images) $("image-select").add(new Option(name, name));
  status(`folder ${files.folder}: ${files.templates.length} template(s), ${files.images.length} image(s)`);
}

async function open() {
  const template = $("template-select").value, file = $("image-select").value, chosen = $("upload").files[0];
  const request = template ? { template } : { name: $("new-name").value.trim() };
  try {
    status(template ? "straightening the image to the template…" : "proposing a template from the image…");
    if (file) request.file = file;
    else if (chosen) request.image = (await upload(chosen)).image;
    else throw new Error("choose an image of the folder or a file to upload");
    const opened = await postJSON("/api/open", request);
    if (file) opened.sample = file; // in the folder already: the sample to name, not to write again
    state.image = opened;
    state.undo = []; state.redo = []; state.results = {}; state.selected = null;
    canvas.setImage(opened.url, opened.width, opened.height);
    problem("");
    replaceData(opened.data, null);
    const how = opened.alignment ? `aligned (${opened.alignment.method}, score ${opened.alignment.score})` : "proposed";
    status(`${opened.data.name}: ${opened.data.fields.length} field(s), ${how}`);
  } catch (error) {
    problem(error.message);
    status("not opened");
  }
}

async function save() {
  if (!state.data || $("save").disabled) return;
  $("save").disabled = true; // a second click would write the image a second time
  try {
    const request = { template: state.data };
    if ($("keep-sample").checked && !state.data.sample && state.image) {
      // a folder's file is named; an upload is in no file, so the server writes it beside the template
      if (state.image.sample) request.template = { ...state.data, sample: state.image.sample };
      else request.sample_image = state.image.image;
    }
    const saved = await postJSON("/api/save", request);
    if (saved.sample) {
      state.image.sample = saved.sample; // an undo back before it does not write the image again
      state.data.sample = saved.sample; // Download gives what Save wrote
    }
    problem("");
    status(`saved ${saved.path}`);
    if (![...$("template-select").options].some((o) => o.value === state.data.name)) {
      $("template-select").add(new Option(state.data.name, state.data.name));
    }
  } catch (error) { problem(error.message); } finally { $("save").disabled = false; }
}

async function download() {
  if (!state.data) return;
  try {
    const text = await (await post("/api/yaml", { template: state.data })).text();
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: "application/yaml" }));
    link.download = `${state.data.name}.yaml`;
    link.click();
    URL.revokeObjectURL(link.href);
  } catch (error) { problem(error.message); }
}

async function test(files) {
  if (!state.data || !files.length) return;
  const out = $("test-results");
  out.textContent = `reading ${files.length} image(s)…`;
  try {
    const keys = [];
    for (const file of files) keys.push((await upload(file)).image);
    const { rows } = await postJSON("/api/test", { template: state.data, images: keys });
    const table = document.createElement("table");
    const head = table.createTHead().insertRow();
    for (const title of ["image", ...state.data.fields.map((f) => f.name)]) head.insertCell().textContent = title;
    rows.forEach((row, index) => {
      const line = table.insertRow();
      line.insertCell().textContent = files[index].name;
      if (row.error) { const cell = line.insertCell(); cell.colSpan = state.data.fields.length; cell.className = "invalid"; cell.textContent = row.error; return; }
      for (const field of state.data.fields) {
        const result = row.fields[field.name];
        const cell = line.insertCell();
        cell.textContent = result ? result.value || "∅" : "";
        cell.className = result && result.valid && row.verified ? "valid" : "invalid";
        if (result?.warnings.length) cell.title = result.warnings.join("; ");
      }
    });
    out.replaceChildren(table);
  } catch (error) { out.textContent = ""; problem(error.message); }
}

// --- wiring ------------------------------------------------------------------------------
$("open").addEventListener("click", open);
$("save").addEventListener("click", save);
$("download").addEventListener("click", download);
$("undo").addEventListener("click", undo);
$("redo").addEventListener("click", redo);
$("delete").addEventListener("click", remove);
$("zoom-in").addEventListener("click", () => canvas.zoom(1.25));
$("zoom-out").addEventListener("click", () => canvas.zoom(0.8));
$("zoom-fit").addEventListener("click", () => canvas.fit());
$("template-select").addEventListener("change", () => { $("new-name-label").hidden = Boolean($("template-select").value); });
$("test-files").addEventListener("change", () => test([...$("test-files").files]));
const drop = $("test-drop");
drop.addEventListener("dragover", (event) => { event.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (event) => { event.preventDefault(); drop.classList.remove("over"); test([...event.dataTransfer.files]); });

window.addEventListener("keydown", (event) => {
  const typing = ["INPUT", "TEXTAREA", "SELECT"].includes(event.target.tagName);
  const key = event.key.toLowerCase();
  if ((event.ctrlKey || event.metaKey) && !typing && (key === "z" || key === "y")) {
    event.preventDefault();
    if (key === "y" || event.shiftKey) redo(); else undo();
    return;
  }
  if (typing || !state.selected) return;
  const step = event.shiftKey ? 10 : 1;
  const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
  if (moves[event.key]) { event.preventDefault(); nudge(...moves[event.key]); }
  else if (event.key === "Delete" || event.key === "Backspace") { event.preventDefault(); remove(); }
});

loadFiles().catch((error) => problem(error.message));
