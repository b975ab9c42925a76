// KL Lab's live panel (see kl_app/live.py): readings and a plotly chart that follow the page's
// sliders while they move. Streamlit calls the default export on every run with the new data; the
// panel's DOM and its frames live on the parent element between calls.
//
// A Streamlit slider is a native <input type="range"> (inside the element with class
// st-key-<key>) whose value attribute follows the thumb during a drag and on every key press,
// although the slider sends its value to the server only on release. The panel watches that
// attribute and shows the frame for the thumb's position.

const PLOTLY = "app/static/vendor/plotly-cartesian-4.1.1.min.js";
const GAP = 65535;
const HOLD_MS = 250;  // a pointer down this long on a slider is a hold (a click is shorter)
// An ask for frames can go unanswered: another panel following the same slider asks at the same
// moment, and Streamlit can give both asks one fragment's run. The panel asks again after this long
// while the frames are missing (an answer the server has already computed is a look-up).
const RETRY_MS = 2000;
// The toolbar keeps download, zoom, pan and reset: four tab stops per chart, and no "Share chart"
// (it would upload the chart to Plotly's cloud).
const CONFIG = {
  displaylogo: false, responsive: true,
  modeBarButtonsToRemove: ["sendChartToCloud", "zoomIn2d", "zoomOut2d", "autoScale2d", "lasso2d", "select2d"],
};

let plotlyLoading = null;

function loadPlotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!plotlyLoading) {
    plotlyLoading = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = new URL(PLOTLY, document.baseURI).href;
      script.onload = () => resolve(window.Plotly);
      script.onerror = () => reject(new Error("plotly.js did not load"));
      document.head.appendChild(script);
    });
  }
  return plotlyLoading;
}

// KL Lab's chart template comes by address (kl_app/live.py, _shared_template): fetched once per address.
const templates = {};

function loadTemplate(layout) {
  const address = layout && layout.template && layout.template.address;
  if (!address) return Promise.resolve();
  if (!templates[address]) {
    templates[address] = fetch(new URL(address, document.baseURI)).then((response) => {
      if (!response.ok) throw new Error(`${address}: ${response.status}`);
      return response.json();
    });
  }
  return templates[address].then((template) => { layout.template = template; });
}

function bytes(b64) {
  const raw = atob(b64);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out.buffer;
}

// The frames of one slider, decoded: readings and curves for each position that has a frame.
function decode(frames) {
  const x = new Float32Array(bytes(frames.x));
  const codes = new Uint16Array(bytes(frames.curves));
  const traces = frames.low.length;
  const points = x.length;
  const curves = [];
  let block = 0;
  frames.done.forEach((done, position) => {
    if (!done) { curves.push(null); return; }
    const ys = [];
    for (let t = 0; t < traces; t++) {
      const y = new Array(points);
      const offset = (block * traces + t) * points;
      const scale = (frames.high[t] - frames.low[t]) / (GAP - 1);
      for (let i = 0; i < points; i++) {
        const code = codes[offset + i];
        y[i] = code === GAP ? null : frames.low[t] + code * scale;
      }
      ys.push(y);
    }
    curves.push(ys);
    block++;
  });
  return { values: frames.values, step: frames.step, x: Array.from(x), curves, readings: frames.readings,
           patches: frames.patches };
}

// The toolbar button a keyboard user is on: {key of its panel, its title}. Plotly.react builds a
// toolbar anew on every redraw, and Streamlit can put a new panel in place of one it took away;
// either way the focused button leaves the page and the focus falls to its start. `refocus` moves it
// to the same button of the panel's new toolbar.
let onToolbar = null;

function nowhere() {
  return !document.activeElement || document.activeElement === document.body;
}

function refocus() {
  if (!onToolbar || !nowhere()) return;
  const root = [...document.querySelectorAll(".kl-live")].find((r) => r.dataset.panel === onToolbar.key);
  const button = root && [...root.querySelectorAll(".modebar-btn")].find((b) => b.dataset.title === onToolbar.title);
  if (button) button.focus();
}

document.addEventListener("focusin", (event) => {
  const button = event.target.closest?.(".kl-live .modebar-btn");
  onToolbar = button ? { key: button.closest(".kl-live").dataset.panel, title: button.dataset.title } : null;
});
document.addEventListener("focusout", (event) => {
  // Still on the page with nothing focused: the user left the toolbar (a click on the page).
  setTimeout(() => {
    if (event.target.isConnected && nowhere()) onToolbar = null;
    else refocus();
  });
});

class Panel {
  constructor(parent, key) {
    this.root = document.createElement("div");
    this.root.className = "kl-live";
    this.root.dataset.panel = key;
    this.readings = document.createElement("div");
    this.readings.className = "kl-live-readings";
    this.readings.setAttribute("aria-live", "polite");
    // The chart's text alternative, for screen readers: a description right before it (the chart
    // itself holds plotly's buttons, which a role="img" would hide from them).
    this.alt = document.createElement("p");
    this.alt.className = "kl-chart-alt";
    this.alt.dataset.testid = "klChartAlt";
    this.chart = document.createElement("div");
    this.chart.className = "kl-live-chart";
    // The same description, on screen for whoever asks for it (folded by default).
    this.describe = document.createElement("details");
    this.describe.className = "kl-chart-describe";
    this.describe.dataset.testid = "klChartDescribe";
    this.describe.innerHTML = "<summary>Describe this chart</summary><p></p>";
    this.root.append(this.readings, this.alt, this.chart, this.describe);
    parent.appendChild(this.root);
    this.sliders = {};   // key -> {context, frames (decoded) or undefined}
    this.observers = [];
    this.dragging = null;  // key of the slider whose frames the chart shows
    this.pendingCurves = null;  // the latest frame's curves, drawn after its numbers are painted
    this.asked = {};       // key -> context asked for
    this.calls = 0;        // Streamlit's calls of the default export on this panel
    // A slider is taken hold of by keyboard focus, by a pointer that moves while down, or by one
    // held down for HOLD_MS. A click (or tap) on the track is not a hold: its release sends the
    // new value, and Streamlit would send an ask made at the same moment in the same message, as
    // a rerun of this panel's fragment alone, which would redraw the numbers with the old values.
    this.pressed = null;   // the pointerdown event while a pointer is down
    this.timer = null;
    this.onDown = (event) => {
      this.pressed = event;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.pressed && this.hold(this.pressed), HOLD_MS);
    };
    this.onMove = () => { if (this.pressed) { clearTimeout(this.timer); this.hold(this.pressed); } };
    this.onUp = () => { this.pressed = null; clearTimeout(this.timer); };
    this.onFocus = (event) => { if (!this.pressed) this.hold(event); };
    this.listeners = [["pointerdown", this.onDown], ["pointermove", this.onMove], ["pointerup", this.onUp],
                      ["pointercancel", this.onUp], ["focusin", this.onFocus]];
    this.listeners.forEach(([type, listener]) => document.addEventListener(type, listener, true));
  }

  remove() {
    this.listeners.forEach(([type, listener]) => document.removeEventListener(type, listener, true));
    clearTimeout(this.timer);
    clearTimeout(this.retry);
    this.observers.forEach((o) => o.disconnect());
    if (window.Plotly) window.Plotly.purge(this.chart);
    this.root.remove();
    setTimeout(refocus);  // to a panel Streamlit has mounted in its place
  }

  update(data, setStateValue) {
    this.data = data;
    this.root.dataset.busy = "";  // until this run is drawn and the panel asks for no more
    this.setStateValue = setStateValue;
    const more = [];
    for (const [key, slider] of Object.entries(data.sliders)) {
      const known = this.sliders[key];
      if (slider.frames) {
        this.sliders[key] = { context: slider.context, frames: decode(slider.frames), complete: slider.frames.complete };
        if (!slider.frames.complete) more.push(key);  // the rest of its positions, in the next request
      } else if (!known || known.context !== slider.context) this.sliders[key] = { context: slider.context };
    }
    for (const key of Object.keys(this.sliders)) if (!(key in data.sliders)) delete this.sliders[key];
    this.root.dataset.frames = Object.keys(this.sliders).filter((k) => this.sliders[k].frames).join(" ");
    this.root.dataset.complete = Object.keys(this.sliders).filter((k) => this.sliders[k].complete).join(" ");
    this.dragging = null;
    this.pendingCurves = null;
    this.alt.textContent = data.alt;
    this.alt.hidden = !data.figure;
    this.describe.querySelector("p").textContent = data.alt;
    this.describe.hidden = !data.figure || !data.alt;
    this.watch();
    // A run that ends while the student still holds a slider away from the value the server last
    // received (its frames arriving mid-drag) keeps showing the thumb's frame, not the server's.
    const held = Object.entries(data.sliders).map(([key, slider]) => {
      const input = document.querySelector(`.st-key-${key} input[type="range"]`);
      return input && parseFloat(input.getAttribute("value")) !== slider.value ? [key, input] : null;
    }).find(Boolean);
    const following = held && this.moved(...held);
    if (!following) this.showReadings(data.readings.map((r) => [r.value, r.note]));
    this.draw(data.figure).then(() => {
      if (following) this.moved(...held);
      // Work in progress (a sweep): the next run adds to it, once this part is on screen.
      if (this.data !== data) return;
      if (data.pending) this.setStateValue("wanted", { more: true, run: data.run, at: Date.now() });
      else if (!more.length) delete this.root.dataset.busy;
    });
    more.forEach((key) => this.ask(key));
  }

  showReadings(values) {
    const items = this.data.readings;
    if (this.readings.children.length !== items.length) {
      this.readings.replaceChildren(...items.map(() => {
        const item = document.createElement("div");
        item.className = "kl-live-reading";
        item.dataset.testid = "klReading";
        item.innerHTML = '<div class="kl-live-label" data-testid="klReadingLabel"></div>'
          + '<div class="kl-live-value" data-testid="klReadingValue"></div>'
          + '<div class="kl-live-note" data-testid="klReadingNote"></div>';
        return item;
      }));
    }
    items.forEach((r, i) => {
      const item = this.readings.children[i];
      item.querySelector(".kl-live-label").textContent = r.label;
      item.title = r.help || "";
      item.querySelector(".kl-live-value").textContent = values[i][0];
      item.querySelector(".kl-live-note").textContent = values[i][1];
    });
  }

  draw(figure) {
    this.chart.hidden = !figure;
    this.figure = figure;
    if (!figure) return Promise.resolve();
    // A run that brings only frames, or more work for another chart, redraws nothing.
    const spec = JSON.stringify(figure);
    if (spec === this.drawn) return Promise.resolve();
    // A trace on an earlier trace's x grid comes as {same_as: i} (kl_app/live.py, _shared_x).
    figure.data.forEach((trace) => {
      if (trace.x && trace.x.same_as !== undefined) trace.x = { ...figure.data[trace.x.same_as].x };
    });
    // The chart's room is kept while plotly.js loads, so the page does not jump when it draws.
    this.chart.style.minHeight = `${(figure.layout && figure.layout.height) || 450}px`;
    return Promise.all([loadPlotly(), loadTemplate(figure.layout)]).then(([Plotly]) => {
      if (this.figure !== figure) return;
      this.drawn = spec;
      return Plotly.react(this.chart, { data: figure.data, layout: figure.layout, frames: figure.frames, config: CONFIG })
        .then(refocus);
    });
  }

  watch() {
    this.observers.forEach((o) => o.disconnect());
    this.observers = Object.keys(this.sliders).map((key) => {
      const input = document.querySelector(`.st-key-${key} input[type="range"]`);
      const observer = new MutationObserver(() => this.moved(key, input));
      if (input) observer.observe(input, { attributes: true, attributeFilter: ["value"] });
      return observer;
    });
  }

  // The student takes hold of a slider: ask for its frames unless the panel has them.
  hold(event) {
    const element = event.target instanceof Element ? event.target.closest("[class*='st-key-']") : null;
    if (!element || !this.data) return;
    const key = Object.keys(this.sliders).find((k) => element.classList.contains(`st-key-${k}`));
    const slider = key && this.sliders[key];
    if (slider && !slider.frames && this.asked[key] !== slider.context) this.ask(key);
  }

  ask(key) {
    this.root.dataset.busy = "";
    const context = this.sliders[key].context;
    this.asked[key] = context;
    this.setStateValue("wanted", { slider: key, context, run: this.data.run, at: Date.now() });
    clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      const slider = this.sliders[key];
      if (slider && slider.context === context && !slider.complete && this.asked[key] === context) this.ask(key);
    }, RETRY_MS);
  }

  // The thumb of slider `key` is at a new value: show its frame. False if the panel has none for it.
  moved(key, input) {
    const frames = this.sliders[key] && this.sliders[key].frames;
    if (!frames || !input) return false;
    const value = parseFloat(input.getAttribute("value"));
    const position = Math.round((value - frames.values[0]) / frames.step);
    if (!(position >= 0 && position < frames.values.length)) return false;
    if (Math.abs(frames.values[position] - value) > frames.step / 1000) return false;
    const readings = frames.readings[position];
    // A position not computed yet (the panel is still receiving them): no number rather than a stale one.
    this.showReadings(readings || this.data.readings.map(() => ["…", "worked out when you let go"]));
    // The numbers are painted first; the chart follows in the next frame, with the latest position only.
    const drawing = this.pendingCurves;
    this.pendingCurves = { key, curves: frames.curves[position], x: frames.x, patch: frames.patches[position] };
    if (!drawing) requestAnimationFrame(() => setTimeout(() => this.drawCurves(), 0));
    return true;
  }

  drawCurves() {
    if (!this.pendingCurves) return;  // a run's figure came first
    const { key, curves, x, patch } = this.pendingCurves;
    this.pendingCurves = null;
    if (!curves || !window.Plotly || !this.figure || !this.chart.data) return;
    // Each changed trace's new attributes: the curves' y (and, on the first move, their x grid), and
    // the frame's patch (kl_app.frames.Frame). An attribute a trace does not change stays undefined,
    // which plotly.js leaves as it is.
    const changes = new Map(curves.map((y, i) => [i, { y }]));
    const layout = { ...(patch && patch.layout) };
    if (this.dragging !== key) {
      // First move since the server's figure: the curves go onto the frames' x grid, the x axes
      // keep their range (no jump; the server's figure on release fits them again), and the
      // traces the frames do not carry (markers for ∞) are hidden. One update, one redraw.
      this.dragging = key;
      for (const [name, axis] of Object.entries(this.chart.layout || {})) {
        if (/^xaxis\d*$/.test(name) && axis && axis.range) {
          Object.assign(layout, { [`${name}.range`]: axis.range.slice(), [`${name}.autorange`]: false });
        }
      }
      if (x.length) {
        changes.forEach((change) => { change.x = x; });
        const extra = this.chart.data.map((_, i) => i).filter((i) => i >= curves.length && !(patch && i in patch.data));
        if (extra.length) window.Plotly.restyle(this.chart, { visible: false }, extra);
      }
    }
    for (const [i, attributes] of Object.entries((patch && patch.data) || {})) {
      changes.set(Number(i), { ...changes.get(Number(i)), ...attributes });
    }
    const traces = [...changes.keys()];
    const data = {};
    for (const change of changes.values()) {
      for (const path of Object.keys(change)) data[path] = traces.map((i) => changes.get(i)[path]);
    }
    this.drawn = null;  // the chart shows a frame now, not the run's figure
    window.Plotly.update(this.chart, data, layout, traces);
  }

}

export default function (component) {
  const { data, key, parentElement, setStateValue } = component;
  if (!parentElement.klLivePanel) parentElement.klLivePanel = new Panel(parentElement, key);
  const panel = parentElement.klLivePanel;
  const call = ++panel.calls;
  panel.update(data, setStateValue);
  // Streamlit runs a call's cleanup when the panel leaves the page, and also when a newer run's data
  // superseded the call while its module loaded; then the element is still on the page, and the
  // panel stays for the next call (taking it away would redraw the chart and drop a keyboard user's
  // focus on its toolbar).
  return () => {
    if (panel.calls !== call || parentElement.isConnected || parentElement.klLivePanel !== panel) return;
    panel.remove();
    delete parentElement.klLivePanel;
  };
}
