// Time to first token, measured the same way directly at the provider and through the platform
// (bench/chat and bench/compare).

export async function firstTokenDirect(baseUrl) {
  const started = performance.now();
  const response = await fetch(`${baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer x' },
    body: JSON.stringify({ model: 'bench', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
  });
  const reader = response.body.getReader();
  let text = '';
  let first = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
    if (first === null && text.includes('"content":"t0')) first = performance.now() - started;
  }
  return first;
}

export async function streamThroughPlatform(base, auth, conversationId) {
  const started = performance.now();
  const response = await fetch(`${base}/api/conversations/${conversationId}/messages`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ text: 'hi' }),
  });
  const reader = response.body.getReader();
  let raw = '';
  let first = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    raw += new TextDecoder().decode(value);
    if (first === null && raw.includes('"type":"text-delta"')) first = performance.now() - started;
  }
  const text = raw
    .split('\n')
    .filter((l) => l.startsWith('data: {'))
    .map((l) => JSON.parse(l.slice(6)))
    .filter((c) => c.type === 'text-delta')
    .map((c) => c.delta)
    .join('');
  return { first, text };
}
