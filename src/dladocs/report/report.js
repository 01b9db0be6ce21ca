(function () {
  var box = document.getElementById("filtre-non-conformes");
  if (!box) { return; }
  box.closest(".filtre").hidden = false;
  function apply() { document.body.classList.toggle("non-conformes-seulement", box.checked); }
  box.addEventListener("change", apply);
  apply();
})();
