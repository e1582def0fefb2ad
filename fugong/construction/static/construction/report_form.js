// The daily report form: warn (not refuse) while every number equals the previous report's.
(function () {
  "use strict";
  const form = document.getElementById("report-form");
  const data = document.getElementById("previous-numbers");
  const warning = document.getElementById("copy-warning");
  if (!form || !data || !warning) return;
  const previous = JSON.parse(data.textContent);
  const names = Object.keys(previous);
  if (!names.length) return;
  function same(a, b) {
    const x = parseFloat(a);
    const y = parseFloat(b);
    return !Number.isNaN(x) && !Number.isNaN(y) && x === y;
  }
  function check() {
    const copy = names.every(function (name) {
      const input = form.elements[name];
      return input && same(input.value, previous[name]);
    });
    warning.classList.toggle("d-none", !copy);
  }
  form.addEventListener("input", check);
  check();
})();
