// Live updates for the dashboard, on top of pages that work without them. The server pushes a
// small "referral" event when a referral is created or changed; the queue page then fetches its
// queue section again (with the same filters) and swaps it in, and a detail page says that the
// referral it shows has changed.
(function () {
  'use strict';

  var main = document.getElementById('main');
  if (!main) {
    return;
  }

  // After a refused submission, take keyboard and screen reader users to what went wrong.
  var summary = document.querySelector('.error-summary');
  if (summary) {
    summary.focus();
  }

  if (!window.EventSource || !window.fetch || !main.dataset.events) {
    return;
  }

  var live = document.getElementById('live');
  var TEXT = {
    live: 'Live: new and changed referrals appear without reloading.',
    reconnecting: 'Reconnecting: updates are paused.',
    stale: 'The queue could not be refreshed: reload the page.'
  };

  function setLive(state) {
    if (!live) {
      return;
    }
    live.dataset.state = state;
    live.querySelector('.live-text').textContent = TEXT[state];
  }

  var source = new EventSource(main.dataset.events);

  if (main.dataset.page === 'queue') {
    var inFlight = false;
    var again = false;

    var refresh = function () {
      if (inFlight) {
        again = true;
        return;
      }
      var queue = document.getElementById('queue');
      inFlight = true;
      fetch(queue.dataset.fragment, { headers: { Accept: 'text/html' }, credentials: 'same-origin' })
        .then(function (response) {
          if (!response.ok) {
            throw new Error('HTTP ' + response.status);
          }
          return response.text();
        })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('queue');
          if (!fresh) {
            return;
          }
          // Keep keyboard focus on the same referral when the rows are replaced.
          var row = document.activeElement && document.activeElement.closest('#queue tr');
          var focusedRow = row ? row.id : null;
          document.getElementById('queue').replaceWith(fresh);
          if (focusedRow && document.getElementById(focusedRow)) {
            document.getElementById(focusedRow).querySelector('a').focus();
          }
          if (source.readyState === EventSource.OPEN) {
            setLive('live');
          }
        })
        .catch(function () {
          setLive('stale');
        })
        .finally(function () {
          inFlight = false;
          if (again) {
            again = false;
            refresh();
          }
        });
    };

    source.addEventListener('referral', refresh);
    // The server may have missed changes (its link to the database was down): refetch.
    source.addEventListener('resync', refresh);
    // Also on every (re)connection: catches whatever changed while the stream was down.
    source.addEventListener('open', function () {
      setLive('live');
      refresh();
    });
    source.addEventListener('error', function () {
      setLive('reconnecting');
    });
    // Waiting times grow by the minute even when nothing else changes.
    window.setInterval(refresh, 60000);
  }

  if (main.dataset.page === 'referral') {
    var id = main.dataset.referralId;
    var version = Number(main.dataset.version);
    source.addEventListener('referral', function (event) {
      var change = JSON.parse(event.data);
      if (change.referralId === id && change.version > version) {
        document.getElementById('changed').hidden = false;
      }
    });
  }
})();
