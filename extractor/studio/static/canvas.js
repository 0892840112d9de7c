// The drawing surface: the image and the template's rectangles in an SVG whose units are the
// template's reference pixels; the mouse draws, moves and resizes, the wheel zooms.

const SVG = "http://www.w3.org/2000/svg";
const MIN_SIZE = 4; // a click is no rectangle

function element(name, attributes, parent) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (parent) parent.appendChild(node);
  return node;
}

export class Canvas {
  // `callbacks`: select(item|null), draw(rect), change(item, rect) once a drag ends.
  constructor(svg, stage, callbacks) {
    this.svg = svg; this.stage = stage; this.callbacks = callbacks;
    this.scale = 1; this.width = 0; this.height = 0; this.drag = null; this.space = false;
    svg.addEventListener("mousedown", (event) => this.down(event));
    window.addEventListener("mousemove", (event) => this.move(event));
    window.addEventListener("mouseup", (event) => this.up(event));
    stage.addEventListener("wheel", (event) => {
      if (!this.width) return;
      event.preventDefault();
      this.zoom(event.deltaY < 0 ? 1.25 : 0.8);
    }, { passive: false });
    window.addEventListener("keydown", (event) => { if (event.code === "Space" && event.target === stage) { this.space = true; stage.classList.add("panning"); event.preventDefault(); } });
    window.addEventListener("keyup", (event) => { if (event.code === "Space") { this.space = false; stage.classList.remove("panning"); } });
  }

  setImage(url, width, height) {
    this.width = width; this.height = height;
    this.svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    this.svg.replaceChildren();
    element("image", { href: url, x: 0, y: 0, width, height }, this.svg);
    this.layer = element("g", {}, this.svg);
    this.fit();
  }

  fit() {
    this.scale = Math.min((this.stage.clientWidth - 4) / this.width, (this.stage.clientHeight - 4) / this.height);
    this.zoom(1);
  }

  zoom(factor) {
    this.scale = Math.max(0.1, Math.min(8, this.scale * factor));
    this.svg.setAttribute("width", Math.round(this.width * this.scale));
    this.svg.setAttribute("height", Math.round(this.height * this.scale));
  }

  point(event) {
    const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(this.svg.getScreenCTM().inverse());
    return [Math.round(Math.max(0, Math.min(this.width, p.x))), Math.round(Math.max(0, Math.min(this.height, p.y)))];
  }

  // items: [{kind, index, rect, label, state ("valid"|"invalid"|""), selected}]
  render(items) {
    if (!this.layer) return;
    this.layer.replaceChildren();
    for (const item of items) {
      const [l, t, r, b] = item.rect;
      const group = element("g", { class: item.selected ? "selected" : "", "data-kind": item.kind, "data-index": item.index,
        "data-name": item.name }, this.layer);
      const box = element("rect", { x: l, y: t, width: r - l, height: b - t, class: `${item.kind} ${item.state}` }, group);
      box.addEventListener("mousedown", (event) => this.grab(event, item, "move"));
      const text = element("text", { x: l + 2, y: Math.max(14, t - 4), class: `label ${item.kind === "anchor" ? "anchor" : item.state}` }, group);
      text.textContent = item.label;
      if (item.selected) {
        for (const corner of ["lt", "rt", "rb", "lb"]) {
          const x = corner[0] === "l" ? l : r, y = corner[1] === "t" ? t : b, size = 8 / this.scale;
          const handle = element("rect", { x: x - size / 2, y: y - size / 2, width: size, height: size, class: "handle",
            "data-corner": corner, style: `cursor: ${corner === "lt" || corner === "rb" ? "nwse" : "nesw"}-resize` }, group);
          handle.addEventListener("mousedown", (event) => this.grab(event, item, corner));
        }
      }
    }
  }

  grab(event, item, how) {
    if (event.button !== 0 || this.space) return;
    event.stopPropagation();
    this.callbacks.select(item);
    this.drag = { how, item, start: this.point(event), rect: [...item.rect] };
  }

  down(event) {
    if (!this.width) return;
    if (event.button === 1 || this.space) { // pan
      this.drag = { how: "pan", x: event.clientX, y: event.clientY, left: this.stage.scrollLeft, top: this.stage.scrollTop };
      event.preventDefault();
      return;
    }
    if (event.button !== 0) return;
    const start = this.point(event);
    this.callbacks.select(null);
    this.drag = { how: "draw", start, rect: [...start, ...start] };
    this.ghost = element("rect", { class: "field", x: start[0], y: start[1], width: 0, height: 0 }, this.svg);
    event.preventDefault();
  }

  move(event) {
    const drag = this.drag;
    if (!drag) return;
    if (drag.how === "pan") {
      this.stage.scrollLeft = drag.left - (event.clientX - drag.x);
      this.stage.scrollTop = drag.top - (event.clientY - drag.y);
      return;
    }
    const [x, y] = this.point(event);
    const [l, t, r, b] = drag.rect;
    if (drag.how === "draw") {
      drag.current = [Math.min(drag.start[0], x), Math.min(drag.start[1], y), Math.max(drag.start[0], x), Math.max(drag.start[1], y)];
      const [cl, ct, cr, cb] = drag.current;
      Object.entries({ x: cl, y: ct, width: cr - cl, height: cb - ct }).forEach(([k, v]) => this.ghost.setAttribute(k, v));
      return;
    }
    let rect;
    if (drag.how === "move") {
      const dx = Math.max(-l, Math.min(this.width - r, x - drag.start[0]));
      const dy = Math.max(-t, Math.min(this.height - b, y - drag.start[1]));
      rect = [l + dx, t + dy, r + dx, b + dy];
    } else {
      const left = drag.how[0] === "l" ? x : l, right = drag.how[0] === "r" ? x : r;
      const top = drag.how[1] === "t" ? y : t, bottom = drag.how[1] === "b" ? y : b;
      rect = [Math.min(left, right), Math.min(top, bottom), Math.max(left, right), Math.max(top, bottom)];
    }
    drag.current = rect;
    const group = this.layer.querySelector(`g[data-kind="${drag.item.kind}"][data-index="${drag.item.index}"]`);
    const box = group.querySelector(`rect.${drag.item.kind}`);
    Object.entries({ x: rect[0], y: rect[1], width: rect[2] - rect[0], height: rect[3] - rect[1] }).forEach(([k, v]) => box.setAttribute(k, v));
    group.querySelectorAll("rect.handle").forEach((handle) => handle.remove());
  }

  up() {
    const drag = this.drag;
    this.drag = null;
    if (!drag || drag.how === "pan") return;
    if (drag.how === "draw") {
      this.ghost.remove();
      const rect = drag.current;
      if (rect && rect[2] - rect[0] >= MIN_SIZE && rect[3] - rect[1] >= MIN_SIZE) this.callbacks.draw(rect);
      return;
    }
    const rect = drag.current;
    if (rect && rect[2] - rect[0] >= 1 && rect[3] - rect[1] >= 1 && rect.join() !== drag.rect.join()) {
      this.callbacks.change(drag.item, rect);
    } else {
      this.callbacks.select(drag.item); // a click: selected, unchanged
    }
  }
}
