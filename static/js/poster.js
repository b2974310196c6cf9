// The poster's print button (inline handlers are not allowed by the Content-Security-Policy).
document.addEventListener("DOMContentLoaded", function () {
  var button = document.getElementById("print-poster");
  if (button) button.addEventListener("click", function () { window.print(); });
});
