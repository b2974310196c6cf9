/* Sustain staff forms: confirmations, the waste-session material filter, the staff map's form
 * (fields of the chosen site type, the first error in view) and the opening-hours editor.
 * Every part only acts when its elements are on the page; without JavaScript the forms still work
 * (the server checks everything again). */
(function () {
  "use strict";

  function json(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  /* <form data-confirm="…">: ask before sending (publishing a report cannot be undone). */
  function confirmations() {
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
      });
    });
  }

  /* Waste session: only the materials the chosen point accepts, unless staff say otherwise. */
  function wasteSession() {
    var form = document.getElementById("waste-session"), accepts = json("point-accepts");
    if (!form || !accepts) return;
    var labels = json("session-labels") || {};
    var point = document.getElementById("id_point"), allow = document.getElementById("id_allow_unlisted");
    var status = document.getElementById("unlisted-status");
    function show() {
      var listed = accepts[point.value], hidden = 0;
      form.querySelectorAll("tr[data-material]").forEach(function (row) {
        var input = row.querySelector("input");
        var off = listed && !allow.checked && listed.indexOf(row.getAttribute("data-material")) < 0 &&
          !(input && input.value.trim());
        row.hidden = !!off;
        if (off) hidden += 1;
      });
      status.textContent = hidden ? labels.hidden : "";
    }
    point.addEventListener("change", show);
    allow.addEventListener("change", function () {
      if (allow.checked && !window.confirm(labels.ask)) allow.checked = false;
      show();
    });
    show();
  }

  /* Staff map: the fields of the chosen site type only; after a failed save the first error. */
  var SITE_FIELDS = {
    waste_point: ["kind", "accepted_materials", "opening_hours"],
    installation: ["building_type", "capacity_kwp", "tilt_deg", "azimuth_deg", "commissioned_on"]
  };
  function siteForm() {
    var type = document.getElementById("id_site_type");
    if (!type) return;
    function show() {
      Object.keys(SITE_FIELDS).forEach(function (kind) {
        SITE_FIELDS[kind].forEach(function (name) {
          var row = document.querySelector(".field-" + name);
          if (row) row.hidden = kind !== type.value;
        });
      });
    }
    type.addEventListener("change", show);
    show();
    var summary = document.getElementById("save-failed");
    if (summary) {
      var first = document.querySelector(".staff form .error");
      var panel = summary.closest(".panel");
      if (panel) panel.scrollIntoView({block: "start"});
      var row = first ? first.closest(".field, p") : null;
      var field = row ? row.querySelector("input, select, textarea") : null;
      if (first) first.scrollIntoView({block: "center"});
      if (field) field.focus({preventScroll: true});
      summary.focus({preventScroll: true});
    }
  }

  /* Opening hours: days, times, "1st and 3rd Saturday" and public holidays written as the
   * OpenStreetMap value into the text box (which staff may also type into, in Thai or OSM). */
  var DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
  function hoursEditors() {
    document.querySelectorAll(".hours-editor").forEach(function (box) {
      var target = document.getElementById(box.getAttribute("data-for"));
      if (!target) return;
      function value() {
        var days = DAYS.filter(function (d) { return box.querySelector('[data-day="' + d + '"]').checked; });
        var from = box.querySelector(".hours-from").value, to = box.querySelector(".hours-to").value;
        var weeks = Array.prototype.filter.call(box.querySelectorAll("[data-week]"), function (w) { return w.checked; })
          .map(function (w) { return w.getAttribute("data-week"); });
        var wday = box.querySelector(".hours-nth-day").value;
        var parts = [];
        if (days.length && from && to) parts.push(compact(days) + " " + from + "-" + to);
        if (weeks.length && wday && from && to) parts.push(wday + "[" + weeks.join(",") + "] " + from + "-" + to);
        if (parts.length && box.querySelector(".hours-ph").checked) parts.push("PH off");
        return parts.join("; ");
      }
      box.querySelector(".hours-write").addEventListener("click", function () {
        target.value = value();
        target.dispatchEvent(new Event("change"));
      });
    });
  }
  function compact(days) {  // ["Mo","Tu","We","Fr"] -> "Mo-We,Fr"
    var idx = days.map(function (d) { return DAYS.indexOf(d); }), out = [], start = 0;
    for (var i = 1; i <= idx.length; i++) {
      if (i === idx.length || idx[i] !== idx[i - 1] + 1) {
        var a = DAYS[idx[start]], b = DAYS[idx[i - 1]];
        out.push(i - 1 - start >= 2 ? a + "-" + b : (a === b ? a : a + "," + b));
        start = i;
      }
    }
    return out.join(",");
  }

  function init() {
    confirmations();
    wasteSession();
    siteForm();
    hoursEditors();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
