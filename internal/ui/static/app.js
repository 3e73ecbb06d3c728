// TOPCOP Platform — progressive enhancements. Every page works without this
// file; no inline JavaScript exists anywhere (the Content-Security-Policy
// forbids it), so all behaviour is attached here.
(function () {
  "use strict";

  var doc = document;
  doc.documentElement.classList.remove("no-js");
  doc.documentElement.classList.add("js");

  // Language switcher (and any form[data-autosubmit]): submit when a select
  // changes. The submit button stays in the markup for no-JS users; CSS hides
  // it once .js is set. The select's description tells screen reader users
  // that the page reloads (WCAG 3.2.2).
  doc.addEventListener("change", function (ev) {
    var el = ev.target;
    if (!(el instanceof HTMLSelectElement)) return;
    var form = el.form;
    if (!form || !form.hasAttribute("data-autosubmit")) return;
    if (typeof form.requestSubmit === "function") form.requestSubmit();
    else form.submit();
  });

  // Confirmation for destructive actions: data-confirm="message" on a button,
  // link or form. Runs in the capture phase so that it also stops htmx
  // (hx-post on the same button) when the user says no.
  function confirmed(el) {
    var msg = el && el.getAttribute("data-confirm");
    return !msg || window.confirm(msg);
  }
  doc.addEventListener("click", function (ev) {
    var el = ev.target instanceof Element ? ev.target.closest("[data-confirm]") : null;
    if (!el || el.tagName === "FORM") return;
    if (!confirmed(el)) {
      ev.preventDefault();
      ev.stopImmediatePropagation();
    }
  }, true);
  doc.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-confirm")) return;
    if (!confirmed(form)) {
      ev.preventDefault();
      ev.stopImmediatePropagation();
    }
  }, true);

  // Move focus to an element that cannot normally take it, for screen
  // readers, without scrolling surprises.
  function focusElement(el) {
    if (!el) return;
    if (!el.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(el.tagName)) {
      el.setAttribute("tabindex", "-1");
    }
    el.focus({ preventScroll: false });
  }

  // After a full page load with form errors, focus the error summary so it is
  // read out first (its links lead to the fields).
  function focusErrorSummary(root) {
    var summary = (root || doc).querySelector(".error-summary");
    if (summary) focusElement(summary);
    return !!summary;
  }
  if (doc.readyState === "loading") {
    doc.addEventListener("DOMContentLoaded", function () { focusErrorSummary(); });
  } else {
    focusErrorSummary();
  }

  // htmx: mark the swapped region busy while loading, and move focus after a
  // swap so that screen reader users learn the content changed. Focus moves to
  // the new error summary if any, else the region's first heading, else the
  // region itself — but never away from a text field the user is typing in
  // (live search, filters).
  doc.addEventListener("htmx:beforeRequest", function (ev) {
    var target = ev.detail && ev.detail.target;
    if (target) target.setAttribute("aria-busy", "true");
    hideRequestError();
  });
  doc.addEventListener("htmx:afterRequest", function (ev) {
    var target = ev.detail && ev.detail.target;
    if (target) target.removeAttribute("aria-busy");
  });
  doc.addEventListener("htmx:afterSettle", function (ev) {
    var target = ev.detail && ev.detail.target;
    if (!target || !doc.contains(target)) return;
    // Only swaps the user asked for (a click or a form submission): polling,
    // "load" and typing-triggered requests must not move focus.
    var cfg = ev.detail.requestConfig;
    var trigger = cfg && cfg.triggeringEvent;
    if (cfg && (!trigger || (trigger.type !== "click" && trigger.type !== "submit"))) return;
    var active = doc.activeElement;
    var typing = active && active !== doc.body && !target.contains(active) &&
      /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName);
    if (typing) return;
    if (focusErrorSummary(target)) return;
    focusElement(target.querySelector("h1, h2, h3, [data-focus]") || target);
  });

  // Requests htmx does not swap (5xx, 403, network down): say so instead of
  // silently doing nothing. The localised text is in the layout.
  function showRequestError() {
    var box = doc.getElementById("request-error");
    if (!box) return;
    box.textContent = box.getAttribute("data-message") || "";
    box.hidden = false;
  }
  function hideRequestError() {
    var box = doc.getElementById("request-error");
    if (box && !box.hidden) {
      box.hidden = true;
      box.textContent = "";
    }
  }
  doc.addEventListener("htmx:responseError", showRequestError);
  doc.addEventListener("htmx:sendError", showRequestError);

  // Filters fold away on narrow screens. Every .filters element (a list's
  // filter form, or the part of a search form that holds the filters) gets
  // a toggle button before it, labelled from the layout (data-filter-toggle
  // on <body>), with aria-controls and aria-expanded. The filters start
  // folded unless one of them is set (its name has a value in the URL) or
  // shows an error; CSS hides folded filters and the toggle only on narrow
  // screens, so wide screens always show the filters.
  var filterCount = 0;
  function filterActive(region) {
    if (region.querySelector(".field-invalid, [aria-invalid=true]")) return true;
    var params = new URLSearchParams(window.location.search);
    var fields = region.querySelectorAll("input[name], select[name], textarea[name]");
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (f.type === "hidden" || f.type === "submit" || f.type === "button") continue;
      if (params.getAll(f.name).some(function (v) { return v !== ""; })) return true;
    }
    return false;
  }
  function setFolded(region, button, folded) {
    if (folded) region.setAttribute("data-folded", "");
    else region.removeAttribute("data-folded");
    button.setAttribute("aria-expanded", folded ? "false" : "true");
  }
  function foldFilters(root) {
    var label = doc.body.getAttribute("data-filter-toggle");
    if (!label) return;
    var regions = root.querySelectorAll(".filters");
    for (var i = 0; i < regions.length; i++) {
      var region = regions[i];
      if (region.hasAttribute("data-foldable")) continue;
      region.setAttribute("data-foldable", "");
      if (!region.id) region.id = "filters-" + (++filterCount);
      var button = doc.createElement("button");
      button.type = "button";
      button.className = "button-secondary filters-toggle";
      button.textContent = label;
      button.setAttribute("aria-controls", region.id);
      region.parentNode.insertBefore(button, region);
      setFolded(region, button, !filterActive(region));
    }
  }
  doc.addEventListener("click", function (ev) {
    var button = ev.target instanceof Element ? ev.target.closest(".filters-toggle") : null;
    if (!button) return;
    var region = doc.getElementById(button.getAttribute("aria-controls"));
    if (region) setFolded(region, button, !region.hasAttribute("data-folded"));
  });

  // Lists become cards on narrow screens (app.css, .table-cards): each cell
  // of a table in .table-scroll gets its column's heading as data-label,
  // and the table explicit ARIA roles, which browsers drop from tables
  // that CSS displays as blocks.
  function labelTables(root) {
    var tables = root.querySelectorAll(".table-scroll > table");
    for (var t = 0; t < tables.length; t++) {
      var table = tables[t];
      var heads = [];
      var ths = table.querySelectorAll("thead th");
      for (var h = 0; h < ths.length; h++) {
        // The heading's words, without a sort arrow or other symbol.
        var copy = ths[h].cloneNode(true);
        var symbols = copy.querySelectorAll("[role=img], [aria-hidden=true]");
        for (var x = 0; x < symbols.length; x++) symbols[x].remove();
        for (var span = 0; span < (ths[h].colSpan || 1); span++) heads.push(copy.textContent.trim());
      }
      if (!heads.length || !table.tBodies.length) continue;
      table.setAttribute("role", "table");
      if (table.tHead) table.tHead.setAttribute("role", "rowgroup");
      var rows = table.rows;
      for (var r = 0; r < rows.length; r++) {
        var row = rows[r];
        row.setAttribute("role", "row");
        if (row.parentNode !== table.tHead) row.parentNode.setAttribute("role", "rowgroup");
        for (var c = 0, col = 0; c < row.cells.length; c++) {
          var cell = row.cells[c];
          var header = cell.tagName === "TH";
          var inHead = row.parentNode === table.tHead;
          cell.setAttribute("role", inHead ? "columnheader" : header ? "rowheader" : "cell");
          if (!inHead && !header && heads[col]) cell.setAttribute("data-label", heads[col]);
          col += cell.colSpan || 1;
        }
      }
      table.parentNode.classList.add("table-cards");
    }
  }

  function enhance(root) {
    foldFilters(root);
    labelTables(root);
  }
  enhance(doc);
  // Content htmx swaps in (a list's next page, new results): at once, so
  // that a list never shows as a table on a phone, and for what htmx adds
  // in other ways. enhance is cheap and does nothing twice.
  doc.addEventListener("htmx:afterSwap", function () { enhance(doc); });
  doc.addEventListener("htmx:load", function () { enhance(doc); });
})();
