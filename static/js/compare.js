/* Backcare: comparing lumbar supports, as a progressive enhancement.
 *
 * Without this script every "Compare" checkbox is part of a plain GET form
 * to /supports/compare, which works on its own. With it:
 * - a sticky bar says "2 of 3 selected" and links to the comparison;
 * - once 3 are ticked, the other boxes are disabled until one is unticked;
 * - the selection is kept in sessionStorage, so it survives moving between
 *   pages (and is forgotten when the tab closes);
 * - changes are announced politely to screen readers (role="status").
 * No framework, nothing inline: it runs under script-src 'self'.
 */
(function () {
  "use strict";

  if (window.backcareCompare) {
    return; // loaded twice on one page (sidebar and list)
  }
  window.backcareCompare = true;

  var KEY = "backcare.compare";
  var MAX = 3;
  var SLUG = /^[a-z0-9-]{1,80}$/;
  var BOX = "input[type=checkbox][data-compare]";

  function valid(slug) {
    return typeof slug === "string" && SLUG.test(slug);
  }

  function unique(list) {
    return list.filter(function (slug, i) {
      return valid(slug) && list.indexOf(slug) === i;
    });
  }

  function load() {
    try {
      var stored = JSON.parse(window.sessionStorage.getItem(KEY) || "[]");
      return Array.isArray(stored) ? unique(stored) : [];
    } catch (e) {
      return [];
    }
  }

  function save(list) {
    try {
      window.sessionStorage.setItem(KEY, JSON.stringify(list));
    } catch (e) {
      // Storage may be off (private mode); the bar still works on this page.
    }
  }

  function boxes() {
    return Array.prototype.slice.call(document.querySelectorAll(BOX));
  }

  function compareUrl(list) {
    return "/supports/compare?" + list.map(function (slug) {
      return "item=" + encodeURIComponent(slug);
    }).join("&");
  }

  var selected = load();
  var current = document.querySelector("[data-compare-items]");
  if (current) {
    // The comparison page: what is on screen is the selection.
    selected = unique((current.getAttribute("data-compare-items") || "").split(" "));
  } else {
    // Boxes the server ticked (the "choose 2 or 3" page) join the selection.
    boxes().forEach(function (box) {
      if (box.checked && selected.indexOf(box.value) < 0 && valid(box.value)) {
        selected.push(box.value);
      }
    });
  }
  save(selected);

  if (current || (!boxes().length && !selected.length)) {
    return; // the comparison itself, or nothing to compare on this page
  }

  // The bar. Its status line is always in the page (only visually hidden
  // while nothing is selected), so screen readers announce every change.
  var bar = document.createElement("div");
  bar.className = "compare-bar";
  var inner = document.createElement("div");
  inner.className = "compare-bar-inner";
  var status = document.createElement("p");
  status.className = "compare-bar-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  var link = document.createElement("a");
  link.className = "button compare-bar-link";
  link.textContent = "Compare";
  var clear = document.createElement("button");
  clear.type = "button";
  clear.className = "compare-bar-clear";
  clear.textContent = "Clear";
  clear.setAttribute("aria-label", "Clear the selection");
  inner.appendChild(status);
  inner.appendChild(link);
  inner.appendChild(clear);
  bar.appendChild(inner);
  (document.getElementById("main") || document.body).appendChild(bar);

  function message(count) {
    if (count === 0) {
      return "";
    }
    if (count === 1) {
      return "1 of 3 selected. Choose 1 or 2 more to compare.";
    }
    if (count <= MAX) {
      return count + " of 3 selected \u2014";
    }
    return count + " selected. You can compare at most 3: untick " + (count - MAX) + ".";
  }

  function render(announce) {
    var count = selected.length;
    var full = count >= MAX;
    boxes().forEach(function (box) {
      box.checked = selected.indexOf(box.value) >= 0;
      box.disabled = full && !box.checked;
      var label = box.id && document.querySelector("label[for='" + box.id + "']");
      if (label) {
        label.classList.toggle("is-disabled", box.disabled);
      }
    });
    var ready = count >= 2 && count <= MAX;
    link.hidden = !ready;
    link.href = ready ? compareUrl(selected) : "/supports/compare";
    link.setAttribute("aria-label", "Compare the " + count + " selected supports");
    clear.hidden = count === 0;
    bar.classList.toggle("is-idle", count === 0);
    document.documentElement.classList.toggle("has-compare-bar", count > 0);
    var text = message(count);
    if (announce || status.textContent !== text) {
      status.textContent = text;
    }
  }

  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box || !box.matches || !box.matches(BOX)) {
      return;
    }
    var at = selected.indexOf(box.value);
    if (box.checked && at < 0 && valid(box.value)) {
      if (selected.length >= MAX) {
        box.checked = false;
      } else {
        selected.push(box.value);
      }
    } else if (!box.checked && at >= 0) {
      selected.splice(at, 1);
    }
    save(selected);
    render(true);
  });

  clear.addEventListener("click", function () {
    selected = [];
    save(selected);
    render(true);
    status.textContent = "Selection cleared.";
    var first = boxes()[0];
    if (first) {
      first.focus();
    }
  });

  // A plain form only sends the boxes on this page; add the ones ticked on
  // other pages so the comparison shows the whole selection.
  Array.prototype.forEach.call(document.querySelectorAll("form.compare-form"), function (form) {
    form.addEventListener("submit", function () {
      Array.prototype.forEach.call(form.querySelectorAll("input[type=hidden][data-compare-extra]"), function (old) {
        old.parentNode.removeChild(old);
      });
      selected.forEach(function (slug) {
        var onPage = form.querySelector(BOX + "[value='" + slug + "']");
        if (!onPage) {
          var extra = document.createElement("input");
          extra.type = "hidden";
          extra.name = "item";
          extra.value = slug;
          extra.setAttribute("data-compare-extra", "");
          form.appendChild(extra);
        }
      });
    });
  });

  render(false);
}());
