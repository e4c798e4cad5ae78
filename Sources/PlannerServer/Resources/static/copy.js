// The group page's copy button: optional, the address can always be selected by hand.
document.addEventListener('DOMContentLoaded', function () {
  var button = document.getElementById('copy-button');
  if (!button) { return; }
  button.hidden = false;
  button.addEventListener('click', function () {
    var field = document.getElementById('feed-url');
    var status = document.getElementById('copy-status');
    field.select();
    (navigator.clipboard ? navigator.clipboard.writeText(field.value) : Promise.reject())
      .then(function () { status.textContent = 'Copied.'; })
      .catch(function () { status.textContent = 'Select the address and copy it.'; });
  });
});
