// dladocs serve: the few lines of script the pages use. Everything works without them,
// except the live previews and the build progress, which then need a page reload.
document.addEventListener("DOMContentLoaded", function () {
  if (window.htmx) {
    // Validation errors (422) and edit conflicts (409) carry a page to show: swap them in.
    htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "40[09]|41[35]|422", swap: true, error: false },
      { code: "...", swap: false, error: true },
    ];
  }
  // The drop zone of « Vérifier un fichier »: a file dropped anywhere on it goes to its input.
  var zone = document.getElementById("zone-depot");
  if (!zone) return;
  var input = zone.querySelector("input[type=file]");
  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) {
      event.preventDefault();
      zone.classList.add("survol");
    });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function () { zone.classList.remove("survol"); });
  });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      input.form.requestSubmit();
    }
  });
});
