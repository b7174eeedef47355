/** A tiny HTTP client for API tests against a real listening server: keeps the session cookie and CSRF token. */
export class ApiClient {
  private cookie: string | null = null;
  csrfToken: string | null = null;
  bearer: string | null = null;

  constructor(readonly baseUrl: string) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const h: Record<string, string> = { ...headers };
    if (body !== undefined && !h['content-type']) h['content-type'] = 'application/json';
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrfToken && method !== 'GET' && !('x-csrf-token' in h)) h['x-csrf-token'] = this.csrfToken;
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: h,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const first = setCookie.split(';')[0];
      this.cookie = first.endsWith('=') ? null : first;
    }
    const text = await res.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: res.status, body: json, headers: res.headers, contentType: res.headers.get('content-type') ?? '' };
  }

  get(path: string) {
    return this.request('GET', path);
  }
  post(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request('POST', path, body ?? {}, headers);
  }
  patch(path: string, body: unknown) {
    return this.request('PATCH', path, body);
  }
  put(path: string, body: unknown) {
    return this.request('PUT', path, body);
  }
  delete(path: string, body?: unknown) {
    return this.request('DELETE', path, body);
  }

  async login(email: string, password: string) {
    const r = await this.post('/api/v1/auth/login', { email, password });
    if (r.status !== 200) throw new Error(`login ${email} failed: ${r.status} ${JSON.stringify(r.body)}`);
    this.csrfToken = r.body.csrfToken;
    return r.body;
  }
}
