// The server's self-description (GET api/info): container name and version, limits.

let cached;

export function loadInfo() {
  if (!cached) {
    cached = fetch('api/info', { headers: { Accept: 'application/json' } }).then((response) => {
      if (!response.ok) {
        throw new Error(`GET api/info: HTTP ${response.status}`);
      }
      return response.json();
    });
  }
  return cached;
}
