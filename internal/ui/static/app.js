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
})();
