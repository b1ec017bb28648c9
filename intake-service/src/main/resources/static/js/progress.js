// Follows an intake's progress on the confirmation page without reloading it: polls the progress
// API every 2 seconds and updates the steps, the status line (a polite live region), the
// escalation (an alert, when triage's red flags ask for an emergency or urgent assessment) and the
// link to the education page. Stops once nothing more can happen. Without this script, the page offers a
// refresh link instead.
(function () {
  "use strict";

  var root = document.documentElement;
  root.className = root.className.replace(/\bno-js\b/, "js");

  var progress = document.querySelector("[data-progress-url]");
  if (!progress || !window.fetch) {
    return;
  }
  var url = progress.getAttribute("data-progress-url");
  var status = document.getElementById("status");
  var education = document.getElementById("education");
  var educationLink = document.getElementById("education-link");
  var steps = ["SUBMITTED", "TRIAGED", "EDUCATION_ASSIGNED"];
  var last = { EDUCATION_ASSIGNED: true, WITHDRAWN: true };
  var escalation = document.getElementById("escalation");
  var escalationText = document.getElementById("escalation-text");
  var escalationLabels = {};
  document.getElementById("escalation-labels").content.querySelectorAll("[data-escalation]")
    .forEach(function (label) {
      escalationLabels[label.getAttribute("data-escalation")] = label.textContent;
    });
  var labels = {};
  document.getElementById("status-labels").content.querySelectorAll("[data-status]")
    .forEach(function (label) {
      labels[label.getAttribute("data-status")] = label.textContent;
    });

  var show = function (current) {
    if (current.status !== status.getAttribute("data-status")) {
      status.setAttribute("data-status", current.status);
      status.textContent = labels[current.status];
      var reached = steps.indexOf(current.status);
      progress.querySelectorAll("[data-step]").forEach(function (step) {
        var index = steps.indexOf(step.getAttribute("data-step"));
        step.classList.toggle("done", index <= reached);
        if (index === reached) {
          step.setAttribute("aria-current", "step");
        } else {
          step.removeAttribute("aria-current");
        }
      });
    }
    // What the red flags ask for first: shown (an alert) as soon as triage proposes it.
    var asked = current.escalation || "";
    if (asked !== (escalation.getAttribute("data-escalation") || "")) {
      escalation.setAttribute("data-escalation", asked);
      escalationText.textContent = asked ? escalationLabels[asked] : "";
      escalation.hidden = !asked;
    }
    if (current.educationUrl) {
      educationLink.href = current.educationUrl;
      education.hidden = false;
    }
  };

  var poll = function () {
    fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (current) {
        if (current) {
          show(current);
        }
        if (!current || !last[current.status]) {
          setTimeout(poll, 2000);
        }
      })
      .catch(function () {
        setTimeout(poll, 2000);
      });
  };

  if (!last[progress.getAttribute("data-status")]) {
    setTimeout(poll, 2000);
  }
})();
