"""A small HTTP client of ungcuu for the scripts that drive the real binary (the kill -9 test,
the load benchmark): keep-alive connections from a chosen loopback address, the session cookie
and CSRF token, and starting `ungcuu serve` on a free port. Standard library only."""
import http.client
import json
import re
import subprocess
import time

DEMO_PASSWORD = 'ungcuu-demo-2026'


class Client:
    """One keep-alive connection to the server, from `source` (a loopback address) if given."""

    def __init__(self, port, source=None, timeout=60):
        self.port, self.source, self.timeout = port, source, timeout
        self.cookie, self.csrf, self.token = '', '', ''
        self.conn = None

    def _connect(self):
        self.conn = http.client.HTTPConnection(
            '127.0.0.1', self.port, timeout=self.timeout,
            source_address=(self.source, 0) if self.source else None)

    def request(self, method, path, body=None, content_type='application/json', headers=None):
        """(status, parsed JSON or raw bytes, headers); raises OSError when the server is gone."""
        if self.conn is None:
            self._connect()
        sent = dict(headers or {})
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        if body is not None:
            sent['Content-Type'] = content_type
        if self.cookie:
            sent['Cookie'] = 'ungcuu_session=' + self.cookie
        if self.csrf and method not in ('GET', 'HEAD'):
            sent['X-CSRF-Token'] = self.csrf
        if self.token:
            sent['Authorization'] = 'Bearer ' + self.token
        try:
            self.conn.request(method, path, body=body, headers=sent)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            raise OSError('connection lost')
        if response.getheader('Connection', '').lower() == 'close':
            self.conn.close()
            self.conn = None
        try:
            parsed = json.loads(data) if data else None
        except ValueError:
            parsed = data
        return response.status, parsed, response.headers

    def sign_in(self, login, password=DEMO_PASSWORD):
        status, body, headers = self.request('POST', '/api/v1/session',
                                             {'login': login, 'password': password})
        if status != 200:
            raise RuntimeError('sign-in of %s: %s %s' % (login, status, body))
        self.cookie = re.search(r'ungcuu_session=([^;]*)', headers['Set-Cookie']).group(1)
        self.csrf = body['csrf_token']
        return body['user']


def start_server(binary, db_url, work, *extra, demo=True):
    """Starts `ungcuu serve` on a free loopback port; returns (process, port)."""
    log = open('%s/server-%d.log' % (work, time.monotonic_ns()), 'w+')
    args = [binary, 'serve', '--db', db_url, '--listen', '127.0.0.1:0', *extra]
    if demo:
        args.insert(2, '--demo')
    process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        log.seek(0)
        found = re.search(r'http://127\.0\.0\.1:(\d+)', log.read())
        if found:
            return process, int(found.group(1))
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError('the server did not start:\n' + log.read())
        time.sleep(0.1)
    process.kill()
    raise RuntimeError('the server did not start within 120 s')


def form03(title, system_id):
    """A complete Mẫu 03 intake body for the demo's commune officer."""
    return {
        'title': title,
        'description': 'Trang chủ hiển thị nội dung lạ.',
        'reporter': {'name': 'UBND xã Hòa Phú', 'address': 'Xã Hòa Phú',
                     'phone': '0262 3812 345', 'email': 'ubnd.hoaphu@example.gov.vn'},
        'contact': {'name': 'Nguyễn Văn Bình', 'phone': '0905 123 456',
                    'email': 'binh@example.gov.vn'},
        'system_ids': [system_id],
        'detected_at': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(time.time() - 600)),
        'handled': False,
        'detection_methods': ['log_review'],
        'notified_parties': ['coordinator'],
    }
