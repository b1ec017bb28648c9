// Progressive disclosure for the questionnaire form. Without this script every section is shown
// and the server decides what applies. With it, a section or question is shown only when the
// question named in its data-shown-when attribute has one of the answers in data-any-of (both are
// generated from the questionnaire's conditions), exactly as the server's questionnaire asks it.
// Hidden questions are disabled, so their answers are not sent.
(function () {
  "use strict";

  var root = document.documentElement;
  root.className = root.className.replace(/\bno-js\b/, "js");

  var form = document.querySelector("form[data-questionnaire]");
  if (form) {
    var conditional = Array.prototype.slice.call(form.querySelectorAll("[data-shown-when]"));

    var chosen = function (name) {
      var values = [];
      form.querySelectorAll('[name="' + name + '"]').forEach(function (input) {
        var picked = input.type === "radio" || input.type === "checkbox"
          ? input.checked
          : input.value !== "";
        if (picked && !input.disabled) {
          values.push(input.value);
        }
      });
      return values;
    };

    // Document order: a section comes before its questions, and a condition only names questions
    // that come earlier, so one pass settles everything.
    var update = function () {
      conditional.forEach(function (element) {
        var outer = element.parentElement.closest("[data-shown-when]");
        var anyOf = element.getAttribute("data-any-of").split(" ");
        var shown = !(outer && outer.hidden)
          && chosen(element.getAttribute("data-shown-when")).some(function (value) {
            return anyOf.indexOf(value) >= 0;
          });
        element.hidden = !shown;
        element.querySelectorAll("input, select, textarea").forEach(function (input) {
          input.disabled = !shown;
        });
      });
    };

    form.addEventListener("change", update);
    update();
  }

  // After a failed submission, start at the summary of what to fix; its links move focus to the
  // field and bring the field's question into view.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var target = link && document.getElementById(link.getAttribute("href").slice(1));
      if (target) {
        event.preventDefault();
        var question = target.closest(".question") || target;
        question.scrollIntoView();
        target.focus({ preventScroll: true });
      }
    });
  }
})();
