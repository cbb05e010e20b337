// Sandbox stand-in for the Forge host's Custom UI bridge. @forge/bridge calls
// window.__bridge.callBridge(name, payload); we forward to the sandbox server, which answers with
// the signed-in user's context and runs the app's real resolvers.
(function () {
  var params = new URLSearchParams(window.location.search);
  var target = {
    moduleKey: params.get('moduleKey') || '',
    issueKey: params.get('issueKey') || undefined,
    projectKey: params.get('projectKey') || undefined,
    gadgetId: params.get('gadgetId') || undefined,
    mode: params.get('mode') || undefined,
    locale: params.get('locale') || undefined,
    theme: params.get('theme') || undefined,
  };
  // A project page's subpage, as Jira puts it after the app's URL (view.createHistory()).
  var history = {
    location: { pathname: '/' + (params.get('route') || ''), search: '', hash: '', state: null, key: 'default' },
    listeners: [],
    listen: function (listener) {
      history.listeners.push(listener);
      return function () {
        history.listeners = history.listeners.filter(function (l) {
          return l !== listener;
        });
      };
    },
    push: function (path) {
      history.location = Object.assign({}, history.location, { pathname: typeof path === 'string' ? path : path.pathname });
      history.listeners.forEach(function (listener) {
        listener(history.location, 'PUSH');
      });
      tellHost({ type: 'route', path: history.location.pathname });
    },
    replace: function (path) {
      history.location = Object.assign({}, history.location, { pathname: typeof path === 'string' ? path : path.pathname });
      history.listeners.forEach(function (listener) {
        listener(history.location, 'REPLACE');
      });
      tellHost({ type: 'route', path: history.location.pathname, replace: true });
    },
  };
  function tellHost(message) {
    if (window.parent && window.parent !== window)
      window.parent.postMessage(
        Object.assign({ source: 'rt-sandbox-bridge', moduleKey: target.moduleKey }, message),
        window.location.origin,
      );
  }
  // showFlag: the host draws the flag in its flag group; a click on an action comes back here by index.
  var flagActions = new Map();
  function showFlag(options) {
    var id = String(options.id);
    var actions = Array.isArray(options.actions) ? options.actions : [];
    flagActions.set(
      id,
      actions.map(function (action) {
        return action.onClick;
      }),
    );
    tellHost({
      type: 'flag',
      flag: {
        id: id,
        title: options.title || '',
        description: options.description || '',
        type: options.appearance || options.type || 'info',
        bold: Boolean(options.appearance),
        isAutoDismiss: Boolean(options.isAutoDismiss),
        actions: actions.map(function (action) {
          return String(action.text);
        }),
      },
    });
    return true;
  }
  window.addEventListener('message', function (event) {
    if (
      event.origin !== window.location.origin ||
      event.source !== window.parent ||
      !event.data ||
      event.data.source !== 'rt-sandbox-host'
    )
      return;
    if (event.data.type === 'flagAction') {
      var handlers = flagActions.get(String(event.data.id)) || [];
      var handler = handlers[event.data.index];
      if (typeof handler === 'function') handler();
    }
    if (event.data.type === 'flagClosed') flagActions.delete(String(event.data.id));
  });
  // events.on/emit (https://developer.atlassian.com/platform/forge/custom-ui-bridge/events/): the
  // app's extensions on one page talk through the host. The frame relays an emitted event to every
  // frame of the page (the emitter included: the docs do not exclude it, so the app must tolerate it).
  var subscriptions = [];
  window.addEventListener('message', function (event) {
    if (event.source !== window.parent || event.origin !== window.location.origin) return;
    var message = event.data;
    if (!message || message.source !== 'rt-sandbox-host' || message.type !== 'event') return;
    subscriptions
      .filter(function (entry) {
        return entry.event === message.event;
      })
      .forEach(function (entry) {
        Promise.resolve()
          .then(function () {
            return entry.callback(message.payload);
          })
          .catch(function (error) {
            console.error(error);
          });
      });
  });
  function subscribe(event, callback) {
    var entry = { event: event, callback: callback };
    subscriptions.push(entry);
    return {
      unsubscribe: function () {
        subscriptions = subscriptions.filter(function (other) {
          return other !== entry;
        });
      },
    };
  }
  function applyTheme() {
    var mode = target.theme === 'dark' ? 'dark' : 'light';
    document.documentElement.setAttribute('data-color-mode', mode);
    document.documentElement.setAttribute('data-theme', 'dark:dark light:light spacing:spacing typography:typography');
  }
  async function post(name, payload) {
    var response = await fetch('/__sandbox/bridge', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: name, payload: payload, target: target }),
    });
    var body = await response.json().catch(function () {
      return {};
    });
    if (!response.ok)
      throw new Error((body.errorMessages && body.errorMessages[0]) || 'The sandbox bridge failed (' + response.status + ').');
    return body.value;
  }
  window.__bridge = {
    callBridge: async function (name, payload) {
      switch (name) {
        case 'enableTheming':
          applyTheme();
          return true;
        case 'navigate':
          tellHost({ type: 'navigate', url: payload && payload.url, target: payload && payload.type });
          return true;
        case 'refresh':
        case 'reload':
          tellHost({ type: 'reload' });
          return true;
        case 'close':
          tellHost({ type: 'close' });
          return true;
        case 'submit': {
          var saved = await post('submit', payload);
          tellHost({ type: 'submitted' });
          return saved;
        }
        case 'on':
          return subscribe(payload.event, payload.callback);
        case 'emit':
          // The documented payload types (strings, numbers, booleans, null, objects and arrays of them) survive a structured clone.
          tellHost({
            type: 'event',
            event: payload.event,
            payload: JSON.parse(JSON.stringify(payload.payload === undefined ? null : payload.payload)),
          });
          return undefined;
        case 'createHistory':
          return history;
        case 'showFlag':
          return showFlag(payload || {});
        case 'closeFlag':
          flagActions.delete(String(payload && payload.id));
          tellHost({ type: 'closeFlag', id: String(payload && payload.id) });
          return true;
        case 'getContext':
        case 'invoke':
          return post(name, payload);
        default:
          return true;
      }
    },
  };
  applyTheme();
  // Let the frame size the iframe to its content, as Jira does for Custom UI.
  // Surfaces may set html/body to 100 % height, so measure their content, not the viewport.
  var lastHeight = 0;
  function reportHeight() {
    var root = document.getElementById('root') || document.body;
    if (!root) return;
    var height = Math.ceil(root.getBoundingClientRect().height) + 16;
    if (height !== lastHeight) {
      lastHeight = height;
      tellHost({ type: 'resize', height: height });
    }
  }
  window.addEventListener('load', function () {
    reportHeight();
    var root = document.getElementById('root') || document.body;
    if (window.ResizeObserver) new ResizeObserver(reportHeight).observe(root);
    setInterval(reportHeight, 500);
  });
})();
