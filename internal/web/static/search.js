// Suggestions while typing in a search box: a progressive enhancement loaded on
// the home and search pages only. Without it the boxes are plain forms that
// GET /search; with it they become comboboxes (WAI-ARIA 1.2 pattern) listing
// items, bundles and phrases from /api/v1/search/suggest.
(function () {
  "use strict";
  if (!window.fetch) return;
  var boxes = document.querySelectorAll('form[role="search"] input[name="q"]');
  Array.prototype.forEach.call(boxes, enhance);

  function enhance(input, n) {
    var form = input.form;
    var list = document.createElement("ul");
    list.id = (input.id || "q" + n) + "-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.labels && input.labels[0] ? input.labels[0].textContent : "");
    list.hidden = true;
    // Styles through the CSSOM, which the content security policy allows.
    var s = list.style;
    s.listStyle = "none"; s.margin = "0 0 1rem"; s.padding = "0"; s.background = "#fff"; s.color = "#1a1a1a";
    s.border = "2px solid #1a1a1a"; s.borderRadius = "4px"; s.maxWidth = "40rem";
    form.parentNode.insertBefore(list, form.nextSibling);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    var items = [], active = -1, timer = 0, seq = 0;

    function close() {
      list.hidden = true; list.textContent = ""; items = []; active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function mark(i) {
      items.forEach(function (li, k) {
        var on = k === i;
        li.setAttribute("aria-selected", on ? "true" : "false");
        li.style.background = on ? "#0b4a8b" : "";
        li.style.color = on ? "#fff" : "";
      });
      active = i;
      if (i >= 0) input.setAttribute("aria-activedescendant", items[i].id);
      else input.removeAttribute("aria-activedescendant");
    }
    function go(i) { window.location.assign(items[i].getAttribute("data-url")); }
    function show(suggestions) {
      list.textContent = ""; items = []; active = -1;
      suggestions.forEach(function (sg, k) {
        var li = document.createElement("li");
        li.id = list.id + "-" + k;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.setAttribute("data-url", sg.url);
        li.textContent = sg.text;
        li.style.padding = ".6rem .75rem"; li.style.cursor = "pointer"; li.style.minHeight = "44px";
        li.addEventListener("mousedown", function (e) { e.preventDefault(); go(k); });
        list.appendChild(li); items.push(li);
      });
      list.hidden = items.length === 0;
      input.setAttribute("aria-expanded", items.length ? "true" : "false");
    }
    function fetchSuggestions() {
      var q = input.value.trim();
      if (!q) { close(); return; }
      var mine = ++seq;
      fetch("/api/v1/search/suggest?q=" + encodeURIComponent(q), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (body) { if (mine === seq) show(body.items || []); })
        .catch(function () { /* suggestions are optional: the form still works */ });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(fetchSuggestions, 150); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" && items.length) { e.preventDefault(); mark((active + 1) % items.length); }
      else if (e.key === "ArrowUp" && items.length) { e.preventDefault(); mark(active <= 0 ? items.length - 1 : active - 1); }
      else if (e.key === "Escape") { close(); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); go(active); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }
})();
