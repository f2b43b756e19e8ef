// Page behaviour kept out of the markup so the content security policy can forbid inline script.
(function () {
  "use strict";

  // Every htmx request carries the antiforgery token the layout put in a meta tag.
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="antiforgery-token"]');
    if (meta) {
      event.detail.headers["RequestVerificationToken"] = meta.getAttribute("content");
    }
  });

  // A failed htmx request shows its message instead of failing silently.
  document.addEventListener("htmx:responseError", function (event) {
    var target = document.getElementById("htmx-error");
    if (target) {
      target.textContent = event.detail.xhr.responseText || event.detail.xhr.statusText;
      target.hidden = false;
    }
  });

  // Tree branches: the first click loads the children (htmx, once); later clicks fold and unfold
  // them, keeping aria-expanded and the button's sign true to what is shown.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.toggle") : null;
    if (!button || button.dataset.loaded !== "true") {
      return;
    }
    var item = button.closest("li[role=treeitem]");
    var group = item ? item.querySelector(":scope > ul[role=group]") : null;
    if (!group) {
      return;
    }
    var open = item.getAttribute("aria-expanded") === "true";
    item.setAttribute("aria-expanded", open ? "false" : "true");
    group.hidden = open;
    button.textContent = open ? "+" : "\u2212";
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target || !target.id || target.id.indexOf("children-") !== 0) {
      return;
    }
    var item = target.closest("li[role=treeitem]");
    var button = item ? item.querySelector(":scope > button.toggle") : null;
    if (button) {
      button.dataset.loaded = "true";
      button.textContent = "\u2212";
      item.setAttribute("aria-expanded", "true");
    }
  });

  // Elements marked data-autosubmit submit their form when changed (the button stays for no-JS use).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el && el.matches && el.matches("[data-autosubmit]") && el.form) {
      if (el.form.requestSubmit) { el.form.requestSubmit(); } else { el.form.submit(); }
    }
  });
})();
