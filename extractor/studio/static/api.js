// The studio's HTTP API: JSON in, JSON out; a problem answer becomes an Error with its detail.

async function answer(response) {
  if (response.ok) return response;
  let detail = `${response.status} ${response.statusText}`;
  try { detail = (await response.json()).detail || detail; } catch { /* not JSON: keep the status */ }
  throw new Error(detail);
}

export async function getJSON(path) {
  return (await answer(await fetch(path))).json();
}

export async function post(path, body) {
  const response = await fetch(path, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  });
  return answer(response);
}

export async function postJSON(path, body) {
  return (await post(path, body)).json();
}

export async function upload(file) {
  const response = await fetch("/api/upload", {
    method: "POST", headers: { "X-Filename": encodeURIComponent(file.name) }, body: file,
  });
  return (await answer(response)).json();
}
