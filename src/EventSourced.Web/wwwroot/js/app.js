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

  // Elements marked data-autosubmit submit their form when changed (the button stays for no-JS use).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el && el.matches && el.matches("[data-autosubmit]") && el.form) {
      if (el.form.requestSubmit) { el.form.requestSubmit(); } else { el.form.submit(); }
    }
  });
})();
