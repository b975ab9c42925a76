// KL Lab's labelled choice (kl_app/choice.py): the student reads labels, the URL keeps names.
// Streamlit calls the default export on every run with `data`: {key, label, help, options,
// labels, value, default, horizontal}. A drop-down is a native <select>; `horizontal` draws
// native radio buttons as a row of segmented buttons. Both are operable by keyboard as they are.
//
// The URL: like Streamlit does for a bound widget, only this choice's own parameter is written,
// with history.replaceState, and left out while the value is the default. On a pick it is written
// before the server is asked to rerun; after each run it is written from the server's value (a
// reset, or an option that a new family no longer has).

function writeUrl(key, value, fallback) {
  const params = new URLSearchParams(window.location.search);
  const wanted = value === fallback ? null : value;
  if (params.get(key) === wanted) return;
  if (wanted === null) params.delete(key); else params.set(key, wanted);
  const url = new URL(window.location.href);
  url.search = params.toString();
  window.history.replaceState({}, "", url.toString());
}

function build(root, data, pick) {
  root.replaceChildren();
  root.className = "kl-choice";
  root.dataset.klKey = data.key;
  const id = `kl-choice-${data.key}`;
  const title = document.createElement(data.horizontal ? "div" : "label");
  title.className = "kl-choice-label";
  title.id = `${id}-label`;
  title.textContent = data.label;
  if (data.help) title.title = data.help;
  root.appendChild(title);
  if (data.horizontal) {
    const group = document.createElement("div");
    group.className = "kl-choice-buttons";
    group.setAttribute("role", "radiogroup");
    group.setAttribute("aria-labelledby", title.id);
    data.options.forEach((option, i) => {
      const label = document.createElement("label");
      const input = document.createElement("input");
      input.type = "radio";
      input.name = id;
      input.value = option;
      input.addEventListener("change", () => pick(option));
      label.append(input, document.createTextNode(data.labels[i]));
      group.appendChild(label);
    });
    root.appendChild(group);
  } else {
    const select = document.createElement("select");
    select.id = id;
    title.htmlFor = id;
    data.options.forEach((option, i) => select.appendChild(new Option(data.labels[i], option)));
    select.addEventListener("change", () => pick(select.value));
    root.appendChild(select);
  }
}

function show(root, value) {
  const select = root.querySelector("select");
  if (select) select.value = value;
  root.querySelectorAll("input[type=radio]").forEach((input) => { input.checked = input.value === value; });
}

export default function ({ data, parentElement, setTriggerValue }) {
  let root = parentElement.querySelector(".kl-choice");
  const shape = JSON.stringify([data.key, data.label, data.help, data.options, data.labels, data.horizontal]);
  if (!root || root.dataset.shape !== shape) {
    root = root || parentElement.appendChild(document.createElement("div"));
    build(root, data, (option) => {
      writeUrl(data.key, option, root.dataset.fallback);
      setTriggerValue("picked", option);
    });
    root.dataset.shape = shape;
  }
  root.dataset.fallback = data.default;
  show(root, data.value);
  writeUrl(data.key, data.value, data.default);
}
